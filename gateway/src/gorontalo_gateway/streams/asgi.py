"""The stream server's HTTP entrypoint: a raw ASGI app (four routes do not need a framework)."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
import urllib.parse
import uuid

from servicekit import i18n, regions
from servicekit.logging import request_id_var

from .. import messages
from . import metrics, problems
from .alerts import HEARTBEAT, Cursor, affects, cursor_frame, parse_last_event_id, preamble
from .config import StreamsConfig
from .hub import SHUTDOWN, SLOW, Hub, Subscriber
from .source import AlertSource, SourceUnavailable

log = logging.getLogger("gateway.streams")

STREAM_PATH = "/v1/disaster/alerts/stream"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class BadRequest(Exception):
    def __init__(self, violation: dict):
        super().__init__(violation["reason"])
        self.violation = violation


class Request:
    def __init__(self, scope):
        self.method = scope["method"]
        self.path = scope["path"]
        self.headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        incoming = self.headers.get("x-request-id", "")
        self.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        self.language = i18n.negotiate(self.headers.get("accept-language"))
        self.origin = self.headers.get("origin", "")
        self.query = urllib.parse.parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)


def subscription_region(request: Request) -> str:
    """The validated, normalised `region` query parameter."""
    names = [name for name, _ in request.query]
    for name in names:
        if name != "region":
            raise BadRequest(problems.violation(name, "unknown_parameter", request.language))
    if names.count("region") > 1:
        raise BadRequest(problems.violation("region", "repeated_parameter", request.language))
    raw = dict(request.query).get("region", "").strip()
    if not raw:
        raise BadRequest(problems.violation("region", "required", request.language))
    code = regions.normalise(raw)
    if code is None:
        raise BadRequest(problems.violation("region", "stream_region_not_gorontalo", request.language))
    if code != regions.GORONTALO and not code.startswith(regions.GORONTALO + "."):
        raise BadRequest(problems.violation("region", "region_outside_gorontalo", request.language))
    if regions.lookup(code) is None:
        raise BadRequest(problems.violation("region", "region_unknown", request.language))
    return code


class StreamApp:
    def __init__(self, hub: Hub, source: AlertSource, config: StreamsConfig):
        self.hub = hub
        self.source = source
        self.config = config

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        request = Request(scope)
        token = request_id_var.set(request.request_id)
        started = time.perf_counter()
        try:
            if request.path == STREAM_PATH and request.method == "OPTIONS":
                await self._preflight(request, send)
                return
            if request.path == STREAM_PATH:
                await self._stream(request, receive, send)
                return
            status = await self._route(request, send)
            log.info(
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "http_status": status,
                    "path": request.path,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
        finally:
            request_id_var.reset(token)

    async def _lifespan(self, receive, send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self.source.start()
                heartbeats = asyncio.ensure_future(self.hub.run_heartbeats(self.config.heartbeat_seconds))
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                heartbeats.cancel()
                self.hub.close_all()
                await self.source.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _route(self, request: Request, send) -> int:
        if request.path in ("/healthz", "/readyz") and request.method != "GET":
            return await self._problem(
                send,
                request,
                405,
                "method_not_allowed",
                detail=messages.translate("method_not_allowed", request.language, method=request.method, allowed="GET"),
                headers=[(b"allow", b"GET")],
            )
        if request.path == "/healthz":
            return await self._json(send, request, 200, {"status": "ok", "clients": self.hub.client_count})
        if request.path == "/readyz":
            checks = {"nats": "up" if self.source.ready else "down"}
            if self.source.ready:
                return await self._json(send, request, 200, {"status": "ready", "checks": checks})
            return await self._problem(
                send,
                request,
                503,
                "streams_not_ready",
                headers=[(b"retry-after", problems.RETRY_AFTER_SECONDS.encode())],
            )
        return await self._problem(
            send,
            request,
            404,
            "route_not_found",
            detail=messages.translate("route_not_found", request.language, path=request.path),
        )

    # -- the stream ---------------------------------------------------------------------------
    async def _stream(self, request: Request, receive, send) -> None:
        if request.method != "GET":
            status = await self._problem(
                send,
                request,
                405,
                "method_not_allowed",
                detail=messages.translate("method_not_allowed", request.language, method=request.method, allowed="GET"),
                headers=[(b"allow", b"GET")],
            )
            log.info(
                "%s %s %s", request.method, request.path, status, extra={"http_status": status, "path": request.path}
            )
            return
        try:
            region = subscription_region(request)
            try:
                last_event_id = parse_last_event_id(request.headers.get("last-event-id"))
            except ValueError:
                raise BadRequest(
                    problems.violation("Last-Event-ID", "stream_last_event_id_invalid", request.language)
                ) from None
        except BadRequest as e:
            await self._problem(send, request, 400, "invalid_argument", errors=[e.violation])
            log.info("GET %s 400", request.path, extra={"http_status": 400, "path": request.path})
            return
        if not self.source.ready or self.hub.closing:
            await self._unavailable(send, request, "streams_not_ready")
            return
        if self.hub.client_count >= self.config.max_clients:
            await self._unavailable(send, request, "streams_full")
            return

        subscriber = self.hub.subscribe(region)  # before the replay: nothing published meanwhile is lost
        try:
            cursor = Cursor(self.hub.position if last_event_id is None else last_event_id)
            opening = [preamble(self.config.retry_ms)]
            replayed = []
            if last_event_id is None:
                opening.append(cursor_frame(cursor.position))
            else:
                try:
                    alerts, scanned = await self.source.replay(last_event_id)
                    if last_event_id > self.hub.position and not alerts:
                        end = await self._end_if_beyond(last_event_id)
                        if end is not None:
                            cursor, scanned = Cursor(end), end
                except SourceUnavailable as e:
                    log.warning("replay after %d failed: %s", last_event_id, e)
                    await self._unavailable(send, request, "streams_not_ready")
                    return
                replayed = cursor.admit(a for a in alerts if affects(a.region_codes, region))
                opening += [a.frame for a in replayed]
                if cursor.advance(scanned) or cursor.position < last_event_id:
                    opening.append(cursor_frame(cursor.position))
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", b"text/event-stream; charset=utf-8"),
                        (b"cache-control", b"no-cache"),
                        (b"x-accel-buffering", b"no"),
                        (b"x-request-id", request.request_id.encode()),
                        *self._cors(request),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b"".join(opening), "more_body": True})
            for alert in replayed:
                metrics.SENT[alert.event_name].inc()
            # One line per stream, when it ends (with 10,000 streams a line at each end costs as much as the
            # alerts): what it asked for, how long it lasted, why it ended.
            resumed = "" if last_event_id is None else f", resumed after {last_event_id} with {len(replayed)} alerts"
            # This frame lives as long as the stream: a resumption's alerts (up to MAX_REPLAYED_ALERTS, parsed
            # for this client alone) must not stay referenced from it for hours.
            opening = alerts = replayed = None
            log.debug("stream of region %s opened%s", region, resumed)
            started = time.perf_counter()
            subscriber.write_directly(_body_writer(send), cursor)
            outcome = await self._follow(subscriber, cursor, receive, send)
            log.info(
                "stream of region %s closed (%s)%s",
                region,
                outcome,
                resumed,
                extra={
                    "http_status": 200,
                    "path": request.path,
                    "duration_ms": round((time.perf_counter() - started) * 1000),
                },
            )
        finally:
            self.hub.unsubscribe(subscriber)

    async def _end_if_beyond(self, last_event_id: int) -> int | None:
        """The stream's end when the id lies past it: such an id comes from an earlier stream
        (re-created after data loss), and following it would hold back every alert until the new
        sequence caught up."""
        end = await self.source.last_sequence()
        if last_event_id <= end:
            return None
        log.warning("Last-Event-ID %d is past the end of the stream (%d); resuming from the end", last_event_id, end)
        return end

    async def _follow(self, subscriber: Subscriber, cursor: Cursor, receive, send) -> str:
        pump = asyncio.ensure_future(self._pump(subscriber, cursor, send))
        disconnect = asyncio.ensure_future(_disconnected(receive))
        try:
            await asyncio.wait({pump, disconnect, subscriber.closed}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (pump, disconnect):
                task.cancel()
            outcomes = await asyncio.gather(pump, disconnect, return_exceptions=True)
        failure = outcomes[0]
        if isinstance(failure, Exception):
            # A write to a socket the client has just closed ends here too; anything else is a bug to see.
            log.warning("stream writer stopped: %s: %s", type(failure).__name__, failure)
        if subscriber.closed.done() and subscriber.closed.result() == SLOW:
            # Returning mid-response makes uvicorn close the socket, which also ends a write
            # stuck on a full buffer.
            return "dropped: not reading"
        if subscriber.closed.done() and subscriber.closed.result() == SHUTDOWN:
            metrics.CLIENTS_DROPPED.labels(SHUTDOWN).inc()
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            return "server shutting down"
        return "client left"

    async def _pump(self, subscriber: Subscriber, cursor: Cursor, send) -> None:
        loop = asyncio.get_running_loop()
        while not subscriber.closed.done():
            alerts = await subscriber.take()  # woken by an alert, the hub's heartbeat, or the end
            if subscriber.closed.done():
                return
            if not alerts:
                await send({"type": "http.response.body", "body": HEARTBEAT, "more_body": True})
                continue
            fresh = cursor.admit(alerts)
            if fresh:
                body = fresh[0].frame if len(fresh) == 1 else b"".join(a.frame for a in fresh)
                await send({"type": "http.response.body", "body": body, "more_body": True})
                subscriber.last_active = loop.time()
                written_at = time.time()
                for alert in fresh:
                    metrics.SENT[alert.event_name].inc()
                    if alert.published_at is not None:  # live alerts only: a replay is late by design
                        metrics.ALERT_DELIVERY_SECONDS.observe(max(0.0, written_at - alert.published_at))

    # -- plain responses -----------------------------------------------------------------------
    async def _unavailable(self, send, request: Request, reason: str) -> None:
        await self._problem(
            send, request, 503, reason, headers=[(b"retry-after", problems.RETRY_AFTER_SECONDS.encode())]
        )
        log.info("GET %s 503 (%s)", request.path, reason, extra={"http_status": 503, "path": request.path})

    async def _problem(
        self,
        send,
        request: Request,
        status: int,
        reason: str,
        *,
        detail: str | None = None,
        errors: list | None = None,
        headers: list | None = None,
    ) -> int:
        document = problems.body(
            status,
            reason,
            path=request.path,
            request_id=request.request_id,
            language=request.language,
            detail=detail,
            errors=errors,
        )
        await self._respond(
            send,
            request,
            status,
            document,
            "application/problem+json; charset=utf-8",
            [(b"content-language", request.language.encode()), *(headers or [])],
        )
        return status

    async def _json(self, send, request: Request, status: int, document: dict) -> int:
        await self._respond(send, request, status, json.dumps(document).encode(), "application/json")
        return status

    def _cors(self, request: Request) -> list[tuple[bytes, bytes]]:
        """Access for the pages of an allowed web origin (EventSource sends no credentials): that origin only."""
        if request.origin and request.origin in self.config.allowed_origins:
            return [(b"access-control-allow-origin", request.origin.encode("latin-1")), (b"vary", b"Origin")]
        return [(b"vary", b"Origin")] if self.config.allowed_origins else []

    async def _preflight(self, request: Request, send) -> None:
        """A browser asking before a reconnect that carries Last-Event-ID (not a CORS-safelisted header)."""
        headers = self._cors(request)
        if any(name == b"access-control-allow-origin" for name, _ in headers):
            headers += [
                (b"access-control-allow-methods", b"GET"),
                (b"access-control-allow-headers", b"Last-Event-ID, Accept-Language"),
                (b"access-control-max-age", b"600"),
            ]
        await send({"type": "http.response.start", "status": 204, "headers": [*headers, (b"allow", b"GET, OPTIONS")]})
        await send({"type": "http.response.body", "body": b""})

    async def _respond(
        self, send, request: Request, status: int, body: bytes, content_type: str, headers: list | None = None
    ) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", content_type.encode()),
                    (b"content-length", str(len(body)).encode()),
                    (b"x-request-id", request.request_id.encode()),
                    *self._cors(request),
                    *(headers or []),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _body_writer(send):
    """A chunk of the response body written without awaiting: the fan-out writes each alert to every idle
    stream itself instead of waking one writer task per client.

    uvicorn's send awaits only while the connection's transport buffer is above its high-water mark (and
    then before writing anything); otherwise it writes to the transport and returns at its first step. The
    coroutine is run for that one step: False (nothing written, coroutine closed) when it would wait, and
    the caller queues the chunk for the stream's writer task, which awaits the send as usual."""

    def write(body: bytes) -> bool:
        step = send({"type": "http.response.body", "body": body, "more_body": True})
        try:
            step.send(None)
        except StopIteration:
            return True
        except Exception:  # noqa: BLE001 - the writer task's own send meets it again and ends the stream
            return False
        step.close()
        return False

    return write


async def _disconnected(receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
