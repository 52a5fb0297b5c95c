"""Unit tests of the fan-out: routing by region, bounded buffers, position, shutdown."""

from __future__ import annotations

import asyncio

from gorontalo_gateway.streams import metrics
from gorontalo_gateway.streams.alerts import Alert
from gorontalo_gateway.streams.hub import SHUTDOWN, SLOW, Hub


def _alert(seq, *codes):
    return Alert(seq=seq, kind="issued", region_codes=codes, frame=f"{seq}".encode())


def _run(coroutine):
    return asyncio.run(coroutine)


def test_alerts_reach_only_subscribers_of_affected_regions():
    async def scenario():
        hub = Hub()
        tapa, kota, province = hub.subscribe("75.03.01"), hub.subscribe("75.71"), hub.subscribe("75")
        assert hub.dispatch(_alert(5, "75.03")) == 2
        assert hub.dispatch(_alert(6, "75.71.02")) == 2
        return [[a.seq for a in await s.take(0.01)] for s in (tapa, kota, province)], hub.position

    received, position = _run(scenario())
    assert received == [[5], [6], [5, 6]]
    assert position == 6


def test_take_returns_nothing_after_the_timeout_when_idle():
    async def scenario():
        hub = Hub()
        subscriber = hub.subscribe("75.03")
        return await subscriber.take(0.01)

    assert _run(scenario()) == []


def test_a_client_that_does_not_read_is_dropped_and_the_others_go_on():
    async def scenario():
        hub = Hub(max_pending=3)
        slow, fast = hub.subscribe("75.03"), hub.subscribe("75.03")
        before = metrics.CLIENTS_DROPPED.labels(SLOW)._value.get()
        for seq in range(1, 6):
            hub.dispatch(_alert(seq, "75.03"))
            assert [a.seq for a in await fast.take(0.01)] == [seq]
        dropped = metrics.CLIENTS_DROPPED.labels(SLOW)._value.get() - before
        return slow.closed.result(), hub.client_count, dropped

    reason, clients, dropped = _run(scenario())
    assert reason == SLOW
    assert clients == 1
    assert dropped == 1


def test_unsubscribe_updates_the_count_and_is_idempotent():
    async def scenario():
        hub = Hub()
        first, second = hub.subscribe("75.03"), hub.subscribe("75.71")
        hub.unsubscribe(first)
        hub.unsubscribe(first)
        counts = [hub.client_count]
        hub.unsubscribe(second)
        counts.append(hub.client_count)
        return counts, hub.dispatch(_alert(1, "75"))

    assert _run(scenario()) == ([1, 0], 0)


def test_close_all_ends_every_stream_for_shutdown():
    async def scenario():
        hub = Hub()
        subscribers = [hub.subscribe(r) for r in ("75.03", "75.71", "75.71")]
        assert hub.close_all() == 3
        hub.dispatch(_alert(1, "75"))  # nothing queued after close
        return [s.closed.result() for s in subscribers], [await s.take(0.01) for s in subscribers], hub.closing

    reasons, queued, closing = _run(scenario())
    assert reasons == [SHUTDOWN] * 3 and queued == [[], [], []] and closing


def test_position_starts_at_the_stream_end_and_only_grows():
    async def scenario():
        hub = Hub()
        hub.start_at(40)
        hub.advance(41)
        hub.dispatch(_alert(43, "75"))
        hub.advance(42)
        return hub.position

    assert _run(scenario()) == 43


def test_a_waiting_client_cancelled_as_it_is_woken_stops_instead_of_waiting_on():
    """Shutdown wakes every stream and cancels its writer in the same tick; the writer must end."""
    import pytest

    async def scenario():
        hub = Hub()
        subscriber = hub.subscribe("75")
        waiting = asyncio.ensure_future(subscriber.take(30))
        await asyncio.sleep(0)
        hub.close_all()
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting

    asyncio.run(asyncio.wait_for(scenario(), 5))


def test_only_streams_idle_for_the_heartbeat_period_are_pinged():
    """One heartbeat task for all streams: a stream that wrote recently is left alone."""

    async def scenario():
        hub = Hub()
        idle, busy = hub.subscribe("75.03"), hub.subscribe("75.71")
        busy.last_active += 100  # as if it had just written
        waiting = asyncio.ensure_future(idle.take())
        await asyncio.sleep(0)
        pinged = hub.ping_idle(0)
        woken = await asyncio.wait_for(waiting, 1)  # a ping wakes the writer with nothing: it sends a heartbeat
        return pinged, woken, busy._waiter

    pinged, woken, busy_waiter = _run(scenario())
    assert pinged == 1 and woken == [] and busy_waiter is None


