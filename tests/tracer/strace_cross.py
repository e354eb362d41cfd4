#!/usr/bin/env python3
"""strace_cross.py — cross-check the tracer against strace on the same workload.

Runs `strace -f -e trace=process` and the tracer on PROG ARGS, and compares what both saw: the
fork tree (parent -> child), the programs each process exec'd, and every exit status. Pids differ
between the two runs, so each trace is reduced to a canonical tree first.

Usage: strace_cross.py --tracer RUNNER --strace STRACE --dir DIR -- PROG ARGS
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_log  # noqa: E402

CREATE = ("clone", "clone3", "fork", "vfork")
LINE = re.compile(r"^(\d+) +(.*)$")


def parse_strace(path):
    """(root, children, execs, exits) from an strace -f -o file."""
    children, execs, exits, pending, root = {}, {}, {}, {}, None
    for line in open(path, encoding="utf-8", errors="replace"):
        m = LINE.match(line.rstrip("\n"))
        if not m:
            continue
        pid, rest = int(m.group(1)), m.group(2)
        root = pid if root is None else root
        if rest.endswith("<unfinished ...>"):
            pending[pid] = rest
            continue
        r = re.match(r"<\.\.\. (\w+) resumed>(.*)$", rest)
        if r:
            rest = pending.pop(pid, r.group(1) + "(") + r.group(2)
        call = re.match(r"(\w+)\((.*)\) += (-?\d+)", rest)
        if call:
            name, args, ret = call.group(1), call.group(2), int(call.group(3))
            if name in CREATE and ret > 0 and "CLONE_THREAD" not in args:
                children.setdefault(pid, []).append(ret)
            elif name in ("execve", "execveat") and ret == 0:
                p = re.match(r'(?:\w+, )?"([^"]*)"', args)
                if p:
                    execs.setdefault(pid, []).append(os.path.basename(os.path.realpath(p.group(1))))
            continue
        e = re.match(r"\+\+\+ exited with (\d+) \+\+\+", rest)
        if e:
            exits[pid] = ("code", int(e.group(1)))
        k = re.match(r"\+\+\+ killed by (SIG\w+)", rest)
        if k:
            exits[pid] = ("signal", k.group(1))
    return root, children, execs, exits


def parse_log(path):
    events, errors = validate_log.validate(path)
    if errors:
        raise SystemExit("\n".join(errors))
    root = events[0]["root"]
    children, execs, exits = {}, {}, {}
    for e in events[1:-1]:
        if e["type"] == "fork":
            children.setdefault(e["pid"], []).append(e["child"])
        elif e["type"] == "exec":
            execs.setdefault(e["pid"], []).append(os.path.basename(e["path"]))
        elif e["type"] == "exit":
            exits[e["pid"]] = ("code", e["code"]) if "code" in e else ("signal", e["signal"])
    return root, children, execs, exits


def canon(tree, pid):
    """A pid-free description of the subtree at pid."""
    _, children, execs, exits = tree
    kids = sorted(canon(tree, c) for c in children.get(pid, []))
    return "(%s exit=%s [%s])" % ("+".join(execs.get(pid, [])), exits.get(pid), " ".join(kids))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tracer", required=True)
    ap.add_argument("--strace", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("cmd", nargs="+")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    st_out = os.path.join(a.dir, "strace.txt")
    log = os.path.join(a.dir, "ptviz.jsonl")
    subprocess.run([a.strace, "-f", "-q", "-e", "trace=process", "-o", st_out] + a.cmd,
                   stdout=subprocess.DEVNULL, check=True, timeout=120)
    subprocess.run([a.tracer, log] + a.cmd, stdout=subprocess.DEVNULL, check=True, timeout=120)
    s, p = parse_strace(st_out), parse_log(log)
    cs, cp = canon(s, s[0]), canon(p, p[0])
    if cs != cp:
        print(f"strace: {cs}\nptviz:  {cp}", file=sys.stderr)
        return 1
    print(cp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
