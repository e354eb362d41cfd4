/* perfetto.c — exports a model as Chrome Trace Event JSON, which Perfetto (ui.perfetto.dev) and
 * chrome://tracing open: one track per process named after its program, its state intervals as
 * complete slices, lifecycle events as instants, and fork, pipe and signal links as flows.
 *
 * Times in that format are microseconds (fractions allowed). Events are printed one by one with
 * cJSON into a temporary file that is renamed over the target once complete, so a big trace
 * never needs the whole document in memory and a failed export leaves no partial file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cjson/cJSON.h>
#include "ptviz/describe.h"
#include "ptviz/render.h"
#include "outfile.h"

typedef struct perfetto_out {
	FILE *f;
	const ptv_model *m;
	bool stable_ids;
	int nevents;
	int next_flow;
	int *pids;             /* process index → pid shown */
	char *buf;             /* reused print buffer */
	int buflen;
	bool failed;
} perfetto_out;

static double us(int64_t ns)
{
	return (double)ns / 1000.0;
}

typedef struct pid_slot {
	pid_t pid;
	int proc;
} pid_slot;

static int cmp_slot(const void *a, const void *b)
{
	const pid_slot *x = a, *y = b;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->proc - y->proc;
}

/* The pid each process is shown under: its real pid, or with stable ids its index + 1. A pid
 * reused within the trace gets a made-up one beyond the kernel's pid range (2^22) for every
 * process but the first that had it, so that two processes never share a track. */
static int perfetto_pids(perfetto_out *o)
{
	int n = ptv_model_nprocesses(o->m);
	pid_slot *slots = malloc(sizeof(*slots) * (size_t)(n + 1));

	o->pids = malloc(sizeof(*o->pids) * (size_t)(n + 1));
	if (!slots || !o->pids) {
		free(slots);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		const ptv_process *p = ptv_model_process(o->m, i);
		slots[i] = (pid_slot){ p->pid, i };
		o->pids[i] = o->stable_ids ? p->id + 1 : (int)p->pid;
	}
	qsort(slots, (size_t)n, sizeof(*slots), cmp_slot);
	for (int i = 1; i < n && !o->stable_ids; i++)
		if (slots[i].pid == slots[i - 1].pid)
			o->pids[slots[i].proc] = 4194304 + 1 + slots[i].proc;
	free(slots);
	return 0;
}

/* Print one event (taking it over) into the output, separated by commas. */
static void perfetto_emit(perfetto_out *o, cJSON *ev)
{
	if (!ev) {
		o->failed = true;
		return;
	}
	if (!o->failed) {
		const char *s = NULL;
		char *big = NULL;
		if (cJSON_PrintPreallocated(ev, o->buf, o->buflen, false))
			s = o->buf;
		else
			s = big = cJSON_PrintUnformatted(ev);
		if (!s || fprintf(o->f, "%s\n%s", o->nevents ? "," : "", s) < 0)
			o->failed = true;
		cJSON_free(big);
		o->nevents++;
	}
	cJSON_Delete(ev);
}

/* A new event of phase ph on the track of process proc. */
static cJSON *perfetto_event(perfetto_out *o, const char *ph, const char *name, int proc,
                             int64_t t)
{
	cJSON *ev = cJSON_CreateObject();
	int pid = o->pids[proc];

	if (!ev)
		return NULL;
	cJSON_AddStringToObject(ev, "ph", ph);
	cJSON_AddStringToObject(ev, "name", name);
	cJSON_AddNumberToObject(ev, "pid", pid);
	cJSON_AddNumberToObject(ev, "tid", pid);
	cJSON_AddNumberToObject(ev, "ts", us(t));
	return ev;
}

/* Track names and order: "1234 sh → ps" (ptv_describe_label), in the views' order. */
static void perfetto_tracks(perfetto_out *o, const int *order, int n)
{
	char label[256];

	for (int l = 0; l < n; l++) {
		const ptv_process *p = ptv_model_process(o->m, order[l]);
		static const char *const meta[] = { "process_name", "thread_name" };
		ptv_describe_label(o->m, p, o->stable_ids, PTV_DESCRIBE_LABEL_CHAIN, label, sizeof(label));
		for (int k = 0; k < 2; k++) {
			cJSON *ev = perfetto_event(o, "M", meta[k], order[l], 0);
			cJSON *args = cJSON_AddObjectToObject(ev, "args");
			cJSON_AddStringToObject(args, "name", label);
			perfetto_emit(o, ev);
		}
		cJSON *ev = perfetto_event(o, "M", "process_sort_index", order[l], 0);
		cJSON *args = cJSON_AddObjectToObject(ev, "args");
		cJSON_AddNumberToObject(args, "sort_index", l);
		perfetto_emit(o, ev);
	}
}

