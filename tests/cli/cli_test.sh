#!/usr/bin/env bash
# cli_test.sh CASE PTVIZ SAMPLES_DIR — one end-to-end behaviour of the installed ptviz per CASE.
set -euo pipefail
case_name=$1 PTVIZ=$2 SAMPLES=$3
HERE=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

fail() { echo "FAIL($case_name): $*" >&2; exit 1; }
# run CMD...: sets $rc, $out (stdout), $err (stderr) without stopping on failure.
run() {
	set +e
	"$@" >"$work/.out" 2>"$work/.err"
	rc=$?
	set -e
	out=$(cat "$work/.out")
	err=$(cat "$work/.err")
}
expect_rc() { [ "$rc" -eq "$1" ] || fail "exit status $rc, want $1 (stderr: $err)"; }
expect_err() { grep -qE -- "$1" <<<"$err" || fail "stderr lacks /$1/: $err"; }
expect_out() { grep -qE -- "$1" <<<"$out" || fail "stdout lacks /$1/: $out"; }
# An error is one line "ptviz: <what>: <why>".
expect_one_line_error() {
	[ "$(wc -l <<<"$err")" -eq 1 ] || fail "error is not one line: $err"
	grep -qE '^ptviz: .+: .+' <<<"$err" || fail "error not in 'ptviz: what: why' form: $err"
}

case $case_name in
help)
	for sub in "" record render export report; do
		run $PTVIZ $sub --help
		expect_rc 0
		expect_out '^usage: ptviz'
	done
	;;
version)
	run $PTVIZ --version
	expect_rc 0
	expect_out '^ptviz [0-9]+\.[0-9]+'
	;;
default_run)
	run $PTVIZ -O out --color never "$SAMPLES/fork_loop"
	expect_rc 0
	for f in out/fork_loop.jsonl out/fork_loop-tree.svg out/fork_loop-timeline.svg; do
		[ -s "$f" ] || fail "$f missing or empty"
	done
	# The program's own output is untouched on stdout; the summary goes to stderr.
	[ "$(grep -c '^child [0-9]: pid=' <<<"$out")" -eq 3 ] || fail "sample output changed: $out"
	expect_err '^ptviz: fork_loop .* 4 processes'
	expect_err '3 zombies'
	expect_err 'wrote out/fork_loop-tree.svg'
	grep -q '<svg' out/fork_loop-tree.svg || fail "tree is not SVG"
	;;
no_overwrite)
	run $PTVIZ -q -O out "$SAMPLES/fork_basic"
	expect_rc 0
	run $PTVIZ -q -O out "$SAMPLES/fork_basic"
	expect_rc 0
	[ -s out/fork_basic.jsonl ] && [ -s out/fork_basic-2.jsonl ] || fail "second run overwrote or is missing: $(ls out)"
	[ -s out/fork_basic-2-tree.svg ] || fail "second run's tree missing"
	;;
exit_status)
	run $PTVIZ -q -O out -- sh -c 'exit 7'
	expect_rc 7
	run $PTVIZ record -o t.jsonl -- sh -c 'kill -TERM $$'
	expect_rc 143
	run $PTVIZ record -o t.jsonl -- "$SAMPLES/wait_status"
	expect_rc 0
	;;
stdin_passthrough)
	set +e
	got=$(printf 'line one\nline two\n' | $PTVIZ -q -O out -- cat)
	rc=$?
	set -e
	[ "$rc" -eq 0 ] || fail "exit $rc"
	[ "$got" = $'line one\nline two' ] || fail "stdin/stdout not passed through: $got"
	;;
not_found)
	run $PTVIZ -O out -- no-such-program-ptviz
	expect_rc 127
	expect_one_line_error
	expect_err 'no-such-program-ptviz'
	[ -z "$(ls out 2>/dev/null)" ] || fail "left files behind: $(ls out)"
	run $PTVIZ record -o t.jsonl -- ./no-such-file
	expect_rc 127
	[ ! -e t.jsonl ] || [ ! -s t.jsonl ] || fail "left a log behind"
	;;
