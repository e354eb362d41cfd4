#!/usr/bin/env bash
# reliability_test.sh CASE PTVIZ SAMPLES_DIR PROGS_DIR — hostile input, faults and load: one class
# of failure per CASE, driving the installed ptviz as an adversarial user (or a traced program)
# would. Nothing ptviz did not create may be lost or overwritten, and tracing must not change
# what the program does. Exit 77 = skipped (the machine refuses what the case needs).
set -euo pipefail
case_name=$1 PTVIZ=$2 SAMPLES=$3 PROGS=$4
work=$(mktemp -d)
mounted=
cleanup() {
	[ -z "$mounted" ] || umount "$mounted" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

fail() { echo "FAIL($case_name): $*" >&2; exit 1; }
skip() { echo "SKIP($case_name): $*" >&2; exit 77; }
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
# No temporary file of ptviz's (".NAME.XXXXXXXX") left in directory $1.
expect_no_temp() {
	local left
	left=$(find "$1" -maxdepth 1 -name '.*.*' ! -name . ! -name .. -printf '%f\n')
	[ -z "$left" ] || fail "temporary files left in $1: $left"
}
# as_nobody CMD...: run CMD as user nobody (needs root and setpriv).
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
need_root() { [ "$(id -u)" -eq 0 ] || skip "needs root: $*"; }
# cpu CMD...: the CPU seconds (user + system) CMD and the children it waited for used; stdout
# goes to .cpu.out. Ratios of two such figures compare work, not wall time: a loaded machine
# slows both alike.
cpu() {
	python3 -c 'import os, sys
pid = os.fork()
if pid == 0:
    fd = os.open(".cpu.out", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(fd, 1)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, ru = os.wait4(pid, 0)
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit("failed: %s (status %d)" % (" ".join(sys.argv[1:]), os.waitstatus_to_exitcode(status)))
print("%.3f" % (ru.ru_utime + ru.ru_stime))' "$@"
}
# ratio_below A B MAX: A/B < MAX (A, B in seconds; B at least 10 ms so a fast run does not
# divide by noise).
ratio_below() {
	python3 -c 'import sys; a, b, m = map(float, sys.argv[1:]); sys.exit(0 if a / max(b, 0.01) < m else 1)' "$1" "$2" "$3"
}
GEN=$(dirname "$0")/gen_scale.py
NOTE='^ptviz: note: the program exited with status 0; ptviz exits with status 1 because its output is incomplete$'

case $case_name in
kept_on_failed_record)
	# An existing file or device given to -o must survive a record that traces nothing: a program
	# not found, not executable, a pid that does not exist. (It used to be unlinked: as root,
	# `ptviz record -o /dev/null -- typo` deleted /dev/null.) A scratch device node stands for
	# /dev/null; the real one is never touched.
	printf 'precious\n' >old.jsonl
	printf 'not a program\n' >plain.txt
	devs=old.jsonl
	if mknod null c 1 3 2>/dev/null; then
		devs="old.jsonl null"
	else
		echo "note: mknod refused; the device part is not run" >&2
	fi
	for target in $devs; do
		for cmd in "-- no-such-program-ptviz" "-- ./plain.txt" "-p 4194304"; do
			run "$PTVIZ" record -o "$target" $cmd
			[ "$rc" -ne 0 ] || fail "$cmd: succeeded"
			[ "$(wc -l <<<"$err")" -eq 1 ] || fail "$cmd: not one error line: $err"
			if [ "$target" = null ]; then
				[ -c null ] || fail "$cmd: the device node is gone or replaced: $(ls -l)"
			else
				[ "$(cat old.jsonl)" = precious ] || fail "$cmd: the old log was touched"
			fi
		done
	done
	# The device still takes a whole log in place, and stays a device.
	if [ -c null ]; then
		run "$PTVIZ" record -o null -- true
		expect_rc 0
		[ -c null ] || fail "a successful record replaced the device node"
	fi
	expect_no_temp .
	;;
planted_outputs)
	# The traced program plants its own picture names in ptviz's output directory: a symlink to
	# a victim file, a FIFO (ptviz used to hang opening it), a hard link to the victim. Nothing is
	# followed, written into or replaced; ptviz says so for each picture and does not hang.
	printf 'precious\n' >victim
	mkdir out
	cat >plant <<-'EOF'
	#!/bin/sh
	ln -s ../victim out/plant-tree.svg
	mkfifo out/plant-timeline.svg
	EOF
	chmod +x plant
	run timeout 60 "$PTVIZ" -q -O out -- ./plant
	[ "$rc" -ne 124 ] || fail "ptviz hung on the planted FIFO"
	expect_rc 1
	expect_err '^ptviz: out/plant-tree.svg: is a symbolic link'
	expect_err '^ptviz: out/plant-timeline.svg: already exists .*left untouched'
	expect_err "$NOTE"
	[ "$(cat victim)" = precious ] || fail "the victim was written through the symlink"
	[ -L out/plant-tree.svg ] && [ -p out/plant-timeline.svg ] || fail "planted names replaced: $(ls -l out)"
	[ -s out/plant.jsonl ] || fail "the log is missing"
	expect_no_temp out
	# A hard link to the victim under a picture name: a regular file, still not ptviz's.
	cat >plant2 <<-'EOF'
	#!/bin/sh
	ln victim out/plant2-tree.svg
	EOF
	chmod +x plant2
	run timeout 60 "$PTVIZ" -q -O out -- ./plant2
	expect_rc 1
	expect_err '^ptviz: out/plant2-tree.svg: already exists'
	[ "$(cat victim)" = precious ] || fail "the victim was written through the hard link"
	[ -s out/plant2-timeline.svg ] || fail "the other picture was not drawn"
	expect_no_temp out
	# Names the user gives: a symlink is refused, a FIFO with no reader too, at once.
	ln -s victim link.svg
	mkfifo fifo.svg
	run "$PTVIZ" render out/plant.jsonl --tree link.svg
	expect_rc 1
	expect_err '^ptviz: link.svg: is a symbolic link'
	[ "$(cat victim)" = precious ] && [ -L link.svg ] || fail "render wrote through link.svg"
	run timeout 60 "$PTVIZ" render out/plant.jsonl --tree fifo.svg
	expect_rc 1
	expect_err '^ptviz: fifo.svg: is a FIFO with no reader'
	expect_no_temp .
	;;