/* Exact states (scheduler records): the spans the timeline draws, ready where the records put
 * it, each with its exact time per scheduler state. */
static void perfetto_spans(perfetto_out *o, int proc)
{
	static const char *const cpu_keys[PTV_CPU_COUNT] = { "on_cpu_ns", "ready_ns", "asleep_ns",
	                                                     "ptviz_ns", "unknown_ns" };
	const ptv_process *p = ptv_model_process(o->m, proc);
	char name[96];

	for (int i = 0; i < p->nspans; i++) {
		const ptv_span *sp = &p->spans[i];
		const char *state = sp->unknown ? "unknown" : sp->ready ? "ready" : ptv_state_name(sp->state);
		if (sp->state == PTV_STATE_BLOCKED)
			snprintf(name, sizeof(name), "%s: %s", state, ptv_describe_call(sp->on));
		else
			snprintf(name, sizeof(name), "%s%s%s", state, sp->on ? ": " : "", sp->on ? sp->on : "");
		cJSON *ev = perfetto_event(o, "X", name, proc, sp->start);
		cJSON_AddStringToObject(ev, "cat", "state");
		cJSON_AddNumberToObject(ev, "dur", us(sp->end - sp->start));
		cJSON *args = cJSON_AddObjectToObject(ev, "args");
		cJSON_AddStringToObject(args, "state", state);
		if (sp->on)
			cJSON_AddStringToObject(args, "on", sp->on);
		cJSON_AddBoolToObject(args, "exact", sp->exact);
		for (int k = 0; sp->exact && k < PTV_CPU_COUNT; k++)
			if (sp->ns[k] > 0)
				cJSON_AddNumberToObject(args, cpu_keys[k], (double)sp->ns[k]);
		perfetto_emit(o, ev);
	}
}

static void perfetto_intervals(perfetto_out *o, int proc)
{
	const ptv_process *p = ptv_model_process(o->m, proc);
	char name[96];

	if (p->nspans > 0) {
		perfetto_spans(o, proc);
		return;
	}
	for (int i = 0; i < p->nintervals; i++) {
		const ptv_interval *iv = &p->intervals[i];
		snprintf(name, sizeof(name), "%s%s%s", ptv_state_name(iv->state), iv->on ? ": " : "",
		         iv->on ? iv->on : "");
		cJSON *ev = perfetto_event(o, "X", name, proc, iv->start);
		cJSON_AddStringToObject(ev, "cat", "state");
		cJSON_AddNumberToObject(ev, "dur", us(iv->end > iv->start ? iv->end - iv->start : 0));
		cJSON *args = cJSON_AddObjectToObject(ev, "args");
		cJSON_AddStringToObject(args, "state", ptv_state_name(iv->state));
		if (iv->on)
			cJSON_AddStringToObject(args, "on", iv->on);
		if (iv->cpu_ns >= 0)
			cJSON_AddNumberToObject(args, "cpu_ns", (double)iv->cpu_ns);
		if (iv->runq_ns >= 0)
			cJSON_AddNumberToObject(args, "runq_ns", (double)iv->runq_ns);
		perfetto_emit(o, ev);
	}
}

/* An instant on a process's track, with optional args (taken over). */
static void perfetto_instant(perfetto_out *o, const char *name, const char *cat, int proc,
                             int64_t t, cJSON *args)
{
	cJSON *ev = perfetto_event(o, "i", name, proc, t);

	cJSON_AddStringToObject(ev, "cat", cat);
	cJSON_AddStringToObject(ev, "s", "t");
	if (args && ev)
		cJSON_AddItemToObject(ev, "args", args);
	else
		cJSON_Delete(args);
	perfetto_emit(o, ev);
}

/* A flow arrow from one track to another; the finish binds to the slice enclosing it. */
static void perfetto_flow(perfetto_out *o, const char *name, int from, int64_t t_from, int to,
                          int64_t t_to)
{
	int id = ++o->next_flow;
	cJSON *s = perfetto_event(o, "s", name, from, t_from);
	cJSON *f = perfetto_event(o, "f", name, to, t_to);

	cJSON_AddStringToObject(s, "cat", "flow");
	cJSON_AddNumberToObject(s, "id", id);
	cJSON_AddStringToObject(f, "cat", "flow");
	cJSON_AddNumberToObject(f, "id", id);
	cJSON_AddStringToObject(f, "bp", "e");
	perfetto_emit(o, s);
	perfetto_emit(o, f);
}

