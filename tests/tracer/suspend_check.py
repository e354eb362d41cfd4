#!/usr/bin/env python3
"""suspend_check.py — Ctrl-Z while a program cannot take its stop yet: the tracer stops itself
only after the program has taken SIGTSTP, so the stop is recorded and `fg`'s SIGCONT (which
discards a pending stop signal) continues both.

The target (progs/vfork_tstp.c) sits in vfork for 500 ms after it says "ready", SIGTSTP pending.
A tracer that stopped after a fixed quiet time would stop first; the SIGCONT sent once it is
stopped would discard the program's SIGTSTP, and its stop would be missing from the log.

Usage: suspend_check.py --tracer RUNNER --target TARGET --log LOG
"""
import argparse
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_log  # noqa: E402
from proc_state import state_of  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tracer", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--log", required=True)
    a = ap.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(a.log)), exist_ok=True)
    # The job: the tracer and its program in a process group of their own, as a shell makes it.
    tracer = subprocess.Popen([a.tracer, a.log, a.target], stdout=subprocess.PIPE,
                              process_group=0)
    fails = []
    ready = tracer.stdout.readline().strip()
    if ready != b"ready":
        fails.append(f"target did not start: {ready!r}")
        tracer.kill()
        tracer.wait()
    else:
        os.killpg(tracer.pid, signal.SIGTSTP)   # Ctrl-Z
        deadline = time.monotonic() + 30
        while state_of(tracer.pid) != "T" and time.monotonic() < deadline:
            time.sleep(0.01)
        if state_of(tracer.pid) != "T":
            fails.append(f"the tracer did not stop with its job (state {state_of(tracer.pid)})")
        os.killpg(tracer.pid, signal.SIGCONT)   # fg
        rc = tracer.wait(timeout=60)
        if rc != 0:
            fails.append(f"status {rc}, want 0")
        events, errors = validate_log.validate(a.log)
        fails += errors
        root = events[0].get("root") if events else None
        stopped = [e for e in events if e["type"] == "state" and e.get("pid") == root and
                   e.get("state") == "stopped" and e.get("signal") == "SIGTSTP"]
        if len(stopped) != 1:
            fails.append(f"the program's stop by SIGTSTP recorded {len(stopped)} times, want 1")
    for f in fails:
        print(f"suspend: {f}", file=sys.stderr)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
