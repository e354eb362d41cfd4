#!/usr/bin/env python3
"""stop_check.py — a launched tree is killed when the tracer is asked to stop (SIGTERM to the
driver, or the time limit), the log is finished, and nothing is left stopped or running.

Usage: stop_check.py --tracer RUNNER --target TARGET --log LOG (sigterm|timelimit)
"""
import argparse
import os
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_log  # noqa: E402
from proc_state import state_of  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tracer", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("mode", choices=["sigterm", "timelimit"])
    a = ap.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(a.log)), exist_ok=True)
    opts = ["--time-limit", "0.5"] if a.mode == "timelimit" else []
    tracer = subprocess.Popen([a.tracer] + opts + [a.log, a.target], stdout=subprocess.PIPE)
    ready = tracer.stdout.readline().split()   # the traced program's own stdout, untouched
    fails = []
    if len(ready) != 3 and a.mode == "sigterm":
        fails.append(f"target did not start: {ready}")
        tracer.kill()
    else:
        # (With the time limit the tree may be killed before it printed, on a loaded machine:
        # then only the log can be checked.)
        if a.mode == "sigterm":
            tracer.send_signal(signal.SIGTERM)
        rc = tracer.wait(timeout=30)
        if rc != 128 + signal.SIGKILL:
            fails.append(f"status {rc}: the root was killed, want {128 + signal.SIGKILL}")
        for pid in (int(x) for x in ready[1:3]):
            st = state_of(pid)
            if st not in (None, "Z"):
                fails.append(f"{pid} left behind in state {st}")
        events, errors = validate_log.validate(a.log)
        fails += errors
        if events and events[-1].get("reason") != "interrupted":
            fails.append(f"end reason {events[-1].get('reason')}")
        killed = [e for e in events if e["type"] == "exit" and e.get("signal") == "SIGKILL"]
        forks = [e for e in events if e["type"] == "fork"]
        if len(killed) != 1 + len(forks) or (ready and len(forks) != 1):
            fails.append(f"every process killed: {killed}, forks {forks}")
    for f in fails:
        print(f"stop {a.mode}: {f}", file=sys.stderr)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
