"""Long videos are cut into chunks on the segment grid, transcoded one task per
chunk and joined: the joined stream runs on across every boundary, in sound and
picture, with the one-process path's segment durations."""

import array
import json
import subprocess
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from lms.celery import app
from media import chunked, chunking, encryption, ffmpeg, storage
from media.ladder import read_segments
from media.models import VideoAsset, VideoChunk
from media.services import transcode_video
from media.tasks import join_chunks_task, transcode_chunk_task
from tests import factories
from tests.media.conftest import ffprobe_or_skip, stored_files

pytestmark = pytest.mark.django_db

SECONDS = 12  # chunks of 4 s: boundaries at 4 s and 8 s
BOUNDARIES = [4.0, 8.0]
RATE = 25
SAMPLE_RATE = 44100  # lavfi's sine
AUDIO_FRAME = 1024 / SAMPLE_RATE
TICKS = 90_000  # MPEG-TS timestamps


@pytest.fixture
def queued(settings, monkeypatch):
    """A low threshold; the chord is recorded instead of sent."""
    settings.TRANSCODE_CHUNK_THRESHOLD_S = 5
    settings.TRANSCODE_CHUNK_S = 4
    runs = []
    monkeypatch.setattr(chunked, "_enqueue", lambda *args: runs.append(args))
    return runs


@pytest.fixture
def long_clip(make_clip):
    return make_clip("long.mp4", seconds=SECONDS, rate=RATE)


@pytest.fixture
def started(long_clip, upload, queued, django_capture_on_commit_callbacks):
    """A long upload whose chunks are queued, none run yet: (asset, run)."""
    asset = upload(long_clip)
    with django_capture_on_commit_callbacks(execute=True):
        asset = transcode_video(asset_id=asset.pk)
    return asset, queued[-1]


def run_chunk(run, index):
    asset_id, prefix, probe, _ = run
    return chunked.transcode_chunk(
        asset_id=asset_id, prefix=prefix, index=index, probe=probe
    )


def join(run):
    asset_id, prefix, probe, _ = run
    return chunked.join_chunks(asset_id=asset_id, prefix=prefix, probe=probe)


@pytest.fixture
def joined(started):
    asset, run = started
    for index in range(run[3]):
        run_chunk(run, index)
    return join(run)


def playlist(asset, rung) -> list[tuple[str, float]]:
    with default_storage.open(f"{asset.hls_prefix}{rung}/index.m3u8") as handle:
        return read_segments(handle.read().decode())


def decrypted(asset, uri: str, data: bytes) -> bytes:
    """A stored segment decrypted with its window's key, as a player does."""
    number = encryption.segment_number(uri)
    key = encryption.window_key(
        bytes(asset.delivery_secret),
        asset.hls_prefix,
        number // encryption.window_segments(),
    )
    return encryption.decrypt_bytes(data, key, encryption.segment_iv(number))


def concatenated(asset, rung, tmp_path) -> Path:
    """The rendition's segments end to end, decrypted, as a player feeds them to its
    decoder."""
    target = tmp_path / f"{rung}-joined.ts"
    with open(target, "wb") as out:
        for uri, _ in playlist(asset, rung):
            with default_storage.open(f"{asset.hls_prefix}{rung}/{uri}") as segment:
                out.write(decrypted(asset, uri, segment.read()))
    return target


def packets(path: Path) -> dict[str, list[tuple[int, int, int]]]:
    """(dts, pts, duration) of every packet, by codec type, in decoding order."""
    result = subprocess.run(
        [ffprobe_or_skip(), "-v", "error", "-of", "json"]
        + ["-show_entries", "packet=codec_type,pts,dts,duration", str(path)],
        capture_output=True,
        check=True,
    )
    found = {"video": [], "audio": []}
    for packet in json.loads(result.stdout)["packets"]:
        found[packet["codec_type"]].append(
            (int(packet["dts"]), int(packet["pts"]), int(packet.get("duration", 0)))
        )
    return found


