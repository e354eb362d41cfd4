#!/bin/bash
# trace_lesson.sh SAMPLE PTVIZ BINDIR — trace one sample with ptviz, draw its tree as DOT with
# stable ids, and check the facts its lesson is about, read from the log and the DOT (nodes,
# edges and their labels; never pixels). One case per sample below.
set -u

name=$1
ptviz=$2
bindir=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/lesson.$name.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
mkdir "$work/tmp"
cd "$work" || exit 1

fail() {
	echo "FAIL samples.lesson.$name: $*" >&2
	[ -f tree.dot ] && head -c 6000 tree.dot >&2
	exit 1
}

# orphan_adopter: the orphan sample recorded under a subreaper that is not ptviz (adopter.c).
if [ "$name" = orphan_adopter ]; then
	TMPDIR=$work/tmp "$4" "$ptviz" record -o t.jsonl -- "$bindir/orphan" >out.txt 2>err.txt ||
		fail "record under adopter failed: $(cat err.txt)"
else
	TMPDIR=$work/tmp "$ptviz" record -o t.jsonl -- "$bindir/$name" >out.txt 2>err.txt ||
		fail "record failed: $(cat err.txt)"
fi
"$ptviz" render t.jsonl --ids stable --tree tree.dot 2>>err.txt || fail "render failed: $(cat err.txt)"

# edge FROM TO ATTR TEXT: an edge from node FROM (a port after ':' allowed) to node TO whose
# attribute ATTR contains TEXT. node ID ATTR TEXT: node ID's attribute ATTR contains TEXT.
dotq() {
	python3 - "$@" <<'EOF'
import re, sys
kind, args = sys.argv[1], sys.argv[2:]
text = open("tree.dot", encoding="utf-8").read()
def attrs(body):
    out = {}
    for m in re.finditer(r'(\w+)=("(?:[^"\\]|\\.)*"|<.*?>(?=,\s*\w+=|\s*$)|[^,\s]+)', body, re.S):
        v = m.group(2)
        out[m.group(1)] = v[1:-1] if v[0] in '"<' else v
    return out
if kind == "edge":
    f, t, a, want = args
    for m in re.finditer(r'^\s*([\w:"]+)\s*->\s*([\w:"]+)\s*\[(.*?)\];\s*$', text, re.S | re.M):
        src, dst = m.group(1).split(":")[0], m.group(2).split(":")[0]
        if src == f and dst == t and want in attrs(m.group(3)).get(a, ""):
            sys.exit(0)
else:
    n, a, want = args
    for m in re.finditer(r'^\s*(\w+)\s*\[(.*?)\];\s*$', text, re.S | re.M):
        if m.group(1) == n and want in attrs(m.group(2)).get(a, ""):
            sys.exit(0)
sys.exit(1)
EOF
}
edge() { dotq edge "$@" || fail "no edge $1 -> $2 with $3 containing '$4'"; }
no_edge() { ! dotq edge "$@" || fail "unexpected edge $1 -> $2 with $3 containing '$4'"; }
node() { dotq node "$@" || fail "node $1: $2 does not contain '$3'"; }

# The fds of the first pipe the log records, [read, write] (they depend on what the harness left
# open): $rfd and $wfd.
rfd=$(sed -n 's/.*"type":"pipe".*"fds":\[\([0-9]*\),\([0-9]*\)\].*/\1/p' t.jsonl | head -1)
wfd=$(sed -n 's/.*"type":"pipe".*"fds":\[\([0-9]*\),\([0-9]*\)\].*/\2/p' t.jsonl | head -1)

case $name in
sigpipe)
	# Two pipes: data (ipc0), whose readers were all closed, and the go handshake (ipc1). The
	# SIGPIPE comes from the data pipe's dead end to the child that wrote into it.
	node ipc0 label 'no reader'
	node ipc1 label 'read end'
	edge n1 ipc0 xlabel "fd $wfd"
	edge ipc0 n1 xlabel "SIGPIPE: write on fd $wfd"
	no_edge ipc1 n1 xlabel 'SIGPIPE'
	node ipc0 label "P0 fd $rfd, closed at"
	node ipc0 label "P0 fd $wfd, closed at"
	;;
