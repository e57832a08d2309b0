"""Small clips made with the real ffmpeg (lavfi test pattern and tone), and a bucket
on an S3-compatible server over HTTP."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files import File

from media import ffmpeg
from media.models import VideoAsset
from media.services import create_video_asset
from tests.conftest import s3_media_storage, skip_or_fail


def _ffmpeg() -> str:
    try:
        return ffmpeg.ffmpeg_binary()
    except FileNotFoundError:
        skip_or_fail("no ffmpeg: neither on PATH nor from the imageio-ffmpeg package")


@pytest.fixture
def make_clip(tmp_path):
    """make_clip(name, size="426x240", seconds=2, audio=True, frames=None, rotate=None)
    writes an H.264/AAC MP4 into tmp_path and returns its path."""
    binary = _ffmpeg()

    def make(
        name: str = "clip.mp4",
        *,
        size: str = "426x240",
        seconds: float = 2,
        audio: bool = True,
        frames: int | None = None,
        rate: int = 25,
        rotate: int | None = None,
    ) -> Path:
        target = tmp_path / "clips" / name
        target.parent.mkdir(exist_ok=True)
        command = [binary, "-v", "error", "-y", "-f", "lavfi"]
        command += ["-i", f"testsrc=size={size}:rate={rate}:duration={seconds}"]
        if audio:
            command += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
        if frames:
            command += ["-frames:v", str(frames)]
        command += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
        if audio:
            command += ["-c:a", "aac", "-shortest"]
        subprocess.run([*command, str(target)], check=True, timeout=60)
        if rotate is not None:  # as a phone records: landscape pixels, turned
            turned = target.with_name(f"turned-{name}")
            subprocess.run(
                [binary, "-v", "error", "-y", "-i", str(target), "-c", "copy"]
                + ["-metadata:s:v:0", f"rotate={rotate}", str(turned)],
                check=True,
                timeout=60,
            )
            turned.replace(target)
        return target

    return make


@pytest.fixture
def upload(db):
    """upload(path) stores a file as a new asset, as the admin's upload does."""

    def make(path: Path, title: str = "蜀绣针法 第一课", **kwargs) -> VideoAsset:
        with open(path, "rb") as handle:
            return create_video_asset(
                title=title,
                file=File(handle, name=path.name),
                institution=kwargs.get("institution"),
                uploaded_by=kwargs.get("uploaded_by"),
            )

    return make


def stored_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def ffprobe_or_skip() -> str:
    found = shutil.which("ffprobe")
    if not found:
        skip_or_fail("ffprobe is not on PATH (install Debian's ffmpeg)")
    return found


@pytest.fixture(autouse=True)
def _english():
    """Reasons are asserted in their English source text."""
    from django.utils import translation

    with translation.override("en"):
        yield


def keys_beside(asset: VideoAsset) -> None:
    """Make a stored encrypted ladder readable by ffprobe on its own: each window's
    key written beside each variant playlist, which names it instead of Jiangxin's
    key placeholder. (Only in a test's storage: keys never sit beside segments.)"""
    from django.conf import settings

    from media import encryption

    for rendition in asset.renditions.all():
        playlist = settings.MEDIA_ROOT / rendition.playlist
        text = playlist.read_text()
        for window in {int(w) for w in encryption.KEY_PLACEHOLDER.findall(text)}:
            key = encryption.window_key(
                bytes(asset.delivery_secret), asset.hls_prefix, window
            )
            (playlist.parent / f"{window}.key").write_bytes(key)
        playlist.write_text(encryption.KEY_PLACEHOLDER.sub(r'URI="\1.key"', text))


BUCKET = "jiangxin-media-test"


@pytest.fixture
def bucket(settings, s3_endpoint, tmp_path):
    yield from s3_media_storage(settings, s3_endpoint, tmp_path, BUCKET)


def keys(client, prefix: str = "") -> set[str]:
    listed = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])
    return {item["Key"] for item in listed}
