"""Demo videos for ``make run``: test-pattern lessons with a tone, generated with
ffmpeg when the demo is loaded and transcoded by the running Celery worker. The
five-minute lecture is longer than TRANSCODE_CHUNK_THRESHOLD_S (3 minutes): it is
transcoded in chunks by the worker's two processes, then joined.

Idempotent: a video is looked up by title and institution first.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from django.core.files import File

from lms.models import Institution
from media.ffmpeg import ffmpeg_binary
from media.models import VideoAsset
from media.services import create_video_asset

# title, lavfi picture, tone (Hz), seconds
DEMO_VIDEOS = [
    ("蜀绣针法入门：平针与套针", "testsrc2=size=1280x720:rate=25", 440, 12),
    ("蜀绣配色与上绷", "smptehdbars=size=1280x720:rate=25", 330, 12),
    ("蜀绣名家讲座：五分钟看懂一幅双面绣", "testsrc=size=640x360:rate=25", 392, 300),
]


def _generate(directory: Path, picture: str, tone: int, seconds: int) -> Path:
    target = directory / f"demo-{tone}.mp4"
    subprocess.run(
        [ffmpeg_binary(), "-v", "error", "-y", "-f", "lavfi", "-i", picture]
        + ["-f", "lavfi", "-i", f"sine=frequency={tone}:sample_rate=48000"]
        + ["-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-crf", "28"]
        + ["-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(target)],
        check=True,
        timeout=300,
    )
    return target


def demo_assets(institution: Institution | None = None) -> list[VideoAsset]:
    """The demo videos, in lesson order (for the courses demo to attach)."""
    titles = [title for title, *_ in DEMO_VIDEOS]
    found = {
        asset.title: asset
        for asset in VideoAsset.objects.filter(
            title__in=titles, institution=institution
        )
    }
    return [found[title] for title in titles if title in found]


def load_demo(*, institution: Institution | None = None) -> int:
    """Generate and upload the demo videos that do not exist yet; their transcode
    is queued. Returns how many were created."""
    created = 0
    with tempfile.TemporaryDirectory(prefix="jiangxin-demo-") as scratch:
        for title, picture, tone, seconds in DEMO_VIDEOS:
            if VideoAsset.objects.filter(title=title, institution=institution).exists():
                continue
            clip = _generate(Path(scratch), picture, tone, seconds)
            with open(clip, "rb") as handle:
                create_video_asset(
                    title=title,
                    file=File(handle, name=f"{title}.mp4"),
                    institution=institution,
                    uploaded_by=None,
                )
            created += 1
    return created
