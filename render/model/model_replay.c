/* model_replay.c — replays lifecycle events (fork, exec, exit, state, reap, reparent, attach, ...)
 * into process records. IPC is in model_ipc.c, signals in model_signal.c; model_event.c
 * dispatches. */
#include "model_priv.h"
#include "log_reader.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* An optional figure (cpu_ns, runq_ns): -1 when absent or nonsense. */
static int64_t model_get_figure(const cJSON *ev, const char *key)
{
	int64_t v;
	return log_reader_int(ev, key, &v) == LOG_FIELD_OK && v >= 0 ? v : -1;
}

int model_state_close(ptv_model *m, int pi, int64_t cpu, int64_t runq)
{
	model_proc *p = &m->procs[pi];
	if (!p->st_open)
		return 0;
	p->st_open = false;
	if (m->t <= p->st_start)
		return 0;   /* nothing happened in between: no interval */
	if (vec_reserve((void **)&p->iv, &p->icap, p->pub.nintervals + 1, sizeof *p->iv) < 0) {
		model_error(m, "out of memory");
		return -1;
	}
	ptv_interval *iv = &p->iv[p->pub.nintervals++];
	iv->start = p->st_start;
	iv->end = m->t;
	iv->state = p->st;
	iv->on = p->st_on;
	iv->call = p->st_call;
	iv->cpu_ns = cpu >= 0 && p->st_cpu >= 0 && cpu >= p->st_cpu ? cpu - p->st_cpu : -1;
	iv->runq_ns = runq >= 0 && p->st_runq >= 0 && runq >= p->st_runq ? runq - p->st_runq : -1;
	return 0;
}

int model_state_switch(ptv_model *m, int pi, ptv_state st, const char *on, int64_t cpu, int64_t runq)
{
	model_proc *p = &m->procs[pi];
	/* The same state again (a repeated report) continues the interval in progress. */
	if (p->st_open && p->st == st && (p->st_on == on || (p->st_on && on && !strcmp(p->st_on, on))))
		return 0;
	if (model_state_close(m, pi, cpu, runq) < 0)
		return -1;
	p->st_open = true;
	p->st = st;
	p->st_on = on;
	p->st_call = NULL;
	p->st_start = m->t;
	p->st_cpu = cpu;
	p->st_runq = runq;
	return 0;
}

static int model_add_child(ptv_model *m, int parent, int child)
{
	model_proc *p = &m->procs[parent];
	if (vec_reserve((void **)&p->children, &p->ccap, p->pub.nchildren + 1, sizeof *p->children) < 0) {
		model_error(m, "out of memory");
		return -1;
	}
	p->children[p->pub.nchildren++] = child;
	return 0;
}

int model_replay_header(ptv_model *m, const cJSON *ev)
{
	int64_t v;
	const cJSON *opts = cJSON_GetObjectItemCaseSensitive(ev, "options");
	pid_t root = 0;
	ptv_header *h = &m->hdr;

	h->version = log_reader_int(ev, "version", &v) == LOG_FIELD_OK ? (int)v : 1;
	if (model_get_pid(m, ev, "header", "root", true, &root) != 1) {
		if (!m->diag->error[0])
			model_error(m, "header: \"root\" is not a pid");
		return -1;
	}
	h->root = root;
	if (log_reader_int(ev, "tracer_pid", &v) == LOG_FIELD_OK && v > 0 && v <= INT_MAX)
		h->tracer_pid = (pid_t)v;
	h->mode = (ptv_mode)model_get_word(m, ev, "mode", ptv_mode_names, PTV_MODE_COUNT, PTV_MODE_LAUNCH);
	h->argv = model_argv(m, ev, "argv", &h->argc);
	if (log_reader_int(ev, "start_unix_ns", &v) == LOG_FIELD_OK)
		h->start_unix_ns = v;
	h->kernel = model_arena_strdup(&m->arena, log_reader_str(ev, "kernel"));
	h->hostname = model_arena_strdup(&m->arena, log_reader_str(ev, "hostname"));
	if (cJSON_IsObject(opts)) {
		h->io = log_reader_bool(opts, "io", false);
		h->stacks = log_reader_bool(opts, "stacks", false);
		h->subreaper = log_reader_bool(opts, "subreaper", false);
		h->seccomp = log_reader_bool(opts, "seccomp", false);
	}
	if (log_reader_int(ev, "output_max", &h->output_max) != LOG_FIELD_OK || h->output_max < 0)
		h->output_max = -1;
	model_sched_header(m, ev);
	m->t = 0;
	if (h->mode == PTV_MODE_LAUNCH) {
		/* Launch mode: the root exists from t=0, forked by ptviz (its real parent). */
		int ri = model_proc_new(m, root);
		if (ri < 0)
			return -1;
		m->procs[ri].pub.origin = PTV_ORIGIN_ROOT;
		m->procs[ri].pub.parent_pid = h->tracer_pid;
		m->procs[ri].st_cpu = 0;
		m->procs[ri].st_runq = 0;
		m->root = ri;
	}
	return 0;
}

