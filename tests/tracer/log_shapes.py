#!/usr/bin/env python3
"""log_shapes.py — did a tracer change alter what the log says? (a refactoring check, not a test)

  log_shapes.py capture --ptviz PTVIZ --samples DIR --progs DIR OUT
      trace a fixed set of workloads (every sample, the corner-case programs of progs/, option
      variants, a shell pipeline, `make -j2` of a generated project) into OUT/NAME.jsonl
  log_shapes.py compare A B [C...]
      per log: the multiset of (event type, sorted field names, enumerated field values) of A
      against each later directory; pids, times, paths, counts differ between runs, shapes must not.
  log_shapes.py judge --base A1 A2... --new B1 B2...
      the same over several runs of each side: a shape seen on one side only is a difference;
      a count outside the range the base runs show is reported as a race to look at (the samples
      race by design: how many state brackets a sleep gets, how SIGCHLDs coalesce, io chunking).
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

# Fields whose values are words of the log's vocabulary (or a closed set), compared by value.
WORDS = {"mode", "via", "state", "reason", "access", "late", "op", "kind", "signal", "code", "on",
         "prot", "flags", "anon", "nonblock", "core", "argv_truncated", "options"}

SAMPLE_ARGS = {"many_children": ["200"], "malloc_churn": ["200"], "fork_exec_true": ["50"],
               "pipe_pump": ["8"], "fork_tree": ["100"], "leaky_server": ["10", "1"]}
SKIP = {"fifo_reader", "fifo_writer"}   # helpers of fifo_pair


def workloads(samples, progs):
    w = []
    for name in sorted(os.listdir(samples)):
        exe = os.path.join(samples, name)
        if name in SKIP or not os.path.isfile(exe) or not os.access(exe, os.X_OK):
            continue
        w.append((name, [], [exe] + SAMPLE_ARGS.get(name, [])))
    s = lambda n, *a: [os.path.join(samples, n)] + list(a)
    p = lambda n, *a: [os.path.join(progs, "tprog_" + n)] + list(a)
    for n in ("pipe_ps_grep", "fifo_pair"):
        w.append(("io_" + n, ["--io"], s(n)))
    w.append(("io_pipe_pump", ["--io"], s("pipe_pump", "1")))
    for n in ("fork_basic", "pipe_siblings", "mmap_fork", "zombie", "exec_ls", "spawn",
              "wait_status", "fifo_pair", "sigpipe", "autoreap"):
        w.append(("k_" + n, ["-k"], s(n)))
    for n in ("states", "stop_cont", "spawn", "thread_exec", "pipe_ps_grep", "exec_ls",
              "fork_nobreak", "fifo_pair", "mmap_fork", "zombie"):
        w.append(("noseccomp_" + n, ["--no-seccomp"], s(n)))
    for n in ("orphan", "fork_loop", "daemon"):
        w.append(("subreaper_" + n, ["--subreaper"], s(n)))
    w += [("exit_code3", [], p("exit_code", "3")), ("exit_sigterm", [], p("exit_code", "-15")),
          ("fork_tree2", [], p("fork_tree2")), ("threads_exit", [], p("threads_exit")),
          ("munmap_scan", [], p("munmap_scan")), ("pgroup_waitid", [], p("pgroup_waitid")),
          ("fd_reuse", [], p("fd_reuse")), ("sigchld_handler", [], p("sigchld_handler")),
          ("sigchld_ign", [], p("sigchld_ign_exec", "ign")),
          ("nocldwait", [], p("sigchld_ign_exec", "nocldwait")),
          ("fifo_late", [], p("fifo_late", "@DIR")), ("fifo_late_every", ["--every-open"],
                                                      p("fifo_late", "@DIR")),
          ("open_flags", [], p("open_flags", "@DIR")),
          ("open_flags_every", ["--every-open"], p("open_flags", "@DIR")),
          ("k_fd_reuse", ["-k"], p("fd_reuse")),
          ("sh_pipeline", [], ["sh", "-c", "ps aux | grep -c ps"]),
          ("make_j2", [], ["make", "-s", "-B", "-j2", "-C", "@PROJ"]),
          ("k_make_j2", ["-k"], ["make", "-s", "-B", "-j2", "-C", "@PROJ"])]
    return w


def make_project(root, nfiles=10):
    """The same kind of project as bench/run's make_j2 workload."""
    os.makedirs(root, exist_ok=True)
    objs = []
    for i in range(nfiles):
        with open(os.path.join(root, f"f{i}.c"), "w") as f:
            f.write(f"#include <string.h>\nint f{i}(int x)\n{{\n\treturn x * {i + 3} + "
                    f"(int)strlen(\"f{i}\");\n}}\n")
        objs.append(f"f{i}.o")
    with open(os.path.join(root, "main.c"), "w") as f:
        f.write("".join(f"int f{i}(int x);\n" for i in range(nfiles)))
        f.write("#include <stdio.h>\nint main(void)\n{\n\tlong s = 0;\n")
        f.write("".join(f"\ts += f{i}({i});\n" for i in range(nfiles)))
        f.write('\tprintf("%ld\\n", s);\n\treturn 0;\n}\n')
    objs.append("main.o")
    with open(os.path.join(root, "Makefile"), "w") as f:
        f.write(f"CFLAGS = -O1\nprog: {' '.join(objs)}\n\t$(CC) -o $@ $^\n"
                "%.o: %.c\n\t$(CC) $(CFLAGS) -c -o $@ $<\n")


