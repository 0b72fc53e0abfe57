"""Just enough of the WebM and MP4 containers to tell what a recording holds and how long it is.

Browsers' MediaRecorder writes both as live streams: WebM with clusters of unknown size and
no duration in its header (Chromium), MP4 as fragments whose header says 0 (Chromium,
Safari). So the length is read from the timestamps of the audio itself, block by block.
Anything that does not parse raises ContainerError; the caller turns it into a message.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field


class ContainerError(ValueError):
    """The bytes are not a container this module can read."""


@dataclass
class Summary:
    codecs: list[str] = field(default_factory=list)  # of the audio tracks
    has_video: bool = False
    duration_ms: int = 0


# -- WebM (Matroska's EBML) ----------------------------------------------------------------

EBML = 0x1A45DFA3
DOC_TYPE = 0x4282
SEGMENT = 0x18538067
INFO = 0x1549A966
TIMECODE_SCALE = 0x2AD7B1
DURATION = 0x4489
TRACKS = 0x1654AE6B
TRACK_ENTRY = 0xAE
TRACK_TYPE = 0x83
CODEC_ID = 0x86
CLUSTER = 0x1F43B675
CLUSTER_TIMECODE = 0xE7
SIMPLE_BLOCK = 0xA3
BLOCK_GROUP = 0xA0
BLOCK = 0xA1
BLOCK_DURATION = 0x9B

# Elements that may stand directly in a Segment: one of these ends a cluster of unknown size.
SEGMENT_CHILDREN = {
    0x114D9B74,  # SeekHead
    INFO,
    TRACKS,
    CLUSTER,
    0x1C53BB6B,  # Cues
    0x1941A469,  # Attachments
    0x1043A770,  # Chapters
    0x1254C367,  # Tags
    0xEC,  # Void
}
TRACK_VIDEO = 1
TRACK_AUDIO = 2
MAX_ELEMENTS = 200_000


def _vint(data: bytes, pos: int, keep_marker: bool) -> tuple[int, int, bool]:
    """A variable-length integer at pos: (value, its length, whether it is 'unknown')."""
    if pos >= len(data):
        raise ContainerError("truncated")
    first = data[pos]
    length = 1
    mask = 0x80
    while length <= 8 and not first & mask:
        mask >>= 1
        length += 1
    if length > 8 or pos + length > len(data):
        raise ContainerError("bad variable-length integer")
    value = first if keep_marker else first & (mask - 1)
    for byte in data[pos + 1 : pos + length]:
        value = (value << 8) | byte
    unknown = not keep_marker and value == (1 << (7 * length)) - 1
    return value, length, unknown


def _header(data: bytes, pos: int) -> tuple[int, int | None, int]:
    """An element's id, its size (None if unknown) and where its content starts."""
    element, id_length, _ = _vint(data, pos, keep_marker=True)
    size, size_length, unknown = _vint(data, pos + id_length, keep_marker=False)
    return element, None if unknown else size, pos + id_length + size_length


def _uint(raw: bytes) -> int:
    return int.from_bytes(raw, "big") if raw else 0


def webm_summary(data: bytes) -> Summary:
    """What a WebM file holds: its audio codecs, any video, and how long it plays."""
    element, size, start = _header(data, 0)
    if element != EBML or size is None:
        raise ContainerError("not EBML")
    doc_type = None
    pos = start
    while pos < start + size:
        child, child_size, content = _header(data, pos)
        if child_size is None:
            raise ContainerError("bad EBML header")
        if child == DOC_TYPE:
            doc_type = data[content : content + child_size].rstrip(b"\0").decode("ascii", "replace")
        pos = content + child_size
    if doc_type != "webm":
        raise ContainerError("not WebM")

    element, segment_size, pos = _header(data, start + size)
    if element != SEGMENT:
        raise ContainerError("no segment")
    end = len(data) if segment_size is None else min(len(data), pos + segment_size)

    summary = Summary()
    scale_ns = 1_000_000
    declared_ms = 0.0
    last_ms = 0.0
    cluster_time: int | None = None
    cluster_end: int | None = None  # None: a cluster of unknown size runs to the next sibling
    in_cluster = False
    seen = 0
    while pos < end:
        seen += 1
        if seen > MAX_ELEMENTS:
            raise ContainerError("too many elements")
        element, element_size, content = _header(data, pos)
        if in_cluster and (
            (cluster_end is not None and pos >= cluster_end)
            or (cluster_end is None and element in SEGMENT_CHILDREN)
        ):
            in_cluster = False
        if element == CLUSTER:
            in_cluster = True
            cluster_time = None
            cluster_end = None if element_size is None else content + element_size
            pos = content
            continue
        if element_size is None:
            raise ContainerError("unknown size where it is not allowed")
        next_pos = content + element_size
        if next_pos > len(data):
            # A recording cut short in its last block still plays up to there.
            if in_cluster and element in (SIMPLE_BLOCK, BLOCK_GROUP):
                break
            raise ContainerError("truncated element")
        body = data[content:next_pos]
        if element == INFO:
            scale_ns, declared_ms = _webm_info(body, scale_ns)
        elif element == TRACKS:
            _webm_tracks(body, summary)
        elif in_cluster and element == CLUSTER_TIMECODE:
            cluster_time = _uint(body)
        elif in_cluster and element in (SIMPLE_BLOCK, BLOCK_GROUP):
            if cluster_time is None:
                raise ContainerError("block before its cluster's timecode")
            relative, duration = _webm_block(body, element)
            ticks = cluster_time + relative + duration
            last_ms = max(last_ms, ticks * scale_ns / 1_000_000)
        pos = next_pos
    if not summary.codecs and not summary.has_video:
        raise ContainerError("no tracks")
    # Declared durations are in ticks of the timecode scale too.
    summary.duration_ms = round(max(last_ms, declared_ms * scale_ns / 1_000_000))
    return summary