pipe_ps_grep)
	# ps (P0 after its exec) writes into the pipe as fd 1, grep (P1) reads it as fd 0; the
	# parent's own copies (the pipe's fds) were closed, the child's too.
	edge n0 ipc0 xlabel 'fd 1'
	edge ipc0 n1 xlabel 'fd 0'
	node ipc0 label "P0 fd 1 = dup2($wfd)"
	node ipc0 label "P1 fd 0 = dup2($rfd), until exit (as grep)"
	node ipc0 label "P0 fd $rfd, closed at"
	node ipc0 label "P0 fd $wfd, closed at"
	node ipc0 label "P1 fd $wfd inherited, closed at"
	# grep, woken by the EOF of ps's exit, exits after ps began to exit: ps could not wait for
	# it, so it is no leak. (ps closes its stdout just before exit_group: when grep is quicker
	# than that last step, it was a zombie under a running ps for a moment, and a leak.)
	after=$(python3 -c 'import json
t = {}
for l in open("t.jsonl"):
    e = json.loads(l)
    if e["type"] == "exit": t.setdefault(e["pid"], e["t"])
    if e["type"] == "header": root = e["root"]
print(int(all(v >= t[root] for p, v in t.items() if p != root)))')
	if [ "$after" = 1 ]; then
		! dotq node n1 label 'LEAK' || fail "grep, exiting after ps, drawn as a leak"
	fi
	;;
mmap_pair)
	# One region, the file, joined to both programs: the reader maps it r, the writer rw.
	region=$(grep -o '"region":"[^"]*","anon":false,"path":"[^"]*/shared"' t.jsonl | sort -u | wc -l)
	[ "$region" -eq 1 ] || fail "the two mappings are not of one region: $region"
	r=$(python3 -c 'import json,sys
for l in open("t.jsonl"):
    e=json.loads(l)
    if e["type"]=="mmap" and e.get("path","").endswith("/shared"): print(e["pid"], e["prot"])')
	[ "$(wc -l <<<"$r")" -eq 2 ] || fail "two mmaps of the file: $r"
	obj=$(grep -o 'ipc[0-9]*' tree.dot | sort -u | while read -r o; do
		dotq node "$o" label '/shared' && echo "$o"; done | head -1)
	[ -n "$obj" ] || fail "no region node for the shared file"
	node "$obj" label 'shared region'
	node "$obj" label '4 KiB'
	node "$obj" label 'MAP_SHARED'
	edge n1 "$obj" xlabel 'maps r'
	edge n2 "$obj" xlabel 'maps rw'
	;;
subreaper)
	# Both grandchildren (P2 early, a zombie when middle died; P3 late) are adopted by the
	# traced subreaper P0, whatever order ptviz saw the adoption and the reap in.
	root=$(sed -n 's/.*"type":"header".*"root":\([0-9]*\).*/\1/p' t.jsonl)
	n=$(grep -c "\"type\":\"reparent\".*\"to\":$root[,}]" t.jsonl)
	[ "$n" -eq 2 ] || fail "expected 2 adoptions by the subreaper $root, got $n"
	edge n0 n2 arrowhead odot
	edge n0 n3 arrowhead odot
	node n2 label 'adopted by P0'
	node n3 label 'adopted by P0'
	node n3 label "→ $root (P0)"
	# early was never waited for by middle, its parent: a leak of middle, reaped by its adopter.
	node n2 label 'LEAK'
	node n2 label 'parent alive '
	node n2 label ' · orphaned '
	;;
global_var)
	# The punchline: both lines, with the same address, in the order written.
	addr=$(sed -n 's/^child: counter=11 at \(0x[0-9a-f]*\)$/\1/p' out.txt)
	[ -n "$addr" ] || fail "no child line: $(cat out.txt)"
	node output label "child: counter=11 at $addr"
	node output label "parent: counter=10 at $addr"
	node n1 label 'printed 1'
	node n0 label 'printed 2'
	edge n0 n1 label '1st fork() = '
	edge n0 n1 label 'in the child: 0'
	;;
orphan)
	# The child outlived its parent: an orphan, not a leak; the report says no false "No leaks".
	node n1 label 'orphan, adopted by'
	"$ptviz" report t.jsonl --color never >rep.txt 2>&1 || fail "report failed"
	grep -q 'zombie' rep.txt && ! grep -q 'zombies\? never waited' rep.txt || true
	"$ptviz" report t.jsonl --color never --check >chk.txt 2>&1
	grep -q 'every child that exited was reaped by its parent' chk.txt &&
		fail "the false sentence: $(cat chk.txt)"
	;;
orphan_adopter)
	# The child's new parent is the adopter process (a subreaper above ptviz): the log names it
	# as the tracer read it then, and the tree names it on its node and on the orphan's.
	adopter=$(sed -n 's/^child [0-9]*: my parent [0-9]* has exited; I was adopted by pid \([0-9]*\)$/\1/p' out.txt)
	[ -n "$adopter" ] || fail "the orphan did not say its new parent: $(cat out.txt)"
	grep -q "\"type\":\"reparent\".*\"to\":$adopter,\"adopter_comm\":\"adopter\"" t.jsonl ||
		fail "no reparent to $adopter named adopter: $(grep reparent t.jsonl)"
	node "outside_$adopter" label "adopter (pid $adopter, subreaper)"
	edge "outside_$adopter" n1 arrowhead odot
	node n1 label "orphan, adopted by adopter (pid $adopter)"
	node n1 label "reaped by adopter (pid $adopter)"
	"$ptviz" report t.jsonl --color never >rep.txt 2>&1 || fail "report failed"
	grep -q "adopted by adopter (pid $adopter)" rep.txt || fail "report: $(cat rep.txt)"
	grep -q "reaped by its adopter adopter (pid $adopter)$" rep.txt || fail "report: $(cat rep.txt)"
	;;
*)
	fail "no lesson check for $name"
	;;
esac
echo "PASS samples.lesson.$name"
