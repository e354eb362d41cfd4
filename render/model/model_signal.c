/* model_signal.c — signals: deliveries (sender -> receiver, SIGPIPE linked to its pipe) and the
 * kill calls that sent them. */
#include "model_priv.h"
#include "log_reader.h"

#include <limits.h>
#include <string.h>

static int model_signal_add(ptv_model *m, ptv_signal s)
{
	if (vec_reserve((void **)&m->sigs, &m->scap, m->nsigs + 1, sizeof *m->sigs) < 0) {
		model_error(m, "out of memory");
		return -1;
	}
	m->sigs[m->nsigs++] = s;
	return 0;
}

int model_ev_signal(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int64_t v;
	uint64_t ino;
	pid_t sender = 0;
	int rc, pi;
	if ((rc = model_get_pid(m, ev, "signal", "sender", false, &sender)) == -1)
		return -1;
	if ((pi = model_proc_lookup(m, pid)) < 0)
		return -1;
	ptv_signal s = { .t = m->t, .sender = -1, .sender_pid = rc == 1 ? sender : 0, .receiver = pi,
		         .receiver_pid = pid, .ipc = -1, .fd = model_get_fd(ev, "fd") };
	if (s.sender_pid)
		s.sender = hmap_get(&m->pids, (uint64_t)s.sender_pid);
	if (log_reader_int(ev, "signo", &v) == LOG_FIELD_OK && v > 0 && v < 256)
		s.signo = (int)v;
	s.name = model_intern(m, log_reader_str(ev, "signal"));
	s.code = model_intern(m, log_reader_str(ev, "code"));
	if (s.name && !strcmp(s.name, "SIGPIPE")) {
		/* link to the pipe whose readers had gone: by inode, else through the fd */
		if (log_reader_u64(ev, "ino", &ino) == LOG_FIELD_OK)
			s.ipc = hmap_get(&m->inos, ino);
		if (s.ipc < 0 && s.fd >= 0) {
			model_fd *f = model_fd_find(&m->procs[pi], s.fd);
			s.ipc = f ? f->ipc : -1;
		}
	}
	return model_signal_add(m, s);
}

int model_ev_kill(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int64_t target, v;
	int pi;
	if (log_reader_int(ev, "target", &target) != LOG_FIELD_OK) {
		model_error(m, "kill event without \"target\"");
		return -1;
	}
	if ((pi = model_proc_lookup(m, pid)) < 0)
		return -1;
	if (target < INT_MIN || target > INT_MAX)
		target = 0;
	ptv_signal s = { .t = m->t, .sender = pi, .sender_pid = pid, .receiver = -1,
		         .receiver_pid = (pid_t)target, .is_kill = true, .ipc = -1, .fd = -1 };
	if (target > 0)
		s.receiver = hmap_get(&m->pids, (uint64_t)target);
	if (log_reader_int(ev, "signo", &v) == LOG_FIELD_OK && v >= 0 && v < 256)
		s.signo = (int)v;
	s.name = model_intern(m, log_reader_str(ev, "signal"));
	s.via = (ptv_kill_via)model_get_word(m, ev, "via", ptv_kill_via_names, PTV_KILL_COUNT, PTV_KILL_KILL);
	return model_signal_add(m, s);
}

