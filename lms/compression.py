"""Compression of the site's own responses on their way out.

Trainees pay for every byte on a mobile plan. WhiteNoise serves static files
precompressed; this compresses the pages and small text answers Django writes.
Video segments, downloads and other streamed files pass untouched: they are
already compressed, and gzipping them would drop Content-Length and byte ranges.
"""

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

TEXT_TYPES = (
    "text/",
    "application/json",
    "application/javascript",
    "application/manifest+json",
    "application/vnd.apple.mpegurl",
)


class TextGZipMiddleware(GZipMiddleware):
    """Django's gzip (with its BREACH mitigation, random bytes in every gzip
    header) for text answers only, never for streamed files."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        content_type = response.get("Content-Type", "")
        if response.streaming or not content_type.startswith(TEXT_TYPES):
            return response
        return super().process_response(request, response)
