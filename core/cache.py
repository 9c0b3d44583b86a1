"""A Redis cache that degrades to "no cache" when Redis is unreachable.

The cache only ever holds copies (the partnership's details, closure days, rate-limit
counters, sessions), so with Redis down the portal carries on reading the database, slower but correct,
and logs the fault instead of showing an error page.
"""

import functools
import logging
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("portal.cache")
FAULTS = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)

P = ParamSpec("P")
R = TypeVar("R")
CacheMethod = Callable[Concatenate[RedisCache, P], R]


def _tolerant(default: Any) -> Callable[[CacheMethod[P, R]], CacheMethod[P, R]]:
    """The method, answering `default` (or what `default(*args, **kwargs)` gives) when Redis
    cannot be reached."""

    def decorate(method: CacheMethod[P, R]) -> CacheMethod[P, R]:
        @functools.wraps(method)
        def wrapper(self: RedisCache, *args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return method(self, *args, **kwargs)
            except FAULTS as error:
                logger.warning(
                    "Cache unavailable (%s): %s carries on without it", error.__class__.__name__, method.__name__
                )
                fallback: R = default(*args, **kwargs) if callable(default) else default
                return fallback

        return wrapper

    return decorate


class _OneClientPerPool(RedisCacheClient):
    """Django's client makes a new redis.Redis, with its table of two hundred reply handlers,
    for every cache operation (several a request); one per connection pool serves them all,
    as a redis.Redis takes its connections from the pool as it needs them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django's own, not in its type stubs: the pool for a read or a write, and redis.Redis.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _OneClientPerPool

    get = _tolerant(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _tolerant({})(RedisCache.get_many)
    set = _tolerant(None)(RedisCache.set)
    add = _tolerant(False)(RedisCache.add)
    touch = _tolerant(False)(RedisCache.touch)
    delete = _tolerant(False)(RedisCache.delete)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    set_many = _tolerant([])(RedisCache.set_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    clear = _tolerant(False)(RedisCache.clear)
    incr = _tolerant(lambda key, delta=1, version=None: delta)(RedisCache.incr)

    def delete_or_raise(self, key: str, version: int | None = None) -> bool:
        """For a copy that must not outlive its original (an ended session: core.sessions)."""
        return RedisCache.delete(self, key, version=version)
