"""The Redis cache keeps one redis-py client per connection pool (lms.cache)."""

import os

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from lms.cache import RedisCache
from tests.conftest import skip_or_fail


def _redis_url() -> str:
    url = os.environ.get("CACHE_URL") or os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith(("redis://", "rediss://")):
        skip_or_fail("no Redis configured (CACHE_URL or CELERY_BROKER_URL)")
    return url


def test_one_client_serves_every_call_and_the_values_round_trip():
    cache = RedisCache(_redis_url(), {"KEY_PREFIX": "test-lms-cache"})
    try:
        client = cache._cache.get_client(write=True)
        assert cache._cache.get_client() is client
        cache.set("greeting", {"text": "你好"}, 30)
        assert cache.get("greeting") == {"text": "你好"}
        assert cache.get_many(["greeting", "absent"]) == {"greeting": {"text": "你好"}}
        cache.delete("greeting")
        assert cache.get("greeting") is None
    finally:
        cache.close()


def test_django_builds_a_client_per_call_which_is_why_this_one_exists():
    cache = DjangoRedisCache("redis://127.0.0.1:1/0", {})
    assert cache._cache.get_client() is not cache._cache.get_client()
