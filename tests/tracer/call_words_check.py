#!/usr/bin/env python3
"""call_words_check.py — with -k the timeline labels a blocked stretch with the libc function the
program called, the words of a course, and keeps the system call in the tooltip (#14).

Runs progs/call_words (usleep, system, read on a pipe, waitpid) under `ptviz record -k --io`, draws
the timeline as DOT and reads the labels' tooltips ("blocked in WORD (system call CALL)") of the
root process.

Usage: call_words_check.py PTVIZ PROG WORKDIR
"""
import json
import os
import re
import subprocess
import sys


def main():
    ptviz, prog, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    log = os.path.join(work, "call_words.jsonl")
    r = subprocess.run([ptviz, "record", "-k", "--io", "-o", log, "--", prog], capture_output=True, text=True)
    if r.returncode != 0:
        print(f"call_words: exit {r.returncode}: {r.stderr}", file=sys.stderr)
        return 1
    root = json.loads(open(log).readline())["root"]
    dot = subprocess.run([ptviz, "render", log, "--timeline", "-", "--format", "dot"],
                         capture_output=True, text=True, check=True).stdout.replace("\\\n", "")
    # the labels' tooltips, on every lane; the lane's own bars name the pid
    words = set(re.findall(r'tooltip="blocked in ([^ ]+) \(system call ([a-z0-9_]+)', dot))
    bars = set(re.findall(r'tooltip="%d [^:"]*: blocked in ([^ ]+) \(system call ([a-z0-9_]+)' % root, dot))
    fails = []
    want = [
        ("usleep", ("clock_nanosleep", "nanosleep")),   # not "sleep" nor the syscall
        ("system", ("wait4",)),                          # system()'s wait for sh
        ("read", ("read",)),                             # read() on the pipe (--io traps it)
        ("waitpid", ("wait4",)),                         # waitpid(): the syscall is wait4
    ]
    for word, calls in want:
        if not any((word, c) in bars for c in calls):
            fails.append(f"root {root} has no stretch 'blocked in {word}' (system call {'/'.join(calls)}): {sorted(bars)}")
    # Labels over the bars give way to other marks where they would overlap (the exec's name,
    # a reap's call), so only some are sure to be drawn: the children's 60 ms usleep()s.
    if ("usleep", "clock_nanosleep") not in words and ("usleep", "nanosleep") not in words:
        fails.append(f"no label 'usleep' over a children's sleep: {sorted(words)}")
    # system()'s posix_spawn (a vfork, a few ms: drawn when wide enough) is system too
    spawn = {w for w, c in bars | words if c == "vfork"}
    if spawn - {"system"}:
        fails.append(f"system()'s vfork labelled {spawn}, want system")
    # the raw syscall name is never the label where the stack named the function
    if any(w in ("clock_nanosleep", "wait4") for w, _ in bars | words):
        fails.append(f"a raw system call as the label: {sorted(bars)}")
    for f in fails:
        print(f"call_words: {f}", file=sys.stderr)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
