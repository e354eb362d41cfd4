/* model_event.c — one event of the log replayed: its type looked up in the vocabulary
 * (ptviz/log.h), its handler found in a table indexed by ptv_ev, its pid and time checked once
 * for every handler. The handlers live with the state they change: model_replay.c (lifecycle),
 * model_ipc.c (pipes, FIFOs, shared memory, io), model_signal.c. */
#include "model_priv.h"
#include "log_reader.h"

#include <limits.h>

/* Every event type and what replays it; NULL: read and skipped (the header again, thread_exit,
 * which changes nothing the model keeps). Every ptv_ev has its row, so a new word in log.h
 * shows up here as a decision to make. */
static const model_handler model_handlers[PTV_EV_COUNT] = {
	[PTV_EV_HEADER] = NULL,
	[PTV_EV_FORK] = model_ev_fork,
	[PTV_EV_THREAD] = model_ev_thread,
	[PTV_EV_THREAD_EXIT] = NULL,
	[PTV_EV_EXEC] = model_ev_exec,
	[PTV_EV_EXIT] = model_ev_exit,
	[PTV_EV_STATE] = model_ev_state,
	[PTV_EV_REAP] = model_ev_reap,
	[PTV_EV_REPARENT] = model_ev_reparent,
	[PTV_EV_ATTACH] = model_ev_attach,
	[PTV_EV_DETACH] = model_ev_detach,
	[PTV_EV_SIGNAL] = model_ev_signal,
	[PTV_EV_KILL] = model_ev_kill,
	[PTV_EV_SETSID] = model_ev_setsid,
	[PTV_EV_SETPGID] = model_ev_setpgid,
	[PTV_EV_PIPE] = model_ev_pipe,
	[PTV_EV_FIFO] = model_ev_fifo,
	[PTV_EV_OPEN] = model_ev_open,
	[PTV_EV_DUP] = model_ev_dup,
	[PTV_EV_CLOSE] = model_ev_close,
	[PTV_EV_FCNTL] = model_ev_fcntl,
	[PTV_EV_MMAP] = model_ev_mmap,
	[PTV_EV_MUNMAP] = model_ev_munmap,
	[PTV_EV_IO] = model_ev_io,
	[PTV_EV_FDS] = model_ev_fds,
	[PTV_EV_END] = model_ev_end,
};

/* Events that also leave an outcome mark (model_outcome.c), after their handler ran. */
static const model_handler model_outcome_handlers[PTV_EV_COUNT] = {
	[PTV_EV_IO] = model_outcome_io,
	[PTV_EV_FCNTL] = model_outcome_fcntl,
};

int model_get_pid(ptv_model *m, const cJSON *ev, const char *type, const char *key, bool required,
                  pid_t *out)
{
	int64_t v;
	int rc = log_reader_int(ev, key, &v);
	if (rc == LOG_FIELD_ABSENT) {
		if (!required)
			return 0;
		model_error(m, "%s event without \"%s\"", type, key);
		return -1;
	}
	if (rc == LOG_FIELD_BAD && !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(ev, key))) {
		model_error(m, "%s event: \"%s\" is not an integer", type, key);
		return -1;
	}
	if (rc == LOG_FIELD_BAD) {
		model_warn(m, "%s event: \"%s\" is not a pid; event skipped", type, key);
		return -2;
	}
	if (v <= 0 || v > INT_MAX) {
		model_warn(m, "%s event: \"%s\" %lld is not a pid; event skipped", type, key, (long long)v);
		return -2;
	}
	*out = (pid_t)v;
	return 1;
}

int model_get_word(ptv_model *m, const cJSON *ev, const char *key, const char *const *names, int n,
                   int dflt)
{
	const char *word = log_reader_str(ev, key);
	int i = ptv_vocab_find(names, n, word);

	if (!word || i >= 0)
		return word ? i : dflt;
	model_warn(m, "unknown %s \"%s\"; taken as %s", key, word,
	           dflt >= 0 && dflt < n ? names[dflt] : "absent");
	return dflt;
}

/* The event's time: never before the previous one (the doc promises it; a broken log gets clamped). */
static void model_event_time(ptv_model *m, const cJSON *ev)
{
	int64_t t;
	int rc = log_reader_int(ev, "t", &t);
	if (rc != LOG_FIELD_OK || t < m->t_end) {
		if (!m->bad_time_warned)
			model_warn(m, rc != LOG_FIELD_OK ? "event without a valid \"t\"; using the previous time"
			                                 : "time goes backwards; using the previous time");
		m->bad_time_warned = true;
		t = m->t_end;
	}
	m->t = t;
	m->t_end = t;
}

int model_event_replay(ptv_model *m, const cJSON *ev)
{
	const char *type = log_reader_str(ev, "type");
	pid_t pid = 0;
	int rc, ti;

	if (!type) {
		model_error(m, "event without \"type\"");
		return -1;
	}
	if (m->complete) {
		model_warn(m, "event after the \"end\" record; ignored");
		return 0;
	}
	ti = hmap_sget(&m->types, type);
	model_handler h = ti >= 0 ? model_handlers[ti] : NULL;
	if (!h)
		h = model_sched_handler(type);   /* sched, sched_lost, sched_wait, wait */
	if (!h)
		return 0;   /* a type from the future, or one that changes nothing: skipped */
	if ((rc = model_get_pid(m, ev, type, "pid", true, &pid)) != 1)
		return rc == -2 ? 0 : -1;
	model_event_time(m, ev);
	if (h(m, ev, pid) < 0)
		return -1;
	return ti >= 0 && model_outcome_handlers[ti] ? model_outcome_handlers[ti](m, ev, pid) : 0;
}