sticky_symlink)
	# In a sticky world-writable directory (/tmp), another user plants the log's name as a
	# symlink to root's file, or as a file of their own: root's `record -o` must neither follow
	# the link (even with fs.protected_symlinks off) nor hand its log to that user.
	need_root "a second user plants the names"
	printf 'precious\n' >victim
	mkdir -m 1777 sticky
	chmod 755 .
	as_nobody ln -s "$work/victim" sticky/t.jsonl
	as_nobody sh -c 'echo theirs >sticky/theirs.jsonl'
	run "$PTVIZ" record -o sticky/t.jsonl -- true
	expect_rc 1
	expect_err '^ptviz: sticky/t.jsonl: is a symbolic link'
	[ "$(cat victim)" = precious ] || fail "the victim was overwritten through the symlink"
	[ -L sticky/t.jsonl ] || fail "the symlink was replaced"
	run "$PTVIZ" record -o sticky/theirs.jsonl -- true
	expect_rc 1
	expect_err '^ptviz: sticky/theirs.jsonl: belongs to uid 65534 in a sticky directory'
	[ "$(cat sticky/theirs.jsonl)" = theirs ] || fail "another user's file was replaced"
	# root's own file there is replaced as asked.
	echo old >sticky/mine.jsonl
	run "$PTVIZ" record -o sticky/mine.jsonl -- true
	expect_rc 0
	grep -q '"type":"header"' sticky/mine.jsonl || fail "root's own file was not written"
	expect_no_temp sticky
	;;