static void perfetto_lifecycle(perfetto_out *o, int proc)
{
	const ptv_model *m = o->m;
	const ptv_process *p = ptv_model_process(m, proc);
	int n = ptv_model_nprocesses(m);
	char name[160], id[PTV_DESCRIBE_NAME_MAX], text[96];

	ptv_describe_name(p, o->stable_ids, id, sizeof(id));
	if (p->parent >= 0 && p->parent < n) {
		snprintf(name, sizeof(name), "%s %s", ptv_process_via(p), id);
		cJSON *args = cJSON_CreateObject();
		cJSON_AddNumberToObject(args, "child", p->pid);
		perfetto_instant(o, name, "fork", p->parent, p->t_start, args);
		perfetto_flow(o, "fork", p->parent, p->t_start, proc, p->t_start);
	}
	/* An attached process's first record is what it ran when ptviz found it, not an exec. */
	for (int k = p->attached ? 1 : 0; k < p->nexecs; k++) {
		const ptv_exec *e = &p->execs[k];
		snprintf(name, sizeof(name), "exec %s", ptv_exec_name(e));
		cJSON *args = cJSON_CreateObject();
		cJSON_AddStringToObject(args, "path", e->path ? e->path : "");
		cJSON *argv = cJSON_AddArrayToObject(args, "argv");
		for (int a = 0; argv && a < e->argc; a++)
			cJSON_AddItemToArray(argv, cJSON_CreateString(e->argv[a] ? e->argv[a] : ""));
		perfetto_instant(o, name, "exec", proc, e->t, args);
	}
	if (p->exited)
		perfetto_instant(o, ptv_describe_status(p, text, sizeof(text)), "exit", proc, p->t_exit, NULL);
	if (p->orphaned) {
		snprintf(name, sizeof(name), "orphaned, adopted by %s",
		         ptv_describe_adopter(m, p, o->stable_ids, text, sizeof(text)));
		perfetto_instant(o, name, "orphan", proc, p->t_adopted, NULL);
	}
	if (p->reaped && p->t_reap >= 0) {
		bool inside = p->reaper >= 0 && p->reaper < n;
		snprintf(name, sizeof(name), "reap %s (%s)", id, ptv_reap_via_names[p->reap_via]);
		cJSON *args = cJSON_CreateObject();
		cJSON_AddNumberToObject(args, "zombie_ns", (double)p->zombie_ns);
		cJSON_AddNumberToObject(args, "reaper_pid", p->reaper_pid);
		perfetto_instant(o, name, "reap", inside ? p->reaper : proc, p->t_reap, args);
	}
}

/* What calls returned (wait family, --io errors and EOF, O_NONBLOCK set): instants, as the
 * timeline's marks. */
static void perfetto_outcomes(perfetto_out *o)
{
	int n = ptv_model_nprocesses(o->m);
	char name[96];

	for (int i = 0; i < ptv_model_noutcomes(o->m); i++) {
		const ptv_outcome *oc = ptv_model_outcome(o->m, i);
		if (oc->proc < 0 || oc->proc >= n || oc->kind == PTV_OUTCOME_WAIT_PID)
			continue;
		if (oc->kind == PTV_OUTCOME_WAIT_EMPTY)
			snprintf(name, sizeof(name), "%s → 0 (nothing to reap)", ptv_describe_call(oc->call));
		else
			snprintf(name, sizeof(name), "%s → %s", ptv_describe_call(oc->call),
			         oc->kind == PTV_OUTCOME_EOF ? "EOF" : oc->what ? oc->what : "?");
		cJSON *args = cJSON_CreateObject();
		if (oc->call)
			cJSON_AddStringToObject(args, "syscall", oc->call);
		if (oc->options)
			cJSON_AddStringToObject(args, "options", oc->options);
		if (oc->fd >= 0)
			cJSON_AddNumberToObject(args, "fd", oc->fd);
		perfetto_instant(o, name, "outcome", oc->proc, oc->t, args);
	}
}

