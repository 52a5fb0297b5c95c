"""Server-side sessions: the browser holds only a random id (cookie `gs_session`), the data stays in Redis.

Tokens never reach the browser. The Redis key expires after the idle timeout and every request that
carries the cookie pushes the expiry forward, so a phone left at a warnet logs out by itself.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import MutableMapping
from typing import Any

from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

COOKIE_NAME = "gs_session"


class SessionStore:
    """Session data as JSON under `<namespace>:web:session:<id>` with a sliding TTL."""

    def __init__(self, redis_client, namespace: str, idle_timeout_seconds: int):
        self.redis = redis_client
        self.namespace = namespace
        self.idle_timeout_seconds = idle_timeout_seconds

    def _key(self, session_id: str) -> str:
        return f"{self.namespace}:web:session:{session_id}"

    @staticmethod
    def new_id() -> str:
        return secrets.token_urlsafe(32)

    def load(self, session_id: str) -> dict[str, Any] | None:
        """The data, with its idle timer restarted; None when unknown or expired."""
        key = self._key(session_id)
        pipe = self.redis.pipeline()
        pipe.get(key)
        pipe.expire(key, self.idle_timeout_seconds)
        raw, _ = pipe.execute()
        if raw is None:
            return None
        try:
            data = json.loads(raw)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def save(self, session_id: str, data: MutableMapping[str, Any]) -> None:
        self.redis.set(self._key(session_id), json.dumps(dict(data)), ex=self.idle_timeout_seconds)

    def touch(self, session_id: str) -> None:
        self.redis.expire(self._key(session_id), self.idle_timeout_seconds)

    def delete(self, session_id: str) -> None:
        self.redis.delete(self._key(session_id))


class ServerSession(CallbackDict, SessionMixin):
    def __init__(self, initial=None, session_id: str | None = None, new: bool = False):
        def on_update(this):
            this.modified = True

        super().__init__(initial, on_update)
        self.session_id = session_id
        self.new = new
        self.modified = False
        self.rotate = False
        self.destroyed = False

    def regenerate(self) -> None:
        """A new id at sign-in (no session fixation): the old key is deleted when the answer is saved."""
        self.rotate = True
        self.modified = True

    def destroy(self) -> None:
        """Forget everything: the Redis key is deleted and the cookie removed."""
        self.clear()
        self.destroyed = True
        self.modified = True


class RedisSessionInterface(SessionInterface):
    """Flask's `session` backed by SessionStore (Flask-WTF keeps its CSRF secret there too)."""

    def __init__(self, store: SessionStore):
        self.store = store

    def open_session(self, app, request):
        session_id = request.cookies.get(COOKIE_NAME)
        if session_id:
            data = self.store.load(session_id)
            if data is not None:
                return ServerSession(data, session_id=session_id)
        return ServerSession(new=True)

    def save_session(self, app, session, response):
        domain = self.get_cookie_domain(app)
        path = self.get_cookie_path(app)
        if session.destroyed:
            if session.session_id:
                self.store.delete(session.session_id)
            response.delete_cookie(COOKIE_NAME, domain=domain, path=path)
            return
        if not session.modified:
            return  # load() already restarted the idle timer
        if not session and session.session_id is None:
            return  # nothing to keep, no cookie for a visitor who only reads
        if session.rotate and session.session_id:
            self.store.delete(session.session_id)
            session.session_id = None
        if session.session_id is None:
            session.session_id = self.store.new_id()
        self.store.save(session.session_id, session)
        response.set_cookie(
            COOKIE_NAME,
            session.session_id,
            httponly=True,
            samesite="Lax",
            secure=self.get_cookie_secure(app),
            domain=domain,
            path=path,
        )
        response.vary.add("Cookie")
