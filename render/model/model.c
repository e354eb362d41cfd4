/* model.c — loading a log into a model, the model's lifetime and its read-only accessors. */
#include "model_priv.h"
#include "log_reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void model_warn(ptv_model *m, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_reader_warn(m->diag, m->name, m->line, "%s", msg);
}

void model_error(ptv_model *m, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_reader_error(m->diag, m->name, m->line, "%s", msg);
}

int model_proc_new(ptv_model *m, pid_t pid)
{
	if (vec_reserve((void **)&m->procs, &m->pcap, m->nprocs + 1, sizeof *m->procs) < 0)
		goto oom;
	int i = m->nprocs;
	model_proc *p = &m->procs[i];
	memset(p, 0, sizeof *p);
	p->pub.id = i;
	p->pub.pid = pid;
	p->pub.parent = -1;
	p->pub.creator = -1;
	p->pub.reaper = -1;
	p->pub.adopter = -1;
	p->pub.t_start = m->t;
	p->pub.t_exit = -1;
	p->pub.t_zombie = -1;
	p->pub.t_reap = -1;
	p->pub.t_adopted = -1;
	p->pub.t_setsid = -1;
	p->pub.t_detach = -1;
	p->st_open = true;
	p->st = PTV_STATE_RUNNING;
	p->st_start = m->t;
	p->st_cpu = -1;
	p->st_runq = -1;
	if (hmap_put(&m->pids, (uint64_t)pid, i) < 0)
		goto oom;
	m->nprocs++;
	return i;
oom:
	model_error(m, "out of memory");
	return -1;
}

int model_proc_lookup(ptv_model *m, pid_t pid)
{
	int i = hmap_get(&m->pids, (uint64_t)pid);
	if (i >= 0)
		return i;
	/* The tracer can report a child before its parent's fork; keep the facts and let a later
	 * fork adopt the record. */
	model_warn(m, "event for pid %d before it was created; parent unknown", (int)pid);
	i = model_proc_new(m, pid);
	if (i >= 0) {
		m->procs[i].pub.unknown_origin = true;
		m->procs[i].pub.origin = PTV_ORIGIN_UNKNOWN;
	}
	return i;
}

const char *model_intern(ptv_model *m, const char *s)
{
	const char *c;
	if (!s)
		return NULL;
	if (strlen(s) > 64)
		return model_arena_strdup(&m->arena, s);
	c = hmap_skey(&m->strs, s);
	if (c)
		return c;
	c = model_arena_strdup(&m->arena, s);
	if (c)
		hmap_sput(&m->strs, c, 0);   /* on failure the string is just not shared */
	return c;
}

const char *const *model_argv(ptv_model *m, const cJSON *ev, const char *key, int *argc)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(ev, key), *v;
	const char **out;
	int n, k = 0;
	*argc = 0;
	if (!cJSON_IsArray(a))
		return NULL;
	n = cJSON_GetArraySize(a);
	if (n <= 0 || n > 1 << 16)
		return NULL;
	out = model_arena_alloc(&m->arena, ((size_t)n + 1) * sizeof *out);
	if (!out)
		return NULL;
	cJSON_ArrayForEach(v, a) {
		if (k >= n)
			break;
		out[k] = model_arena_strdup(&m->arena, cJSON_IsString(v) ? v->valuestring : "");
		if (!out[k])
			out[k] = "";
		k++;
	}
	*argc = k;
	return out;
}

/* Parse the optional "stack" of an event into arena frames. Returns out, or NULL when absent. */
const ptv_stack *model_stack_parse(ptv_model *m, const cJSON *ev, ptv_stack *out)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(ev, "stack");
	const char *err = log_reader_str(ev, "stack_error");
	int n = 0, k = 0;
	memset(out, 0, sizeof *out);
	if (err)
		out->error = model_arena_strdup(&m->arena, err);
	if (!cJSON_IsArray(st))
		return err ? out : NULL;
	n = cJSON_GetArraySize(st);
	if (n > 1024)
		n = 1024;
	if (n <= 0)
		return out;
	ptv_frame *fr = model_arena_alloc(&m->arena, (size_t)n * sizeof *fr);
	if (!fr)
		return NULL;
	const cJSON *f;
	cJSON_ArrayForEach(f, st) {
		int64_t line = 0;
		if (k >= n)
			break;
		if (!cJSON_IsObject(f))
			continue;
		log_reader_u64(f, "pc", &fr[k].pc);
		log_reader_u64(f, "off", &fr[k].off);
		log_reader_u64(f, "obj_off", &fr[k].obj_off);
		fr[k].fn = model_arena_strdup(&m->arena, log_reader_str(f, "fn"));
		fr[k].obj = model_arena_strdup(&m->arena, log_reader_str(f, "obj"));
		fr[k].file = model_arena_strdup(&m->arena, log_reader_str(f, "file"));
		if (log_reader_int(f, "line", &line) == LOG_FIELD_OK && line > 0 && line < 1 << 30)
			fr[k].line = (int)line;
		k++;
	}
	out->frames = fr;
	out->nframes = k;
	return out;
}

