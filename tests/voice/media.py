"""Fixtures and real files for the tests of recordings and pictures.

The recordings in tests/data/recordings/ were made by Debian's Chromium with MediaRecorder
and its fake microphone (benchmarks/recording.py records the same way): Opus in WebM and
in MP4, 2 seconds at 32 kbit/s; 10 seconds of MP4 recorded a second at a time (one
fragment a second, as recorder.js records); and 150 seconds at 6 kbit/s (small, but too
long).
MP3s are made here with LAME; pictures with Pillow.
"""

import io
import math
import struct
from pathlib import Path

from PIL import ExifTags, Image

RECORDINGS = Path(__file__).parent.parent / "data" / "recordings"


def recording(name: str) -> bytes:
    return (RECORDINGS / name).read_bytes()


def mp3(seconds: float, *, kbps: int = 32, rate: int = 16000) -> bytes:
    """A real MP3 of a quiet tone, encoded by LAME."""
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(kbps)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    encoder.set_quality(7)
    samples = int(seconds * rate)
    pcm = b"".join(
        struct.pack("<h", int(3000 * math.sin(2 * math.pi * 440 * i / rate)))
        for i in range(min(samples, rate))
    )
    whole, rest = divmod(samples, rate)
    out = b"".join(encoder.encode(pcm) for _ in range(whole))
    if rest:
        out += encoder.encode(pcm[: rest * 2])
    return out + encoder.flush()


def picture(fmt: str = "JPEG", size=(300, 200), mode: str = "RGB", **save) -> bytes:
    """A picture with a blue mark in its top-left corner, so turning it shows."""
    colour = (200, 30, 30, 255) if mode == "RGBA" else "red" if mode == "RGB" else 128
    image = Image.new(mode, size, colour)
    mark = (0, 0, 255, 255) if mode == "RGBA" else (0, 0, 255) if mode == "RGB" else 0
    image.paste(mark, (0, 0, max(1, size[0] // 10), max(1, size[1] // 10)))
    out = io.BytesIO()
    image.save(out, fmt, **save)
    return out.getvalue()


def jpeg_with_gps(size=(300, 200), orientation: int = 6) -> bytes:
    """A phone's photo: EXIF with where it was taken, the camera, and a turned orientation."""
    image = Image.open(io.BytesIO(picture("JPEG", size)))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Pocket Camera 9"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 26.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()
