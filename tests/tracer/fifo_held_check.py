#!/usr/bin/env python3
"""fifo_held_check.py — a FIFO made and written outside the trace, read by a traced program that
opens it the way the filter lets pass (like a library: O_RDONLY|O_CLOEXEC), never waits on it and
exits holding it. Nothing is trapped for it, so only the reader's exit stop can see it: the log
must hold its read end, learnt at the exit (late "exit"). With --every-open the open itself is
seen, when it is made (no "late").

No handshake is needed: this script holds the FIFO open for reading and writing (which does not
block) and puts the line in before the tracer starts, so the reader's open and read return at
once; the script closes its end after the tracer is done.

Usage: fifo_held_check.py --tracer RUNNER [--every-open] --prog FIFO_HOLD --fifo PATH --log LOG
"""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_log  # noqa: E402

DEADLINE_S = 60


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tracer", required=True)
    ap.add_argument("--every-open", action="store_true")
    ap.add_argument("--prog", required=True)
    ap.add_argument("--fifo", required=True)
    ap.add_argument("--log", required=True)
    a = ap.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(a.log)), exist_ok=True)
    for p in (a.fifo, a.log):
        if os.path.lexists(p):
            os.unlink(p)
    os.mkfifo(a.fifo, 0o600)
    fd = os.open(a.fifo, os.O_RDWR)
    os.write(fd, b"hello\n")
    fails = []
    cmd = [a.tracer] + (["--every-open"] if a.every_open else []) + [a.log, a.prog, a.fifo]
    try:
        run = subprocess.run(cmd, stderr=subprocess.PIPE, timeout=DEADLINE_S)
        if run.returncode != 0:
            fails.append(f"tracer status {run.returncode}: "
                         f"{run.stderr.decode(errors='replace')}")
    except subprocess.TimeoutExpired:
        fails.append(f"the trace did not end in {DEADLINE_S} s")
    os.close(fd)
    os.unlink(a.fifo)
    evs, errors = validate_log.validate(a.log)
    fails += errors
    opens = [e for e in evs or [] if e["type"] == "open"]
    want = None if a.every_open else "exit"
    if not (len(opens) == 1 and opens[0].get("late") == want and opens[0]["access"] == "read"
            and opens[0]["path"] == os.path.abspath(a.fifo)):
        fails.append(f"the reader's end, late {want}: {opens}")
    waits = [e for e in evs or [] if e["type"] == "sched_wait"]
    if waits:
        fails.append(f"the reader was not to wait (the line was there first): {waits}")
    for m in fails:
        print(f"fifo_held: {m}", file=sys.stderr)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