/* Reader callback: line 1 is the header, everything else an event. */
static int model_on_record(void *ctx, const cJSON *rec, int line)
{
	ptv_model *m = ctx;
	m->line = line;
	if (m->hdr.version == 0)
		return model_replay_header(m, rec);
	return model_event_replay(m, rec);
}

/* The process whose program p ran before its first exec: its parent, or its creator when the
 * parent is outside the trace (CLONE_PARENT); -1 when neither is known. */
static int model_forked_by(const ptv_process *p)
{
	int up = p->parent >= 0 ? p->parent : p->creator;
	return up != p->id ? up : -1;
}

/* A process's leak status, zombie time, and its vectors published through the public struct. */
static void model_finish_proc(ptv_model *m, model_proc *p)
{
	ptv_process *pp = &p->pub;
	model_state_close(m, pp->id, -1, -1);
	if (pp->exited) {
		int64_t until = pp->reaped ? pp->t_reap : m->t_end;
		pp->zombie_ns = until > pp->t_zombie ? until - pp->t_zombie : 0;
	}
	if (pp->exited && pp->parent >= 0) {
		bool by_parent = pp->reaped && pp->reaper == pp->parent && ptv_reap_in_trace(pp->reap_via);
		/* A child whose parent died before it exited was never its parent's zombie; nor was one
		 * that exited after its parent had begun to exit (its exit event): a parent on its way
		 * out waits for nobody (pipe_ps_grep's grep, woken by the EOF of ps's exit, is reparented
		 * only after its own exit). A zombie still unreaped when ptviz detached (-p) counts: for
		 * the whole time its parent was watched, the parent left it there, which is what a leak
		 * hunt looks for. */
		const ptv_process *par = &m->procs[pp->parent].pub;
		bool outlived_parent = pp->orphaned &&
		                       ((pp->t_adopted >= 0 && pp->t_adopted <= pp->t_exit) ||
		                        (par->exited && par->t_exit >= 0 && par->t_exit <= pp->t_exit));
		/* At a moment of the log (a --steps frame), a zombie whose parent still runs is not
		 * reaped yet, which does not say it never will be. */
		bool pending = m->moment && !m->complete && !pp->reaped && !m->procs[pp->parent].pub.exited;
		pp->leaked = !by_parent && !outlived_parent && !pending;
	}
	pp->children = p->children;
	pp->execs = p->execs;
	pp->intervals = p->iv;
}

static int model_finish(ptv_model *m)
{
	m->t = m->t_end;
	for (int i = 0; i < m->nprocs; i++)
		model_finish_proc(m, &m->procs[i]);
	/* Parents come before their children (creation order), so one pass fills every inherited
	 * program from already-known ones and ptv_process_program never walks a long chain. */
	for (int i = 0; i < m->nprocs; i++) {
		const ptv_process *p = &m->procs[i].pub;
		int up = model_forked_by(p);
		if (up >= 0)
			m->procs[i].inherited = ptv_process_program(m, &m->procs[up].pub, p->t_start);
	}
	if (m->root < 0 && m->nprocs > 0)
		m->root = 0;
	model_ipc_finish(m);
	if (model_sched_finish(m) < 0 || model_links_finish(m) < 0) {
		model_error(m, "out of memory");
		return -1;
	}
	m->diag = NULL;
	return 0;
}

