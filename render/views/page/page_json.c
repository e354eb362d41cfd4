/* page_json.c — the model's facts as the page's script reads them: one object per process
 * (pid and parent, programs and their argv, how it ended, its zombie time and reaper, adoption,
 * call-site stacks, the pipe and FIFO ends it held, what it printed, its state intervals), the
 * pipes, FIFOs and shared regions, the signals, and the trace's header. Words come from
 * ptviz/describe.h, as in every view; times are ns since the trace began. */
#include <stdio.h>
#include <string.h>

#include "page_priv.h"
#include "ptviz/describe.h"

static const char *const page_status_kinds[PTV_STATUS_COUNT] = {
	[PTV_STATUS_EXIT_OK] = "exit_ok", [PTV_STATUS_EXIT_FAIL] = "exit_fail",
	[PTV_STATUS_KILLED] = "killed", [PTV_STATUS_EXITED] = "exited",
	[PTV_STATUS_DETACHED] = "detached", [PTV_STATUS_RUNNING] = "running",
};

static const char *const page_ipc_kinds[] = {
	[PTV_IPC_PIPE] = "pipe", [PTV_IPC_FIFO] = "fifo", [PTV_IPC_SHM] = "shm",
};

static void json_num(cJSON *o, const char *k, double v) { cJSON_AddNumberToObject(o, k, v); }

static void json_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
}

/* A stack as an array of frames, innermost first: the words of describe, and file:line apart
 * so that the script can show the source position. NULL for an empty stack. */
static cJSON *json_stack(const ptv_stack *s)
{
	char buf[512];
	cJSON *a;

	if (!s || (s->nframes == 0 && !s->error))
		return NULL;
	a = cJSON_CreateArray();
	for (int i = 0; a && i < s->nframes; i++) {
		const ptv_frame *f = &s->frames[i];
		cJSON *o = cJSON_CreateObject();
		json_str(o, "text", ptv_describe_frame(f, buf, sizeof buf));
		json_str(o, "fn", f->fn);
		json_str(o, "file", f->file);
		if (f->line > 0)
			json_num(o, "line", f->line);
		json_str(o, "obj", f->obj);
		cJSON_AddItemToArray(a, o);
	}
	if (a && s->error) {
		cJSON *o = cJSON_CreateObject();
		json_str(o, "error", s->error);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

static void json_add_stack(cJSON *o, const char *k, const ptv_stack *s)
{
	cJSON *a = json_stack(s);
	if (a)
		cJSON_AddItemToObject(o, k, a);
}

/* An array of process indices (cJSON_CreateIntArray gives NULL for none). */
cJSON *page_json_ints(const int *v, int n)
{
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; a && i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateNumber(v[i]));
	return a;
}

static cJSON *json_strings(const char *const *v, int n)
{
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; a && i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v[i] ? v[i] : ""));
	return a;
}

static cJSON *json_execs(const ptv_process *p)
{
	cJSON *a = cJSON_CreateArray();
	char buf[256];

	for (int i = 0; a && i < p->nexecs; i++) {
		const ptv_exec *e = &p->execs[i];
		cJSON *o = cJSON_CreateObject();
		json_num(o, "t", (double)e->t);
		json_str(o, "path", e->path);
		json_str(o, "name", ptv_exec_name(e));
		cJSON_AddItemToObject(o, "argv", json_strings(e->argv, e->argc));
		if (e->argv_truncated)
			cJSON_AddTrueToObject(o, "argv_truncated");
		if (e->privs_dropped)
			json_str(o, "privs", ptv_describe_privs_dropped(e, buf, sizeof buf));
		json_add_stack(o, "stack", &e->stack);
		cJSON_AddItemToArray(a, o);
	}
	return a;
}

/* State intervals as [start, end, state, on, cpu_ns, runq_ns]: compact for 3,000 processes. */
static cJSON *json_intervals(const ptv_process *p)
{
	cJSON *a = cJSON_CreateArray();

	for (int i = 0; a && i < p->nintervals; i++) {
		const ptv_interval *iv = &p->intervals[i];
		cJSON *r = cJSON_CreateArray();
		cJSON_AddItemToArray(r, cJSON_CreateNumber((double)iv->start));
		cJSON_AddItemToArray(r, cJSON_CreateNumber((double)iv->end));
		cJSON_AddItemToArray(r, cJSON_CreateString(ptv_state_name(iv->state)));
		cJSON_AddItemToArray(r, iv->on ? cJSON_CreateString(iv->on) : cJSON_CreateNull());
		cJSON_AddItemToArray(r, cJSON_CreateNumber((double)iv->cpu_ns));
		cJSON_AddItemToArray(r, cJSON_CreateNumber((double)iv->runq_ns));
		cJSON_AddItemToArray(a, r);
	}
	return a;
}