/* Whether a is b or one of b's ancestors (bounded walk: a broken log must not loop). */
static bool model_is_ancestor(const ptv_model *m, int a, int b)
{
	for (int hops = 0; b >= 0 && hops <= m->nprocs; hops++) {
		if (a == b)
			return true;
		b = m->procs[b].pub.parent;
	}
	return false;
}

/* fork: a new record (pid reuse makes a new one), or the adoption of a record seen too early. */
int model_ev_fork(ptv_model *m, const cJSON *ev, pid_t pid)
{
	pid_t child = 0, real = 0;
	int rc, ci = -1, creator, parent;
	ptv_stack st;

	if ((rc = model_get_pid(m, ev, "fork", "child", true, &child)) != 1)
		return rc == -2 ? 0 : -1;
	if ((rc = model_get_pid(m, ev, "fork", "parent", false, &real)) < 0)
		return rc == -2 ? 0 : -1;
	if ((creator = model_proc_lookup(m, pid)) < 0)
		return -1;
	/* CLONE_PARENT: the real parent may be outside the trace (ptviz itself, for the root) */
	parent = real ? hmap_get(&m->pids, (uint64_t)real) : creator;
	if (child == pid) {
		model_warn(m, "fork event: process %d forked itself; event skipped", (int)pid);
		return 0;
	}
	int old = hmap_get(&m->pids, (uint64_t)child);
	if (old >= 0 && m->procs[old].pub.unknown_origin && !m->procs[old].pub.exited &&
	    m->procs[old].pub.parent < 0 && old != parent && old != creator &&
	    !model_is_ancestor(m, old, parent) && !model_is_ancestor(m, old, creator)) {
		ci = old;   /* seen before its fork (the kernel's new-child race) */
		m->procs[ci].pub.unknown_origin = false;
		if (m->t < m->procs[ci].pub.t_start)
			m->procs[ci].pub.t_start = m->t;
	} else {
		if (old >= 0 && !m->procs[old].gone && !m->procs[old].pub.exited)
			model_warn(m, "fork of pid %d, which is still alive in this log; taken as a new process",
			           (int)child);
		if (old >= 0 && (old == parent || old == creator))
			return 0;   /* cannot happen with real pids; keep the records sane */
		if ((ci = model_proc_new(m, child)) < 0)
			return -1;
		m->procs[ci].st_cpu = 0;   /* a new task starts with zero schedstat figures */
		m->procs[ci].st_runq = 0;
	}
	ptv_process *c = &m->procs[ci].pub;
	c->parent = parent;
	c->parent_pid = real ? real : pid;
	c->creator = creator;
	c->creator_pid = pid;
	c->origin = PTV_ORIGIN_FORK;
	c->fork_via = (ptv_fork_via)model_get_word(m, ev, "via", ptv_fork_via_names, PTV_FORK_COUNT,
	                                           PTV_FORK_FORK);
	if (model_stack_parse(m, ev, &st))
		c->fork_stack = st;
	if (parent >= 0 && model_add_child(m, parent, ci) < 0)
		return -1;
	return model_ipc_fork(m, creator, ci);
}

/* exec.privs_dropped: a list of ptv_priv words, as bits; an unknown word is warned about. */
static unsigned model_privs(ptv_model *m, const cJSON *ev)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(ev, "privs_dropped");
	const cJSON *w;
	unsigned bits = 0;

	if (!cJSON_IsArray(list))
		return 0;
	cJSON_ArrayForEach(w, list) {
		const char *word = cJSON_GetStringValue(w);
		int i = ptv_vocab_find(ptv_priv_names, PTV_PRIV_COUNT, word);
		if (i >= 0)
			bits |= 1u << i;
		else
			model_warn(m, "unknown privs_dropped \"%s\"; ignored", word ? word : "(not a word)");
	}
	return bits;
}