def largest_gap(stream: list[tuple[int, int, int]]) -> int:
    """The largest jump, in 90 kHz ticks, between a packet's end and the next one's
    start (dts), forwards or backwards."""
    return max(
        abs(following[0] - (packet[0] + packet[2]))
        for packet, following in zip(stream, stream[1:], strict=False)
    )


def test_chunks_fall_on_the_segment_grid():
    chunks = chunking.plan_chunks(125.0, 62)
    assert [(c.start, c.end) for c in chunks] == [(0, 60), (60, 120), (120, None)]
    assert [c.first_segment for c in chunks] == [0, 15, 30]
    assert chunks[2].segment_slots(125.0) == 2


def test_a_last_stretch_shorter_than_a_segment_joins_the_chunk_before():
    chunks = chunking.plan_chunks(122.0, 60)
    assert [(c.start, c.end) for c in chunks] == [(0, 60), (60, None)]


def test_a_chunk_whose_seek_landed_past_its_first_keyframe_is_read_again():
    chunk = chunking.Chunk(1, 4.0, 12.0)
    assert chunking.covers(chunk, 20.0, [4.0, 4.0], RATE)
    assert not chunking.covers(chunk, 20.0, [2.0, 4.0], RATE)  # began late
    assert not chunking.covers(chunk, 20.0, [4.0], RATE)  # a keyframe later
    last = chunking.Chunk(2, 12.0, None)
    assert chunking.covers(last, 19.9, [4.0, 3.9], RATE)


def test_only_containers_with_a_keyframe_index_seek_to_the_chunk_itself():
    chunk = chunking.Chunk(3, 180.0, 240.0)
    mp4 = ffmpeg.Probe(300.0, 0, 1, format_name="mov,mp4,m4a,3gp,3g2,mj2")
    transport = ffmpeg.Probe(300.0, 0, 1, format_name="mpegts")
    assert chunking.seek_start(mp4, chunk) == 180.0
    assert chunking.seek_start(transport, chunk) == 150.0


def test_a_short_video_keeps_the_one_process_path(make_clip, upload, queued):
    asset = transcode_video(asset_id=upload(make_clip(seconds=3)).pk)
    assert asset.status == VideoAsset.Status.READY
    assert queued == [] and not VideoChunk.objects.exists()


def test_a_long_video_is_queued_as_chunks_with_its_sound_in_pieces(started):
    asset, (asset_id, prefix, probe, count) = started
    assert asset.status == VideoAsset.Status.PROCESSING
    assert count == 3 and probe["duration"] == pytest.approx(SECONDS)
    chunks = VideoChunk.objects.of_run(asset.pk, prefix)
    assert [(c.start, c.end) for c in chunks] == [(0, 4), (4, 8), (8, None)]
    pieces = {
        name
        for name in stored_files(Path(default_storage.location))
        if "/parts/" in name
    }
    # 240p carries 64 kbit/s sound, as the audio-only rung does: one encode.
    assert sorted(Path(name).name for name in pieces) == [
        "audio-64k-0000.nut",
        "audio-64k-0001.nut",
        "audio-64k-0002.nut",
    ]


def test_the_joined_video_is_ready_with_its_ladder_and_poster(joined):
    assert joined.status == VideoAsset.Status.READY, joined.failure_reason
    assert joined.progress == 100
    assert [r.name for r in joined.renditions.all()] == ["240p", "audio"]
    assert joined.poster.name == joined.hls_prefix + "poster.jpg"
    assert joined.duration == pytest.approx(SECONDS)
    files = stored_files(Path(default_storage.location))
    assert not any("/parts/" in name for name in files)  # the sound pieces
    assert f"{joined.hls_prefix}master.m3u8" in files


