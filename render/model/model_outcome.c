/* model_outcome.c — what calls returned, for the marks the lessons are about: every return of
 * the wait family (a child, nothing for WNOHANG, an error such as ECHILD), and with --io the
 * failed reads and writes (EAGAIN, EPIPE), end of file, O_NONBLOCK set, and every pipe transfer
 * (the timeline's data arrows). */
#include "model_priv.h"
#include "log_reader.h"

#include <stdio.h>
#include <string.h>

static int outcome_add(ptv_model *m, const ptv_outcome *o)
{
	if (vec_reserve((void **)&m->outcomes, &m->outcap, m->noutcomes + 1, sizeof *m->outcomes) < 0) {
		model_error(m, "out of memory");
		return -1;
	}
	m->outcomes[m->noutcomes++] = *o;
	return 0;
}

/* The status a wait returned, in words: "exited 3", "killed by SIGKILL (core)", "stopped by
 * SIGTSTP", "continued"; NULL when absent. */
static const char *outcome_status(ptv_model *m, const cJSON *st)
{
	char buf[64];
	int64_t v;
	const char *sig;

	if (!cJSON_IsObject(st))
		return NULL;
	if (log_reader_int(st, "exited", &v) == LOG_FIELD_OK)
		snprintf(buf, sizeof buf, "exited %lld", (long long)v);
	else if ((sig = log_reader_str(st, "signaled")))
		snprintf(buf, sizeof buf, "killed by %s%s", sig,
		         log_reader_bool(st, "core", false) ? " (core)" : "");
	else if ((sig = log_reader_str(st, "stopped")))
		snprintf(buf, sizeof buf, "stopped by %s", sig);
	else if (log_reader_bool(st, "continued", false))
		snprintf(buf, sizeof buf, "continued");
	else
		return NULL;
	return model_intern(m, buf);
}

int model_outcome_wait(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int64_t ret;
	int pi = model_proc_lookup(m, pid);
	if (pi < 0)
		return -1;
	if (log_reader_int(ev, "ret", &ret) != LOG_FIELD_OK) {
		model_warn(m, "wait event of pid %d without \"ret\"; skipped", (int)pid);
		return 0;
	}
	ptv_outcome o = { .t = m->t, .proc = pi, .child = -1, .fd = -1, .ipc = -1,
	                  .call = model_intern(m, log_reader_str(ev, "call")),
	                  .who = model_intern(m, log_reader_str(ev, "who")),
	                  .options = model_intern(m, log_reader_str(ev, "options")) };
	if (o.options && !*o.options)
		o.options = NULL;
	if (ret == 0) {
		o.kind = PTV_OUTCOME_WAIT_EMPTY;
	} else if (ret < 0) {
		o.kind = PTV_OUTCOME_WAIT_ERROR;
		o.what = model_intern(m, log_reader_str(ev, "errno"));
	} else {
		o.kind = PTV_OUTCOME_WAIT_PID;
		o.child = ret <= 0x7fffffff ? hmap_get(&m->pids, (uint64_t)ret) : -1;
		o.what = outcome_status(m, cJSON_GetObjectItemCaseSensitive(ev, "status"));
	}
	return outcome_add(m, &o);
}

/* The pipe or FIFO an fd of process pi is an end of, -1 when not tracked. */
static int outcome_ipc(ptv_model *m, int pi, const cJSON *ev)
{
	int fd = model_get_fd(ev, "fd");
	model_fd *f = fd >= 0 ? model_fd_find(&m->procs[pi], fd) : NULL;
	int64_t ino;
	if (f)
		return f->ipc;
	if (log_reader_int(ev, "ino", &ino) == LOG_FIELD_OK && ino > 0)
		return hmap_get(&m->inos, (uint64_t)ino);
	return -1;
}

int model_outcome_io(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int pi = hmap_get(&m->pids, (uint64_t)pid);
	const char *op = log_reader_str(ev, "op"), *err = log_reader_str(ev, "errno");
	int64_t bytes = 0;
	if (pi < 0 || !op)
		return 0;
	int ipc = outcome_ipc(m, pi, ev);
	ptv_outcome o = { .t = m->t, .proc = pi, .child = -1, .fd = model_get_fd(ev, "fd"),
	                  .ipc = ipc, .call = model_intern(m, op) };
	if (err) {
		o.kind = PTV_OUTCOME_IO_ERROR;
		o.what = model_intern(m, err);
		return outcome_add(m, &o);
	}
	if (log_reader_bool(ev, "eof", false)) {
		o.kind = PTV_OUTCOME_EOF;
		return outcome_add(m, &o);
	}
	if (ipc < 0 || log_reader_int(ev, "bytes", &bytes) != LOG_FIELD_OK || bytes <= 0)
		return 0;
	if (vec_reserve((void **)&m->xfers, &m->xcap, m->nxfers + 1, sizeof *m->xfers) < 0) {
		model_error(m, "out of memory");
		return -1;
	}
	m->xfers[m->nxfers++] = (ptv_transfer){ .t = m->t, .proc = pi, .ipc = ipc,
	                                        .write = strcmp(op, "write") == 0, .bytes = bytes };
	return 0;
}

int model_outcome_fcntl(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int pi = hmap_get(&m->pids, (uint64_t)pid);
	if (pi < 0 || !log_reader_bool(ev, "nonblock", false))
		return 0;
	ptv_outcome o = { .t = m->t, .proc = pi, .kind = PTV_OUTCOME_NONBLOCK, .child = -1,
	                  .fd = model_get_fd(ev, "fd"), .ipc = outcome_ipc(m, pi, ev),
	                  .call = model_intern(m, "fcntl"), .what = model_intern(m, "O_NONBLOCK") };
	return outcome_add(m, &o);
}

int ptv_model_noutcomes(const ptv_model *m)
{
	return m->noutcomes;
}

const ptv_outcome *ptv_model_outcome(const ptv_model *m, int index)
{
	return index >= 0 && index < m->noutcomes ? &m->outcomes[index] : NULL;
}

int ptv_model_ntransfers(const ptv_model *m)
{
	return m->nxfers;
}

const ptv_transfer *ptv_model_transfer(const ptv_model *m, int index)
{
	return index >= 0 && index < m->nxfers ? &m->xfers[index] : NULL;
}
