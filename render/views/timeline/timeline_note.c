/* timeline_note.c — the timeline's one line saying its states are approximate: why, in a few
 * words, and the advice that fits that reason (not "run as root" to root, nor to a user who
 * turned the records off). The log's full reason (sched_reason, the tracer's words) goes into
 * the line's tooltip. Table-driven: a reason is recognised by a phrase the tracer writes
 * (tracer/sched/sched.c, tracer/schedlog.c). */
#include "timeline.h"

#include "ptviz/lang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How a reason is told. arg: what fills the line's %s — the errno text ("Permission denied",
 * between the first and second ": " of "perf_event_open: WHAT: ..."), or the paranoid level. */
typedef enum { NOTE_ARG_NONE, NOTE_ARG_ERRNO, NOTE_ARG_LEVEL } note_arg;

static const struct {
	const char *phrase;  /* in the log's sched_reason */
	note_arg arg;
	const char *line;    /* English; translated with ptv_tr */
} timeline_notes[] = {   /* the first phrase found wins: the more specific ones first */
	{ "with --no-sched", NOTE_ARG_NONE,
	  "States approximate: scheduler records turned off (--no-sched)" },
	{ "with PTVIZ_SCHED=off", NOTE_ARG_NONE,
	  "States approximate: scheduler records turned off (PTVIZ_SCHED=off)" },
	{ "refused even to root", NOTE_ARG_ERRNO,
	  "States approximate: perf_event_open refused even to root (%s; seccomp or a security "
	  "module)" },
	{ "not allowed to watch", NOTE_ARG_ERRNO,
	  "States approximate: not allowed to watch these processes (%s); for exact ones trace "
	  "them as root" },
	{ "perf_event_paranoid is ", NOTE_ARG_LEVEL,
	  "States approximate: kernel.perf_event_paranoid is %s; for exact ones run as root or "
	  "sysctl kernel.perf_event_paranoid=2" },
	{ "no software context-switch events", NOTE_ARG_NONE,
	  "States approximate: this kernel has no context-switch events (Linux 4.3+, "
	  "CONFIG_PERF_EVENTS)" },
	{ " is gone", NOTE_ARG_NONE,
	  "States approximate: the process was gone before its records could be opened" },
};

/* The errno text of "perf_event_open: WHAT: ...", into buf. */
static void note_errno(const char *reason, char *buf, size_t len)
{
	const char *a = strstr(reason, ": ");
	const char *b = a ? strstr(a + 2, ": ") : NULL;
	if (!a || !b) {
		snprintf(buf, len, "?");
		return;
	}
	snprintf(buf, len, "%.*s", (int)(b - a - 2), a + 2);
}

/* The paranoid level of "... perf_event_paranoid is 3, ...", into buf. */
static void note_level(const char *reason, const char *phrase, char *buf, size_t len)
{
	const char *p = strstr(reason, phrase);
	snprintf(buf, len, "%d", p ? atoi(p + strlen(phrase)) : -1);
}

/* tmpl with its "%s" (if any) replaced by arg: the templates are table data, not formats. */
static void note_fill(const char *tmpl, const char *arg, char *buf, size_t len)
{
	const char *at = strstr(tmpl, "%s");
	if (!at)
		snprintf(buf, len, "%s", tmpl);
	else
		snprintf(buf, len, "%.*s%s%s", (int)(at - tmpl), tmpl, arg, at + 2);
}

void timeline_note_text(const char *reason, char *buf, size_t len)
{
	char arg[64];
	if (!reason) {
		snprintf(buf, len, "%s", ptv_tr("States approximate: no scheduler records in this log"));
		return;
	}
	for (size_t i = 0; i < sizeof timeline_notes / sizeof timeline_notes[0]; i++) {
		if (!strstr(reason, timeline_notes[i].phrase))
			continue;
		arg[0] = 0;
		if (timeline_notes[i].arg == NOTE_ARG_ERRNO)
			note_errno(reason, arg, sizeof arg);
		else if (timeline_notes[i].arg == NOTE_ARG_LEVEL)
			note_level(reason, timeline_notes[i].phrase, arg, sizeof arg);
		note_fill(ptv_tr(timeline_notes[i].line), arg, buf, len);
		return;
	}
	/* A reason this table does not know: its first words; the tooltip has all of it. */
	snprintf(buf, len, "%s (%.60s)", ptv_tr("States approximate: no scheduler records"), reason);
}
