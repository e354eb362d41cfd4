#!/usr/bin/env bash
# sched_note.sh PTVIZ PROG — what ptviz says about the scheduler's records (#14): nothing when
# they were taken or turned off by the user; ONE note line, with the remedy, when the kernel
# refused them (PTVIZ_SCHED=refuse acts as that refusal); the log's header says which.
set -euo pipefail
PTVIZ=$1 PROG=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL(sched_note): $*" >&2; exit 1; }
header() { head -1 "$work/log.jsonl"; }

for mode in on off refuse flag; do
	env=()
	opt=()
	case $mode in
	off) env=(PTVIZ_SCHED=off) ;;
	refuse) env=(PTVIZ_SCHED=refuse) ;;
	flag) opt=(--no-sched) ;;
	esac
	env "${env[@]}" "$PTVIZ" record "${opt[@]}" -o "$work/log.jsonl" -- "$PROG" >/dev/null 2>"$work/err" ||
		fail "$mode: exit status $?: $(cat "$work/err")"
	notes=$(grep -c '^ptviz: note: states are approximate: ' "$work/err" || true)
	case $mode in
	on)
		if header | grep -q '"sched":"none"'; then
			# This kernel refuses even root: then the note must be there.
			[ "$notes" -eq 1 ] || fail "on: refused without a note: $(cat "$work/err")"
		else
			header | grep -q '"sched":"perf","sched_coalesce_ns":' || fail "on: header $(header)"
			[ ! -s "$work/err" ] || fail "on: said something: $(cat "$work/err")"
		fi
		;;
	off | flag)
		header | grep -q '"sched":"none","sched_reason":"turned off with ' || fail "$mode: header $(header)"
		[ ! -s "$work/err" ] || fail "$mode: the user's choice needs no note: $(cat "$work/err")"
		;;
	refuse)
		header | grep -q '"sched":"none","sched_reason":"perf_event_open: Permission denied' ||
			fail "refuse: header $(header)"
		[ "$(wc -l <"$work/err")" -eq 1 ] && [ "$notes" -eq 1 ] || fail "refuse: not one note line: $(cat "$work/err")"
		if [ "$(id -u)" -eq 0 ]; then
			# root refused: the reason, and no advice to become root
			grep -q 'refused even to root' "$work/err" && ! grep -q 'run as root' "$work/err" ||
				fail "refuse as root: wrong advice: $(cat "$work/err")"
		else
			grep -q 'run as root' "$work/err" && grep -q 'perf_event_paranoid=2' "$work/err" ||
				fail "refuse: no remedy: $(cat "$work/err")"
		fi
		;;
	esac
done
