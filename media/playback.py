"""Playback of an asset's HLS ladder through short-lived signed URLs, never a
permanent public one.

Whether a viewer may watch is decided above this app (the trainees' views); they
call ``master_playlist``. Its variant URIs point at ``media:variant`` with a token
bound to the asset and rendition that expires after MEDIA_SIGNED_URL_SECONDS. The
variant view rewrites every segment URI: a presigned S3 URL when the storage signs
its own URLs, else a token URL to ``media:segment``. Segment URLs must outlive the
playback of a whole video (players read a VOD playlist once), so they expire after
MEDIA_SIGNED_URL_SECONDS plus twice the video's duration.

An encrypted ladder (``media.encryption``) also has its key lines rewritten: each
window's key URI is ``key_base`` + the window's number, with a token of this app
that binds that exact path, the asset and an expiry. A caller that credits watch
time (the trainees' lesson playlist) passes a ``key_base`` of its own whose path
carries an opaque, signed binding to its playback session, and its key view asks
``window_key`` for the bytes; without one, keys come from ``media:key``, which
credits nothing.
"""

from __future__ import annotations

import posixpath
import time
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.urls import reverse

from media import encryption, storage
from media.ladder import Variant, master_order, master_playlist_text, read_segments
from media.models import VideoAsset, VideoRendition

VARIANT, SEGMENT, POSTER = "media.variant", "media.segment", "media.poster"
KEY = "media.key"


def url_seconds() -> int:
    return getattr(settings, "MEDIA_SIGNED_URL_SECONDS", 300)


def segment_seconds(asset: VideoAsset) -> int:
    return url_seconds() + 2 * round(asset.duration or 0)


def sign(*, salt: str, asset_id: int, name: str, seconds: int) -> str:
    expires = int(time.time()) + seconds
    return signing.dumps([asset_id, name, expires], salt=salt)


def token_is_valid(token: str, *, salt: str, asset_id: int, name: str) -> bool:
    """A token of this kind, for this asset and name, that has not expired."""
    try:
        signed_id, signed_name, expires = signing.loads(token, salt=salt)
    except (signing.BadSignature, ValueError, TypeError):
        return False
    return signed_id == asset_id and signed_name == name and expires >= time.time()


def default_key_base(asset_id: int) -> str:
    return reverse("media:key", args=[asset_id, 0]).rsplit("/", 1)[0] + "/"


def _variant_name(name: str, key_base: str) -> str:
    return f"{name}|{key_base}" if key_base else name


def master_playlist(
    asset: VideoAsset, *, request: HttpRequest | None = None, key_base: str = ""
) -> str:
    """The master playlist of a ready asset, its variant URIs signed and short-lived.

    ``key_base``: where the keys of an encrypted ladder are fetched (a path ending
    in "/", to which the window's number is added); the variant tokens bind it.
    Callers decide first that the viewer may watch.
    """
    variants = []
    # In master order even for ladders stored before the order changed.
    renditions = {rendition.name: rendition for rendition in asset.renditions.all()}
    for name in master_order(list(renditions)):
        rendition = renditions[name]
        token = sign(
            salt=VARIANT,
            asset_id=asset.pk,
            name=_variant_name(rendition.name, key_base),
            seconds=url_seconds(),
        )
        url = reverse("media:variant", args=[asset.pk, rendition.name])
        keys = f"&keys={quote(key_base, safe='')}" if key_base else ""
        variants.append(
            Variant(
                name=rendition.name,
                uri=f"{url}?token={token}{keys}",
                bandwidth=rendition.bandwidth,
                average_bandwidth=rendition.average_bandwidth,
                codecs=rendition.codecs,
                width=rendition.width,
                height=rendition.height,
            )
        )
    return master_playlist_text(variants)


def _stored_playlist(name: str) -> str:
    """Playlists never change under their prefix, so they are read once."""
    key = f"media:playlist:{name}"
    text = cache.get(key)
    if text is None:
        with default_storage.open(name, "rb") as handle:
            text = handle.read().decode("utf-8")
        cache.set(key, text, 3600)
    return text


def variant_token_is_valid(token: str, *, asset_id: int, name: str, keys: str) -> bool:
    return token_is_valid(
        token, salt=VARIANT, asset_id=asset_id, name=_variant_name(name, keys)
    )


def variant_playlist(rendition: VideoRendition, *, key_base: str = "") -> str:
    """A rendition's playlist with each segment URI replaced by a short-lived one,
    and each key URI (of an encrypted ladder) by a signed one under ``key_base``."""
    asset = rendition.asset
    seconds = segment_seconds(asset)
    folder = posixpath.dirname(rendition.playlist)
    text = _stored_playlist(rendition.playlist)
    segment_uris = {uri for uri, _ in read_segments(text)}
    if storage.is_presigning():

        def signed(uri: str) -> str:
            return default_storage.url(f"{folder}/{uri}", expire=seconds)

    else:
        token = sign(
            salt=SEGMENT, asset_id=asset.pk, name=rendition.name, seconds=seconds
        )

        def signed(uri: str) -> str:
            url = reverse("media:segment", args=[asset.pk, rendition.name, uri])
            return f"{url}?token={token}"

    lines = [
        signed(line) if line in segment_uris else line for line in text.splitlines()
    ]
    if encryption.is_keyed(text):
        base = key_base or default_key_base(asset.pk)

        def key_uri(match) -> str:
            path = f"{base}{match.group(1)}"
            token = sign(salt=KEY, asset_id=asset.pk, name=path, seconds=seconds)
            return f'URI="{path}?token={token}"'

        lines = [
            encryption.KEY_PLACEHOLDER.sub(key_uri, line)
            if line.startswith("#EXT-X-KEY")
            else line
            for line in lines
        ]
    return "\n".join(lines) + "\n"


def window_key(
    asset: VideoAsset, *, window: int, path: str, token: str
) -> bytes | None:
    """The AES-128 key of one window of the asset's ladder, for a key URI this app
    signed (``path`` is the URI's path, ``token`` its token); None otherwise."""
    if not token_is_valid(token, salt=KEY, asset_id=asset.pk, name=path):
        return None
    if not asset.is_encrypted or not 0 <= window < len(asset.key_windows):
        return None
    return encryption.window_key(bytes(asset.delivery_secret), asset.hls_prefix, window)


def poster_url(asset: VideoAsset, *, request: HttpRequest | None = None) -> str:
    """A short-lived URL of the poster image, or "" when there is none."""
    if not asset.poster:
        return ""
    if storage.is_presigning():
        return default_storage.url(asset.poster.name, expire=url_seconds())
    token = sign(salt=POSTER, asset_id=asset.pk, name="poster", seconds=url_seconds())
    return f"{reverse('media:poster', args=[asset.pk])}?token={token}"