not_executable)
	printf 'not a program\n' >plain.txt
	chmod 644 plain.txt
	run $PTVIZ record -o t.jsonl -- ./plain.txt
	expect_rc 126
	expect_one_line_error
	;;
bad_pid)
	run $PTVIZ record -o t.jsonl -p 4194304
	[ "$rc" -ne 0 ] || fail "attaching to a missing pid succeeded"
	expect_one_line_error
	expect_err '4194304'
	run $PTVIZ record -o t.jsonl -p notapid
	expect_rc 2
	;;
unwritable_log)
	run $PTVIZ record -o /nonexistent-dir/t.jsonl -- true
	expect_rc 1
	expect_one_line_error
	expect_err '/nonexistent-dir/t.jsonl'
	;;
render_formats)
	run $PTVIZ record -o t.jsonl -- "$SAMPLES/exec_ls"
	expect_rc 0
	for ext in svg png pdf dot; do
		run $PTVIZ render t.jsonl --tree "tree.$ext" --timeline "tl.$ext" --theme dark --ids stable
		expect_rc 0
		[ -s "tree.$ext" ] && [ -s "tl.$ext" ] || fail "no $ext output"
	done
	head -c 4 tree.png | od -c | grep -q 'P   N   G' || fail "tree.png is not a PNG"
	head -c 4 tree.pdf | grep -q '%PDF' || fail "tree.pdf is not a PDF"
	grep -q 'digraph' tree.dot || fail "tree.dot is not DOT"
	grep -q 'P0' tree.dot || fail "--ids stable did not label P0"
	;;
render_in_place)
	# An output that is not a regular file is written in place, never replaced by a renamed
	# temporary file: a FIFO that has a reader, a character device (/dev/null in real life). A FIFO
	# with no reader is refused at once rather than waited on.
	run $PTVIZ record -o t.jsonl -- "$SAMPLES/fork_basic"
	mkfifo tree.svg trace.json ready
	# fifo_reader FIFO OUT: a reader that is there before ptviz opens FIFO (it says so on
	# `ready`), and copies everything to OUT until the writer is done.
	fifo_reader() {
		python3 - "$1" "$2" <<-'PY' &
		import os, select, sys
		fd = os.open(sys.argv[1], os.O_RDONLY | os.O_NONBLOCK)
		open("ready", "w").write("go\n")
		with open(sys.argv[2], "wb") as out:
		    while True:
		        select.select([fd], [], [])
		        data = os.read(fd, 65536)
		        if not data:
		            break
		        out.write(data)
		PY
		reader=$!
		read -r _ <ready
	}
	fifo_reader tree.svg got.svg
	run $PTVIZ render t.jsonl --tree tree.svg
	wait "$reader"
	expect_rc 0
	[ -p tree.svg ] || fail "the FIFO was replaced by a file"
	grep -q '</svg>' got.svg || fail "the tree did not come through the FIFO"
	fifo_reader trace.json got.json
	run $PTVIZ export t.jsonl --perfetto trace.json
	wait "$reader"
	expect_rc 0
	[ -p trace.json ] || fail "the FIFO was replaced by a file"
	grep -q traceEvents got.json || fail "the export did not come through the FIFO"
	run timeout 60 $PTVIZ render t.jsonl --tree tree.svg
	expect_rc 1
	expect_one_line_error
	expect_err 'is a FIFO with no reader'
	if mknod null c 1 3 2>/dev/null; then
		run $PTVIZ render t.jsonl --tree null --format svg
		expect_rc 0
		[ -c null ] || fail "the device node was replaced"
	fi
	;;
job_control)
	# Ctrl-Z as the terminal sends it: SIGTSTP to the whole job (ptviz and the program), then
	# `fg`'s SIGCONT. The program's stop is recorded, ptviz stops with it, both go on after.
	mkfifo ready
	set -m   # the background job gets its own process group, as in an interactive shell
	$PTVIZ record -o t.jsonl -- sh -c 'echo go >ready; exec sleep 2' &
	job=$!
	set +m
	read -r _ <ready
	kill -TSTP -- "-$job"
	for _ in $(seq 200); do
		[ "$(awk '{print $3}' /proc/$job/stat 2>/dev/null)" = T ] && break
		sleep 0.05
	done
	state=$(awk '{print $3}' /proc/$job/stat 2>/dev/null || echo gone)
	kill -CONT -- "-$job"
	set +e
	wait "$job"
	rc=$?
	set -e
	[ "$state" = T ] || fail "ptviz did not stop with its job (state $state)"
	expect_rc 0
	grep -q '"state":"stopped","signal":"SIGTSTP"' t.jsonl || fail "the program's stop was not recorded"
	grep -q '"signal":"SIGCONT"' t.jsonl || fail "the continue was not recorded"
	;;