int model_ev_exec(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int pi = model_proc_lookup(m, pid);
	int64_t v;
	if (pi < 0)
		return -1;
	model_proc *p = &m->procs[pi];
	if (p->pub.exited) {
		model_warn(m, "exec of pid %d after its exit; event skipped", (int)pid);
		return 0;
	}
	if (vec_reserve((void **)&p->execs, &p->ecap, p->pub.nexecs + 1, sizeof *p->execs) < 0) {
		model_error(m, "out of memory");
		return -1;
	}
	ptv_exec *e = &p->execs[p->pub.nexecs++];
	memset(e, 0, sizeof *e);
	e->t = m->t;
	e->path = model_arena_strdup(&m->arena, log_reader_str(ev, "path"));
	e->argv = model_argv(m, ev, "argv", &e->argc);
	e->argv_truncated = log_reader_bool(ev, "argv_truncated", false);
	if (log_reader_int(ev, "from_tid", &v) == LOG_FIELD_OK && v > 0 && v <= INT_MAX)
		e->from_tid = (pid_t)v;
	e->privs_dropped = model_privs(m, ev);
	model_stack_parse(m, ev, &e->stack);
	return model_ipc_exec(m, pi);
}

int model_ev_exit(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int pi = model_proc_lookup(m, pid);
	int64_t v;
	if (pi < 0)
		return -1;
	ptv_process *p = &m->procs[pi].pub;
	if (p->exited) {
		model_warn(m, "second exit of pid %d; event skipped", (int)pid);
		return 0;
	}
	p->exited = true;
	p->t_exit = m->t;
	p->exit_code = -1;
	if (log_reader_int(ev, "code", &v) == LOG_FIELD_OK && v >= 0 && v <= 255)
		p->exit_code = (int)v;
	p->signame = model_intern(m, log_reader_str(ev, "signal"));
	if (log_reader_int(ev, "signo", &v) == LOG_FIELD_OK && v > 0 && v < 256)
		p->signo = (int)v;
	p->signaled = p->signame || p->signo;
	p->core = log_reader_bool(ev, "core", false);
	p->t_zombie = m->t;   /* until a "state zombie" (the exit report) says later */
	if (model_state_switch(m, pi, PTV_STATE_ZOMBIE, NULL, model_get_figure(ev, "cpu_ns"),
	                       model_get_figure(ev, "runq_ns")) < 0)
		return -1;
	model_ipc_exit(m, pi);
	return 0;
}

const char *ptv_state_name(ptv_state s)
{
	const char *n = ptv_vocab_name(ptv_state_names, PTV_STATE_COUNT, (int)s);
	return n ? n : "?";
}

bool ptv_reap_in_trace(ptv_reap_via v)
{
	return v == PTV_REAP_WAIT4 || v == PTV_REAP_WAITID || v == PTV_REAP_AUTO ||
	       v == PTV_REAP_OBSERVED;
}

int model_ev_state(ptv_model *m, const cJSON *ev, pid_t pid)
{
	const char *name = log_reader_str(ev, "state");
	int st = -1;
	int pi;
	if (!name) {
		model_error(m, "state event without \"state\"");
		return -1;
	}
	st = ptv_vocab_find(ptv_state_names, PTV_STATE_COUNT, name);
	if (st < 0) {
		model_warn(m, "unknown state \"%s\"; event skipped", name);
		return 0;
	}
	if ((pi = model_proc_lookup(m, pid)) < 0)
		return -1;
	model_proc *p = &m->procs[pi];
	if (!p->st_open || (p->pub.exited && st != PTV_STATE_ZOMBIE)) {
		model_warn(m, "state \"%s\" of pid %d after its end; event skipped", name, (int)pid);
		return 0;
	}
	if (st == PTV_STATE_ZOMBIE && p->pub.exited && p->st == PTV_STATE_ZOMBIE && p->st_start == p->pub.t_exit &&
	    m->t > p->st_start) {
		/* The exit report: from the exit event to here the process was still exiting. */
		p->st = PTV_STATE_RUNNING;
		p->st_on = "exiting";
		p->pub.t_zombie = m->t;
	}
	const char *on = NULL;
	if (st == PTV_STATE_BLOCKED)
		on = model_intern(m, log_reader_str(ev, "on"));
	else if (st == PTV_STATE_STOPPED)
		on = model_intern(m, log_reader_str(ev, "signal"));
	if (model_state_switch(m, pi, (ptv_state)st, on, model_get_figure(ev, "cpu_ns"),
	                       model_get_figure(ev, "runq_ns")) < 0)
		return -1;
	/* -k: the stack at the call's entry names the function the program called */
	ptv_stack stack;
	if (st == PTV_STATE_BLOCKED && model_stack_parse(m, ev, &stack) && !p->st_call)
		p->st_call = model_intern(m, ptv_stack_called(&stack));
	return 0;
}

