"""A small asyncio Server-Sent Events client: `python -m gorontalo_gateway.streams.client URL`.

For operators watching a stream, and for the tests and the benchmark, which need
thousands of clients on one loop. Follows redirects (the gateway answers 307) and
keeps `last_event_id` as a browser's EventSource does.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import urllib.parse
from dataclasses import dataclass


@dataclass(frozen=True)
class SseEvent:
    id: str
    event: str
    data: str


class SseParser:
    """The HTML event-stream interpretation: fields, comments, id without data."""

    def __init__(self):
        self._buffer = b""
        self._data: list[str] = []
        self._event = ""
        self._id: str | None = None
        self.last_event_id = ""
        self.retry_ms: int | None = None
        self.comments = 0

    def feed(self, chunk: bytes) -> list[SseEvent]:
        self._buffer += chunk
        events = []
        while True:
            line, newline, rest = self._buffer.partition(b"\n")
            if not newline:
                return events
            self._buffer = rest
            event = self._line(line.rstrip(b"\r").decode("utf-8"))
            if event is not None:
                events.append(event)

    def _line(self, line: str) -> SseEvent | None:
        if line == "":
            if self._id is not None:
                self.last_event_id = self._id
            data, event = self._data, self._event
            self._data, self._event, self._id = [], "", None
            if not data:
                return None
            return SseEvent(self.last_event_id, event or "message", "\n".join(data))
        if line.startswith(":"):
            self.comments += 1
            return None
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "data":
            self._data.append(value)
        elif field == "event":
            self._event = value
        elif field == "id" and "\0" not in value:
            self._id = value
        elif field == "retry" and value.isdigit():
            self.retry_ms = int(value)
        return None


class HttpError(Exception):
    def __init__(self, status: int, headers: dict, body: bytes):
        super().__init__(f"HTTP {status}")
        self.status, self.headers, self.body = status, headers, body


class SseStream:
    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, url: str, headers: dict, chunked: bool
    ):
        self.reader, self.writer, self.url, self.headers = reader, writer, url, headers
        self.parser = SseParser()
        self._chunked = chunked
        self._ready: list[SseEvent] = []

    @property
    def last_event_id(self) -> str:
        return self.parser.last_event_id

    async def _read_chunk(self) -> bytes:
        if not self._chunked:
            return await self.reader.read(65536)
        size_line = await self.reader.readline()
        if not size_line:
            return b""
        size = int(size_line.split(b";")[0].strip() or b"0", 16)
        if size == 0:
            await self.reader.readline()
            return b""
        chunk = await self.reader.readexactly(size)
        await self.reader.readexactly(2)
        return chunk

    async def next_event(self) -> SseEvent:
        """The next dispatched event; EOFError when the server ends the stream."""
        while not self._ready:
            chunk = await self._read_chunk()
            if not chunk:
                raise EOFError("stream ended")
            self._ready.extend(self.parser.feed(chunk))
        return self._ready.pop(0)

    async def wait_for_id(self) -> str:
        """Read until the stream has told its position (the id sent on connect); returns it."""
        while not self.parser.last_event_id:
            chunk = await self._read_chunk()
            if not chunk:
                raise EOFError("stream ended")
            self._ready.extend(self.parser.feed(chunk))
        return self.parser.last_event_id

    def close(self) -> None:
        self.writer.close()


async def _read_headers(reader) -> tuple[int, dict]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("no answer")
    status = int(status_line.split()[1])
    headers = {}
    while True:
        line = (await reader.readline()).decode("latin-1").rstrip("\r\n")
        if not line:
            return status, headers
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()


async def _read_body(reader, headers) -> bytes:
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    return await reader.read()


async def open_stream(
    url: str, *, last_event_id: str | None = None, headers: dict | None = None, max_redirects: int = 3
) -> SseStream:
    """Connect and read the response head; HttpError for anything but 200 text/event-stream."""
    for _ in range(max_redirects + 1):
        parsed = urllib.parse.urlsplit(url)
        reader, writer = await asyncio.open_connection(parsed.hostname, parsed.port or 80, limit=1 << 20)
        target = parsed.path + (f"?{parsed.query}" if parsed.query else "")
        lines = [
            f"GET {target} HTTP/1.1",
            f"Host: {parsed.netloc}",
            "Accept: text/event-stream",
            "Cache-Control: no-cache",
        ]
        if last_event_id:
            lines.append(f"Last-Event-ID: {last_event_id}")
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()
        try:
            status, response_headers = await _read_headers(reader)
        except BaseException:
            writer.close()
            raise
        if status in (301, 302, 303, 307, 308) and "location" in response_headers:
            writer.close()
            url = urllib.parse.urljoin(url, response_headers["location"])
            continue
        if status != 200:
            body = await _read_body(reader, response_headers)
            writer.close()
            raise HttpError(status, response_headers, body)
        chunked = "chunked" in response_headers.get("transfer-encoding", "").lower()
        return SseStream(reader, writer, url, response_headers, chunked)
    raise HttpError(310, {}, b"too many redirects")


async def _watch(url: str, last_event_id: str | None) -> int:
    stream = await open_stream(url, last_event_id=last_event_id)
    print(f"# connected to {stream.url}", file=sys.stderr)
    try:
        while True:
            event = await stream.next_event()
            print(f"{event.id}\t{event.event}\t{event.data}", flush=True)
    except EOFError:
        print(f"# stream ended; resume with --last-event-id {stream.last_event_id}", file=sys.stderr)
        return 0
    finally:
        stream.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url", help="e.g. http://127.0.0.1:8080/v1/disaster/alerts/stream?region=75.03")
    parser.add_argument("--last-event-id")
    args = parser.parse_args()
    try:
        return asyncio.run(_watch(args.url, args.last_event_id))
    except KeyboardInterrupt:
        return 0
    except HttpError as e:
        print(f"HTTP {e.status}: {e.body.decode('utf-8', 'replace')}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