mode_kept)
	# Re-rendering (re-recording) onto an existing file keeps its mode, and its owner where
	# ptviz may set it.
	run "$PTVIZ" record -o t.jsonl -- "$SAMPLES/fork_basic"
	expect_rc 0
	for f in tree.svg other.svg; do
		run "$PTVIZ" render t.jsonl --tree "$f"
		expect_rc 0
	done
	chmod 600 tree.svg t.jsonl
	chmod 640 other.svg
	run "$PTVIZ" render t.jsonl --tree tree.svg --timeline other.svg
	expect_rc 0
	[ "$(stat -c %a tree.svg)" = 600 ] || fail "tree.svg is now $(stat -c %a tree.svg), was 600"
	[ "$(stat -c %a other.svg)" = 640 ] || fail "other.svg is now $(stat -c %a other.svg), was 640"
	run "$PTVIZ" record -o t.jsonl -- "$SAMPLES/fork_basic"
	expect_rc 0
	[ "$(stat -c %a t.jsonl)" = 600 ] || fail "t.jsonl is now $(stat -c %a t.jsonl), was 600"
	if [ "$(id -u)" -eq 0 ]; then
		chown 65534:65534 tree.svg
		run "$PTVIZ" render t.jsonl --tree tree.svg
		expect_rc 0
		[ "$(stat -c %u:%g:%a tree.svg)" = 65534:65534:600 ] ||
			fail "owner or mode not kept: $(stat -c %u:%g:%a tree.svg)"
	fi
	# A new file gets 0666 less the umask.
	(umask 027 && "$PTVIZ" render t.jsonl --tree new.svg)
	[ "$(stat -c %a new.svg)" = 640 ] || fail "new.svg is $(stat -c %a new.svg) under umask 027"
	expect_no_temp .
	;;
