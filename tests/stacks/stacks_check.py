#!/usr/bin/env python3
"""stacks_check.py — trace a sample with `ptviz record -k` and check its call-site stacks.

The expected lines come from the sample's own source: every line holding a fork( call (or the
call of the event's kind) is a valid call site, so the test follows the source when it changes.
The call site of an event is its innermost frame in the sample's executable (the program's own
code, not libc's wrapper); it must name the sample's .c file at one of those lines.

Usage: stacks_check.py --ptviz PTVIZ --validate validate_log.py --log LOG [--src SAMPLE.c]
                       [--report] [--stripped|--jit] [--status N] [--depth N] -- PROGRAM [ARGS...]
       stacks_check.py ... --run DIR ...   (`ptviz -k -O DIR` instead of `ptviz record -k`; the
                                            tree it draws must show the leaks' call site)
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

# What each event's call site must be: a line of the sample holding one of these calls.
# posix_spawn() and system() create their child through clone/vfork inside libc; system() also
# reaps it there, so its line is the call site of that reap too.
CALLS = {
    "fork": r"\b(fork|vfork|posix_spawnp?|system)\s*\(",
    "exec": r"\bexec(l|lp|le|v|vp|vpe|ve)\s*\(|\bposix_spawnp?\s*\(|\bsystem\s*\(",
    "reap": r"\b(wait|waitpid|waitid|wait3|wait4)\s*\(|\bsystem\s*\(",
    "pipe": r"\bpipe2?\s*\(",
    "mmap": r"\bmmap\s*\(",
    "kill": r"\b(kill|killpg|raise)\s*\(",
}


class Failures:
    def __init__(self):
        self.msgs = []

    def check(self, cond, msg):
        if not cond:
            self.msgs.append(msg)
        return bool(cond)


def is_code_line(text):
    """False for comment lines: a comment naming fork() is not a call site."""
    s = text.strip()
    return s and not s.startswith(("*", "/*", "//"))


def code_of(text):
    """The line without its string literals and trailing comment: printf("wait()ed") calls
    nothing."""
    return re.sub(r"//.*|/\*.*?(\*/|$)", "", re.sub(r'"(\\.|[^"\\])*"', '""', text))


def call_lines(src_lines, pattern):
    """Lines of the source where a call matching pattern is written, with the continuation
    lines of its statement (a call split over lines may be attributed to any of them)."""
    rx = re.compile(pattern)
    out = set()
    for i, text in enumerate(src_lines):
        if not is_code_line(text) or not rx.search(code_of(text)):
            continue
        j = i
        out.add(j + 1)
        while j + 1 < len(src_lines) and j - i < 6 and not src_lines[j].rstrip().endswith((";", "{", "}")):
            j += 1
            out.add(j + 1)
    return out


def read_log(path, f):
    events = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                events.append(json.loads(line))
            except ValueError as e:
                f.check(False, f"{path}:{n}: not JSON: {e}")
    return events


def same_file(a, b):
    return bool(a) and bool(b) and os.path.realpath(a) == os.path.realpath(b)


def call_site(stack, exe):
    """The innermost frame of the program's own executable, or None."""
    for fr in stack:
        if same_file(fr.get("obj"), exe):
            return fr
    return None


def running_sample(events, root, exe):
    """For each event index, whether its pid was running exe at that moment (fork copies the
    parent's image, exec replaces it; the exec event itself belongs to the old image)."""
    image = {root: os.path.realpath(exe)}
    out = []
    for e in events:
        pid = e.get("pid")
        out.append(image.get(pid) == os.path.realpath(exe))
        if e.get("type") == "fork":
            image[e["child"]] = image.get(pid)
        elif e.get("type") == "exec":
            image[pid] = os.path.realpath(e["path"])
    return out


def fmt_site(fr):
    if fr is None:
        return "no frame of the program"
    return f"{fr.get('fn')} ({fr.get('file')}:{fr.get('line')})"