def _children(body: bytes):
    pos = 0
    while pos < len(body):
        element, size, content = _header(body, pos)
        if size is None or content + size > len(body):
            raise ContainerError("bad child element")
        yield element, body[content : content + size]
        pos = content + size


def _webm_info(body: bytes, scale_ns: int) -> tuple[int, float]:
    declared = 0.0
    for element, raw in _children(body):
        if element == TIMECODE_SCALE:
            scale_ns = _uint(raw) or scale_ns
        elif element == DURATION and len(raw) in (4, 8):
            declared = struct.unpack(">f" if len(raw) == 4 else ">d", raw)[0]
            if not declared >= 0 or declared > 1e12:  # NaN or nonsense
                declared = 0.0
    return scale_ns, declared


def _webm_tracks(body: bytes, summary: Summary) -> None:
    for element, raw in _children(body):
        if element != TRACK_ENTRY:
            continue
        kind, codec = None, ""
        for child, value in _children(raw):
            if child == TRACK_TYPE:
                kind = _uint(value)
            elif child == CODEC_ID:
                codec = value.rstrip(b"\0").decode("ascii", "replace")
        if kind == TRACK_AUDIO:
            summary.codecs.append(codec)
        elif kind == TRACK_VIDEO:
            summary.has_video = True


def _webm_block(body: bytes, element: int) -> tuple[int, int]:
    """A block's time relative to its cluster, and its duration if it says (in ticks)."""
    duration = 0
    if element == BLOCK_GROUP:
        block = None
        for child, raw in _children(body):
            if child == BLOCK:
                block = raw
            elif child == BLOCK_DURATION:
                duration = _uint(raw)
        if block is None:
            raise ContainerError("block group without a block")
        body = block
    _, track_length, _ = _vint(body, 0, keep_marker=False)
    if len(body) < track_length + 2:
        raise ContainerError("short block")
    (relative,) = struct.unpack(">h", body[track_length : track_length + 2])
    return relative, duration


# -- MP4 (ISO base media file format) --------------------------------------------------------

MP4_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"mvex", b"moof", b"traf"}


def _boxes(data: bytes, start: int, end: int):
    pos = start
    count = 0
    while pos + 8 <= end:
        count += 1
        if count > MAX_ELEMENTS:
            raise ContainerError("too many boxes")
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if size == 1:
            if pos + 16 > end:
                raise ContainerError("truncated box")
            (size,) = struct.unpack(">Q", data[pos + 8 : pos + 16])
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise ContainerError("bad box size")
        yield kind, pos + header, pos + size
        pos += size


@dataclass
class _Track:
    handler: bytes = b""
    codec: str = ""
    timescale: int = 0
    duration: int = 0
    track_id: int = 0


