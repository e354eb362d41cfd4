#!/usr/bin/env python3
"""zh_words.py LOG SVG|TXT... — no English of ptviz's own left in a --lang zh picture or summary.

Every text of the SVGs (and every line of the text files: the summary, the report) is split into
ASCII words. A word passes when the traced programs wrote it (argv, paths, what they printed, the
adopter's name: user text is never translated), when it is a name the course itself keeps in
English (system calls, signals, flags, units, pid/ppid/fd), or when it is a number or an id (P3).
Anything else is an English label that the Chinese table (render/describe/lang.c) misses, and is
printed with where it was found; the exit status is then 1."""
import html
import json
import re
import sys

# Words a Chinese course writes in English too: calls, signals, flags, errnos, units, names; and
# the legend's N ("×N: N identical siblings").
KEPT = set("""
fork vfork clone clone3 exec execve execlp wait wait4 waitpid waitid WNOHANG WUNTRACED WCONTINUED
WNOWAIT exit _exit kill tkill tgkill pipe pipe2 dup dup2 dup3 fcntl close close_range mmap munmap
setsid setpgid getpid getppid prctl read write open mkfifo nanosleep sleep pause select poll
pid ppid sid pgid fd fds tid init ptviz systemd FIFO EOF EAGAIN ECHILD EPIPE ESRCH
MAP_SHARED MAP_ANONYMOUS MAP_PRIVATE O_NONBLOCK O_CLOEXEC PROT_READ PROT_WRITE SIGCHLD SA_NOCLDWAIT
stdin stdout stderr ns µs ms s min KiB MiB GiB B CPU ptrace perf sched rw r w rwx
auto tracer subreaper observed id N
""".split())
SIGNAL = re.compile(r"^SIG[A-Z0-9]+$")
ID = re.compile(r"^(P\d+|\d+|0x[0-9a-f]+)$")
OPTION = re.compile(r"(?<![A-Za-z0-9_])--?[a-z][a-z0-9-]*")


def user_text(log):
    """Everything the traced programs said or were called, as one string to search words in."""
    out = []
    for line in open(log, encoding="utf-8"):
        ev = json.loads(line)
        for k in ("argv",):
            out += [str(a) for a in ev.get(k, [])]
        for k in ("path", "data", "adopter_comm", "comm", "hostname", "kernel"):
            if isinstance(ev.get(k), str):
                out.append(ev[k])
    return "\n".join(out)


def texts(path):
    data = open(path, encoding="utf-8").read()
    if path.endswith(".svg"):
        return [html.unescape(m.group(1)) for m in re.finditer(r"<text[^>]*>([^<]*)</text>", data)]
    return data.splitlines()


def main():
    log, files = sys.argv[1], sys.argv[2:]
    user = user_text(log)
    bad = 0
    for f in files:
        for t in texts(f):
            # ptviz's own options (-k, --io) are typed as they are, in any language
            for w in re.findall(r"[A-Za-z_][A-Za-z0-9_']*", OPTION.sub(" ", t)):
                if w in KEPT or SIGNAL.match(w) or ID.match(w) or w in user:
                    continue
                print(f"{f}: English left: {w!r} in {t!r}")
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
