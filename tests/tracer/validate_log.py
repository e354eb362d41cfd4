#!/usr/bin/env python3
"""validate_log.py — check an event log against docs/event-log.md, line by line.

Framing (header first, end last, one object per line, t non-decreasing, valid UTF-8), the
required fields and their types for every event type the tracer writes, and lifecycle sanity
(exit before zombie before reap, one reap per process). Usage: validate_log.py LOG...
"""
import json
import sys

INT = "int"
STR = "str"
BOOL = "bool"
LIST = "list"
HEX = "hex"

# type -> {field: kind}; "|" alternatives are handled in check_event.
REQUIRED = {
    "fork": {"child": INT, "via": STR},
    "thread": {"tid": INT},
    "thread_exit": {"tid": INT},
    "exec": {"path": STR, "argv": LIST},
    "exit": {},
    "state": {"state": STR},
    "reap": {"child": INT, "via": STR},
    "reparent": {"from": INT, "to": INT},
    "attach": {"parent": INT, "argv": LIST, "state": STR},
    "detach": {},
    "signal": {"signal": STR, "signo": INT},
    "kill": {"target": INT, "signal": STR, "signo": INT, "via": STR},
    "setsid": {"sid": INT},
    "setpgid": {"target": INT, "pgid": INT},
    "pipe": {"fds": LIST, "ino": INT, "flags": LIST},
    "fifo": {"path": STR, "mode": STR},
    "open": {"fd": INT, "path": STR, "ino": INT, "kind": STR, "access": STR, "nonblock": BOOL},
    "dup": {"oldfd": INT, "newfd": INT, "ino": INT, "via": STR},
    "close": {"fd": INT, "ino": INT, "via": STR},
    "fcntl": {"fd": INT, "ino": INT, "nonblock": BOOL},
    "mmap": {"addr": HEX, "len": INT, "prot": STR, "flags": LIST, "region": STR, "anon": BOOL},
    "munmap": {"addr": HEX, "region": STR, "via": STR},
    "io": {"fd": INT, "op": STR, "bytes": INT},
    "wait": {"call": STR, "who": STR, "options": STR, "ret": INT},
    "sched": {"start": INT, "states": STR, "durs": LIST, "ns": LIST},
    "sched_lost": {"cpu": INT, "from": INT, "to": INT, "lost": INT},
    "sched_wait": {"tid": INT, "since": INT, "nr": INT, "call": STR, "args": LIST},
    "fds": {"at": STR, "ends": LIST},
}
ENUMS = {
    ("fork", "via"): {"fork", "vfork", "clone", "clone3"},
    ("state", "state"): {"running", "blocked", "stopped", "zombie"},
    ("reap", "via"): {"wait4", "waitid", "auto", "init", "subreaper", "tracer", "observed"},
    ("attach", "state"): {"running", "zombie"},
    ("kill", "via"): {"kill", "tkill", "tgkill", "rt_sigqueueinfo", "pidfd_send_signal"},
    ("close", "via"): {"close", "close_range", "exec", "dup2"},
    ("dup", "via"): {"dup", "dup2", "dup3", "fcntl"},
    ("open", "access"): {"read", "write", "readwrite"},
    ("open", "late"): {"close", "dup", "dup2", "dup3", "fcntl", "exit"},
    ("mmap", "via"): {"fork"},
    ("munmap", "via"): {"munmap", "exec", "exit", "scan"},
    ("io", "op"): {"read", "write"},
    ("exec", "privs_dropped"): {"setuid", "setgid", "caps"},   # a list of these (LISTED)
    ("header", "sched"): {"perf", "none"},
    ("wait", "call"): {"wait4", "waitid"},
    ("header", "attach_mode"): {"events", "exact"},
    ("fds", "at"): {"fork", "exec", "exit", "attach", "poll"},
    ("fds", "kind"): {"pipe", "fifo"},             # of each item of ends (ITEMS)
    ("fds", "end"): {"read", "write", "readwrite"},  # of each item of ends (ITEMS)
}
SCHED_LETTERS = "RrST?"   # log.h's PTV_SCHED_STATE_LETTERS, in the order of sched.ns
WAIT_WHO = ("any", "own group", "pid ", "pgid ", "pidfd ")
# Events whose `pid` may lie outside its fork..reap: scheduler records come in batches, later than
# the segments they describe (docs/event-log.md, "sched").
LATE_EVENTS = {"sched", "sched_lost"}
LISTED = {("exec", "privs_dropped")}   # fields whose value is a list of words, not one word
ITEMS = {("fds", "kind"), ("fds", "end")}   # fields of the items of fds.ends
END_REASONS = {"exited", "signaled", "interrupted", "detached", "error"}
MODES = {"launch", "attach"}
# These word lists are include/ptviz/log.h's; tests/log/check_vocab.py fails when they differ.