def mp4_summary(data: bytes) -> Summary:
    """What an MP4 (or M4A) file holds, reading fragments where the header says nothing."""
    if data[4:8] != b"ftyp":
        raise ContainerError("not MP4")
    tracks: list[_Track] = []
    movie = {"timescale": 0, "duration": 0}
    default_durations: dict[int, int] = {}
    # Fragments: where each track's samples start and end on its own timeline.
    fragment_starts: dict[int, int] = {}
    fragment_ends: dict[int, int] = {}

    def walk(start: int, end: int, track: _Track | None, fragment_track: list[int]) -> None:
        for kind, content, box_end in _boxes(data, start, end):
            body = data[content:box_end]
            if kind == b"trak":
                new = _Track()
                tracks.append(new)
                walk(content, box_end, new, fragment_track)
            elif kind == b"traf":
                # [track id, default sample duration, decode time at the start, ticks so far]
                fragment = [0, 0, None, 0]
                walk(content, box_end, None, fragment)
                track_id, _, start, ticks = fragment
                if start is None:  # no tfdt: fragments follow one another
                    start = fragment_ends.get(track_id, 0)
                fragment_starts[track_id] = min(fragment_starts.get(track_id, start), start)
                fragment_ends[track_id] = max(fragment_ends.get(track_id, 0), start + ticks)
            elif kind in MP4_CONTAINERS:
                walk(content, box_end, track, fragment_track)
            elif kind == b"mvhd":
                movie["timescale"], movie["duration"] = _mp4_times(body)
            elif kind == b"tkhd" and track is not None:
                version = body[0] if body else 0
                offset = 4 + (16 if version == 1 else 8)
                if len(body) >= offset + 4:
                    (track.track_id,) = struct.unpack(">I", body[offset : offset + 4])
            elif kind == b"mdhd" and track is not None:
                track.timescale, track.duration = _mp4_times(body)
            elif kind == b"hdlr" and track is not None and len(body) >= 12:
                track.handler = body[8:12]
            elif kind == b"stsd" and track is not None and len(body) >= 16:
                track.codec = body[12:16].decode("ascii", "replace").strip()
            elif kind == b"trex" and len(body) >= 16:
                track_id, _, duration = struct.unpack(">III", body[4:16])
                default_durations[track_id] = duration
            elif kind == b"tfhd" and len(body) >= 8:
                flags = int.from_bytes(body[1:4], "big")
                (track_id,) = struct.unpack(">I", body[4:8])
                fragment_track[0] = track_id
                offset = 8 + (8 if flags & 0x01 else 0) + (4 if flags & 0x02 else 0)
                fragment_track[1] = default_durations.get(track_id, 0)
                if flags & 0x08 and len(body) >= offset + 4:
                    (fragment_track[1],) = struct.unpack(">I", body[offset : offset + 4])
            elif kind == b"tfdt" and len(body) >= 8:
                if body[0] == 1 and len(body) >= 12:
                    (fragment_track[2],) = struct.unpack(">Q", body[4:12])
                else:
                    (fragment_track[2],) = struct.unpack(">I", body[4:8])
            elif kind == b"trun":
                fragment_track[3] += _mp4_run_ticks(body, fragment_track[1])

    walk(0, len(data), None, [0, 0, None, 0])
    summary = Summary()
    longest = 0.0
    if movie["timescale"]:
        longest = movie["duration"] / movie["timescale"]
    for track in tracks:
        if track.handler == b"vide":
            summary.has_video = True
        elif track.handler == b"soun":
            summary.codecs.append(track.codec)
        if track.timescale:
            fragments = fragment_ends.get(track.track_id, 0) - fragment_starts.get(
                track.track_id, 0
            )
            seconds = max(track.duration, fragments) / track.timescale
            longest = max(longest, seconds)
    if not summary.codecs and not summary.has_video:
        raise ContainerError("no tracks")
    summary.duration_ms = round(longest * 1000)
    return summary


def _mp4_times(body: bytes) -> tuple[int, int]:
    if not body:
        raise ContainerError("empty header box")
    if body[0] == 1:
        if len(body) < 32:
            raise ContainerError("short header box")
        timescale, duration = struct.unpack(">IQ", body[20:32])
    else:
        if len(body) < 20:
            raise ContainerError("short header box")
        timescale, duration = struct.unpack(">II", body[12:20])
    if duration in (0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF):
        duration = 0
    return timescale, duration


def _mp4_run_ticks(body: bytes, default_duration: int) -> int:
    """The ticks a track run's samples last."""
    if len(body) < 8:
        raise ContainerError("short track run")
    flags = int.from_bytes(body[1:4], "big")
    (count,) = struct.unpack(">I", body[4:8])
    pos = 8 + (4 if flags & 0x001 else 0) + (4 if flags & 0x004 else 0)
    if not flags & 0x100:
        return count * default_duration
    per_sample = 4 * sum(1 for bit in (0x100, 0x200, 0x400, 0x800) if flags & bit)
    if pos + count * per_sample > len(body):
        raise ContainerError("short track run")
    total = 0
    for _ in range(count):
        (duration,) = struct.unpack(">I", body[pos : pos + 4])
        total += duration
        pos += per_sample
    return total