def check_sites(events, mine, exe, src, f):
    """Every call event of the sample's processes has a stack whose call site is in src at a
    line holding that call. Returns how many events of each kind were checked."""
    lines = open(src, encoding="utf-8").read().split("\n")
    base = os.path.basename(src)
    counts = {k: 0 for k in CALLS}
    killed = {e.get("pid") for e in events if e.get("type") == "exit" and "signal" in e}
    for e, own in zip(events, mine):
        typ = e.get("type")
        if typ not in CALLS or not own:
            continue
        if typ == "reap" and e.get("via") not in ("wait4", "waitid"):
            continue  # reaped by init, the tracer or the kernel: nobody called wait
        if typ == "mmap" and e.get("via") == "fork":
            continue  # a mapping the child inherited: no call made it
        st = e.get("stack")
        if e.get("pid") in killed and isinstance(e.get("stack_error"), str) and not st:
            continue  # killed while being unwound: a stack_error is the documented answer
        if not f.check(isinstance(st, list) and st, f"{typ} has a stack: {e}"):
            continue
        fr = call_site(st, exe)
        if fr is None and typ in ("exec", "mmap"):
            # the posix_spawn child execs on its own small stack inside libc; mmap also comes
            # from the dynamic loader before main: no frame of the program to check there
            continue
        counts[typ] += 1
        want = call_lines(lines, CALLS[typ])
        ok = (fr is not None and fr.get("fn") and os.path.basename(fr.get("file", "")) == base
              and fr.get("line") in want)
        f.check(ok, f"{typ} at t={e.get('t')} pid {e.get('pid')}: call site {fmt_site(fr)} "
                    f"is not {base} at a line of {sorted(want)}")
    return counts


def check_exits(events, f):
    """Every exit by a call (not by a signal) carries a stack or says why it has none."""
    n = 0
    for e in events:
        if e.get("type") != "exit" or "code" not in e:
            continue
        n += 1
        st = e.get("stack")
        f.check((isinstance(st, list) and st) or isinstance(e.get("stack_error"), str),
                f"exit has a stack: {e}")
    return n


def check_stripped(events, mine, exe, f):
    """A stripped program: stacks still come (or a stack_error), its frames have no source."""
    forks = [e for e, own in zip(events, mine) if own and e.get("type") == "fork"]
    f.check(forks, "fork events")
    with_frames = 0
    for e in forks:
        st = e.get("stack")
        if isinstance(e.get("stack_error"), str) and not st:
            continue
        if not f.check(isinstance(st, list) and st, f"fork has a stack or stack_error: {e}"):
            continue
        for fr in st:
            f.check(isinstance(fr.get("pc"), str) and fr["pc"].startswith("0x"), f"frame pc: {fr}")
            if same_file(fr.get("obj"), exe):
                with_frames += 1
                f.check("file" not in fr and "line" not in fr,
                        f"a stripped program's frame has no source position: {fr}")
    f.check(with_frames > 0, "some fork stack reaches the stripped program's code")


def check_jit(events, mine, exe, f):
    """Forks made by code in anonymous memory: the innermost frame is a bare pc (no object, no
    symbol), or the stack is a stack_error; any frame of the program below it is real code."""
    forks = [e for e, own in zip(events, mine) if own and e.get("type") == "fork"]
    f.check(forks, "fork events")
    for e in forks:
        st = e.get("stack")
        if isinstance(e.get("stack_error"), str) and not st:
            continue
        if not f.check(isinstance(st, list) and st, f"fork has a stack or stack_error: {e}"):
            continue
        f.check(set(st[0]) == {"pc"}, f"the JIT frame is a bare pc: {st[0]}")
        fr = call_site(st, exe)
        f.check(fr is None or fr.get("fn") == "main", f"the program's frame is main: {fr}")


def check_stripped_report(ptviz, log, f):
    """`ptviz report` on a stripped program still groups its leaks, by address."""
    r = subprocess.run([ptviz, "report", log], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=60)
    f.check(r.returncode == 0, f"ptviz report exit {r.returncode}: {r.stderr}")
    sites = re.findall(r"leaked \d+ child(?:ren)? forked at (.*)", r.stdout)
    f.check(sites, f"report names a call site:\n{r.stdout}")
    for site in sites:
        f.check(".c:" not in site, f"a stripped program has no source line: {site}")
        # by file offset (stable across runs, usable with addr2line), not by the ASLR'd pc
        f.check(re.search(r"\+0x[0-9a-f]+ \(no symbols\)", site) is not None,
                f"a stripped call site is named by object and file offset: {site}")


def check_tree(path, src, f):
    """The drawn tree marks the leaked children with their fork call site."""
    text = open(path, encoding="utf-8").read()
    base = os.path.basename(src)
    want = call_lines(open(src, encoding="utf-8").read().split("\n"), CALLS["fork"])
    sites = re.findall(r"forked at (\w+) \(" + re.escape(base) + r":(\d+)\)", text)
    f.check(sites, f"{path} shows 'forked at fn ({base}:line)'")
    for _, line in sites:
        f.check(int(line) in want, f"tree call site line {line} holds a fork(): {sorted(want)}")