static void perfetto_links(perfetto_out *o)
{
	const ptv_model *m = o->m;
	int n = ptv_model_nprocesses(m);

	for (int i = 0; i < ptv_model_nsignals(m); i++) {
		const ptv_signal *s = ptv_model_signal(m, i);
		if (s->is_kill && s->sender >= 0 && s->sender < n) {
			/* The sender's side: kill() as an instant on its track. */
			char name[96];
			cJSON *args = cJSON_CreateObject();
			snprintf(name, sizeof(name), "kill %s", s->name ? s->name : "signal");
			if (s->receiver >= 0 && s->receiver < n)
				cJSON_AddNumberToObject(args, "target_pid", ptv_model_process(m, s->receiver)->pid);
			perfetto_instant(o, name, "signal", s->sender, s->t, args);
			continue;
		}
		if (s->is_kill || s->receiver < 0 || s->receiver >= n)
			continue;
		cJSON *args = cJSON_CreateObject();
		cJSON_AddNumberToObject(args, "sender", s->sender_pid);
		if (s->code)
			cJSON_AddStringToObject(args, "code", s->code);
		perfetto_instant(o, s->name ? s->name : "signal", "signal", s->receiver, s->t, args);
		if (s->sender >= 0 && s->sender < n && s->sender != s->receiver)
			perfetto_flow(o, "signal", s->sender, s->t, s->receiver, s->t);
	}
	for (int i = 0; i < ptv_model_nipc(m); i++) {
		const ptv_ipc *ipc = ptv_model_ipc(m, i);
		for (int k = 0; k < ipc->nlinks; k++)
			perfetto_flow(o, ipc->kind == PTV_IPC_FIFO ? "fifo" : "pipe", ipc->links[k].writer,
			              ipc->links[k].t, ipc->links[k].reader, ipc->links[k].t);
	}
	for (int i = 0; i < ptv_model_noutputs(m); i++) {
		const ptv_output *out = ptv_model_output(m, i);
		if (out->proc < 0 || out->proc >= n)
			continue;
		cJSON *args = cJSON_CreateObject();
		cJSON_AddNumberToObject(args, "fd", out->fd);
		cJSON_AddStringToObject(args, "data", out->data ? out->data : "");
		perfetto_instant(o, "output", "output", out->proc, out->t, args);
	}
}

/* The trailer: display unit and what was traced. */
static int perfetto_trailer(perfetto_out *o)
{
	const ptv_header *h = ptv_model_header(o->m);
	cJSON *other = cJSON_CreateObject();
	char num[32];
	char *s;
	int rc = -1;

	if (!other)
		return -1;
	cJSON_AddStringToObject(other, "tool", "ptviz");
	if (h) {
		cJSON *argv = cJSON_AddArrayToObject(other, "argv");
		for (int i = 0; argv && i < h->argc; i++)
			cJSON_AddItemToArray(argv, cJSON_CreateString(h->argv[i] ? h->argv[i] : ""));
		cJSON_AddNumberToObject(other, "root_pid", h->root);
		if (h->kernel)
			cJSON_AddStringToObject(other, "kernel", h->kernel);
		cJSON_AddStringToObject(other, "mode", ptv_mode_names[h->mode]);
		/* Exact: an epoch in ns does not fit a double. */
		snprintf(num, sizeof(num), "%lld", (long long)h->start_unix_ns);
		cJSON_AddStringToObject(other, "start_unix_ns", num);
	}
	cJSON_AddBoolToObject(other, "complete", ptv_model_complete(o->m));
	s = cJSON_PrintUnformatted(other);
	if (s && fprintf(o->f, "\n],\n\"displayTimeUnit\":\"ns\",\n\"otherData\":%s}\n", s) >= 0)
		rc = 0;
	cJSON_free(s);
	cJSON_Delete(other);
	return rc;
}

static int perfetto_write(perfetto_out *o, char *err, size_t errlen)
{
	int n = ptv_model_nprocesses(o->m), rc = -1;
	int *order = malloc(sizeof(*order) * ((size_t)n + 1)), *up = malloc(sizeof(*up) * ((size_t)n + 1));

	if (!order || !up || perfetto_pids(o) < 0 || ptv_model_tree_order(o->m, order, up) < 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (fputs("{\"traceEvents\":[", o->f) < 0)
		goto io;
	perfetto_tracks(o, order, n);
	for (int l = 0; l < n; l++)
		perfetto_intervals(o, order[l]);
	for (int l = 0; l < n; l++)
		perfetto_lifecycle(o, order[l]);
	perfetto_links(o);
	perfetto_outcomes(o);
	if (o->failed || perfetto_trailer(o) < 0)
		goto io;
	rc = 0;
	goto out;
io:
	snprintf(err, errlen, "cannot write the trace: %s", errno ? strerror(errno) : "out of memory");
out:
	free(order);
	free(up);
	free(o->pids);
	o->pids = NULL;
	return rc;
}

int ptv_export_perfetto(const ptv_model *m, const char *path, const ptv_render_opts *opts,
                        char *err, size_t errlen)
{
	perfetto_out o = { .m = m, .stable_ids = opts && opts->stable_ids, .buflen = 1 << 16 };
	outfile of = { 0 };
	int rc = -1;

	if (!path) {
		snprintf(err, errlen, "no output file");
		return -1;
	}
	o.buf = malloc((size_t)o.buflen);
	if (!o.buf) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (opts && opts->on_progress)
		opts->on_progress(opts->progress_ctx, "perfetto");
	if (outfile_open(&of, path, err, errlen) < 0)
		goto out;
	o.f = of.f;
	errno = 0;
	if (perfetto_write(&o, err, errlen) < 0) {
		outfile_abort(&of);
		goto out;
	}
	rc = outfile_commit(&of, err, errlen);
out:
	free(o.buf);
	return rc;
}