def is_kind(v, kind):
    if kind == INT:
        return isinstance(v, int) and not isinstance(v, bool)
    if kind == STR:
        return isinstance(v, str)
    if kind == BOOL:
        return isinstance(v, bool)
    if kind == LIST:
        return isinstance(v, list)
    if kind == HEX:
        return isinstance(v, str) and v.startswith("0x") and all(c in "0123456789abcdef" for c in v[2:])
    return False


def check_sched(ev, where, errors):
    states, durs, ns = ev.get("states", ""), ev.get("durs", []), ev.get("ns", [])
    if not states or len(states) != len(durs) or any(c not in SCHED_LETTERS for c in states):
        errors.append(f"{where}: sched: states {states!r} must be one of {SCHED_LETTERS!r} per durs")
    if not all(is_kind(d, INT) and d >= 0 for d in durs):
        errors.append(f"{where}: sched: durs must be lengths in ns")
    if len(ns) != len(SCHED_LETTERS) or not all(is_kind(x, INT) and x >= 0 for x in ns):
        errors.append(f"{where}: sched: ns must hold {len(SCHED_LETTERS)} figures")
    elif all(is_kind(d, INT) for d in durs) and sum(ns) != sum(durs):
        errors.append(f"{where}: sched: ns adds up to {sum(ns)}, durs to {sum(durs)}")
    for row in ev.get("mix", []):
        if (not isinstance(row, list) or len(row) != len(SCHED_LETTERS) + 1
                or not all(is_kind(x, INT) for x in row) or not 0 <= row[0] < len(durs)
                or sum(row[1:]) != durs[row[0]]):
            errors.append(f"{where}: sched: mix row {row!r} must be [index, R, r, S, T, ?] adding up to its segment")
    if "end" in ev and ev["end"] is not True:
        errors.append(f"{where}: sched: end is true when present")


def check_wait(ev, where, errors):
    who = ev.get("who", "")
    if not (who in WAIT_WHO[:2] or (who.startswith(WAIT_WHO[2:]) and who.split(" ")[-1].lstrip("-").isdigit())):
        errors.append(f"{where}: wait: who {who!r}")
    ret = ev.get("ret")
    if is_kind(ret, INT) and ret < 0 and (ret != -1 or not is_kind(ev.get("errno"), STR)):
        errors.append(f"{where}: wait: ret {ret} needs -1 and errno")
    st = ev.get("status")
    if st is not None:
        ok = isinstance(st, dict) and is_kind(ret, INT) and ret > 0 and (
            is_kind(st.get("exited"), INT) or (is_kind(st.get("signaled"), STR) and is_kind(st.get("core"), BOOL))
            or is_kind(st.get("stopped"), STR) or st.get("continued") is True)
        if not ok:
            errors.append(f"{where}: wait: status {st!r} (ret {ret})")


def check_sched_order(ev, where, errors, sched_next):
    """A thread's segments are contiguous across its sched events, until its life ends."""
    key = (ev.get("pid"), ev.get("tid", ev.get("pid")))
    durs = ev.get("durs", [])
    if not is_kind(ev.get("start"), INT) or not all(is_kind(d, INT) for d in durs):
        return
    want = sched_next.get(key)
    if want is not None and ev["start"] != want:
        errors.append(f"{where}: sched of {key}: starts at {ev['start']}, its last segment ended at {want}")
    sched_next[key] = None if ev.get("end") else ev["start"] + sum(durs)


def check_header_sched(head, path, errors):
    src = head.get("sched")
    if src is None:
        return   # older logs
    if src not in ENUMS[("header", "sched")]:
        errors.append(f"{path}:1: header sched {src!r}")
    elif src == "perf" and not is_kind(head.get("sched_coalesce_ns"), INT):
        errors.append(f"{path}:1: header sched perf without sched_coalesce_ns")
    elif src == "none" and not is_kind(head.get("sched_reason"), STR):
        errors.append(f"{path}:1: header sched none without sched_reason")