/* How it ended, who reaped it, who adopted it: the times and the words. */
static void json_end(cJSON *o, const ptv_model *m, const ptv_process *p, bool stable)
{
	char buf[256];

	json_str(o, "status", ptv_describe_status(p, buf, sizeof buf));
	json_str(o, "status_kind", page_status_kinds[ptv_describe_status_kind(p)]);
	json_num(o, "t_exit", p->exited ? (double)p->t_exit : -1);
	json_num(o, "t_zombie", p->exited ? (double)p->t_zombie : -1);
	json_num(o, "t_reap", p->reaped ? (double)p->t_reap : -1);
	json_num(o, "zombie_ns", p->exited ? (double)p->zombie_ns : 0);
	if (p->reaped) {
		json_str(o, "reaper_text", ptv_describe_reaper(m, p, stable, buf, sizeof buf));
		json_num(o, "reaper", p->reaper);
		json_num(o, "reaper_pid", p->reaper_pid);
		json_str(o, "reap_via", ptv_reap_via_names[p->reap_via]);
		if (p->reap_precision_ns > 0)   /* an observed reap: t_reap is at most this late */
			json_num(o, "reap_precision_ns", (double)p->reap_precision_ns);
		json_add_stack(o, "reap_stack", &p->reap_stack);
	}
	cJSON_AddBoolToObject(o, "leaked", p->leaked);
	if (p->orphaned) {
		json_num(o, "t_adopted", (double)p->t_adopted);
		json_num(o, "adopter", p->adopter);
		json_num(o, "adopter_pid", p->adopter_pid);
		json_str(o, "adopter_text", ptv_describe_adopter(m, p, stable, buf, sizeof buf));
	}
	if (p->detached)
		json_num(o, "t_detach", (double)p->t_detach);
}

static cJSON *json_process(const ptv_model *m, const ptv_process *p, bool stable)
{
	cJSON *o = cJSON_CreateObject();
	char buf[512];

	if (!o)
		return NULL;
	json_num(o, "pid", p->pid);
	json_num(o, "ppid", p->parent_pid);
	json_num(o, "parent", p->parent);
	json_str(o, "name", ptv_describe_name(p, stable, buf, sizeof buf));
	json_str(o, "label", ptv_describe_label(m, p, stable, PTV_DESCRIBE_LABEL_CHAIN, buf,
	                                        sizeof buf));
	json_str(o, "chain", ptv_describe_chain(m, p, 0, buf, sizeof buf));
	json_str(o, "program", ptv_describe_program(m, p));
	json_str(o, "first_program", ptv_process_program(m, p, p->t_start));
	json_str(o, "via", ptv_process_via(p));
	json_num(o, "t_start", (double)p->t_start);
	json_add_stack(o, "fork_stack", &p->fork_stack);
	cJSON_AddItemToObject(o, "children", page_json_ints(p->children, p->nchildren));
	cJSON_AddItemToObject(o, "execs", json_execs(p));
	json_end(o, m, p, stable);
	cJSON_AddItemToObject(o, "iv", json_intervals(p));
	if (p->threads)
		json_num(o, "threads", p->threads);
	if (p->sid)
		json_num(o, "sid", p->sid);
	if (p->pgid)
		json_num(o, "pgid", p->pgid);
	if (p->attached)
		cJSON_AddTrueToObject(o, "attached");
	return o;
}

/* A holder as [proc, exec_index, "read"|"write"|"both", from, to, bytes]. */
static cJSON *json_holder(const ptv_holder *h)
{
	cJSON *r = cJSON_CreateArray();
	const char *end = h->read && h->write ? "both" : h->write ? "write" : "read";

	cJSON_AddItemToArray(r, cJSON_CreateNumber(h->proc));
	cJSON_AddItemToArray(r, cJSON_CreateNumber(h->exec_index));
	cJSON_AddItemToArray(r, cJSON_CreateString(end));
	cJSON_AddItemToArray(r, cJSON_CreateNumber((double)h->from));
	cJSON_AddItemToArray(r, cJSON_CreateNumber((double)h->to));
	cJSON_AddItemToArray(r, cJSON_CreateNumber((double)h->bytes));
	return r;
}

static cJSON *json_ipc(const ptv_ipc *o)
{
	cJSON *j = cJSON_CreateObject(), *hs = cJSON_CreateArray(), *ls = cJSON_CreateArray();
	char ino[32];

	json_str(j, "kind", page_ipc_kinds[o->kind]);
	snprintf(ino, sizeof ino, "%llu", (unsigned long long)o->ino);
	json_str(j, "ino", ino);
	json_str(j, "path", o->path);
	json_num(j, "creator", o->creator);
	json_num(j, "t", (double)o->t_created);
	for (int i = 0; hs && i < o->nholders; i++)
		cJSON_AddItemToArray(hs, json_holder(&o->holders[i]));
	for (int i = 0; ls && i < o->nlinks; i++) {
		const ptv_ipc_link *l = &o->links[i];
		cJSON *r = cJSON_CreateArray();
		cJSON_AddItemToArray(r, cJSON_CreateNumber(l->writer));
		cJSON_AddItemToArray(r, cJSON_CreateNumber(l->reader));
		cJSON_AddItemToArray(r, cJSON_CreateNumber((double)l->t));
		cJSON_AddItemToArray(r, cJSON_CreateNumber((double)l->bytes));
		cJSON_AddItemToArray(ls, r);
	}
	cJSON_AddItemToObject(j, "holders", hs);
	cJSON_AddItemToObject(j, "links", ls);
	return j;
}

