#!/usr/bin/env python3
"""attach_check.py — attach mode (-p): follow an existing tree, or let go of it on request.

Starts progs/attach_target, attaches the tracer to it, waits until the log shows the attach
events, then either lets the target finish under the tracer ("follow") or stops the tracer with
SIGTERM and checks the tree goes on untraced ("detach").

Usage: attach_check.py --tracer RUNNER --target TARGET --log LOG [--exact] (follow|detach|wait)
("wait": the parent is already blocked in waitpid() when the tracer attaches.) Without --exact the
tracer stops only at ptrace events: reaps are "observed" (by the zombie's parent at that moment);
with it, every syscall stops and the reaper's wait4 is seen.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_log  # noqa: E402


def wait_for_attach(log, pids, tracer, deadline=20.0):
    """Poll the log (bounded) until every pid has its attach event."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if tracer.poll() is not None:
            break
        try:
            lines = open(log).read().splitlines()
        except FileNotFoundError:
            lines = []
        seen = set()
        for l in lines:
            try:
                e = json.loads(l)
            except ValueError:
                continue
            if e.get("type") == "attach":
                seen.add(e["pid"])
        if pids <= seen:
            return True
        time.sleep(0.02)
    return False


def tracer_pid_of(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("TracerPid:"):
            return int(line.split()[1])
    return -1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tracer", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--exact", action="store_true")
    ap.add_argument("mode", choices=["follow", "detach", "wait"])
    a = ap.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(a.log)), exist_ok=True)
    if os.path.exists(a.log):
        os.unlink(a.log)
    fails = []
    target = subprocess.Popen([a.target] + (["wait"] if a.mode == "wait" else []), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    ready = target.stdout.readline().split()
    root, sleeper, zombie = (int(x) for x in ready[1:4])
    tracer = subprocess.Popen([a.tracer] + (["--exact"] if a.exact else []) + [a.log, "-p", str(root)],
                              stderr=subprocess.PIPE)
    reap_via = "wait4" if a.exact else "observed"
    if not wait_for_attach(a.log, {root, sleeper, zombie}, tracer):
        fails.append("attach events did not appear")
    if a.mode == "detach":
        tracer.send_signal(signal.SIGTERM)
        tracer.wait(timeout=30)
        for p in (root, sleeper):
            if tracer_pid_of(p) != 0:
                fails.append(f"{p} still traced after detach")
    target.stdin.write(b"go\n")
    target.stdin.flush()
    status = target.wait(timeout=30)
    if status != 7:
        fails.append(f"target exit status {status}, want 7 (it must run on normally)")
    if a.mode in ("follow", "wait"):
        rc = tracer.wait(timeout=30)
        if rc != 7:
            fails.append(f"tracer status {rc}, want the root's 7: {tracer.stderr.read().decode()}")
    events, errors = validate_log.validate(a.log)
    fails += errors
    by = lambda t: [e for e in events if e["type"] == t]
    att = {e["pid"]: e for e in by("attach")}
    if att.get(root, {}).get("state") != "running" or att.get(sleeper, {}).get("parent") != root:
        fails.append(f"attach events: {att}")
    if att.get(zombie, {}).get("state") != "zombie":
        fails.append(f"the zombie is reported as one: {att.get(zombie)}")
    if events[0].get("mode") != "attach" or events[0].get("root") != root:
        fails.append("header mode/root")
    if events[0].get("attach_mode") != ("exact" if a.exact else "events"):
        fails.append(f"header attach_mode {events[0].get('attach_mode')}")
    if a.mode == "follow":
        forks = [e for e in by("fork") if e["pid"] == root]
        execs = [e for e in by("exec") if forks and e["pid"] == forks[0]["child"]]
        if len(forks) != 1 or not execs or os.path.basename(execs[0]["path"]) != "true":
            fails.append(f"new child and its exec: {forks} {execs}")
        reaps = {e["child"]: e for e in by("reap")}
        if reaps.get(zombie, {}).get("pid") != root or reaps.get(zombie, {}).get("via") != reap_via:
            fails.append(f"the zombie is reaped by its parent: {reaps.get(zombie)}")
        ex = [e for e in by("exit") if e["pid"] == root]
        if not ex or ex[0].get("code") != 7 or events[-1].get("reason") != "exited":
            fails.append(f"root exit {ex}, end {events[-1]}")
    elif a.mode == "wait":
        # The parent was inside waitpid() when the tracer attached: the reap is still seen.
        reaps = {e["child"]: e for e in by("reap")}
        for c in (sleeper, zombie):
            if reaps.get(c, {}).get("pid") != root or reaps.get(c, {}).get("via") != reap_via:
                fails.append(f"{c} reaped by the parent via {reap_via}: {reaps.get(c)}")
        ex = [e for e in by("exit") if e["pid"] == sleeper]
        if not ex or ex[0].get("code") != 5:
            fails.append(f"sleeper exit {ex}")
    else:
        det = {e["pid"] for e in by("detach")}
        if not {root, sleeper} <= det:
            fails.append(f"detach events for {det}")
        if events[-1].get("reason") != "detached":
            fails.append(f"end reason {events[-1].get('reason')}")
    for f in fails:
        print(f"attach {a.mode}: {f}", file=sys.stderr)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