full_disk)
	# A full disk (a 64 KiB tmpfs): the log is kept up to its last complete line, with one line
	# saying so and how many events it holds; the program's success and ptviz's failure both
	# show; pictures that cannot be written say so, leave the old file and no temporary file.
	mkdir small
	mount -t tmpfs -o size=64k ptviz-test small 2>/dev/null || skip "mount -t tmpfs refused"
	mounted=$work/small
	run "$PTVIZ" record -o small/t.jsonl -- "$SAMPLES/many_children" 300
	expect_rc 1
	expect_err '^ptviz: small/t.jsonl: writing the log: No space left on device \(kept the first [0-9]+ events\)$'
	expect_err "$NOTE"
	[ "$(wc -l <<<"$err")" -eq 2 ] || fail "more than the error and the note: $err"
	kept=$(sed -n 's/.*kept the first \([0-9]*\) events.*/\1/p' <<<"$err")
	[ "$(tail -c 1 small/t.jsonl | od -An -c | tr -d ' ')" = '\n' ] || fail "the log ends mid-line"
	lines=$(wc -l <small/t.jsonl)
	[ "$lines" -eq $((kept + 1)) ] || fail "$lines lines, but the message says $kept events (+ header)"
	python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' small/t.jsonl ||
		fail "a kept line is not JSON"
	expect_no_temp small
	# A failed program keeps its own status.
	rm -f small/t.jsonl
	run "$PTVIZ" record -o small/t.jsonl -- sh -c "$SAMPLES/many_children 300 >/dev/null; exit 5"
	expect_rc 5
	expect_err '^ptviz: small/t.jsonl: writing the log: No space left on device'
	! grep -q '^ptviz: note' <<<"$err" || fail "a note although the program's own status is kept"
	rm -f small/t.jsonl
	# One-command mode: log kept, each picture says it could not be written.
	run "$PTVIZ" -q -O small -- "$SAMPLES/many_children" 300
	expect_rc 1
	expect_err '^ptviz: small/many_children.jsonl: writing the log: No space left on device \(kept the first [0-9]+ events\)$'
	expect_err '^ptviz: small/many_children-tree.svg: writing: No space left on device'
	expect_err '^ptviz: small/many_children-timeline.svg: writing: No space left on device'
	expect_err "$NOTE"
	[ ! -e small/many_children-tree.svg ] || fail "a partial picture was left"
	expect_no_temp small
	# Re-rendering over an older picture on the full disk: message, old picture intact.
	rm -f small/*
	run "$PTVIZ" record -o t.jsonl -- "$SAMPLES/fork_loop"
	printf 'old picture\n' >small/tree.svg
	dd if=/dev/zero of=small/fill bs=1k count=64 2>/dev/null || true
	run "$PTVIZ" render t.jsonl --tree small/tree.svg --timeline small/tl.png
	expect_rc 1
	expect_err '^ptviz: small/tree.svg: writing: No space left on device'
	expect_err '^ptviz: small/tl.png: writing: No space left on device'
	[ "$(cat small/tree.svg)" = 'old picture' ] || fail "the old picture was damaged"
	[ ! -e small/tl.png ] || fail "a partial PNG was left"
	expect_no_temp small
	;;
closed_reader)
	# `ptviz record -o - | head -1`: the reader goes away. ptviz says so in one line, stops
	# writing, and does not die of SIGPIPE nor take the program with it: the program runs on to
	# its end and its status is ptviz's. The program waits until the reader is gone (a FIFO
	# handshake), so the log still has lines to write then.
	mkfifo gone
	set +e
	"$PTVIZ" record -o - -- sh -c 'read x <gone; echo ran-on >&2; exit 3' 2>err.txt |
		{ head -1 >first.txt; exec 0<&-; echo >gone; }
	status=("${PIPESTATUS[@]}")
	set -e
	rc=${status[0]} err=$(cat err.txt)
	expect_rc 3
	grep -q '"type":"header"' first.txt || fail "the reader did not get the header: $(cat first.txt)"
	expect_err '^ran-on$'
	expect_err '^ptviz: stdout: the log.s reader went away after [0-9]+ events? \(Broken pipe\); the program ran on to its end$'
	[ "$(grep -c '^ptviz' <<<"$err")" -eq 1 ] || fail "not one line: $err"
	;;
group_signals)
	# The program signals its own process group, which ptviz shares (kill(0, SIG) for HUP USR1
	# USR2 ALRM TERM PIPE INT QUIT, each with a handler). Untraced it catches them all and exits
	# 7; traced, the same — ptviz is neither killed nor stopped. In a session of its own, so the
	# signals reach nobody else.
	run setsid -w "$PROGS/group_signal"
	expect_rc 7
	want=$out
	run setsid -w "$PTVIZ" record -o t.jsonl -- "$PROGS/group_signal"
	expect_rc 7
	[ "$out" = "$want" ] || fail "traced output differs: $out (untraced: $want)"
	grep -q '"type":"end".*"reason":"exited"' t.jsonl || fail "the log was not finished: $(tail -1 t.jsonl)"
	# A shell's `kill -TERM 0` that kills the sender itself: its late signal is still the tree's,
	# so ptviz does not end the trace (a child that ignores TERM runs on). The child says through
	# a FIFO that its trap is set before anyone sends TERM: without that handshake the signal
	# could reach the subshell before its trap and kill it.
	mkfifo trapped
	run setsid -w "$PTVIZ" record -o t.jsonl -- sh -c '(trap "" TERM; echo >trapped; sleep 0.3; echo survivor) & read _ <trapped; /bin/sh -c "kill -TERM 0"; wait'
	expect_rc 143
	expect_out '^survivor$'
	# SIGTERM from outside the tree still ends the trace and finishes the log.
	mkfifo started
	"$PTVIZ" record -o t2.jsonl -- sh -c 'echo >started; exec sleep 60' &
	tracer=$!
	read -r _ <started
	kill -TERM "$tracer"
	set +e
	wait "$tracer"
	rc=$?
	set -e
	expect_rc 137
	grep -q '"type":"end".*"reason":"interrupted"' t2.jsonl || fail "the log was not finished: $(tail -1 t2.jsonl)"
	;;
inherited_signals)
	# Signals the caller ignores stay ignored in the program (trap '' INT TERM, nohup), and the
	# program gets exactly the caller's ignored set and signal mask.
	run setsid -w bash -c "trap '' INT TERM; \"$PTVIZ\" record -o t.jsonl -- sh -c 'kill -INT \$\$; kill -TERM \$\$; echo alive'"
	expect_rc 0
	expect_out '^alive$'
	run setsid -w nohup "$PTVIZ" record -o t.jsonl -- sh -c 'kill -HUP $$; echo alive'
	expect_rc 0
	expect_out '^alive$'
	# A caller that ignores INT, TERM, HUP and CHLD and blocks USR2: grep reads its own masks.
	caller='import os, signal, sys
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
    signal.signal(s, signal.SIG_IGN)
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR2])
os.execvp(sys.argv[1], sys.argv[1:])'
	masks='grep -E ^Sig(Blk|Ign) /proc/self/status'
	run python3 -c "$caller" $masks
	want=$out
	grep -q 'SigIgn:.*[1-9a-f]' <<<"$want" || fail "the caller's ignored set did not show: $want"
	run python3 -c "$caller" "$PTVIZ" record -o t.jsonl -- $masks
	expect_rc 0
	[ "$out" = "$want" ] || fail "traced: $out; untraced: $want"
	;;
setuid_warning)
	# Under ptrace the kernel does not apply a setuid file's owner unless the tracer may (root's
	# CAP_SYS_PTRACE) — and never under no_new_privs, which ptviz's filter needs when not root.
	# ptviz says so, once per program, and the exec event carries privs_dropped.
	need_root "setuid copies of a test program and a second user"
	chmod 755 .
	cp "$PROGS/show_ids" suid_root && chmod 4755 suid_root
	cp "$PROGS/show_ids" suid_nobody && chown 65534 suid_nobody && chmod 4755 suid_nobody
	mkdir logs && chown 65534 logs
	run as_nobody ./suid_root
	expect_out '^euid=0 '
	run as_nobody "$PTVIZ" record -o logs/n.jsonl -- sh -c './suid_root; ./suid_root'
	expect_rc 0
	[ "$(grep -c '^euid=65534 ' <<<"$out")" -eq 2 ] || fail "traced, the program was elevated: $out"
	expect_err "^ptviz: warning: $work/suid_root is setuid root: under ptrace it runs without those privileges$"
	[ "$(wc -l <<<"$err")" -eq 1 ] || fail "not warned exactly once: $err"
	[ "$(grep -c '"privs_dropped":\["setuid"\]' logs/n.jsonl)" -eq 2 ] || fail "exec events lack privs_dropped"
	python3 "$(dirname "$0")/../tracer/validate_log.py" logs/n.jsonl >/dev/null || fail "the log does not validate"
	# The picture says it too, in the process's tooltip.
	run "$PTVIZ" render logs/n.jsonl --tree n.svg
	expect_rc 0
	[ "$(grep -o 'ran without its setuid privileges (ptrace)' n.svg | wc -l)" -ge 1 ] ||
		fail "the tree's tooltip does not say the privileges were dropped"
	# Root traces with CAP_SYS_PTRACE: a setuid-nobody program runs as nobody, as untraced, and
	# there is nothing to say.
	run ./suid_nobody
	expect_out '^euid=65534 '
	run "$PTVIZ" record -o r.jsonl -- ./suid_nobody
	expect_rc 0
	expect_out '^euid=65534 '
	[ -z "$err" ] || fail "root was warned: $err"
	! grep -q privs_dropped r.jsonl || fail "privs_dropped although nothing was dropped"
	;;
concurrent_runs)
	# Runs of one program started together in one directory choose the same names; each log
	# claims its name only when it takes it, and the one that finds it taken takes the next free
	# name: every run keeps its log and its pictures, none is overwritten, nothing is left over.
	pids=
	for i in 1 2 3 4 5 6; do
		"$PTVIZ" -q -O out -- "$SAMPLES/fork_basic" >"run$i.out" 2>"run$i.err" &
		pids="$pids $!"
	done
	for p in $pids; do
		wait "$p" || fail "a run failed: $(cat run*.err)"
	done
	[ "$(find out -name '*.jsonl' | wc -l)" -eq 6 ] || fail "not six logs: $(ls out)"
	[ "$(find out -name '*-tree.svg' | wc -l)" -eq 6 ] || fail "not six trees: $(ls out)"
	[ "$(find out -name '*-timeline.svg' | wc -l)" -eq 6 ] || fail "not six timelines: $(ls out)"
	for log in out/*.jsonl; do
		python3 "$(dirname "$0")/../tracer/validate_log.py" "$log" >/dev/null ||
			fail "$log does not validate"
		[ "$(grep -c '"type":"header"' "$log")" -eq 1 ] || fail "$log holds more than one run"
	done
	expect_no_temp out
	;;
ctrl_c)
	# The documented interface: Ctrl-C on the terminal (SI_KERNEL, to the whole foreground group)
	# reaches the program and ptviz records on; a second one ends the launched program and
	# finishes the log. Driven through a pseudo-terminal.
	python3 - "$PTVIZ" <<-'PY' || fail "Ctrl-C behaviour changed"
	import os, pty, select, sys, time
	pid, fd = pty.fork()
	if pid == 0:
	    os.execvp(sys.argv[1], [sys.argv[1], "record", "-o", "t.jsonl", "--", "sh", "-c",
	              "trap '/bin/echo got-int' INT; echo ready; while :; do sleep 0.05; done"])
	seen = b""
	def wait_for(word):
	    global seen
	    end = time.time() + 60
	    while word not in seen and time.time() < end:
	        if select.select([fd], [], [], 0.5)[0]:
	            try:
	                seen += os.read(fd, 4096)
	            except OSError:
	                break
	    return word in seen
	assert wait_for(b"ready"), seen
	os.write(fd, b"\x03")
	assert wait_for(b"got-int"), seen
	assert os.waitpid(pid, os.WNOHANG)[0] == 0, "ptviz ended at the first Ctrl-C"
	os.write(fd, b"\x03")
	_, status = os.waitpid(pid, 0)
	assert os.waitstatus_to_exitcode(status) == 137, status
	log = open("t.jsonl").read()
	# Recording went on after the first Ctrl-C: the handler's /bin/echo is in the log.
	assert '"path":"/usr/bin/echo"' in log or '"path":"/bin/echo"' in log, "no exec of echo"
	assert '"reason":"interrupted"' in log.splitlines()[-1], log.splitlines()[-1]
	PY
	;;
own_seccomp_trace)
	# The program installs its own seccomp filter that returns SECCOMP_RET_TRACE (its own data)
	# for getppid and dup. Untraced those calls fail with ENOSYS; under ptviz (whose filter also
	# traps dup) they must fail the same, and ptviz's own stops still work: the pipe is recorded.
	run "$PROGS/own_filter"
	expect_rc 0
	want=$out
	grep -q '^getppid=-1 errno=ENOSYS$' <<<"$want" || fail "untraced, the filter did not give ENOSYS: $want"
	grep -q '^dup=-1 errno=ENOSYS$' <<<"$want" || fail "untraced, dup was not ENOSYS: $want"
	for mode in "" --no-seccomp; do
		run "$PTVIZ" record $mode -o t.jsonl -- "$PROGS/own_filter"
		expect_rc 0
		[ "$out" = "$want" ] || fail "traced ($mode): $out; untraced: $want"
		grep -q '"type":"pipe"' t.jsonl || fail "ptviz's own stop for pipe was lost ($mode)"
		! grep -q '"type":"dup"' t.jsonl || fail "a dup that did not happen was recorded ($mode)"
	done
	;;
scale_report)
	# A process holding N pipes at once, whose 4 children inherit all the ends and close them one
	# by one: the facts grow linearly in N, and so must the work. Replaying the fd table was
	# O(table) per change (report --json of issue #18's 3,000 pipes and forks: > 20 s): ten times
	# the pipes took ~40 times the CPU; now ~5-10.
	python3 "$GEN" many_fds 400 >small.jsonl
	python3 "$GEN" many_fds 4000 >big.jsonl
	small=$(cpu "$PTVIZ" report --json small.jsonl)
	big=$(cpu "$PTVIZ" report --json big.jsonl)
	python3 -c 'import json; json.load(open(".cpu.out"))' || fail "report --json is not JSON"
	ratio_below "$big" "$small" 15 || fail "10x the pipes cost ${big}s / ${small}s CPU: not linear"
	;;
scale_shared_map)
	# 2,000 processes in a tree all share one mapping: the tree draws a bounded star of edges
	# for it (it drew one edge per process, 2,000 cross edges dot could not lay out), says how
	# many nodes share it, and the picture is drawn.
	python3 "$GEN" shared_map 2000 >map.jsonl
	run "$PTVIZ" render map.jsonl --tree map.dot
	expect_rc 0
	edges=$(grep -c 'dir=none' map.dot || true)
	[ "$edges" -ge 1 ] && [ "$edges" -le 12 ] || fail "$edges shared-memory edges drawn, want 1..12"
	grep -qE 'shared anon \([0-9]{3,} nodes, 12 drawn\)' map.dot || fail "the cut star does not say so"
	run "$PTVIZ" render map.jsonl --tree map.svg
	expect_rc 0
	grep -q '</svg>' map.svg || fail "no picture"
	;;
scale_fork_fds)
	# Tracing a program that forks 300 times while holding N pipes: with 2,000 pipes it cost ~20
	# times what it cost with 20 (the fd table copied entry by entry at every fork, and every
	# child's fd directory read at its exit); now about the same.
	small=$(cpu "$PTVIZ" record -o s.jsonl -- "$PROGS/fork_holding" 20 300)
	big=$(cpu "$PTVIZ" record -o b.jsonl -- "$PROGS/fork_holding" 2000 300)
	grep -q 'reaped 300' .cpu.out || fail "the program did not run to its end: $(cat .cpu.out)"
	[ "$(grep -c '"type":"fork"' b.jsonl)" -eq 300 ] || fail "not 300 forks in the log"
	ratio_below "$big" "$small" 6 || fail "100x the pipes cost ${big}s / ${small}s CPU per fork run"
	;;
hostile_text)
	# A program whose name and argv carry what XML 1.0 cannot (U+FFFE, U+FFFF, control
	# characters), markup (</text><script>) and bytes that are not UTF-8: the run returns the
	# program's status and both pictures are well-formed XML with no element of the program's
	# making. (Graphviz failed with "not well-formed": exit 1, no picture.)
	name=$'ev\xef\xbf\xbeil<script>\x01\xef\xbf\xbf'
	printf '#!/bin/sh\nexit 3\n' >"$name"
	chmod +x "$name"
	mkdir out
	run "$PTVIZ" -q -O out -- "./$name" '</text><script>alert(1)</script>' $'\xef\xbf\xbe\xef\xbf\xbf' \
		$'\x01\x1b[31m\x7f' $'\xff\xfe&amp;"'
	expect_rc 3
	[ -z "$err" ] || fail "ptviz said something: $err"
	svgs=(out/*.svg)
	[ "${#svgs[@]}" -eq 2 ] || fail "not two pictures: $(ls out)"
	python3 - "${svgs[@]}" <<-'PY' || fail "a picture is not well-formed or carries the program's markup"
	import sys, xml.etree.ElementTree as ET
	for path in sys.argv[1:]:
	    root = ET.parse(path).getroot()
	    tags = {el.tag.split('}')[-1] for el in root.iter()}
	    assert 'script' not in tags, (path, tags)
	    text = open(path, encoding='utf-8').read()
	    assert '\ufffe' not in text and '\uffff' not in text, path
	    assert 'alert(1)' in text, path + ": the argv is not shown"
	PY
	log=(out/*.jsonl)
	# Bytes that are not UTF-8 in a log (written by hand, or by another tool): loaded with one
	# warning, and report --json and the Perfetto JSON stay JSON; the log is not rewritten.
	python3 - "${log[0]}" <<-'PY'
	import sys
	data = open(sys.argv[1], 'rb').read().replace(b'alert(1)', b'alert\xff\xc0(1)')
	open('bad.jsonl', 'wb').write(data)
	PY
	cp bad.jsonl bad.orig
	run "$PTVIZ" report --json bad.jsonl
	expect_rc 0
	expect_err '^ptviz: warning: bad.jsonl:[0-9]+: text that is not UTF-8'
	printf '%s\n' "$out" >report.json
	run "$PTVIZ" export bad.jsonl --perfetto trace.json
	expect_rc 0
	python3 -c 'import json, sys
for p in sys.argv[1:]:
    json.loads(open(p, "rb").read().decode("utf-8"))' report.json trace.json ||
		fail "report --json or the Perfetto JSON is not valid UTF-8 JSON"
	cmp -s bad.jsonl bad.orig || fail "the log was rewritten"
	run "$PTVIZ" render bad.jsonl --tree bad.svg --timeline badt.svg
	expect_rc 0
	python3 -c 'import sys, xml.etree.ElementTree as ET; [ET.parse(p) for p in sys.argv[1:]]' bad.svg badt.svg ||
		fail "a picture of the repaired log is not well-formed"
	# Two logs joined: the first is drawn, with a warning naming the line where the second starts.
	cat "${log[0]}" "${log[0]}" >two.jsonl
	first=$(wc -l <"${log[0]}")
	run "$PTVIZ" render two.jsonl --tree two.svg
	expect_rc 0
	expect_err "^ptviz: warning: two.jsonl:$((first + 1)): a second header"
	[ -s two.svg ] || fail "no picture of the joined logs"
	;;
*)
	fail "unknown case"
	;;
esac
echo "ok: $case_name"