static cJSON *json_header(const ptv_model *m)
{
	const ptv_header *h = ptv_model_header(m);
	cJSON *o = cJSON_CreateObject();
	char buf[512];

	json_str(o, "command", ptv_describe_command(m, 0, buf, sizeof buf));
	json_num(o, "end", (double)ptv_model_end(m));
	cJSON_AddBoolToObject(o, "complete", ptv_model_complete(m));
	json_num(o, "exit_status", ptv_model_exit_status(m));
	if (!h)
		return o;
	json_str(o, "mode", ptv_mode_names[h->mode]);
	json_num(o, "root_pid", h->root);
	json_num(o, "tracer_pid", h->tracer_pid);
	json_str(o, "kernel", h->kernel);
	json_str(o, "hostname", h->hostname);
	cJSON_AddBoolToObject(o, "io", h->io);
	cJSON_AddBoolToObject(o, "stacks", h->stacks);
	cJSON_AddBoolToObject(o, "subreaper", h->subreaper);
	json_num(o, "start_unix_ns", (double)h->start_unix_ns);
	return o;
}

/* Signals as [t, sender, receiver, name, kill?, code]. */
static cJSON *json_signals(const ptv_model *m)
{
	cJSON *a = cJSON_CreateArray();

	for (int i = 0; a && i < ptv_model_nsignals(m); i++) {
		const ptv_signal *s = ptv_model_signal(m, i);
		cJSON *r = cJSON_CreateArray();
		cJSON_AddItemToArray(r, cJSON_CreateNumber((double)s->t));
		cJSON_AddItemToArray(r, cJSON_CreateNumber(s->sender));
		cJSON_AddItemToArray(r, cJSON_CreateNumber(s->receiver));
		cJSON_AddItemToArray(r, cJSON_CreateString(s->name ? s->name : "?"));
		cJSON_AddItemToArray(r, cJSON_CreateBool(s->is_kill));
		cJSON_AddItemToArray(r, s->code ? cJSON_CreateString(s->code) : cJSON_CreateNull());
		cJSON_AddItemToArray(a, r);
	}
	return a;
}

/* What processes printed (--io) as [t, proc, fd, data]. */
static cJSON *json_outputs(const ptv_model *m)
{
	cJSON *a = cJSON_CreateArray();

	for (int i = 0; a && i < ptv_model_noutputs(m); i++) {
		const ptv_output *o = ptv_model_output(m, i);
		cJSON *r = cJSON_CreateArray();
		cJSON_AddItemToArray(r, cJSON_CreateNumber((double)o->t));
		cJSON_AddItemToArray(r, cJSON_CreateNumber(o->proc));
		cJSON_AddItemToArray(r, cJSON_CreateNumber(o->fd));
		cJSON_AddItemToArray(r, cJSON_CreateString(o->data ? o->data : ""));
		cJSON_AddItemToArray(a, r);
	}
	return a;
}

cJSON *page_json_model(const ptv_model *m, bool stable_ids)
{
	cJSON *root = cJSON_CreateObject(), *procs = cJSON_CreateArray(), *ipc = cJSON_CreateArray();
	char buf[512];

	if (!root || !procs || !ipc) {
		cJSON_Delete(root);
		cJSON_Delete(procs);
		cJSON_Delete(ipc);
		return NULL;
	}
	json_num(root, "version", 1);
	json_str(root, "title", ptv_describe_title(m, 80, buf, sizeof buf));
	cJSON_AddBoolToObject(root, "stable_ids", stable_ids);
	cJSON_AddItemToObject(root, "header", json_header(m));
	json_num(root, "root", ptv_model_root(m));
	for (int i = 0; i < ptv_model_nprocesses(m); i++)
		cJSON_AddItemToArray(procs, json_process(m, ptv_model_process(m, i), stable_ids));
	cJSON_AddItemToObject(root, "procs", procs);
	for (int i = 0; i < ptv_model_nipc(m); i++)
		cJSON_AddItemToArray(ipc, json_ipc(ptv_model_ipc(m, i)));
	cJSON_AddItemToObject(root, "ipc", ipc);
	cJSON_AddItemToObject(root, "signals", json_signals(m));
	cJSON_AddItemToObject(root, "outputs", json_outputs(m));
	return root;
}
