"""A minimal PNG reader for tests: 8-bit RGB/RGBA, non-interlaced (what headless Chromium writes) -> pixel rows."""
from __future__ import annotations

import struct
import zlib
from collections import Counter

CHANNELS = {2: 3, 6: 4}  # colour type -> samples per pixel


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def read_png(data: bytes) -> tuple[int, int, list[bytes], int]:
    """(width, height, unfiltered rows, bytes per pixel) of a PNG; raises ValueError on anything else."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat.append(chunk)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in CHANNELS or interlace:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
    bpp = CHANNELS[colour]
    raw, stride, rows, prev = zlib.decompress(b"".join(idat)), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            line[i] = (line[i] + (0, a, b, (a + b) // 2, _paeth(a, b, c))[kind]) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows, bpp


def colour_counts(data: bytes) -> Counter:
    """How many pixels of each '#rrggbb' colour the PNG holds."""
    width, _, rows, bpp = read_png(data)
    counts: Counter = Counter()
    for row in rows:
        for x in range(width):
            counts["#%02x%02x%02x" % tuple(row[x * bpp:x * bpp + 3])] += 1
    return counts


def columns_with(data: bytes, colour: str) -> set[int]:
    """The x positions where at least one pixel has exactly this colour."""
    width, _, rows, bpp = read_png(data)
    want = bytes.fromhex(colour.lstrip("#"))
    return {x for row in rows for x in range(width) if row[x * bpp:x * bpp + 3] == want}