def test_each_chunk_stores_its_segments_encrypted_and_the_join_keys_them(joined):
    assert joined.is_encrypted
    assert joined.key_windows[0][0] == 0
    assert joined.key_windows[-1][1] == pytest.approx(joined.duration, abs=0.01)
    with default_storage.open(f"{joined.hls_prefix}240p/index.m3u8") as handle:
        text = handle.read().decode()
    assert text.count("#EXT-X-KEY:METHOD=AES-128") == len(playlist(joined, "240p"))
    for uri, _ in playlist(joined, "240p"):
        with default_storage.open(f"{joined.hls_prefix}240p/{uri}") as segment:
            data = segment.read()
        assert data[0] != 0x47 and decrypted(joined, uri, data)[0] == 0x47


def test_video_packet_timestamps_run_on_across_each_boundary(joined, tmp_path):
    video = packets(concatenated(joined, "240p", tmp_path))["video"]
    assert len(video) == SECONDS * RATE
    assert largest_gap(video) == 0
    frame = TICKS // RATE
    presented = sorted(pts for _, pts, _ in video)
    assert {b - a for a, b in zip(presented, presented[1:], strict=False)} == {frame}


def test_audio_packet_timestamps_run_on_across_each_boundary(joined, tmp_path):
    for rung in ("240p", "audio"):
        audio = packets(concatenated(joined, rung, tmp_path))["audio"]
        assert len(audio) >= SECONDS / AUDIO_FRAME
        # Within the rounding of 1024/44100 s to 90 kHz ticks.
        assert largest_gap(audio) <= 1, rung


