#!/usr/bin/env python3
"""gen_scale.py KIND N — write a valid ptviz log (docs/event-log.md) of a load shape to stdout.

  pipes_forks N  one process makes N pipes, forking a child after each one (the child inherits
                 every end made so far, exits, is reaped): issue #18's 3,000 pipes and 3,000 forks.
  many_fds N     one process holds N pipes at once; 4 children inherit all their ends and close
                 them one by one; then the parent closes its own (linear facts, N-fold work each).
  shared_map N   one process maps a shared region, then forks a tree of N processes that all
                 inherit the mapping (each child forks the next while the first ones stay alive).
"""
import json
import sys

ROOT = 100


def main():
    kind, n = sys.argv[1], int(sys.argv[2])
    t = [0]
    out = []
    count = [0]

    def ev(**kw):
        t[0] += 10
        rec = {"t": t[0]}
        rec.update(kw)
        out.append(json.dumps(rec, separators=(",", ":")))
        count[0] += 1

    hdr = {"type": "header", "format": "ptviz", "version": 1, "t": 0, "clock": "CLOCK_MONOTONIC",
           "kernel": "6.1.0", "start_unix_ns": 1795000000000000000, "pid": ROOT, "root": ROOT,
           "tracer_pid": 99, "mode": "launch", "argv": ["load", kind, str(n)],
           "options": {"io": False, "stacks": False, "subreaper": False, "seccomp": True}}
    print(json.dumps(hdr, separators=(",", ":")))
    ev(type="exec", pid=ROOT, path="/usr/bin/load", argv=["load", kind, str(n)])
    if kind == "pipes_forks":
        for i in range(n):
            child = 1000 + i
            ev(type="pipe", pid=ROOT, fds=[3 + 2 * i, 4 + 2 * i], ino=50000 + i, flags=[])
            ev(type="fork", pid=ROOT, child=child, via="fork")
            ev(type="exit", pid=child, code=0)
            ev(type="reap", pid=ROOT, child=child, via="wait4")
    elif kind == "many_fds":
        # N pipes held at once, 4 children that inherit all 2N ends and close them one by one,
        # then the parent closes its own: the facts grow linearly in N.
        for i in range(n):
            ev(type="pipe", pid=ROOT, fds=[3 + 2 * i, 4 + 2 * i], ino=50000 + i, flags=[])
        for c in range(4):
            child = 1000 + c
            ev(type="fork", pid=ROOT, child=child, via="fork")
            for fd in range(3, 3 + 2 * n):
                ev(type="close", pid=child, fd=fd, ino=50000 + (fd - 3) // 2, via="close")
            ev(type="exit", pid=child, code=0)
            ev(type="reap", pid=ROOT, child=child, via="wait4")
        for fd in range(3, 3 + 2 * n):
            ev(type="close", pid=ROOT, fd=fd, ino=50000 + (fd - 3) // 2, via="close")
    elif kind == "shared_map":
        mapping = dict(addr="0x7f3a2c000000", len=4096, prot="rw-",
                       flags=["MAP_SHARED", "MAP_ANONYMOUS"], region="0:1:5678", anon=True)
        ev(type="mmap", pid=ROOT, **mapping)
        # A tree: process k forks 2k+1 and 2k+2 (breadth first), all alive until the end.
        pids = [ROOT] + [1000 + i for i in range(n)]
        for k in range(1, n + 1):
            parent = pids[(k - 1) // 2]
            ev(type="fork", pid=parent, child=pids[k], via="fork")
            ev(type="mmap", pid=pids[k], via="fork", **mapping)
        for k in range(n, 0, -1):
            ev(type="exit", pid=pids[k], code=0)
            ev(type="reap", pid=pids[(k - 1) // 2], child=pids[k], via="wait4")
    else:
        sys.exit("gen_scale.py: unknown kind " + kind)
    ev(type="exit", pid=ROOT, code=0)
    ev(type="reap", pid=99, child=ROOT, via="tracer")
    print("\n".join(out))
    t[0] += 10
    print(json.dumps({"t": t[0], "type": "end", "pid": ROOT, "status": 0, "reason": "exited",
                      "events": count[0]}, separators=(",", ":")))


main()
