"""Compare two screenshots pixel by pixel, with nothing but the standard library.

Chromium's PNG screenshots are 8-bit, non-interlaced RGB or RGBA: enough to decode here
rather than pull in an imaging library for one comparison.
"""

import struct
import zlib

_CHANNELS = {2: 3, 6: 4}  # PNG colour type -> bytes per pixel (8-bit samples)


def decode(png: bytes) -> tuple[int, int, int, list[bytes]]:
    """(width, height, bytes per pixel, rows of raw pixel bytes)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, data, header = 8, b"", None
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        chunk = png[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            data += chunk
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in _CHANNELS and not interlace, "unexpected PNG format"
    bpp = _CHANNELS[colour]
    raw = zlib.decompress(data)
    stride = width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            up_left = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else up_left)
                line[i] = (line[i] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, bpp, rows


def changed_pixels(before: bytes, after: bytes) -> int:
    """How many pixels differ between two screenshots of the same size."""
    w1, h1, bpp, rows1 = decode(before)
    w2, h2, _, rows2 = decode(after)
    assert (w1, h1) == (w2, h2), "screenshots of different sizes"
    count = 0
    for row1, row2 in zip(rows1, rows2, strict=True):
        if row1 == row2:
            continue
        for x in range(0, len(row1), bpp):
            if row1[x : x + bpp] != row2[x : x + bpp]:
                count += 1
    return count