render_errors)
	run $PTVIZ render missing.jsonl --tree t.svg
	expect_rc 1
	expect_one_line_error
	printf '{"type":"header","format":"ptviz","version":1,"t":0,"pid":1,"root":1}\n{"type":"fork",\n' >bad.jsonl
	printf '{"type":"header","format":"ptviz","version":1,"t":0,"pid":1,"root":1}\nnot json\n{"t":5,"type":"exit","pid":1,"code":0}\n' >bad2.jsonl
	run $PTVIZ render bad2.jsonl --tree t.svg
	expect_rc 1
	expect_err '^ptviz: bad2.jsonl:2: '
	# A log cut short renders what is complete, with a warning.
	run $PTVIZ render bad.jsonl --tree t.svg
	expect_rc 0
	expect_err 'warning'
	[ -s t.svg ] || fail "truncated log did not render"
	printf '{"type":"header","format":"ptviz","version":9,"t":0,"pid":1,"root":1}\n' >v9.jsonl
	run $PTVIZ render v9.jsonl --tree t.svg
	expect_rc 1
	expect_err 'version'
	run $PTVIZ render bad.jsonl --tree t.xyz
	expect_rc 2
	expect_one_line_error
	;;
report_check)
	run $PTVIZ record -o leak.jsonl -- "$SAMPLES/zombie"
	expect_rc 0
	run $PTVIZ report leak.jsonl --check --color never
	expect_rc 3
	expect_out 'zombie'
	run $PTVIZ record -o clean.jsonl -- "$SAMPLES/exec_ls"
	expect_rc 0
	run $PTVIZ report clean.jsonl --check --color never
	expect_rc 0
	;;
report_json)
	run $PTVIZ record -o t.jsonl -- "$SAMPLES/fork_loop"
	run $PTVIZ report t.jsonl --json
	expect_rc 0
	python3 -c 'import json,sys; json.loads(sys.stdin.read())' <<<"$out" || fail "report --json is not JSON"
	;;
export_perfetto)
	run $PTVIZ record -o t.jsonl -- "$SAMPLES/pipe_siblings"
	run $PTVIZ export t.jsonl --perfetto p.json
	expect_rc 0
	python3 - p.json <<'PY' || fail "perfetto output invalid"
import json, sys
d = json.load(open(sys.argv[1]))
ev = d["traceEvents"]
assert any(e.get("ph") == "M" and e.get("name") == "process_name" for e in ev)
assert any(e.get("ph") == "X" for e in ev)
PY
	;;