int model_ev_reap(ptv_model *m, const cJSON *ev, pid_t pid)
{
	pid_t child = 0;
	int rc, ci;
	int64_t status;
	ptv_stack st;

	if ((rc = model_get_pid(m, ev, "reap", "child", true, &child)) != 1)
		return rc == -2 ? 0 : -1;
	ci = hmap_get(&m->pids, (uint64_t)child);
	if (ci < 0 || m->procs[ci].pub.reaped) {
		model_warn(m, "reap of pid %d, which is not a process of this log; event skipped", (int)child);
		return 0;
	}
	ptv_process *c = &m->procs[ci].pub;
	if (!c->exited) {
		/* Reaped without an exit record: it did end; take the status from the reap when given. */
		model_warn(m, "reap of pid %d before its exit", (int)child);
		c->exited = true;
		c->t_exit = m->t;
		c->t_zombie = m->t;
		c->exit_code = -1;
		if (log_reader_int(ev, "status", &status) == LOG_FIELD_OK && status >= 0 && status <= 0xffff) {
			if ((status & 0x7f) == 0)
				c->exit_code = (int)((status >> 8) & 0xff);
			else {
				c->signaled = true;
				c->signo = (int)(status & 0x7f);
			}
		}
		model_ipc_exit(m, ci);
	}
	c->reaped = true;
	c->t_reap = m->t;
	c->reaper_pid = pid;
	c->reap_via = (ptv_reap_via)model_get_word(m, ev, "via", ptv_reap_via_names, PTV_REAP_COUNT,
	                                           PTV_REAP_WAIT4);
	/* init, subreaper and tracer reapers are outside the trace by definition */
	if (ptv_reap_in_trace(c->reap_via))
		c->reaper = hmap_get(&m->pids, (uint64_t)pid);
	int64_t prec = 0;
	if (c->reap_via == PTV_REAP_OBSERVED && log_reader_int(ev, "precision_ns", &prec) == LOG_FIELD_OK &&
	    prec > 0)
		c->reap_precision_ns = prec;
	if (model_stack_parse(m, ev, &st))
		c->reap_stack = st;
	m->procs[ci].gone = true;
	return model_state_close(m, ci, -1, -1);
}

int model_ev_reparent(ptv_model *m, const cJSON *ev, pid_t pid)
{
	pid_t to = 0, from = 0;
	int rc, pi;
	if ((rc = model_get_pid(m, ev, "reparent", "to", true, &to)) != 1)
		return rc == -2 ? 0 : -1;
	if ((rc = model_get_pid(m, ev, "reparent", "from", false, &from)) < 0)
		return rc == -2 ? 0 : -1;
	if ((pi = model_proc_lookup(m, pid)) < 0)
		return -1;
	ptv_process *p = &m->procs[pi].pub;
	int ai = hmap_get(&m->pids, (uint64_t)to);
	p->orphaned = true;
	p->t_adopted = m->t;
	p->adopter_pid = to;
	p->adopter = ai >= 0 && ai != pi && !m->procs[ai].gone && !m->procs[ai].pub.exited ? ai : -1;
	const char *comm = log_reader_str(ev, "adopter_comm");
	p->adopter_comm = comm && *comm ? model_intern(m, comm) : NULL;
	return 0;
}