def check_event(ev, where, errors):
    typ = ev["type"]
    for field, kind in REQUIRED.get(typ, {}).items():
        if field not in ev or not is_kind(ev[field], kind):
            errors.append(f"{where}: {typ}: field {field!r} missing or not {kind}: {ev.get(field)!r}")
        elif (typ, field) in ENUMS and ev[field] not in ENUMS[(typ, field)]:
            errors.append(f"{where}: {typ}: {field}={ev[field]!r} not in {sorted(ENUMS[(typ, field)])}")
    if typ not in REQUIRED:
        errors.append(f"{where}: unknown event type {typ!r}")
    if typ == "exit":
        if "code" in ev:
            if not is_kind(ev["code"], INT) or not 0 <= ev["code"] <= 255:
                errors.append(f"{where}: exit code {ev['code']!r}")
        elif not (is_kind(ev.get("signal"), STR) and is_kind(ev.get("signo"), INT)
                  and is_kind(ev.get("core"), BOOL)):
            errors.append(f"{where}: exit has neither code nor signal/signo/core")
    if typ == "state":
        if ev.get("state") == "blocked" and not is_kind(ev.get("on"), STR):
            errors.append(f"{where}: blocked state without 'on'")
        if ev.get("state") == "stopped" and not is_kind(ev.get("signal"), STR):
            errors.append(f"{where}: stopped state without 'signal'")
        # -k: the stack at the call's entry, only on the blocked state the call caused
        if ("stack" in ev or "stack_error" in ev) and ev.get("state") != "blocked":
            errors.append(f"{where}: a stack on a {ev.get('state')} state (only a call's entry has one)")
        if "stack" in ev and not (isinstance(ev["stack"], list) and
                                  all(isinstance(f, dict) and is_kind(f.get("pc"), STR) for f in ev["stack"])):
            errors.append(f"{where}: state stack is not a list of frames with a pc")
    for (etyp, field), words in ENUMS.items():   # the optional ones (open.late, mmap.via)
        if (etyp, field) in LISTED or (etyp, field) in ITEMS or etyp == "header":
            continue
        if etyp == typ and field not in REQUIRED[typ] and field in ev and ev[field] not in words:
            errors.append(f"{where}: {typ}: {field}={ev[field]!r} not in {sorted(words)}")
    if typ == "exec" and not all(isinstance(a, str) for a in ev.get("argv", [])):
        errors.append(f"{where}: argv must hold strings")
    if typ == "exec" and "privs_dropped" in ev:
        words = ev["privs_dropped"]
        if (not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words)
                or not set(words) <= ENUMS[("exec", "privs_dropped")]):
            errors.append(f"{where}: exec: privs_dropped={words!r} not a list of "
                          f"{sorted(ENUMS[('exec', 'privs_dropped')])}")
    if typ == "sched":
        check_sched(ev, where, errors)
    if typ == "wait":
        check_wait(ev, where, errors)
    if typ == "io" and ("errno" in ev or "eof" in ev):
        if ev.get("bytes") != 0 or ("errno" in ev and (ev.get("ret") != -1 or not is_kind(ev["errno"], STR))):
            errors.append(f"{where}: io outcome needs bytes 0, and ret -1 with errno: {ev}")
    if typ == "io" and "cut" in ev and ev["cut"] is not True:
        errors.append(f"{where}: io: cut={ev['cut']!r} (true or absent)")
    if typ == "io" and "data" in ev and not (is_kind(ev["data"], STR) and ev.get("op") == "write"
                                             and ev.get("fd") in (1, 2) or "ino" in ev):
        errors.append(f"{where}: io: data only on writes to fd 1 or 2")
    if typ == "fds":
        for item in ev.get("ends", []):
            if not (isinstance(item, dict) and is_kind(item.get("fd"), INT) and is_kind(item.get("ino"), INT)
                    and item.get("kind") in ENUMS[("fds", "kind")] and item.get("end") in ENUMS[("fds", "end")]):
                errors.append(f"{where}: fds: bad item {item!r}")
    if typ == "reparent" and "adopter_comm" in ev and not (
            is_kind(ev["adopter_comm"], STR) and 0 < len(ev["adopter_comm"].encode()) <= 15):
        errors.append(f"{where}: reparent: adopter_comm must be a name of 1 to 15 bytes")
    if typ == "reap" and ev.get("via") == "observed" and not is_kind(ev.get("precision_ns"), INT):
        errors.append(f"{where}: observed reap without precision_ns")
    if typ == "pipe" and (len(ev.get("fds", [])) != 2 or not all(is_kind(f, INT) for f in ev["fds"])):
        errors.append(f"{where}: pipe fds must be [read, write]")


