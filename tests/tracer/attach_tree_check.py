#!/usr/bin/env python3
"""attach_tree_check.py — attach mode's facts about a tree made while attached (issue 16).

Starts progs/attach_tree, attaches the tracer to it, and once the log shows the attach says "go":
the target forks A and B and reaps them with waitpid, leaks L (a zombie never reaped), and forks M,
which forks O and exits, so that O is orphaned and adopted. Then, in "detach" mode, the tracer is
stopped (SIGTERM: it detaches) while L is still a zombie; in "follow" mode the target ends and the
tracer follows the tree to its end. Asserted from the log and from `ptviz report --json`: the forks
(O by M), the exits, the reaps with the right reaper (via "observed" by default, "wait4" with
--exact), O's adoption by the adopter it saw itself, L leaked at detach; with --stacks, the leak's
call site in the report.

Usage: attach_tree_check.py --tracer RUNNER --target TARGET --log LOG [--ptviz PTVIZ] [--exact]
       [--stacks] (follow|detach)
"""
import argparse
import json
import os
import signal
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_log  # noqa: E402
from attach_check import wait_for_attach  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tracer", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--ptviz")
    ap.add_argument("--exact", action="store_true")
    ap.add_argument("--stacks", action="store_true")
    ap.add_argument("mode", choices=["follow", "detach"])
    a = ap.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(a.log)), exist_ok=True)
    if os.path.exists(a.log):
        os.unlink(a.log)
    fails = []
    target = subprocess.Popen([a.target], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    root = int(target.stdout.readline().split()[1])
    opts = (["--exact"] if a.exact else []) + (["--stacks"] if a.stacks else [])
    tracer = subprocess.Popen([a.tracer] + opts + [a.log, "-p", str(root)], stderr=subprocess.PIPE)
    if not wait_for_attach(a.log, {root}, tracer):
        print(f"attach tree: attach event did not appear: {tracer.stderr.read().decode()}", file=sys.stderr)
        target.kill()
        return 1
    target.stdin.write(b"go\n")
    target.stdin.flush()
    done = target.stdout.readline().split()
    ca, cb, cl, cm, co, adopter = (int(x) for x in done[1:7])
    if a.mode == "detach":
        tracer.send_signal(signal.SIGTERM)
        tracer.wait(timeout=30)
    target.stdin.write(b"end\n")
    target.stdin.flush()
    if target.wait(timeout=30) != 0:
        fails.append("the target did not run on normally")
    if a.mode == "follow" and tracer.wait(timeout=60) != 0:
        fails.append(f"tracer status: {tracer.stderr.read().decode()}")
    events, errors = validate_log.validate(a.log)
    fails += errors
    by = lambda t: [e for e in events if e["type"] == t]
    reap_via = "wait4" if a.exact else "observed"
    forks = {e["child"]: e for e in by("fork")}
    for c, parent in ((ca, root), (cb, root), (cl, root), (cm, root), (co, cm)):
        if forks.get(c, {}).get("pid") != parent:
            fails.append(f"fork of {c} by {parent}: {forks.get(c)}")
    exits = {e["pid"]: e for e in by("exit")}
    for c, code in ((ca, 1), (cb, 2), (cl, 3), (cm, 0)):
        if exits.get(c, {}).get("code") != code:
            fails.append(f"exit {code} of {c}: {exits.get(c)}")
    reaps = {e["child"]: e for e in by("reap")}
    for c in (ca, cb, cm):
        r = reaps.get(c, {})
        if r.get("pid") != root or r.get("via") != reap_via:
            fails.append(f"{c} reaped by {root} via {reap_via}: {r}")
        if not a.exact and not (isinstance(r.get("precision_ns"), int) and r["precision_ns"] >= 0):
            fails.append(f"observed reap of {c} without its precision: {r}")
    rep = [e for e in by("reparent") if e["pid"] == co]
    if not rep or rep[0].get("from") != cm or rep[0].get("to") != adopter:
        fails.append(f"O ({co}) adopted by {adopter} from M ({cm}): {rep}")
    if a.mode == "detach":
        if cl in reaps:
            fails.append(f"L ({cl}) was reaped while attached: {reaps[cl]}")
        if events[-1].get("reason") != "detached":
            fails.append(f"end reason {events[-1].get('reason')}")
    else:
        # After the root's exit, L and O go to their adopters; the root to this script.
        if reaps.get(root, {}).get("pid") != os.getpid():
            fails.append(f"root reaped by this script ({os.getpid()}): {reaps.get(root)}")
        if exits.get(co, {}).get("code") != 4 or co not in reaps:
            fails.append(f"O's exit and reap: {exits.get(co)} {reaps.get(co)}")
    if a.stacks:
        st = forks.get(cl, {}).get("stack") or []
        if not any(f.get("fn") == "tree_child" for f in st):
            fails.append(f"L's fork has no call site in tree_child: {st[:3]}")
    if a.ptviz and a.mode == "detach":
        out = subprocess.run([a.ptviz, "report", "--json", a.log], capture_output=True, text=True)
        try:
            rep = json.loads(out.stdout)
        except ValueError:
            rep = {}
            fails.append(f"report --json: {out.stderr}")
        leaked = {p["pid"] for p in rep.get("processes", []) if p.get("leaked")}
        if leaked != {cl}:
            fails.append(f"report: leaked {leaked}, want only L ({cl})")
        sites = [g.get("call_site") for g in rep.get("leaks", [])]
        if a.stacks and not any(s and s.get("fn") == "tree_child" for s in sites):
            fails.append(f"report: the leak's call site {sites}")
    for f in fails:
        print(f"attach tree {a.mode}{' --exact' if a.exact else ''}: {f}", file=sys.stderr)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