int model_ev_attach(ptv_model *m, const cJSON *ev, pid_t pid)
{
	pid_t pp = 0;
	int rc, pi = hmap_get(&m->pids, (uint64_t)pid);
	int state = model_get_word(m, ev, "state", ptv_attach_state_names, PTV_ATTACH_COUNT,
	                           PTV_ATTACH_RUNNING);

	if ((rc = model_get_pid(m, ev, "attach", "parent", false, &pp)) < 0)
		return rc == -2 ? 0 : -1;
	if (pi >= 0 && !m->procs[pi].pub.unknown_origin) {
		model_warn(m, "second attach of pid %d; event skipped", (int)pid);
		return 0;
	}
	if (pi < 0 && (pi = model_proc_new(m, pid)) < 0)
		return -1;
	model_proc *p = &m->procs[pi];
	p->pub.unknown_origin = false;
	p->pub.attached = true;
	p->pub.origin = PTV_ORIGIN_ATTACH;
	p->pub.parent_pid = pp;
	int par = pp ? hmap_get(&m->pids, (uint64_t)pp) : -1;
	if (par >= 0 && par != pi && !m->procs[par].gone) {
		p->pub.parent = par;
		if (model_add_child(m, par, pi) < 0)
			return -1;
	}
	/* What it runs when found is its first exec record. */
	if (vec_reserve((void **)&p->execs, &p->ecap, p->pub.nexecs + 1, sizeof *p->execs) < 0) {
		model_error(m, "out of memory");
		return -1;
	}
	ptv_exec *e = &p->execs[p->pub.nexecs++];
	memset(e, 0, sizeof *e);
	e->t = m->t;
	e->path = model_arena_strdup(&m->arena, log_reader_str(ev, "path"));
	e->argv = model_argv(m, ev, "argv", &e->argc);
	if (pid == m->hdr.root || m->root < 0)
		m->root = pi;
	if (state == PTV_ATTACH_ZOMBIE) {
		p->pub.exited = true;
		p->pub.t_exit = m->t;
		p->pub.t_zombie = m->t;
		p->pub.exit_code = -1;
		return model_state_switch(m, pi, PTV_STATE_ZOMBIE, NULL, -1, -1);
	}
	return 0;
}

int model_ev_detach(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int pi = hmap_get(&m->pids, (uint64_t)pid);
	if (pi < 0 || m->procs[pi].gone)
		return 0;
	m->procs[pi].pub.detached = true;
	m->procs[pi].pub.t_detach = m->t;
	m->procs[pi].gone = true;
	model_ipc_exit(m, pi);
	return model_state_close(m, pi, -1, -1);
}

int model_ev_thread(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int pi = model_proc_lookup(m, pid);
	if (pi < 0)
		return -1;
	m->procs[pi].pub.threads++;
	return 0;
}

int model_ev_setsid(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int64_t sid;
	int pi = model_proc_lookup(m, pid);
	if (pi < 0)
		return -1;
	if (log_reader_int(ev, "sid", &sid) != LOG_FIELD_OK || sid <= 0 || sid > INT_MAX)
		sid = pid;
	m->procs[pi].pub.sid = (pid_t)sid;
	m->procs[pi].pub.t_setsid = m->t;
	m->procs[pi].pub.pgid = (pid_t)sid;   /* setsid also makes a new process group */
	return 0;
}

int model_ev_setpgid(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int64_t target = 0, pgid = 0;
	log_reader_int(ev, "target", &target);
	log_reader_int(ev, "pgid", &pgid);
	if (target <= 0 || target > INT_MAX)
		target = pid;                 /* setpgid(0, ...) is the caller itself */
	if (pgid <= 0 || pgid > INT_MAX)
		pgid = target;                /* setpgid(x, 0) makes x a group leader */
	int ti = hmap_get(&m->pids, (uint64_t)target);
	if (ti >= 0)
		m->procs[ti].pub.pgid = (pid_t)pgid;
	return 0;
}

int model_ev_end(ptv_model *m, const cJSON *ev, pid_t pid)
{
	int64_t v;
	if (log_reader_int(ev, "status", &v) == LOG_FIELD_OK && v >= 0 && v <= 255 + 128)
		m->exit_status = (int)v;
	m->end_reason = model_get_word(m, ev, "reason", ptv_end_reason_names, PTV_END_COUNT, -1);
	m->complete = true;
	return 0;
}