def validate(path):
    """Return (events, errors): the parsed lines and what is wrong with them."""
    errors = []
    with open(path, "rb") as f:
        data = f.read()
    if not data.endswith(b"\n"):
        errors.append(f"{path}: last line not terminated")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return [], [f"{path}: not UTF-8: {e}"]
    events = []
    for n, line in enumerate(text.split("\n")[:-1], 1):
        try:
            ev = json.loads(line)
        except ValueError as e:
            errors.append(f"{path}:{n}: not JSON: {e}")
            continue
        if not isinstance(ev, dict):
            errors.append(f"{path}:{n}: not an object")
            continue
        events.append((n, ev))
    if not events:
        return [], errors + [f"{path}: empty log"]
    n, head = events[0]
    for field, kind in (("format", STR), ("version", INT), ("t", INT), ("pid", INT), ("root", INT),
                        ("tracer_pid", INT), ("mode", STR), ("argv", LIST), ("start_unix_ns", INT),
                        ("kernel", STR), ("clock", STR)):
        if not is_kind(head.get(field), kind):
            errors.append(f"{path}:1: header field {field!r} missing or not {kind}")
    if head.get("type") != "header" or head.get("format") != "ptviz" or head.get("version") != 1:
        errors.append(f"{path}:1: not a ptviz version 1 header")
    if not isinstance(head.get("options"), dict) or not all(
            isinstance(head["options"].get(k), bool) for k in ("io", "stacks", "subreaper", "seccomp")):
        errors.append(f"{path}:1: header options incomplete")
    if "output_max" in head and not (is_kind(head["output_max"], INT) and head["output_max"] >= 0):
        errors.append(f"{path}:1: header output_max {head['output_max']!r} not a count of bytes")
    if head.get("mode") not in MODES:
        errors.append(f"{path}:1: mode {head.get('mode')!r}")
    check_header_sched(head, path, errors)
    if head.get("sched") != "perf" and any(ev.get("type") in LATE_EVENTS for _, ev in events):
        errors.append(f"{path}: sched events in a log whose header has no sched perf")
    if head.get("mode") == "attach" and head.get("attach_mode") not in ENUMS[("header", "attach_mode")]:
        errors.append(f"{path}:1: attach_mode {head.get('attach_mode')!r}")
    n, end = events[-1]
    if end.get("type") != "end":
        errors.append(f"{path}:{n}: last line is not the end record")
    else:
        if not is_kind(end.get("status"), INT) or end.get("reason") not in END_REASONS:
            errors.append(f"{path}:{n}: end needs status and a known reason")
        if end.get("events") != len(events) - 2:
            errors.append(f"{path}:{n}: end says {end.get('events')} events, log has {len(events) - 2}")
    last_t = 0
    exited, zombie, reaped = set(), set(), set()
    # Processes the log has introduced (header root, fork child, attach) and not yet reaped:
    # every event about a process must come after its introduction (a fork line comes before
    # anything the child does) and before its reap.
    known = {head.get("root")}
    sched_next = {}   # (pid, tid) -> where its next sched segment must start (None: a new life)
    for n, ev in events[1:]:
        where = f"{path}:{n}"
        for field in ("t", "pid"):
            if not is_kind(ev.get(field), INT):
                errors.append(f"{where}: {field!r} missing or not an integer")
        if not is_kind(ev.get("type"), STR):
            errors.append(f"{where}: no type")
            continue
        t = ev.get("t", 0)
        if isinstance(t, int) and t < last_t:
            errors.append(f"{where}: t goes back ({t} < {last_t})")
        last_t = t if isinstance(t, int) else last_t
        if ev["type"] in ("header",) or (ev["type"] == "end" and n != events[-1][0]):
            errors.append(f"{where}: {ev['type']} in the middle of the log")
            continue
        if ev["type"] == "end":
            continue
        check_event(ev, where, errors)
        pid = ev.get("pid")
        if ev["type"] == "sched":
            check_sched_order(ev, where, errors, sched_next)
        if ev["type"] in LATE_EVENTS:
            continue
        if ev["type"] == "attach":
            known.add(pid)
        elif ev["type"] == "reap":
            if ev.get("child") not in known:
                errors.append(f"{where}: reap of {ev.get('child')}, unknown or already reaped")
            known.discard(ev.get("child"))
        elif ev["type"] == "fork":
            if pid not in known:
                errors.append(f"{where}: fork by unknown process {pid}")
            if ev.get("child") in known:
                errors.append(f"{where}: fork of {ev.get('child')}, which already exists")
            known.add(ev.get("child"))
        elif pid not in known:
            errors.append(f"{where}: {ev['type']} event of {pid} before its fork/attach or after its reap")
        if ev["type"] == "exit":
            if pid in exited:
                errors.append(f"{where}: second exit of {pid}")
            exited.add(pid)
        elif ev["type"] == "state" and ev.get("state") == "zombie":
            if pid not in exited:
                errors.append(f"{where}: {pid} is a zombie before its exit")
            zombie.add(pid)
        elif ev["type"] == "reap":
            c = ev.get("child")
            if c in reaped:
                errors.append(f"{where}: {c} reaped twice")
            if c not in exited and head.get("mode") == "launch":
                errors.append(f"{where}: {c} reaped before it exited")
            reaped.add(c)
            exited.discard(c)
    return [ev for _, ev in events], errors


def main(argv):
    bad = 0
    for path in argv[1:]:
        _, errors = validate(path)
        for e in errors:
            print(e, file=sys.stderr)
        bad += bool(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