attach_detach)
	sleep 30 &
	victim=$!
	run $PTVIZ -q -O out -p "$victim" --for 0.5
	state=$(awk '{print $3}' /proc/$victim/stat 2>/dev/null || echo gone)
	kill "$victim" 2>/dev/null || true
	wait "$victim" 2>/dev/null || true
	expect_rc 0
	[ "$state" = S ] || fail "attached process not left running after detach (state $state)"
	grep -q '"type":"attach"' out/*.jsonl || fail "no attach event"
	;;
attach_refused)
	# ptrace permission errors: a process has one tracer at a time.
	sleep 30 &
	victim=$!
	$PTVIZ record -o first.jsonl -p "$victim" --for 3 &
	first=$!
	for _ in $(seq 200); do
		[ "$(awk '/^TracerPid:/ {print $2}' /proc/$victim/status)" != 0 ] && break
		sleep 0.05
	done
	run $PTVIZ record -o second.jsonl -p "$victim"
	wait "$first" || true
	kill "$victim" 2>/dev/null || true
	wait "$victim" 2>/dev/null || true
	expect_rc 1
	expect_one_line_error
	expect_err 'Operation not permitted \(it is already traced by pid [0-9]+\)'
	[ ! -e second.jsonl ] || fail "the refused attach left a log behind"
	;;
slide_options)
	# --scale, --dpi and --title reach the pictures; bad values are one-line usage errors.
	run $PTVIZ -q -O out --ids stable "$SAMPLES/fork_basic"
	expect_rc 0
	run $PTVIZ render out/fork_basic.jsonl --tree a.png --timeline a.svg
	expect_rc 0
	run $PTVIZ render out/fork_basic.jsonl --tree b.png --timeline b.svg --dpi 192 --scale 1.5 \
		--title "Lesson 2: fork"
	expect_rc 0
	wa=$(od -An -tu1 -j16 -N4 a.png | awk '{print $1*16777216+$2*65536+$3*256+$4}')
	wb=$(od -An -tu1 -j16 -N4 b.png | awk '{print $1*16777216+$2*65536+$3*256+$4}')
	[ "$wb" -ge $((wa * 29 / 10)) ] && [ "$wb" -le $((wa * 31 / 10)) ] || fail "png width $wb, want 3 x $wa"
	grep -q 'Lesson 2: fork' b.svg || fail "timeline lacks the title"
	run $PTVIZ render out/fork_basic.jsonl --tree c.svg --no-title
	expect_rc 0
	! grep -q 'ptviz: fork_basic' c.svg || fail "--no-title kept the title"
	for args in "--scale 0" "--scale x" "--dpi 5" "--dpi 96.5"; do
		run $PTVIZ render out/fork_basic.jsonl --tree d.svg $args
		expect_rc 2
		expect_one_line_error
	done
	[ ! -e d.svg ] || fail "a refused option still drew"
	# --steps: frames of both views, numbered by the events they draw, the last one complete.
	run $PTVIZ -q -O out2 --ids stable --steps frames --steps-every 5 "$SAMPLES/fork_basic"
	expect_rc 0
	events=$(($(grep -c . out2/fork_basic.jsonl) - 1))
	n=$(ls frames | grep -c '^tree-')
	[ "$n" -eq $(((events + 4) / 5)) ] || fail "$n tree frames for $events events"
	[ "$(ls frames | grep -c '^timeline-')" -eq "$n" ] || fail "timeline frames missing: $(ls frames)"
	[ -s "frames/tree-$events.svg" ] || fail "no frame after the last event: $(ls frames)"
	run $PTVIZ render out2/fork_basic.jsonl --steps frames --steps-every 0
	expect_rc 2
	expect_one_line_error
	;;
lang_zh)
	# --lang zh: Chinese words in the pictures and the summary; without a CJK font, one clear
	# error (--lang) or a warning and English (the locale).
	run $PTVIZ -O out --ids stable --color never --lang zh "$SAMPLES/fork_basic"
	expect_rc 0
	expect_err '个进程'
	grep -q '退出 0' out/fork_basic-tree.svg || fail "no Chinese in the tree"
	grep -q 'Noto Sans CJK' out/fork_basic-tree.svg || fail "the tree is not in the CJK font"
	printf '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n' >empty.conf
	FONTCONFIG_FILE=$PWD/empty.conf run $PTVIZ render out/fork_basic.jsonl --lang zh --tree t.svg
	expect_rc 1
	expect_one_line_error
	expect_err '^ptviz: --lang zh: no CJK font found \(apt-get install fonts-noto-cjk\)$'
	[ ! -e t.svg ] || fail "drew without the font"
	FONTCONFIG_FILE=$PWD/empty.conf LC_ALL= LANG=zh_CN.UTF-8 run $PTVIZ render out/fork_basic.jsonl --tree t.svg
	expect_rc 0
	expect_err 'warning: LANG: no CJK font found'
	grep -q 'exit 0' t.svg || fail "the fallback is not English"
	# No English of ptviz's own left in the tree, the timeline (with --numbers) and the report
	# of the lessons: zh_words.py lets through only what the programs wrote and the course's
	# English terms (fork, pid, SIGPIPE, ms ...).
	for s in fork_loop orphan pipe_ps_grep sigpipe mmap_fork zombie; do
		run $PTVIZ -O zh --ids stable --numbers --lang zh -q "$SAMPLES/$s"
		expect_rc 0
		run $PTVIZ report zh/$s.jsonl --ids stable --lang zh --color never
		printf '%s\n' "$out" >zh/$s-report.txt
		grep -q '僵尸\|孤儿\|回收\|进程' zh/$s-report.txt || fail "$s: the report is not in Chinese: $out"
		python3 "$HERE/zh_words.py" zh/$s.jsonl zh/$s-tree.svg zh/$s-timeline.svg \
			zh/$s-report.txt >words.txt || fail "$s: English left: $(cat words.txt)"
	done
	grep -q '事件顺序' zh/orphan-tree.svg || fail "no legend line for --numbers in Chinese"
	run $PTVIZ report zh/orphan.jsonl --json --lang zh
	expect_rc 0
	grep -q '"orphaned"' <<<"$out" && ! grep -q '孤儿' <<<"$out" || fail "report --json is not English: $out"
	;;
usage_errors)
	run $PTVIZ
	expect_rc 2
	# Unknown options and missing values: one line naming the option, for every subcommand.
	for args in "--no-such-option true" "record --no-such-option true" "record -kZ true" \
	            "render --nope t.jsonl" "export --nope t.jsonl" "report -x t.jsonl"; do
		run $PTVIZ $args
		expect_rc 2
		expect_one_line_error
		expect_err 'unknown option'
	done
	for args in "--for" "record -o" "render --tree"; do
		run $PTVIZ $args
		expect_rc 2
		expect_one_line_error
		expect_err 'needs a value'
	done
	run $PTVIZ render
	expect_rc 2
	expect_one_line_error
	run $PTVIZ render t.jsonl
	expect_rc 2
	expect_one_line_error
	run $PTVIZ --theme neon true
	expect_rc 2
	expect_one_line_error
	;;
cmdsubst_pipe)
	# A shell's $(...): the child (no exec, a builtin) writes, the shell reads. The shell lets go of
	# its write end at once and the child of its read end: ptviz must see both closes as they
	# happen, or neither process looks like a one-way end of the pipe.
	run $PTVIZ record -o t.jsonl -- sh -c 'x=$(echo hi); echo "got $x"'
	expect_rc 0
	expect_out '^got hi$'
	run $PTVIZ render t.jsonl --tree tree.dot --ipc edges
	expect_rc 0
	shell=$(sed -n 's/.*"type":"header".*"root":\([0-9]*\).*/\1/p' t.jsonl)
	child=$(sed -n 's/.*"type":"fork".*"child":\([0-9]*\).*/\1/p' t.jsonl | head -1)
	[ -n "$shell" ] && [ -n "$child" ] || fail "no shell or child in the log"
	grep -qE "tooltip=\"pipe [0-9]+: $child → $shell\"" tree.dot || fail "no pipe edge $child → $shell: $(grep -o 'tooltip="pipe[^"]*"' tree.dot)"
	;;
fifo_python)
	# Python opens files O_RDONLY|O_CLOEXEC, like the dynamic loader, so the filter lets its open
	# of a FIFO pass: ptviz learns it at the close, and the tree still joins writer and reader.
	# --every-open sees the same open when it is made, blocked until the writer comes.
	mkfifo f
	prog='import sys; print(open(sys.argv[1]).read().strip())'
	for mode in late exact; do
		opt=; [ $mode = exact ] && opt=--every-open
		run $PTVIZ record $opt -o $mode.jsonl -- sh -c "python3 -c '$prog' f & echo hi > f; wait"
		expect_rc 0
		expect_out '^hi$'
		reader=$(grep '"type":"open"' $mode.jsonl | grep '"access":"read"')
		[ "$(wc -l <<<"$reader")" -eq 1 ] || fail "$mode: one read open of the FIFO: $reader"
		rpid=$(sed -n 's/.*"pid":\([0-9]*\).*/\1/p' <<<"$reader")
		if [ $mode = late ]; then
			grep -q '"late":"close"' <<<"$reader" || fail "late: the reader's open not learnt at close: $reader"
		else
			! grep -q '"late"' <<<"$reader" || fail "exact: the reader's open is late: $reader"
			grep -q "\"pid\":$rpid,\"state\":\"blocked\",\"on\":\"open fifo\"" exact.jsonl ||
				fail "exact: the reader $rpid is not blocked opening"
		fi
		run $PTVIZ render $mode.jsonl --tree $mode.dot --ipc edges
		expect_rc 0
		grep -qE "tooltip=\"FIFO [0-9]+: [0-9]+ → $rpid\"" $mode.dot ||
			fail "$mode: no FIFO edge to the reader $rpid: $(grep -o 'tooltip="FIFO[^"]*"' $mode.dot)"
	done
	;;
png_too_big)
	# 300 unfolded siblings make a picture wider than a PNG can be: it is still written, shrunk,
	# and ptviz says so (and what to do); SVG has no such limit and stays quiet.
	run $PTVIZ record -o t.jsonl -- "$SAMPLES/many_children" 300
	expect_rc 0
	run $PTVIZ render t.jsonl --no-fold --tree wide.png --timeline tall.svg
	expect_rc 0
	[ -s wide.png ] && [ -s tall.svg ] || fail "pictures missing"
	expect_err '^ptviz: warning: wide.png: the picture is [0-9]+ x [0-9]+ px, more than a PNG can hold .*without --no-fold'
	[ "$(wc -l <<<"$err")" -eq 1 ] || fail "one warning, for the PNG only: $err"
	run $PTVIZ render t.jsonl --tree folded.png
	expect_rc 0
	[ -z "$err" ] || fail "folded tree still too big: $err"
	;;
