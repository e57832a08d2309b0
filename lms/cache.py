"""Django's Redis cache, with one redis-py client per connection pool.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` for every cache call. Since
redis-py 5 that constructor fills a table of some 170 response callbacks, which costs
more than the round trip to Redis itself: a third of a heartbeat's time went there,
since every heartbeat reads its login session from the cache. A ``redis.Redis`` holds
no connection of its own (it borrows one from its pool for each command, and the pool
starts afresh in a forked process), so one per pool serves every thread.
"""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients.setdefault(pool, self._client(connection_pool=pool))
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
