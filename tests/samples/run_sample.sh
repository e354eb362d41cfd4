#!/bin/bash
# run_sample.sh SAMPLE BINDIR — run one sample program untraced and check the facts it prints.
#
# Each sample gets a fresh, private TMPDIR (so tests can run in parallel) that must be empty again
# when the sample has finished: samples must not leave files behind. The checks are about facts
# (pids, statuses, counts), never about timings or the order of racing processes.

# "[ A ] && [ B ] || fail": fail when either test is false, which is what is meant here.
# shellcheck disable=SC2015
set -u

name=$1
bindir=$2
bin=$bindir/$name

work=$(mktemp -d "${TMPDIR:-/tmp}/samples.$name.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
mkdir "$work/tmp" "$work/files"

fail() {
	echo "FAIL samples.$name: $*" >&2
	echo "--- exit status: $rc" >&2
	echo "--- stdout:" >&2
	printf '%s\n' "$out" >&2
	echo "--- stderr:" >&2
	cat "$work/stderr" >&2
	exit 1
}

# run ARGS...: run the sample with the private TMPDIR; sets $out (stdout) and $rc. Command
# substitution reads stdout to end-of-file, so the output of orphans and daemons that still hold
# it is complete too.
run() {
	out=$(TMPDIR=$work/tmp "$bin" "$@" 2>"$work/stderr")
	rc=$?
}

expect_rc() { [ "$rc" -eq "$1" ] || fail "expected exit status $1"; }
expect_no_stderr() { [ ! -s "$work/stderr" ] || fail "unexpected output on stderr"; }
# expect_line ERE: some line of stdout matches.
expect_line() { grep -Eq -- "$1" <<<"$out" || fail "no line matches /$1/"; }
# expect_count ERE N: exactly N lines of stdout match.
expect_count() {
	local n
	n=$(grep -Ec -- "$1" <<<"$out")
	[ "$n" -eq "$2" ] || fail "expected $2 lines matching /$1/, got $n"
}
# field ERE N: the Nth parenthesised group of the first line of stdout matching ERE.
field() {
	local line
	while IFS= read -r line; do
		if [[ $line =~ $1 ]]; then
			printf '%s\n' "${BASH_REMATCH[$2]}"
			return
		fi
	done <<<"$out"
}
# expect_clean_tmp: the sample removed every file it created in its TMPDIR.
expect_clean_tmp() {
	[ -z "$(ls -A "$work/tmp")" ] || fail "files left in TMPDIR: $(ls -A "$work/tmp")"
}

# The normal case: exit status 0, nothing on stderr, nothing left behind.
run_ok() {
	run "$@"
	expect_rc 0
	expect_no_stderr
	expect_clean_tmp
}

check_fork_basic() {
	run_ok
	local child cppid parent returned
	child=$(field 'child: pid=([0-9]+) ppid=([0-9]+) \(fork returned 0\)' 1)
	cppid=$(field 'child: pid=([0-9]+) ppid=([0-9]+) \(fork returned 0\)' 2)
	parent=$(field 'parent: pid=([0-9]+) ppid=([0-9]+) \(fork returned ([0-9]+)\)' 1)
	returned=$(field 'parent: pid=([0-9]+) ppid=([0-9]+) \(fork returned ([0-9]+)\)' 3)
	[ -n "$child" ] && [ -n "$parent" ] || fail "missing child or parent line"
	[ "$cppid" = "$parent" ] || fail "the child's ppid is not the parent's pid"
	[ "$returned" = "$child" ] || fail "fork did not return the child's pid in the parent"
	expect_line "^parent: child $child exit status 0$"
}

check_fork_loop() {
	run_ok
	local parent
	parent=$(field '^parent: pid=([0-9]+) forked 3 children' 1)
	[ -n "$parent" ] || fail "missing parent line"
	for i in 0 1 2; do
		expect_count "^child $i: pid=[0-9]+ ppid=$parent$" 1
	done
	expect_count '^child ' 3
	# The parent outlives its children: its line comes last.
	tail -n1 <<<"$out" | grep -q '^parent: ' || fail "the parent's line is not last"
}

check_fork_nobreak() {
	run_ok
	expect_count '^process pid=[0-9]+ ppid=[0-9]+ forked=[0-9]+ reaped=[0-9]+$' 8
	# Each process reaped exactly the children it forked; 7 forks in all, shaped 3+2+1+1.
	awk '
		{ split($2, a, "="); split($3, b, "="); split($4, f, "="); split($5, r, "=")
		  pid[a[2]] = 1; ppid[a[2]] = b[2]; forked[a[2]] = f[2]
		  if (f[2] != r[2]) bad = "forked != reaped for " a[2]
		  total += f[2]; shape[f[2]]++ }
		END {
			for (p in pid) if (ppid[p] in pid) kids[ppid[p]]++; else roots++
			for (p in pid) if (kids[p] + 0 != forked[p]) bad = "wrong child count for " p
			if (roots != 1) bad = "expected one root, got " roots
			if (total != 7) bad = "expected 7 forks, got " total
			if (shape[3] != 1 || shape[2] != 1 || shape[1] != 2 || shape[0] != 4) bad = "wrong shape"
			if (bad) { print bad; exit 1 }
		}' <<<"$out" >"$work/awk" || fail "$(cat "$work/awk")"
}

check_global_var() {
	run_ok
	local caddr paddr
	caddr=$(field '^child: counter=11 at (0x[0-9a-f]+)$' 1)
	paddr=$(field '^parent: counter=10 at (0x[0-9a-f]+)$' 1)
	[ -n "$caddr" ] && [ -n "$paddr" ] || fail "expected child counter=11 and parent counter=10"
	[ "$caddr" = "$paddr" ] || fail "the global should have the same address in both"
}

check_exec_ls() {
	run_ok
	expect_line '^parent: running ls -la /.*/exec_ls\.[A-Za-z0-9]{6}$'
	expect_count ' hello\.txt$' 1
	expect_line '^parent: ls \(pid [0-9]+\) exited with status 0$'
}

check_orphan() {
	run_ok
	local parent child adopter
	parent=$(field '^parent ([0-9]+): forked child ([0-9]+), exiting' 1)
	child=$(field '^parent ([0-9]+): forked child ([0-9]+), exiting' 2)
	[ -n "$parent" ] || fail "missing parent line"
	adopter=$(field "^child $child: my parent $parent has exited; I was adopted by pid ([0-9]+)$" 1)
	[ -n "$adopter" ] || fail "missing the orphan's line"
	[ "$adopter" != "$parent" ] || fail "the orphan was not re-parented"
}

check_zombie() {
	run_ok
	local child
	child=$(field '^parent: child ([0-9]+) exited with status 7; not reaped yet$' 1)
	[ -n "$child" ] || fail "missing the child's exit line"
	expect_line "^parent: /proc/$child/stat says state Z \\(zombie\\)$"
	expect_line "^parent: exiting without reaping child $child"
}

check_wait_status() {
	run_ok
	expect_line '^child 1 \(pid [0-9]+\): exited, exit status 3$'
	expect_line '^child 2 \(pid [0-9]+\): killed by signal 15 '
}

check_waitpid_nohang() {
	run_ok
	for i in 0 1 2; do
		expect_count "^reaped child $i \\(pid [0-9]+\\): exit status 1$i$" 1
	done
	expect_line '^all 3 children reaped; [0-9]+ polls found nothing to reap yet$'
	expect_line '^waitpid\(-1, WNOHANG\) now fails with ECHILD'
}

check_pipe_ps_grep() {
	run_ok
	local pid
	pid=$(field "^pipe_ps_grep: pid ([0-9]+) runs: ps aux \\| grep '\\[p\\]s aux'$" 1)
	[ -n "$pid" ] || fail "missing the first line"
	# grep printed the line of ps, which is this very process after exec.
	expect_count "^[^ ]+ +$pid .* ps aux$" 1
	# Every other line is grep output: it contains "ps aux" and never grep itself.
	[ "$(tail -n +2 <<<"$out" | grep -vc 'ps aux')" -eq 0 ] || fail "grep printed a line without 'ps aux'"
	expect_count 'grep \[p\]s aux' 0
}

check_pipe_siblings() {
	run_ok
	local ps
	ps=$(field '^parent: ps \(pid ([0-9]+)\) exited with status 0$' 1)
	[ -n "$ps" ] || fail "missing the status of ps"
	expect_line '^parent: grep \(pid [0-9]+\) exited with status 0$'
	expect_count "^[^ ]+ +$ps .* ps aux$" 1
	expect_count 'grep \[p\]s aux' 0
}

check_pipe_nonblock() {
	run_ok
	for i in 1 2 3; do
		expect_count "^parent got: message $i from the child$" 1
	done
	expect_line '^parent: end-of-file after 3 lines; read\(\) failed with EAGAIN [0-9]+ times meanwhile$'
	expect_line '^parent: writer \(pid [0-9]+\) exit status 0$'
}

check_sigpipe() {
	run_ok
	expect_line '^parent: child [0-9]+ killed by signal 13 .*: SIGPIPE$'
}

check_fifo_pair() {
	run_ok
	local writer reader
	writer=$(field '^fifo_pair: fifo_writer \(pid ([0-9]+)\) exited with status 0$' 1)
	reader=$(field '^fifo_pair: fifo_reader \(pid ([0-9]+)\) exited with status 0$' 1)
	[ -n "$writer" ] && [ -n "$reader" ] || fail "both programs must exit with status 0"
	expect_line "^fifo_pair: created FIFO $work/tmp/fifo_pair\\.[A-Za-z0-9]{6}/fifo$"
	for i in 1 2 3; do
		expect_count "^fifo_reader \\(pid $reader\\): got \"line $i from writer $writer\"$" 1
	done
	expect_line "^fifo_reader \\(pid $reader\\): end-of-file after 3 lines$"
}

check_mmap_file() {
	run_ok
	expect_line '^mmap_file: mapped 85 bytes of .* \(MAP_SHARED, read-only\):$'
	expect_line '^Hello from a memory-mapped file!$'
	expect_line '^These bytes were read from memory, not with read\(\)\.$'
}

check_mmap_fork() {
	run_ok
	local child
	child=$(field '^parent: child ([0-9]+) exit status 0$' 1)
	[ -n "$child" ] || fail "missing the child's status"
	expect_line "^parent: memory says: hello from child $child through a MAP_SHARED file mapping$"
	expect_line "^parent: the file says: hello from child $child through a MAP_SHARED file mapping$"
}

check_mmap_anon() {
	run_ok
	expect_line '^parent: before fork counter=0$'
	expect_line '^parent: after the child exited counter=1000 message="child [0-9]+ was here"$'
}

check_mmap_pair() {
	run_ok
	local writer reader
	writer=$(field '^mmap_pair: mmap_writer \(pid ([0-9]+)\) exited with status 0$' 1)
	reader=$(field '^mmap_pair: mmap_reader \(pid ([0-9]+)\) exited with status 0$' 1)
	[ -n "$writer" ] && [ -n "$reader" ] || fail "missing an exit status"
	expect_line "^mmap_writer $writer: stored \"hello from mmap_writer \(pid $writer\)\" at 0x"
	expect_line "^mmap_reader $reader: read \"hello from mmap_writer \(pid $writer\)\" from memory at 0x"
}

check_subreaper() {
	run_ok
	local self middle
	self=$(field '^subreaper ([0-9]+): PR_SET_CHILD_SUBREAPER set$' 1)
	middle=$(field '^middle ([0-9]+): early [0-9]+ is a zombie' 1)
	[ -n "$self" ] && [ -n "$middle" ] || fail "missing the subreaper's or middle's line"
	expect_line "^late [0-9]+: middle is gone; getppid\(\) = $self \(the subreaper\)$"
	expect_line "^subreaper $self: reaped $middle \(middle, my child\)$"
	expect_count "^subreaper $self: reaped [0-9]+ \(an orphan I adopted\)$" 2
	expect_line "^subreaper $self: reaped 3 processes$"
}

check_daemon() {
	local log=$work/files/log
	mkfifo "$log" || exit 1
	# Read the FIFO to end-of-file first, whatever happens: that returns once the daemon has
	# written "done" and exited (and no daemon is left blocked on the FIFO if a check fails).
	TMPDIR=$work/tmp "$bin" "$log" >"$work/launcher" 2>"$work/stderr" &
	local launcher_pid=$!
	local log_out
	log_out=$(timeout 20 cat "$log")
	rc=$?
	out=$log_out
	expect_rc 0
	wait "$launcher_pid"
	rc=$?
	out=$(cat "$work/launcher")
	expect_rc 0
	expect_no_stderr
	expect_clean_tmp
	local leader daemon
	leader=$(field '^session leader ([0-9]+): setsid\(\) -> session ([0-9]+); forking the daemon$' 1)
	[ -n "$leader" ] || fail "missing the session leader's line"
	expect_line "^session leader $leader: setsid\\(\\) -> session $leader;"
	daemon=$(field "^session leader $leader: daemon is pid ([0-9]+), logging to $log; exiting$" 1)
	[ -n "$daemon" ] || fail "missing the daemon's pid"
	expect_line "^launcher [0-9]+: session leader $leader exit status 0; the daemon runs on its own$"
	out=$log_out
	expect_line "^daemon pid=$daemon sid=$leader pgid=$leader session_leader=no cwd=/$"
	for i in 1 2 3; do
		expect_count "^tick $i \\(ppid [0-9]+\\)$" 1
	done
	tail -n1 <<<"$out" | grep -qx 'done' || fail "the log does not end with done"
}

check_states() {
	run_ok
	for p in 1 2 3 4; do
		expect_count "^phase $p: " $((p >= 3 ? 2 : 1))
	done
	expect_count '^phase [34]: reaped child [0-9]+, exit status 0$' 2
}

check_thread_exec() {
	run_ok
	local pid tid
	pid=$(field '^main thread: pid=([0-9]+) tid=([0-9]+)$' 1)
	[ "$pid" = "$(field '^main thread: pid=([0-9]+) tid=([0-9]+)$' 2)" ] || fail "main thread tid != pid"
	tid=$(field '^thread: tid=([0-9]+) \(not the main thread\) calls execve$' 1)
	[ -n "$tid" ] && [ "$tid" != "$pid" ] || fail "the exec'ing thread must not be the main thread"
	expect_line "^after execve: pid $pid$"
}

check_spawn() {
	run_ok
	expect_line '^hello from posix_spawn$'
	expect_line '^spawn: posix_spawn child [0-9]+ exit status 0$'
	expect_line '^spawn: system\("true"\) exit status 0$'
}

check_stop_cont() {
	run_ok
	local child
	child=$(field '^parent: child ([0-9]+) stopped by signal 19 ' 1)
	[ -n "$child" ] || fail "missing the stop report"
	expect_line "^parent: child $child continued$"
	expect_line "^parent: child $child terminated by signal 15 .*, reaped$"
}

check_autoreap() {
	run_ok
	expect_line '^parent: waitpid\(-1\) failed with ECHILD '
	expect_count '^parent: child [0-9]+ is gone from /proc$' 3
}

check_many_children() {
	run_ok 200
	expect_line '^many_children: forked 200 children, reaped 200, 200 exited with status 0$'
	run 0
	expect_rc 2
}

check_malloc_churn() {
	run_ok 200
	expect_line '^malloc_churn: 200 iterations of 4 malloc/free pairs; 4 of 4 blocks were mmapped'
	run x
	expect_rc 2
}

check_fork_exec_true() {
	run_ok 50
	expect_line '^fork_exec_true: ran /bin/true 50 times, 50 exited with status 0$'
}

check_pipe_pump() {
	run_ok 8
	expect_line '^child: read 8388608 bytes \(8 MiB\), 0 bytes wrong$'
	expect_line '^parent: wrote 8388608 bytes \(8 MiB\); child exit status 0$'
}

check_fork_tree() {
	run_ok 100
	expect_line '^fork_tree: 100 processes \(fanout 3, depth [0-9]+\), all exited with status 0$'
	run_ok 1
	expect_line '^fork_tree: 1 processes \(fanout 3, depth 0\), all exited with status 0$'
}

check_leaky_server() {
	run_ok 10 1
	expect_count '^request [0-9]+ handled by [0-9]+$' 10
	expect_line '^leaky_server: done'
	run x
	expect_rc 2
}

[ -x "$bin" ] || { echo "FAIL samples.$name: $bin is not built" >&2; exit 1; }
rc=0 out=
if ! declare -F "check_$name" >/dev/null; then
	echo "FAIL samples.$name: no check for this sample" >&2
	exit 1
fi
"check_$name"
echo "PASS samples.$name"
