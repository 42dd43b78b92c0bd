#!/usr/bin/env python3
"""Draws the app icons in public/icons/ (the favicon's design: a white bracket
and a light dot on blue) as PNGs, with only the standard library.
Run from the repository root: python3 app/assets/make_icons.py"""
import struct
import zlib

BLUE = (0x1D, 0x4E, 0xD8, 255)
WHITE = (255, 255, 255, 255)
DOT = (0x93, 0xC5, 0xFD, 255)
CLEAR = (0, 0, 0, 0)


def colour(x, y, rounded):
    """The colour at (x, y) on favicon.svg's 64-unit grid."""
    if rounded:
        r = 14
        cx = min(max(x, r), 64 - r)
        cy = min(max(y, r), 64 - r)
        if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
            return CLEAR
    bracket = (20 <= x <= 44 and 18 <= y <= 24) or (20 <= x <= 26 and 18 <= y <= 46) \
        or (20 <= x <= 44 and 40 <= y <= 46)
    if bracket:
        return WHITE
    if (x - 44) ** 2 + (y - 32) ** 2 <= 25:
        return DOT
    return BLUE


def png(size, rounded):
    rows = []
    samples = 3  # 3x3 supersampling smooths the edges
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(samples):
                for sx in range(samples):
                    x = (px + (sx + 0.5) / samples) * 64 / size
                    y = (py + (sy + 0.5) / samples) * 64 / size
                    c = colour(x, y, rounded)
                    for i in range(3):
                        acc[i] += c[i] * c[3]
                    acc[3] += c[3]
            alpha = acc[3]
            n = samples * samples
            if alpha:
                row += bytes([round(acc[i] / alpha) for i in range(3)] + [round(alpha / n)])
            else:
                row += bytes(4)
        rows.append(bytes(row))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) \
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


for name, size, rounded in [("icon-192.png", 192, True), ("icon-512.png", 512, True),
                            ("maskable-512.png", 512, False), ("apple-touch-icon.png", 180, False)]:
    with open(f"public/icons/{name}", "wb") as f:
        f.write(png(size, rounded))
