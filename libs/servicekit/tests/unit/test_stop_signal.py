"""A service stops on SIGTERM even when the kernel hands the signal to another thread.

The child masks SIGTERM in its main thread after starting a helper thread (which keeps it unmasked), so the
kernel must deliver the signal to the helper: exactly what happened in CI when gRPC's threads took it and a
main thread parked in ``Event.wait()`` never woke.
"""

import subprocess
import sys
import textwrap

CHILD = textwrap.dedent(
    """
    import signal, sys, threading
    from servicekit.stop_signal import wait_for_stop_signal

    # A pytest-xdist worker may start this child with signals blocked (the mask is inherited): unblock.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    threading.Thread(target=threading.Event().wait, daemon=True).start()
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    print(wait_for_stop_signal(ready=lambda: print("ready", flush=True)), flush=True)
    """
)


def test_stop_signal_taken_by_another_thread_still_stops_the_main_thread():
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        child.terminate()
        out, _ = child.communicate(timeout=20)
    finally:
        child.kill()
    assert child.returncode == 0
    assert out.strip() == "SIGTERM"


def test_ctrl_c_is_named():
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        child.send_signal(2)
        out, _ = child.communicate(timeout=20)
    finally:
        child.kill()
    assert out.strip() == "SIGINT"


def test_a_process_whose_worker_died_stops_waiting_without_a_signal():
    import threading

    from servicekit.stop_signal import WORK_ENDED, wait_for_stop_signal

    worker = threading.Thread(target=lambda: None)  # a work loop that ends at once (it raised)
    assert wait_for_stop_signal(ready=worker.start, working=worker.is_alive) == WORK_ENDED