max_nodes)
	# A drawing budget: a 60-process tree drawn in at most 5 nodes, both views, and ptviz says so.
	run $PTVIZ record -o t.jsonl -- "$SAMPLES/fork_tree" 60
	expect_rc 0
	run $PTVIZ render t.jsonl --max-nodes 5 --tree tree.dot --timeline timeline.dot
	expect_rc 0
	expect_err '^ptviz: note: 60 processes drawn as [1-5] nodes .*--max-nodes 5'
	[ "$(grep -c '^ptviz: note:' <<<"$err")" -eq 1 ] || fail "one note for both views: $err"
	grep -q -- '--max-nodes 5' tree.dot && grep -q -- '--max-nodes' timeline.dot || fail "titles do not say it"
	# --no-fold wins over the budget: every process drawn, nothing to say.
	run $PTVIZ render t.jsonl --max-nodes 5 --no-fold --tree all.dot
	expect_rc 0
	[ -z "$err" ] || fail "--no-fold still folded: $err"
	! grep -q -- '--max-nodes' all.dot || fail "--no-fold title says folded"
	for bad in abc -3 1.5; do
		run $PTVIZ render t.jsonl --max-nodes "$bad" --tree x.svg
		expect_rc 2
		expect_one_line_error
		[ ! -e x.svg ] || fail "wrote x.svg for --max-nodes $bad"
	done
	;;
views)
	# views PY VALIDATOR SAMPLE [ARGS...]: trace, validate, render all formats and views.
	py=$4 validator=$5 sample=$6
	shift 6
	run $PTVIZ record -o t.jsonl -- "$SAMPLES/$sample" "$@"
	[ "$rc" -lt 126 ] || fail "tracing $sample failed ($rc): $err"
	[ -s t.jsonl ] || fail "no log"
	"$py" "$validator" t.jsonl >/dev/null || fail "log does not validate: $("$py" "$validator" t.jsonl 2>&1 | head -5)"
	for ext in svg png pdf dot; do
		run $PTVIZ render t.jsonl --tree "tree.$ext" --timeline "timeline.$ext"
		expect_rc 0
		[ -s "tree.$ext" ] && [ -s "timeline.$ext" ] || fail "$ext views missing"
		[ -z "$err" ] || fail "render warned: $err"
	done
	grep -q '<svg' tree.svg && grep -q '<svg' timeline.svg || fail "not SVG"
	head -c 4 tree.pdf | grep -q '%PDF' || fail "tree.pdf is not a PDF"
	;;
*)
	fail "unknown case"
	;;
esac
echo "ok: $case_name"
