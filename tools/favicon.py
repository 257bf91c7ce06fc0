"""Draw static/favicon.ico, the 32×32 twin of static/favicon.svg, byte for byte the same each run.

Browsers and crawlers ask for /favicon.ico whatever the page links; an icon drawn by code keeps the
binary reproducible: `python tools/favicon.py` rewrites it, and the test suite checks it is current.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
import struct
import zlib

SIZE = 32
SAMPLES = 4  # per axis, for anti-aliased edges
TEAL = (0x0B, 0x55, 0x63)
WHITE = (0xFF, 0xFF, 0xFF)
# The check mark of favicon.svg: a polyline drawn 4 units wide with round caps.
CHECK = ((8.0, 17.0), (13.0, 22.0), (24.0, 10.0))
STROKE = 2.0  # half the stroke width
RADIUS = 6.0  # corner radius of the square
OUT = (
    Path(__file__).resolve().parent.parent
    / "factpress"
    / "default_theme"
    / "static"
    / "favicon.ico"
)


def _in_square(x: float, y: float) -> bool:
    cx = min(max(x, RADIUS), SIZE - RADIUS)
    cy = min(max(y, RADIUS), SIZE - RADIUS)
    return math.hypot(x - cx, y - cy) <= RADIUS


def _on_check(x: float, y: float) -> bool:
    for (ax, ay), (bx, by) in itertools.pairwise(CHECK):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
        if math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= STROKE:
            return True
    return False


def _pixel(px: int, py: int) -> bytes:
    square = check = 0
    for i in range(SAMPLES):
        for j in range(SAMPLES):
            x, y = px + (i + 0.5) / SAMPLES, py + (j + 0.5) / SAMPLES
            if _in_square(x, y):
                square += 1
                check += _on_check(x, y)
    total = SAMPLES * SAMPLES
    if square == 0:
        return bytes(4)
    white = check / square
    rgb = (round(t + (w - t) * white) for t, w in zip(TEAL, WHITE, strict=True))
    return bytes([*rgb, round(255 * square / total)])


def _png() -> bytes:
    rows = b"".join(b"\x00" + b"".join(_pixel(x, y) for x in range(SIZE)) for y in range(SIZE))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def favicon() -> bytes:
    """An ICO file holding one 32×32 PNG image (a form every current browser reads)."""
    png = _png()
    directory = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", SIZE, SIZE, 0, 0, 1, 32, len(png), 6 + 16)
    return directory + entry + png


if __name__ == "__main__":
    OUT.write_bytes(favicon())
    print(f"wrote {OUT.name}: {OUT.stat().st_size} bytes")