static int model_load_common(ptv_model **out, const char *name, const char *path, const char *buf,
                             size_t len, bool moment, ptv_diag *diag)
{
	ptv_diag local;
	ptv_model *m = NULL;
	int rc = -1;

	*out = NULL;
	if (!diag)
		diag = &local;
	memset(diag, 0, sizeof *diag);
	m = calloc(1, sizeof *m);
	if (!m) {
		log_reader_error(diag, name, 0, "out of memory");
		goto out;
	}
	m->diag = diag;
	m->name = name;
	m->moment = moment;
	m->root = -1;
	m->exit_status = -1;
	m->end_reason = -1;
	for (int i = 0; i < PTV_EV_COUNT; i++)
		if (hmap_sput(&m->types, ptv_ev_names[i], i) < 0) {
			log_reader_error(diag, name, 0, "out of memory");
			goto out;
		}
	if (path)
		rc = log_reader_run_file(path, model_on_record, m, diag);
	else
		rc = log_reader_run_buffer(name, buf, len, model_on_record, m, diag);
	if (rc < 0)
		goto out;
	if (!m->complete && !moment) {
		diag->truncated = true;
		log_reader_warn(diag, name, m->line, "log cut short (no \"end\" record); showing what was recorded");
	}
	if (model_finish(m) < 0) {
		rc = -1;
		goto out;
	}
	*out = m;
	m = NULL;
	rc = 0;
out:
	ptv_model_free(m);
	return rc;
}

int ptv_model_load(ptv_model **out, const char *path, ptv_diag *diag)
{
	if (!path)
		path = "-";
	return model_load_common(out, strcmp(path, "-") == 0 ? "<stdin>" : path, path, NULL, 0, false, diag);
}

int ptv_model_load_buffer(ptv_model **out, const char *name, const char *buf, size_t len, ptv_diag *diag)
{
	return model_load_common(out, name ? name : "<buffer>", NULL, buf ? buf : "", buf ? len : 0, false, diag);
}

int ptv_model_load_moment(ptv_model **out, const char *name, const char *buf, size_t len,
                          ptv_diag *diag)
{
	return model_load_common(out, name ? name : "<buffer>", NULL, buf ? buf : "", buf ? len : 0, true,
	                         diag);
}

void ptv_model_free(ptv_model *m)
{
	if (!m)
		return;
	for (int i = 0; i < m->nprocs; i++) {
		model_proc *p = &m->procs[i];
		free(p->children);
		free(p->execs);
		free(p->iv);
		free(p->fds);
		hmap_free(&p->fdix);
		free(p->maps);
		free(p->held);
		hmap_free(&p->heldix);
	}
	model_sched_free(m);
	for (int i = 0; i < m->nipcs; i++) {
		free(m->ipcs[i].holders);
		free(m->ipcs[i].hflags);
		free(m->ipcs[i].fdu);
	}
	free(m->procs);
	free(m->ipcs);
	free(m->sigs);
	free(m->outs);
	hmap_free(&m->pids);
	hmap_free(&m->inos);
	hmap_free(&m->fifos);
	hmap_free(&m->regions);
	hmap_free(&m->strs);
	hmap_free(&m->types);
	model_arena_free(&m->arena);
	free(m);
}

const ptv_header *ptv_model_header(const ptv_model *m) { return &m->hdr; }
int64_t ptv_model_end(const ptv_model *m) { return m->t_end; }
bool ptv_model_complete(const ptv_model *m) { return m->complete; }
int ptv_model_exit_status(const ptv_model *m) { return m->exit_status; }
int ptv_model_end_reason(const ptv_model *m) { return m->end_reason; }
int ptv_model_nprocesses(const ptv_model *m) { return m->nprocs; }
int ptv_model_root(const ptv_model *m) { return m->root; }
int ptv_model_nipc(const ptv_model *m) { return m->nipcs; }
int ptv_model_nsignals(const ptv_model *m) { return m->nsigs; }
int ptv_model_noutputs(const ptv_model *m) { return m->nouts; }

const ptv_process *ptv_model_process(const ptv_model *m, int index)
{
	return index >= 0 && index < m->nprocs ? &m->procs[index].pub : NULL;
}

const ptv_ipc *ptv_model_ipc(const ptv_model *m, int index)
{
	return index >= 0 && index < m->nipcs ? &m->ipcs[index].pub : NULL;
}