def test_decoding_across_each_boundary_has_no_error_and_no_click(joined, tmp_path):
    joined_ts = concatenated(joined, "240p", tmp_path)
    decoded = subprocess.run(
        [ffmpeg.ffmpeg_binary(), "-v", "error", "-xerror", "-i", str(joined_ts)]
        + ["-map", "0:a", "-ac", "1", "-f", "s16le", "-"],
        capture_output=True,
    )
    assert decoded.returncode == 0, decoded.stderr.decode()
    samples = array.array("h", decoded.stdout)
    assert len(samples) == pytest.approx(SECONDS * SAMPLE_RATE, abs=2048)
    steps = [abs(b - a) for a, b in zip(samples, samples[1:], strict=False)]
    # A 440 Hz tone changes by the same small step everywhere; a gap or a click
    # at a boundary would jump far beyond it.
    steady = max(steps[int(1.0 * SAMPLE_RATE) : int(3.0 * SAMPLE_RATE)])
    for boundary in BOUNDARIES:
        at = int(boundary * SAMPLE_RATE)
        near = steps[at - 4410 : at + 4410]
        assert max(near) <= steady * 1.25, boundary
    frames = subprocess.run(
        [ffmpeg.ffmpeg_binary(), "-v", "error", "-xerror", "-i", str(joined_ts)]
        + ["-map", "0:v", "-f", "framecrc", "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert len([line for line in frames.splitlines() if line[:1] == "0"]) == 300


def test_segment_durations_follow_the_one_process_rules(
    joined, long_clip, upload, settings
):
    settings.TRANSCODE_CHUNK_THRESHOLD_S = 3600
    single = transcode_video(asset_id=upload(long_clip, title="一次转完").pk)
    assert single.status == VideoAsset.Status.READY
    # Picture: the very same segments. Sound alone: 4 s each within one AAC frame,
    # the whole as long (the one process may end on a one-frame segment).
    assert playlist(joined, "240p") == playlist(single, "240p")
    assert {seconds for _, seconds in playlist(joined, "240p")} == {4.0}
    ours = [seconds for _, seconds in playlist(joined, "audio")]
    theirs = [seconds for _, seconds in playlist(single, "audio")]
    assert all(abs(seconds - 4) <= AUDIO_FRAME for seconds in ours)
    assert all(abs(seconds - 4) <= AUDIO_FRAME for seconds in theirs[:3])
    assert sum(ours) == pytest.approx(sum(theirs), abs=AUDIO_FRAME)
    for rung in ("240p", "audio"):
        with default_storage.open(f"{joined.hls_prefix}{rung}/index.m3u8") as ours:
            ours = ours.read().decode()
        with default_storage.open(f"{single.hls_prefix}{rung}/index.m3u8") as theirs:
            theirs = theirs.read().decode()

        # Key lines come one per segment: the segments are compared above.
        def header(text):
            return [
                line
                for line in text.splitlines()
                if line.startswith("#EXT-X") and not line.startswith("#EXT-X-KEY")
            ]

        assert header(ours) == header(theirs), rung


def test_progress_is_the_share_of_chunks_done(started):
    asset, run = started
    seen = []
    for index in range(3):
        run_chunk(run, index)
        asset.refresh_from_db()
        seen.append(asset.progress)
    assert seen == [33, 66, 99]
    assert join(run).progress == 100


def test_the_admin_shows_how_many_parts_are_done(client, started):
    asset, run = started
    run_chunk(run, 0)
    school = factories.institution("510104", "锦江蜀绣学校")
    VideoAsset.objects.filter(pk=asset.pk).update(institution=school)
    client.force_login(factories.institution_staff(school))
    page = client.get(reverse("videos:inspect", args=[asset.pk])).text
    assert "1 of 3 parts done" in page
    assert '<progress max="100" value="33">' in page


def test_a_failing_chunk_fails_the_asset_with_its_reason(started, monkeypatch):
    asset, run = started
    real_run = ffmpeg.run

    def broken_in_the_middle(command, **kwargs):
        if "-ss" in command and command[command.index("-ss") + 1] == "4.000000":
            raise ffmpeg.FFmpegError("[h264 @ 0x1] Invalid NAL unit size")
        return real_run(command, **kwargs)

    monkeypatch.setattr(ffmpeg, "run", broken_in_the_middle)
    for index in range(3):
        run_chunk(run, index)
    asset.refresh_from_db()
    assert asset.status == VideoAsset.Status.FAILED
    assert asset.failure_reason.startswith(
        "Part 2 of 3 (0:04–0:08) could not be converted: ffmpeg could not convert"
    )
    assert "Invalid NAL unit size" in asset.failure_reason
    statuses = list(VideoChunk.objects.values_list("status", flat=True))
    assert statuses == ["done", "failed", "pending"]  # the last one did not start
    assert join(run).status == VideoAsset.Status.FAILED


def test_a_chunk_that_fails_for_good_fails_the_asset_in_words(started):
    asset, (asset_id, prefix, probe, _) = started
    transcode_chunk_task.on_failure(
        ConnectionResetError("the bucket hung up"),
        "task-id",
        (),
        {"asset_id": asset_id, "prefix": prefix, "index": 2, "probe": probe},
        None,
    )
    asset.refresh_from_db()
    assert asset.status == VideoAsset.Status.FAILED
    assert asset.failure_reason.startswith("Part 3 of 3 (0:08–…)")
    assert "could not read or store the files" in asset.failure_reason
    assert "the bucket hung up" in asset.failure_reason


def test_a_retried_chunk_does_not_duplicate_output(started):
    asset, run = started
    run_chunk(run, 1)
    root = Path(default_storage.location)
    before = stored_files(root)
    # The worker died after storing its segments, before recording them: the
    # message is redelivered and the chunk runs again.
    VideoChunk.objects.filter(index=1).update(status=VideoChunk.Status.PENDING)
    again = run_chunk(run, 1)
    assert again.status == VideoChunk.Status.DONE and again.attempts == 2
    assert stored_files(root) == before
    assert run_chunk(run, 1).attempts == 2  # done: not run a third time
    for index in (0, 2):
        run_chunk(run, index)
    ready = join(run)
    assert ready.status == VideoAsset.Status.READY
    assert [uri for uri, _ in playlist(ready, "240p")] == [
        "seg_00000.ts",
        "seg_00001.ts",
        "seg_00002.ts",
    ]


def test_a_chunk_that_keeps_killing_its_worker_fails_instead_of_looping(
    started, settings
):
    settings.MEDIA_MAX_ATTEMPTS = 2
    asset, run = started
    VideoChunk.objects.filter(index=0).update(attempts=2)
    assert run_chunk(run, 0).status == VideoChunk.Status.FAILED
    asset.refresh_from_db()
    assert "Part 1 of 3" in asset.failure_reason
    assert "started 2 times without finishing" in asset.failure_reason


def test_chunks_of_a_replaced_run_do_nothing(
    started, queued, django_capture_on_commit_callbacks
):
    asset, old_run = started
    with django_capture_on_commit_callbacks(execute=True):
        transcode_video(asset_id=asset.pk)  # asked again: a new run, new prefix
    assert run_chunk(old_run, 0) is None
    new_run = queued[-1]
    assert new_run[1] != old_run[1]
    for index in range(3):
        run_chunk(new_run, index)
    assert join(old_run).status == VideoAsset.Status.PROCESSING
    assert join(new_run).status == VideoAsset.Status.READY


def test_the_chunks_and_their_join_run_on_the_media_queue_and_survive_a_lost_worker():
    for task in (transcode_chunk_task, join_chunks_task):
        assert app.amqp.router.route({}, task.name)["queue"].name == "media"
        assert task.acks_late is True and task.reject_on_worker_lost is True
        assert task.autoretry_for == (OSError,) and 0 < task.max_retries <= 10


def test_the_chord_runs_every_chunk_then_the_join(
    settings, long_clip, upload, django_capture_on_commit_callbacks
):
    settings.TRANSCODE_CHUNK_THRESHOLD_S = 5
    settings.TRANSCODE_CHUNK_S = 4
    asset = upload(long_clip)
    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            transcode_video(asset_id=asset.pk)
    finally:
        app.conf.task_always_eager = False
    asset.refresh_from_db()
    assert asset.status == VideoAsset.Status.READY, asset.failure_reason
    assert set(VideoChunk.objects.values_list("status", flat=True)) == {"done"}


def test_a_chunk_reads_the_local_source_in_place_and_only_its_own_sound(
    started, monkeypatch
):
    asset, run = started
    downloaded = []
    real_download = storage.download

    def spy(storage_, name, directory):
        downloaded.append(name)
        return real_download(storage_, name, directory)

    monkeypatch.setattr(storage, "download", spy)
    run_chunk(run, 1)
    assert [Path(name).name for name in downloaded] == ["audio-64k-0001.nut"]


def test_a_long_video_without_sound_is_joined_from_its_pictures(
    make_clip, upload, queued, django_capture_on_commit_callbacks
):
    asset = upload(make_clip("silent.mp4", seconds=SECONDS, audio=False))
    with django_capture_on_commit_callbacks(execute=True):
        transcode_video(asset_id=asset.pk)
    run = queued[-1]
    for index in range(run[3]):
        run_chunk(run, index)
    ready = join(run)
    assert ready.status == VideoAsset.Status.READY, ready.failure_reason
    assert [r.name for r in ready.renditions.all()] == ["240p"]
    assert {seconds for _, seconds in playlist(ready, "240p")} == {4.0}


def test_a_source_whose_timeline_starts_late_is_cut_on_its_own_grid(
    long_clip, upload, queued, tmp_path, django_capture_on_commit_callbacks
):
    """An MPEG-TS recording starts at 1.4 s: chunks count from its first frame."""
    transport = tmp_path / "recording.ts"
    subprocess.run(
        [ffmpeg.ffmpeg_binary(), "-v", "error", "-y", "-i", str(long_clip)]
        + ["-c", "copy", "-f", "mpegts", str(transport)],
        check=True,
        timeout=60,
    )
    asset = upload(transport)
    with django_capture_on_commit_callbacks(execute=True):
        transcode_video(asset_id=asset.pk)
    run = queued[-1]
    assert run[2]["start_time"] == pytest.approx(1.4, abs=0.1)
    for index in range(run[3]):
        run_chunk(run, index)
    ready = join(run)
    assert ready.status == VideoAsset.Status.READY, ready.failure_reason
    video = packets(concatenated(ready, "240p", tmp_path))["video"]
    assert len(video) == SECONDS * RATE and largest_gap(video) == 0
    assert {seconds for _, seconds in playlist(ready, "240p")} == {4.0}