def run_report(ptviz, log, exe, src, events, mine, f):
    """`ptviz report` names the leaks' fork call site as fn (file.c:line)."""
    r = subprocess.run([ptviz, "report", log], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=60)
    f.check(r.returncode == 0, f"ptviz report exit {r.returncode}: {r.stderr}")
    base = os.path.basename(src)
    lines = open(src, encoding="utf-8").read().split("\n")
    want = call_lines(lines, CALLS["fork"])
    sites = re.findall(r"leaked \d+ child(?:ren)? forked at (\w+) \((" + re.escape(base) + r"):(\d+)\)",
                       r.stdout)
    f.check(sites, f"report names a fork call site in {base}:\n{r.stdout}")
    fns = {call_site(e.get("stack", []), exe).get("fn") for e, own in zip(events, mine)
           if own and e.get("type") == "fork" and call_site(e.get("stack", []), exe)}
    for fn, _, line in sites:
        f.check(int(line) in want, f"report's call site line {line} holds a fork(): {sorted(want)}")
        f.check(fn in fns, f"report's function {fn} is the log's call site {fns}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ptviz", required=True)
    ap.add_argument("--validate", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--src")
    ap.add_argument("--status", type=int, default=0)
    ap.add_argument("--report", action="store_true")
    ap.add_argument("--stripped", action="store_true")
    ap.add_argument("--jit", action="store_true")
    ap.add_argument("--run", metavar="DIR")
    ap.add_argument("--depth", type=int, help="record with --stack-depth N (default: 16)")
    ap.add_argument("cmd", nargs="+")
    a = ap.parse_args()
    f = Failures()
    os.makedirs(os.path.dirname(os.path.abspath(a.log)), exist_ok=True)
    if a.run:
        shutil.rmtree(a.run, ignore_errors=True)
        stem = os.path.basename(a.cmd[0])
        r = subprocess.run([a.ptviz, "-k", "-q", "--format", "dot", "-O", a.run, "--"] + a.cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=120)
        shutil.copyfile(os.path.join(a.run, stem + ".jsonl"), a.log)
    else:
        depth = ["--stack-depth", str(a.depth)] if a.depth else []
        r = subprocess.run([a.ptviz, "record", "-k"] + depth + ["-o", a.log, "--"] + a.cmd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=120)
    f.check(r.returncode == a.status, f"ptviz exit {r.returncode}, expected {a.status}: {r.stderr}")
    v = subprocess.run([sys.executable, a.validate, a.log], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=60)
    f.check(v.returncode == 0, f"log does not validate:\n{v.stdout}")
    events = read_log(a.log, f)
    hdr = events[0] if events else {}
    f.check(hdr.get("options", {}).get("stacks") is True, "header says stacks")
    exe = a.cmd[0]
    cap = a.depth or 16
    for e in events:
        st = e.get("stack")
        f.check(st is None or (isinstance(st, list) and len(st) <= cap),
                f"stack of at most {cap} frames, innermost first: {e}")
    mine = running_sample(events, hdr.get("root"), exe) if events else []
    if a.jit:
        check_jit(events, mine, exe, f)
    elif a.stripped:
        check_stripped(events, mine, exe, f)
        if a.report:
            check_stripped_report(a.ptviz, a.log, f)
    elif a.src:
        counts = check_sites(events, mine, exe, a.src, f)
        f.check(counts["fork"] > 0, "the sample's fork events were checked")
        f.check(sum(1 for e in events if e.get("type") == "exit" and "code" in e), "exit events")
        src = [code_of(t) for t in open(a.src, encoding="utf-8").read().split("\n") if is_code_line(t)]
        # every call the sample's code makes must have shown up with its call site (the
        # posix_spawn child's exec has none: it runs on its own stack inside libc)
        expect = dict(CALLS, exec=r"\bexec(l|lp|le|v|vp|vpe|ve)\s*\(")
        for typ in ("exec", "reap", "pipe", "mmap", "kill"):
            if typ == "reap" and any("WNOWAIT" in t for t in src):
                continue  # zombie.c only peeks with WNOWAIT: it reaps nothing
            if any(re.search(expect[typ], t) for t in src):
                f.check(counts[typ] > 0, f"{typ} events with the sample's call site")
    check_exits(events, f)
    if a.run:
        check_tree(os.path.join(a.run, os.path.basename(a.cmd[0]) + "-tree.dot"), a.src, f)
    if a.report and not a.stripped:
        run_report(a.ptviz, a.log, exe, a.src, events, mine, f)
    for m in f.msgs:
        print("FAIL:", m)
    print(f"{len(f.msgs)} failure(s) in {a.log}")
    return 1 if f.msgs else 0


if __name__ == "__main__":
    sys.exit(main())
