"""Encrypted delivery (加密分发, issue 16): every segment of a ladder is encrypted
with AES-128-CBC (PKCS#7 padding) after segmenting, one key per key window of
MEDIA_KEY_WINDOW_SEGMENTS segments, the IV the segment's number. No database here.

A window's key is the same in every rendition (segment n starts at the same time in
all of them, the ladder forces its keyframes on the grid), so a player that switches
renditions needs no new key. Keys are derived from the asset's secret, which lives
in the database only, and the ladder's storage prefix: the segments may sit in a
bucket or a CDN, useless without the keys Jiangxin hands out.

Stored playlists name a window's key ``key:<window>``; ``media.playback`` rewrites
that into a signed, short-lived key URI when it serves the playlist.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

from media.ladder import read_segments

KEY_BYTES = 16
SECRET_BYTES = 32
KEY_PLACEHOLDER = re.compile(r'URI="key:(\d+)"')
SEGMENT_NUMBER = re.compile(r"(\d+)\.ts$")


def window_segments() -> int:
    """Segments per key window (3 segments of 4 s: a key every 12 s)."""
    return max(1, int(getattr(settings, "MEDIA_KEY_WINDOW_SEGMENTS", 3)))


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def window_key(secret: bytes, prefix: str, window: int) -> bytes:
    """The AES-128 key of one window of the ladder stored under ``prefix``."""
    message = f"{prefix}\n{window}".encode()
    return hmac.new(bytes(secret), message, hashlib.sha256).digest()[:KEY_BYTES]


def segment_number(uri: str) -> int:
    """The place of a segment on the ladder's grid, from its name (seg_00012.ts)."""
    match = SEGMENT_NUMBER.search(uri)
    if match is None:
        raise ValueError(f"not a numbered segment: {uri}")
    return int(match.group(1))


def segment_iv(number: int) -> bytes:
    return number.to_bytes(16, "big")


def encrypt_bytes(data: bytes, key: bytes, iv: bytes) -> bytes:
    padder = padding.PKCS7(128).padder()
    padded = padder.update(data) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


def decrypt_bytes(data: bytes, key: bytes, iv: bytes) -> bytes:
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    return unpadder.update(padded) + unpadder.finalize()


def encrypt_segment(path: Path, *, secret: bytes, prefix: str, size: int) -> None:
    """Encrypt one segment file in place, with its window's key and its IV."""
    number = segment_number(path.name)
    key = window_key(secret, prefix, number // size)
    path.write_bytes(encrypt_bytes(path.read_bytes(), key, segment_iv(number)))


def keyed_playlist_text(text: str, *, size: int) -> str:
    """A variant playlist with an EXT-X-KEY line before each segment: the key of
    its window (a placeholder the playback rewrites) and its IV."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#EXT-X-VERSION"):
            line = "#EXT-X-VERSION:3"  # IV attributes need version 2 at least
        if stripped.startswith("#EXTINF"):
            pending = line
            continue
        if stripped and not stripped.startswith("#"):
            number = segment_number(stripped)
            lines.append(
                f'#EXT-X-KEY:METHOD=AES-128,URI="key:{number // size}",'
                f"IV=0x{segment_iv(number).hex()}"
            )
            lines.append(pending)
        lines.append(line)
    return "\n".join(lines) + "\n"


def windows_of(segments: Iterable[tuple[str, float]], *, size: int) -> list[list]:
    """The [start, end] of each key window on the video's timeline, in seconds,
    from the (URI, seconds) of one rendition's segments in order."""
    windows: list[list] = []
    at = 0.0
    for uri, seconds in segments:
        window = segment_number(uri) // size
        while len(windows) <= window:
            windows.append([round(at, 3), round(at, 3)])
        at += seconds
        windows[window][1] = round(at, 3)
    return windows


def encrypt_ladder(
    directory: Path,
    rendition_names: list[str],
    *,
    secret: bytes,
    prefix: str,
    timeline: str,
    on_progress: Callable[[float], None] | None = None,
) -> list[list]:
    """Encrypt every segment of a finished ladder in a local folder and rewrite its
    variant playlists with their key lines; returns the key windows' time ranges
    (from the ``timeline`` rendition). Run once on a plain ladder."""
    size = window_segments()
    playlists = {name: directory / name / "index.m3u8" for name in rendition_names}
    texts = {name: path.read_text(encoding="utf-8") for name, path in playlists.items()}
    if any("#EXT-X-KEY" in text for text in texts.values()):
        raise ValueError("this ladder is encrypted already")
    everything = [
        directory / name / uri
        for name, text in texts.items()
        for uri, _ in read_segments(text)
    ]
    for done, path in enumerate(everything, start=1):
        encrypt_segment(path, secret=secret, prefix=prefix, size=size)
        if on_progress:
            on_progress(done / len(everything))
    for name, path in playlists.items():
        path.write_text(keyed_playlist_text(texts[name], size=size), encoding="utf-8")
    return windows_of(read_segments(texts[timeline]), size=size)


def is_keyed(playlist_text: str) -> bool:
    return "#EXT-X-KEY" in playlist_text