def test_the_heartbeat_task_wakes_an_idle_writer_and_an_alert_is_not_mistaken_for_one():
    async def scenario():
        hub = Hub()
        subscriber = hub.subscribe("75.03")
        heartbeats = asyncio.ensure_future(hub.run_heartbeats(0.05))
        try:
            first = await asyncio.wait_for(subscriber.take(), 2)
            hub.dispatch(_alert(1, "75"))
            second = await asyncio.wait_for(subscriber.take(), 2)
        finally:
            heartbeats.cancel()
        return first, [a.seq for a in second]

    assert _run(scenario()) == ([], [1])


def test_the_stream_server_raises_its_open_files_limit_to_the_hard_limit():
    """Each stream holds a descriptor: the usual soft limit of 1024 would refuse clients long before 10,000."""
    import subprocess
    import sys

    script = (
        "import resource\n"
        "soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (min(256, hard), hard))\n"
        "from gorontalo_gateway.streams.server import raise_open_files_limit\n"
        "print(raise_open_files_limit(10) == hard == resource.getrlimit(resource.RLIMIT_NOFILE)[0])\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "True", result.stderr


class _Connection:
    """A stream's connection as the fan-out sees it: takes bytes at once until `full`."""

    def __init__(self):
        self.written: list[bytes] = []
        self.full = False

    def write(self, body: bytes) -> bool:
        if self.full:
            return False
        self.written.append(body)
        return True


async def _idle_writer(subscriber):
    """A stream's writer parked in take(), as the server's is between alerts."""
    waiting = asyncio.ensure_future(subscriber.take())
    await asyncio.sleep(0)
    return waiting


def test_an_idle_stream_gets_the_alert_written_by_the_fan_out_without_waking_its_writer():
    from gorontalo_gateway.streams.alerts import Cursor

    async def scenario():
        hub = Hub()
        subscriber, connection = hub.subscribe("75.03"), _Connection()
        subscriber.write_directly(connection.write, Cursor(0))
        waiting = await _idle_writer(subscriber)
        sent = metrics.SENT["alert.issued"]._value.get()
        assert hub.dispatch(_alert(1, "75")) == 1
        assert hub.dispatch(_alert(2, "75.71")) == 0  # another region
        await asyncio.sleep(0)
        still_waiting = not waiting.done()
        waiting.cancel()
        return connection.written, still_waiting, metrics.SENT["alert.issued"]._value.get() - sent

    written, still_waiting, counted = _run(scenario())
    assert written == [b"1"] and still_waiting and counted == 1


def test_a_connection_that_would_wait_queues_for_the_writer_in_order_and_fills_its_buffer():
    from gorontalo_gateway.streams.alerts import Cursor

    async def scenario():
        hub = Hub(max_pending=2)
        subscriber, connection = hub.subscribe("75.03"), _Connection()
        subscriber.write_directly(connection.write, Cursor(0))
        waiting = await _idle_writer(subscriber)
        connection.full = True
        hub.dispatch(_alert(1, "75.03"))
        queued = [a.seq for a in await asyncio.wait_for(waiting, 1)]  # the writer is woken with it
        connection.full = False
        hub.dispatch(_alert(2, "75.03"))  # the writer is busy (not in take): queued behind, not written past it
        hub.dispatch(_alert(3, "75.03"))
        hub.dispatch(_alert(4, "75.03"))  # a third while the writer never came back: buffer of 2 full
        return queued, connection.written, subscriber.closed.done() and subscriber.closed.result(), hub.client_count

    queued, written, reason, clients = _run(scenario())
    assert queued == [1] and written == [] and reason == SLOW and clients == 0


def test_the_fan_out_skips_what_a_resumed_stream_already_sent_and_writes_heartbeats_itself():
    from gorontalo_gateway.streams.alerts import HEARTBEAT, Cursor

    async def scenario():
        hub = Hub()
        subscriber, connection = hub.subscribe("75"), _Connection()
        subscriber.write_directly(connection.write, Cursor(5))  # the replay went up to 5
        waiting = await _idle_writer(subscriber)
        hub.dispatch(_alert(5, "75"))
        hub.dispatch(_alert(6, "75"))
        pinged = hub.ping_idle(0)
        await asyncio.sleep(0)
        still_waiting = not waiting.done()
        waiting.cancel()
        return connection.written, pinged, still_waiting

    written, pinged, still_waiting = _run(scenario())
    assert written == [b"6", HEARTBEAT] and pinged == 1 and still_waiting
