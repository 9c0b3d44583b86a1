"""Sessions read from the cache and written to the database and the cache (Django's
cached_db), so a page does not query the database for its session.

The cache (core.cache) carries on without Redis, which is right for copies but not for a
session that has ended: a copy left in the cache would keep it signed in. So ending a session
(signing out, signing someone out everywhere) removes the cache's copy first and fails if it
cannot, before the database row goes; renewing the key at sign-in, whose old key held no
signed-in person, still carries on without the cache.
"""

from typing import Any

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.core.cache.backends.base import BaseCache


class SessionStore(CachedDBStore):
    # Set by Django's session stores, which its type stubs leave out.
    _cache: BaseCache
    _session: dict[str, Any]

    def delete(self, session_key: str | None = None) -> None:
        session_key = session_key or self.session_key
        if session_key is not None:
            delete_or_raise = getattr(self._cache, "delete_or_raise", self._cache.delete)
            delete_or_raise(self.cache_key_prefix + session_key)
        super().delete(session_key)

    def cycle_key(self) -> None:
        data, key = self._session, self.session_key
        self.create()
        self._session_cache = data
        if key:
            super().delete(key)