const ptv_signal *ptv_model_signal(const ptv_model *m, int index)
{
	return index >= 0 && index < m->nsigs ? &m->sigs[index] : NULL;
}

const ptv_output *ptv_model_output(const ptv_model *m, int index)
{
	return index >= 0 && index < m->nouts ? &m->outs[index] : NULL;
}

int ptv_model_find_pid(const ptv_model *m, pid_t pid)
{
	return hmap_get(&m->pids, (uint64_t)pid);
}

const char *ptv_basename(const char *s)
{
	const char *slash;
	if (!s || !*s)
		return NULL;
	slash = strrchr(s, '/');
	return slash && slash[1] ? slash + 1 : s;
}

/* The name a user knows a program by: argv[0]'s basename, as ps and pstree show it ("cc", not
 * the x86_64-linux-gnu-gcc-12 that /usr/bin/cc resolves to); the executable's when argv[0] is
 * empty. */
static const char *model_exec_name(const ptv_exec *e)
{
	const char *n = e->argc > 0 ? ptv_basename(e->argv[0]) : NULL;
	if (!n)
		n = ptv_basename(e->path);
	return n;
}

const char *ptv_exec_name(const ptv_exec *e)
{
	const char *n = model_exec_name(e);
	return n ? n : "?";
}

const char *ptv_process_program(const ptv_model *m, const ptv_process *p, int64_t t)
{
	/* Before its first exec a process runs its parent's program: walk up, bounded. */
	for (int hops = 0; p && hops <= m->nprocs; hops++) {
		const char *n = NULL;
		for (int i = p->nexecs - 1; i >= 0 && !n; i--)
			if (p->execs[i].t <= t)
				n = model_exec_name(&p->execs[i]);
		/* An attached process's first record is what it ran when ptviz found it. */
		if (!n && p->attached && p->nexecs > 0)
			n = model_exec_name(&p->execs[0]);
		if (n)
			return n;
		if (m->procs[p->id].inherited)
			return m->procs[p->id].inherited;
		if (model_forked_by(p) < 0)
			break;
		t = p->t_start;
		p = ptv_model_process(m, model_forked_by(p));
	}
	/* Only the launched root ran what the header's argv names; a stray record ran "?". */
	if (p && p->id != m->root)
		return "?";
	if (m->hdr.argc > 0) {
		const char *n = ptv_basename(m->hdr.argv[0]);
		if (n)
			return n;
	}
	return "?";
}

const char *ptv_process_via(const ptv_process *p)
{
	if (p->origin == PTV_ORIGIN_FORK)
		return ptv_vocab_name(ptv_fork_via_names, PTV_FORK_COUNT, (int)p->fork_via);
	return ptv_vocab_name(ptv_origin_names, PTV_ORIGIN_COUNT, (int)p->origin);
}

pid_t ptv_process_ppid_at(const ptv_process *p, int64_t t)
{
	return p->orphaned && t >= p->t_adopted ? p->adopter_pid : p->parent_pid;
}

/* libc, the dynamic loader and libpthread wrap the calls; the call site is the caller of those. */
bool model_is_libc(const char *obj)
{
	static const char *const libs[] = { "libc.so", "libc-", "ld-linux", "ld.so", "ld64.so",
		                            "libpthread", "ld-musl", "libc.musl" };
	const char *b = ptv_basename(obj);
	if (!b)
		return false;
	for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++)
		if (strncmp(b, libs[i], strlen(libs[i])) == 0)
			return true;
	return false;
}

const ptv_frame *ptv_stack_call_site(const ptv_stack *s)
{
	if (!s || !s->frames)
		return NULL;
	const ptv_frame *f = s->frames;
	for (int i = 0; i < s->nframes; i++)
		if (f[i].fn && !model_is_libc(f[i].obj))
			return &f[i];
	for (int i = 0; i < s->nframes; i++)
		if (f[i].file && f[i].line > 0 && !model_is_libc(f[i].obj))
			return &f[i];
	/* A stripped program: its innermost frame still tells call sites apart by address. */
	for (int i = 0; i < s->nframes; i++)
		if (f[i].obj && !model_is_libc(f[i].obj))
			return &f[i];
	for (int i = 0; i < s->nframes; i++)
		if (f[i].file && f[i].line > 0)
			return &f[i];
	return NULL;
}
