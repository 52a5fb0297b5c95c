"""The web app's settings, read once from the environment (README's configuration table)."""

from __future__ import annotations

import dataclasses
import os
import pathlib
import secrets


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


@dataclasses.dataclass(frozen=True)
class WebSettings:
    gateway_url: str = "http://127.0.0.1:8080"
    bind: str = "127.0.0.1:8081"
    workers: int = 2
    secret_key: str = ""
    cookie_secure: bool = False
    idle_timeout_seconds: int = 1800
    redis_url: str = "redis://127.0.0.1:6379/0"
    session_namespace: str = "gorontalo"
    gateway_timeout_seconds: float = 10.0
    # Where the browser opens the live alert stream (SSE). Empty: the same origin, as behind nginx.
    streams_url: str = ""
    # The operator's own map tiles ({z}/{x}/{y}); empty: points on a plain projected canvas.
    map_tiles_url: str = ""
    # The app's public address, for links that leave it (QR codes pointing to /verifikasi).
    public_url: str = "http://127.0.0.1:8081"
    # Reverse proxies in front whose X-Forwarded-For is believed (0: none, as with make run).
    trusted_proxies: int = 0

    @classmethod
    def from_env(cls) -> WebSettings:
        var_dir = pathlib.Path(os.environ.get("VAR_DIR", "var"))
        return cls(
            gateway_url=os.environ.get("GATEWAY_URL", "http://127.0.0.1:8080").rstrip("/"),
            bind=os.environ.get("WEB_BIND", "127.0.0.1:8081"),
            workers=int(os.environ.get("WEB_WORKERS", "2")),
            secret_key=os.environ.get("WEB_SECRET_KEY") or load_or_create_secret(var_dir / "web" / "secret-key"),
            cookie_secure=_env_bool("WEB_COOKIE_SECURE", False),
            idle_timeout_seconds=int(os.environ.get("WEB_IDLE_TIMEOUT_SECONDS", "1800")),
            redis_url=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
            # Parallel test stacks share one Redis: each keeps its sessions under its own prefix.
            session_namespace=os.environ.get("WEB_SESSION_NAMESPACE")
            or os.environ.get("RATE_LIMIT_NAMESPACE")
            or "gorontalo",
            streams_url=os.environ.get("WEB_STREAMS_URL", os.environ.get("GATEWAY_STREAMS_URL", "")).rstrip("/"),
            map_tiles_url=os.environ.get("MAP_TILES_URL", ""),
            public_url=os.environ.get("WEB_PUBLIC_URL", "").rstrip("/")
            or "http://" + os.environ.get("WEB_BIND", "127.0.0.1:8081"),
            trusted_proxies=int(os.environ.get("WEB_TRUSTED_PROXIES", "0")),
        )


def load_or_create_secret(path: pathlib.Path) -> str:
    """The key signing CSRF tokens, generated once so every worker and restart agrees on it."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    candidate = secrets.token_urlsafe(48)
    # O_EXCL: when two workers start at once, the first writer wins and the other reads its key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(candidate)
    return candidate