def capture(args):
    os.makedirs(args.out, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="log_shapes.") as tmp:
        proj = os.path.join(tmp, "project")
        make_project(proj)
        for name, opts, cmd in workloads(args.samples, args.progs):
            work = os.path.join(tmp, name)
            os.makedirs(os.path.join(work, "tmp"))
            cmd = [c.replace("@DIR", work).replace("@PROJ", proj) for c in cmd]
            log = os.path.join(args.out, name + ".jsonl")
            env = dict(os.environ, TMPDIR=os.path.join(work, "tmp"))
            r = subprocess.run([args.ptviz, "record", "-o", log] + opts + ["--"] + cmd, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300)
            print(f"{name}: exit {r.returncode}", file=sys.stderr)


def shape(ev):
    """(type, sorted field names, enumerated values) of one event."""
    words = tuple(sorted((k, json.dumps(v, sort_keys=True)) for k, v in ev.items() if k in WORDS))
    return (ev.get("type"), tuple(sorted(ev)), words)


def shapes(path):
    c = collections.Counter()
    with open(path) as f:
        for line in f:
            c[shape(json.loads(line))] += 1
    return c


def diff(a, b):
    """Shapes whose counts differ: [(shape, count in a, count in b)]."""
    return [(k, a[k], b[k]) for k in sorted(set(a) | set(b), key=repr) if a[k] != b[k]]


def show(k):
    t, fields, words = k
    return f"{t} {{{','.join(fields)}}} {dict(words)}"


def compare(args):
    base, others = args.dirs[0], args.dirs[1:]
    names = sorted(n for n in os.listdir(base) if n.endswith(".jsonl"))
    same = 0
    for n in names:
        got = [shapes(os.path.join(d, n)) if os.path.exists(os.path.join(d, n)) else None
               for d in args.dirs]
        if any(g is None for g in got):
            print(f"{n}: missing in {[d for d, g in zip(args.dirs, got) if g is None]}")
            continue
        diffs = [diff(got[0], g) for g in got[1:]]
        if not any(diffs):
            same += 1
            continue
        print(f"{n}: {sum(got[0].values())} events in {base}")
        for d, dd in zip(others, diffs):
            for k, ca, cb in dd:
                print(f"    {d}: {ca} -> {cb}  {show(k)}")
    print(f"{same} of {len(names)} logs have the same shapes in all of {', '.join(args.dirs)}")


def judge(args):
    names = sorted(n for n in os.listdir(args.base[0]) if n.endswith(".jsonl"))
    shape_diffs = count_diffs = 0
    for n in names:
        base = [shapes(os.path.join(d, n)) for d in args.base]
        new = [shapes(os.path.join(d, n)) for d in args.new]
        seen_base = set().union(*base)
        seen_new = set().union(*new)
        for k in sorted(seen_base ^ seen_new, key=repr):
            shape_diffs += 1
            side = "base only" if k in seen_base else "new only"
            print(f"{n}: SHAPE {side}: {show(k)}")
        for k in sorted(seen_base & seen_new, key=repr):
            lo, hi = min(c[k] for c in base), max(c[k] for c in base)
            out = [c[k] for c in new if not lo <= c[k] <= hi]
            if out:
                count_diffs += 1
                print(f"{n}: count {[c[k] for c in new]} vs base {[c[k] for c in base]}: {show(k)}")
    print(f"{len(names)} logs, {len(args.base)} base and {len(args.new)} new runs: "
          f"{shape_diffs} shape differences, {count_diffs} counts outside the base range")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("capture")
    c.add_argument("--ptviz", required=True)
    c.add_argument("--samples", required=True)
    c.add_argument("--progs", required=True)
    c.add_argument("out")
    m = sub.add_parser("compare")
    m.add_argument("dirs", nargs="+")
    j = sub.add_parser("judge")
    j.add_argument("--base", nargs="+", required=True)
    j.add_argument("--new", nargs="+", required=True)
    a = ap.parse_args()
    {"capture": capture, "compare": compare, "judge": judge}[a.cmd](a)


if __name__ == "__main__":
    main()
