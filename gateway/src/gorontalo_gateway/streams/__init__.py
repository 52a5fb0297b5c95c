"""Live alert stream (Server-Sent Events) of issue 7, served by its own asyncio process.

The Flask gateway runs under gunicorn gthread, where every open stream would hold a
thread; here one event loop holds thousands of idle connections. Layers:
alerts (domain: filter, frames, resume cursor) -> hub (fan-out to clients) ->
source (NATS JetStream adapter) -> asgi (HTTP entrypoint) -> server (bootstrap, uvicorn).
"""
