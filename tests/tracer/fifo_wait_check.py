#!/usr/bin/env python3
"""fifo_wait_check.py — a FIFO made and written outside the trace, read by a traced program that
opens it the way the filter lets pass and exits holding it: no FIFO is in the trace until the
scheduler's records show the reader asleep on it (a sched_wait), which makes ptviz stop it at its
exit, where the FIFO is learnt (open, late "exit").

The writer here waits for that sched_wait in the log before it writes (a handshake on what the
tracer wrote, not a sleep). Skipped (77) when the scheduler's records are refused.

Usage: fifo_wait_check.py --tracer RUNNER --prog FIFO_HOLD --fifo PATH --log LOG
"""
import argparse
import errno
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_log  # noqa: E402

DEADLINE_S = 30


def events(path):
    try:
        with open(path) as f:
            return [json.loads(l) for l in f if l.endswith("\n")]
    except (OSError, ValueError):
        return []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tracer", required=True)
    ap.add_argument("--prog", required=True)
    ap.add_argument("--fifo", required=True)
    ap.add_argument("--log", required=True)
    a = ap.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(a.log)), exist_ok=True)
    for p in (a.fifo, a.log):
        if os.path.lexists(p):
            os.unlink(p)
    os.mkfifo(a.fifo, 0o600)
    tracer = subprocess.Popen([a.tracer, a.log, a.prog, a.fifo], stderr=subprocess.PIPE)
    deadline = time.monotonic() + DEADLINE_S
    fd, skip, fails = -1, False, []
    # The reader's open pairs with ours: O_NONBLOCK fails with ENXIO until it has its end.
    while fd < 0 and time.monotonic() < deadline and tracer.poll() is None:
        try:
            fd = os.open(a.fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as e:
            if e.errno != errno.ENXIO:
                raise
            time.sleep(0.01)
    if fd < 0:
        fails.append("the traced reader never opened the FIFO")
    else:
        while time.monotonic() < deadline:
            evs = events(a.log)
            if evs and evs[0].get("sched") == "none":
                skip = True
                break
            if any(e["type"] == "sched_wait" for e in evs):
                break
            time.sleep(0.02)
        else:
            fails.append("no sched_wait for the reader in the log")
        os.write(fd, b"hello\n")
        os.close(fd)
    try:
        rc = tracer.wait(timeout=DEADLINE_S)
    except subprocess.TimeoutExpired:
        tracer.kill()
        rc = tracer.wait()
    os.unlink(a.fifo)
    if skip:
        print("fifo_wait: skipped: the scheduler's records are refused here", file=sys.stderr)
        return 77
    if rc != 0:
        fails.append(f"tracer status {rc}: {tracer.stderr.read().decode(errors='replace')}")
    evs, errors = validate_log.validate(a.log)
    fails += errors
    opens = [e for e in evs or [] if e["type"] == "open"]
    if not (len(opens) == 1 and opens[0].get("late") == "exit" and opens[0]["access"] == "read"
            and opens[0]["path"] == os.path.abspath(a.fifo)):
        fails.append(f"the reader's end learnt at its exit: {opens}")
    for m in fails:
        print(f"fifo_wait: {m}", file=sys.stderr)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
