"""Files an editor might upload by mistake (or an attacker on purpose), made in code."""

import io
import struct
import zlib

import pytest
from PIL import Image

from articles.demo import photo_jpeg


def bomb_png():
    """A tiny PNG whose header says 100,000×100,000 pixels (ten gigapixels), as bombs do."""
    buffer = io.BytesIO()
    Image.new("1", (64, 64)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    header = b"IHDR" + struct.pack(">II", 100_000, 100_000) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


def truncated_jpeg():
    data = photo_jpeg(width=800, height=600)
    return data[: len(data) // 2]


def svg():
    return b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script/></svg>'


def sliver():
    buffer = io.BytesIO()
    Image.new("RGB", (1, 50_000)).save(buffer, "PNG")
    return buffer.getvalue()


def gif():
    buffer = io.BytesIO()
    Image.new("RGB", (100, 100)).save(buffer, "GIF")
    return buffer.getvalue()


BAD_FILES = pytest.mark.parametrize(
    ("make", "name", "message"),
    [
        (lambda: b"Just some notes, not a picture.\n" * 40, "notes.jpg", "not a picture"),
        (truncated_jpeg, "cut.jpg", "damaged or incomplete"),
        (svg, "drawing.svg", "not a picture"),
        (gif, "animation.gif", "not a picture"),
        (sliver, "sliver.png", "1×50000 pixels"),
        (bomb_png, "bomb.png", "too many pixels"),
    ],
    ids=["text-renamed-jpg", "truncated-jpeg", "svg", "gif", "1x50000", "decompression-bomb"],
)
