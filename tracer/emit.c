/* emit.c — every record of the event log, built here and nowhere else (see emit.h).
 *
 * Field names and values follow docs/event-log.md; enumerated values come from the name tables
 * of include/ptviz/log.h, the few other words (si_code names, state.on) from the tables below.
 * This file: the header and end records, lifecycle, signals, sessions and the -k stacks; the
 * records of IPC and of the bookkeeping's facts are in emit_facts.c. */
#include "emit.h"
#include "emit_int.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

/* The bounds docs/event-log.md sets on exec.argv / attach.argv. */
enum { ARGV_MAX_ELEMS = 256, ARGV_MAX_BYTES = 4096 };

const char *const emit_on_names[EMIT_ON_COUNT] = {
	[EMIT_ON_OPEN_FIFO] = "open fifo",
	[EMIT_ON_READ_PIPE] = "read pipe",
	[EMIT_ON_WRITE_PIPE] = "write pipe",
	[EMIT_ON_VFORK] = "vfork",
};

/* header.clock */
static const char EMIT_CLOCK[] = "CLOCK_MONOTONIC";

int emit_new(struct emit **out, struct writer *w, struct stacks *s)
{
	struct emit *em = calloc(1, sizeof *em);
	*out = em;
	if (!em)
		return -1;
	em->w = w;
	em->stacks = s;
	return 0;
}

void emit_free(struct emit *em)
{
	free(em);
}

cJSON *emit_begin(struct emit *em, ptv_ev ev, pid_t pid)
{
	return writer_begin(em->w, ptv_ev_names[ev], pid);
}

void emit_word(cJSON *o, const char *key, const char *const *names, int count, int i)
{
	const char *word = ptv_vocab_name(names, count, i);
	if (word)
		cJSON_AddStringToObject(o, key, word);
}

void emit_hex(cJSON *o, const char *key, unsigned long long v)
{
	writer_add_hex(o, key, v);
}

/* ---- stacks ------------------------------------------------------------------------------ */

static void emit_add_stack_of(cJSON *o, const struct stack *st)
{
	if (st->n < 0) {
		cJSON_AddStringToObject(o, "stack_error", st->error);
		return;
	}
	cJSON *arr = cJSON_AddArrayToObject(o, "stack");
	for (int i = 0; arr && i < st->n; i++) {
		const struct stack_frame *f = &st->frames[i];
		cJSON *fr = cJSON_CreateObject();
		emit_hex(fr, "pc", f->pc);
		/* Symbol and file names come from object files: keep the log valid UTF-8 anyway. */
		if (f->fn) {
			writer_add_str(fr, "fn", f->fn);
			emit_hex(fr, "off", f->off);
		}
		if (f->obj) {
			writer_add_str(fr, "obj", f->obj);
			emit_hex(fr, "obj_off", f->obj_off);
		}
		if (f->file) {
			writer_add_str(fr, "file", f->file);
			if (f->line > 0)
				writer_add_int(fr, "line", f->line);
		}
		cJSON_AddItemToArray(arr, fr);
	}
}

void emit_add_stack(struct emit *em, cJSON *o, const struct emit_by *by)
{
	struct stack st;
	if (!o || !emit_stack_take(em, by, &st))
		return;
	emit_add_stack_of(o, &st);
	stack_release(&st);
}

bool emit_stack_take(struct emit *em, const struct emit_by *by, struct stack *out)
{
	if (!em->stacks || !by)
		return false;
	stacks_capture(em->stacks, by->tgid, by->tid, out);
	return true;
}

/* ---- words -------------------------------------------------------------------------------- */

const char *emit_signame(int sig, char *buf, size_t size)
{
	const char *abbrev = sig > 0 ? sigabbrev_np(sig) : NULL;
	if (abbrev)
		snprintf(buf, size, "SIG%s", abbrev);
	else if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		snprintf(buf, size, "SIGRTMIN+%d", sig - SIGRTMIN);
	else
		snprintf(buf, size, "SIG%d", sig);
	return buf;
}

static void emit_add_signal(cJSON *o, int sig)
{
	char buf[32];
	cJSON_AddStringToObject(o, "signal", emit_signame(sig, buf, sizeof buf));
}

/* The si_code name of signal.code (sigaction(2) "The siginfo_t argument"). */
static const char *emit_code_name(int sig, int code, char *buf, size_t size)
{
	static const struct { int code; const char *name; } si[] = {
		{ SI_USER, "SI_USER" }, { SI_KERNEL, "SI_KERNEL" }, { SI_QUEUE, "SI_QUEUE" },
		{ SI_TIMER, "SI_TIMER" }, { SI_MESGQ, "SI_MESGQ" }, { SI_ASYNCIO, "SI_ASYNCIO" },
		{ SI_SIGIO, "SI_SIGIO" }, { SI_TKILL, "SI_TKILL" },
	};
	static const char *const cld[] = { NULL, "CLD_EXITED", "CLD_KILLED", "CLD_DUMPED",
	                                   "CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED" };
	for (size_t i = 0; i < sizeof si / sizeof si[0]; i++)
		if (si[i].code == code)
			return si[i].name;
	if (sig == SIGCHLD && code >= 1 && code <= 6)
		return cld[code];
	if (sig == SIGSEGV && code == SEGV_MAPERR)
		return "SEGV_MAPERR";
	if (sig == SIGSEGV && code == SEGV_ACCERR)
		return "SEGV_ACCERR";
	snprintf(buf, size, "%d", code);
	return buf;
}

static void emit_add_sched(cJSON *o, const struct procfs_sched *s)
{
	if (!s || !s->ok)
		return;
	writer_add_int(o, "cpu_ns", (long long)s->cpu_ns);
	writer_add_int(o, "runq_ns", (long long)s->runq_ns);
}

/* The argv array from a raw cmdline, bounded as the log contract says. */
static cJSON *emit_argv(const char *buf, size_t len, bool *truncated)
{
	cJSON *arr = cJSON_CreateArray();
	*truncated = false;
	for (size_t off = 0, n = 0; buf && arr && off < len; n++) {
		size_t l = strnlen(buf + off, len - off);
		if (n == ARGV_MAX_ELEMS) {
			*truncated = true;
			break;
		}
		size_t keep = l > ARGV_MAX_BYTES ? ARGV_MAX_BYTES : l;
		if (keep < l)
			*truncated = true;
		cJSON_AddItemToArray(arr, writer_str_item(buf + off, keep));
		off += l + 1;
	}
	return arr;
}

/* "path" (unless with_path is false), "argv" and "argv_truncated" of an image. */
static void emit_add_image(cJSON *o, const struct procfs_image *img, bool with_path)
{
	if (with_path && img->have_path)
		writer_add_str(o, "path", img->path);
	bool truncated;
	cJSON_AddItemToObject(o, "argv", emit_argv(img->cmdline, img->cmdline_len, &truncated));
	if (truncated)
		writer_add_bool(o, "argv_truncated", true);
}

/* ---- header and end ------------------------------------------------------------------------ */

void emit_header(struct emit *em, const struct emit_header *h)
{
	struct utsname u;
	char host[256] = "";
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return;
	cJSON_AddStringToObject(o, "type", ptv_ev_names[PTV_EV_HEADER]);
	cJSON_AddStringToObject(o, "format", PTV_LOG_FORMAT);
	cJSON_AddNumberToObject(o, "version", PTV_LOG_VERSION);
	cJSON_AddNumberToObject(o, "t", 0);
	cJSON_AddNumberToObject(o, "pid", h->root);
	cJSON_AddNumberToObject(o, "root", h->root);
	cJSON_AddNumberToObject(o, "tracer_pid", h->tracer_pid);
	emit_word(o, "mode", ptv_mode_names, PTV_MODE_COUNT, h->mode);
	if (h->attach_mode >= 0)
		emit_word(o, "attach_mode", ptv_attach_mode_names, PTV_ATTACH_MODE_COUNT, h->attach_mode);
	if (h->image) {
		emit_add_image(o, h->image, false);
	} else {
		cJSON *argv = cJSON_AddArrayToObject(o, "argv");
		for (char *const *a = h->argv; a && *a; a++)
			cJSON_AddItemToArray(argv, writer_str_item(*a, strlen(*a)));
	}
	/* Exact integer: a double would round an epoch in ns (NOTES §6). */
	char ns[32];
	snprintf(ns, sizeof ns, "%lld", (long long)writer_start_unix_ns(em->w));
	cJSON_AddItemToObject(o, "start_unix_ns", cJSON_CreateRaw(ns));
	if (uname(&u) == 0)
		writer_add_str(o, "kernel", u.release);
	gethostname(host, sizeof host - 1);
	writer_add_str(o, "hostname", host);
	cJSON_AddStringToObject(o, "clock", EMIT_CLOCK);
	cJSON *opt = cJSON_AddObjectToObject(o, "options");
	cJSON_AddBoolToObject(opt, "io", h->io);
	cJSON_AddBoolToObject(opt, "stacks", h->stacks);
	cJSON_AddBoolToObject(opt, "subreaper", h->subreaper);
	cJSON_AddBoolToObject(opt, "seccomp", h->seccomp);
	emit_word(o, "sched", ptv_sched_src_names, PTV_SCHED_COUNT,
	          h->sched ? PTV_SCHED_PERF : PTV_SCHED_NONE);
	if (h->sched)
		writer_add_int(o, "sched_coalesce_ns", (long long)h->sched_coalesce_ns);
	else if (h->sched_reason)
		writer_add_str(o, "sched_reason", h->sched_reason);
	writer_add_int(o, "output_max", h->output_max);
	writer_emit_uncounted(em->w, o);
}

void emit_end(struct emit *em, pid_t root, int status, ptv_end_reason reason)
{
	cJSON *o = emit_begin(em, PTV_EV_END, root);
	if (!o)
		return;
	writer_add_int(o, "status", status);
	emit_word(o, "reason", ptv_end_reason_names, PTV_END_COUNT, reason);
	writer_add_int(o, "events", writer_events(em->w));
	writer_emit_uncounted(em->w, o);
}

/* ---- lifecycle ------------------------------------------------------------------------------ */

void emit_fork(struct emit *em, pid_t creator, pid_t child, ptv_fork_via via, pid_t parent,
               const struct emit_by *by)
{
	cJSON *o = emit_begin(em, PTV_EV_FORK, creator);
	if (!o)
		return;
	writer_add_int(o, "child", child);
	emit_word(o, "via", ptv_fork_via_names, PTV_FORK_COUNT, via);
	if (parent)
		writer_add_int(o, "parent", parent);
	emit_add_stack(em, o, by);
	writer_emit(em->w, o);
}

static void emit_tid_event(struct emit *em, ptv_ev ev, pid_t pid, pid_t tid)
{
	cJSON *o = emit_begin(em, ev, pid);
	if (!o)
		return;
	writer_add_int(o, "tid", tid);
	writer_emit(em->w, o);
}

void emit_thread(struct emit *em, pid_t pid, pid_t tid)
{
	emit_tid_event(em, PTV_EV_THREAD, pid, tid);
}

void emit_thread_exit(struct emit *em, pid_t pid, pid_t tid)
{
	emit_tid_event(em, PTV_EV_THREAD_EXIT, pid, tid);
}

void emit_exec(struct emit *em, pid_t pid, const struct procfs_image *img, pid_t from_tid,
               unsigned privs_dropped, const struct stack *stack)
{
	cJSON *o = emit_begin(em, PTV_EV_EXEC, pid);
	if (!o)
		return;
	emit_add_image(o, img, true);
	if (from_tid)
		writer_add_int(o, "from_tid", from_tid);
	if (privs_dropped) {
		cJSON *list = cJSON_AddArrayToObject(o, "privs_dropped");
		for (int i = 0; list && i < PTV_PRIV_COUNT; i++)
			if (privs_dropped & (1u << i))
				cJSON_AddItemToArray(list, cJSON_CreateString(ptv_priv_names[i]));
	}
	if (stack)
		emit_add_stack_of(o, stack);
	writer_emit(em->w, o);
}

void emit_exit(struct emit *em, pid_t pid, int status, const struct procfs_sched *sched,
               const struct emit_by *by)
{
	cJSON *o = emit_begin(em, PTV_EV_EXIT, pid);
	if (!o)
		return;
	if (WIFSIGNALED(status)) {
		emit_add_signal(o, WTERMSIG(status));
		writer_add_int(o, "signo", WTERMSIG(status));
		writer_add_bool(o, "core", WCOREDUMP(status) != 0);
	} else {
		writer_add_int(o, "code", WEXITSTATUS(status));
	}
	emit_add_sched(o, sched);
	emit_add_stack(em, o, by);
	writer_emit(em->w, o);
}

void emit_state(struct emit *em, pid_t pid, ptv_state st, const char *on, int sig,
                const struct procfs_sched *sched, const struct emit_by *by)
{
	cJSON *o = emit_begin(em, PTV_EV_STATE, pid);
	if (!o)
		return;
	emit_word(o, "state", ptv_state_names, PTV_STATE_COUNT, st);
	if (on)
		writer_add_str(o, "on", on);
	if (sig > 0)
		emit_add_signal(o, sig);
	emit_add_sched(o, sched);
	emit_add_stack(em, o, by);
	writer_emit(em->w, o);
}

void emit_attach(struct emit *em, pid_t pid, pid_t parent, const struct procfs_image *img,
                 ptv_attach_state st)
{
	cJSON *o = emit_begin(em, PTV_EV_ATTACH, pid);
	if (!o)
		return;
	writer_add_int(o, "parent", parent);
	emit_add_image(o, img, true);
	emit_word(o, "state", ptv_attach_state_names, PTV_ATTACH_COUNT, st);
	writer_emit(em->w, o);
}

void emit_detach(struct emit *em, pid_t pid)
{
	writer_emit(em->w, emit_begin(em, PTV_EV_DETACH, pid));
}

/* ---- signals and sessions ------------------------------------------------------------------- */

void emit_signal(struct emit *em, const struct emit_signal *s)
{
	char cbuf[16];
	cJSON *o = emit_begin(em, PTV_EV_SIGNAL, s->pid);
	if (!o)
		return;
	if (s->tid != s->pid)
		writer_add_int(o, "tid", s->tid);
	emit_add_signal(o, s->sig);
	writer_add_int(o, "signo", s->sig);
	if (s->have_info) {
		if (s->sender > 0)
			writer_add_int(o, "sender", s->sender);
		cJSON_AddStringToObject(o, "code", emit_code_name(s->sig, s->code, cbuf, sizeof cbuf));
	}
	if (s->fd >= 0) {
		writer_add_int(o, "fd", s->fd);
		if (s->ino)
			writer_add_int(o, "ino", (long long)s->ino);
	}
	writer_emit(em->w, o);
}

void emit_kill(struct emit *em, pid_t pid, pid_t tid, long target, int sig, ptv_kill_via via,
               const struct emit_by *by)
{
	cJSON *o = emit_begin(em, PTV_EV_KILL, pid);
	if (!o)
		return;
	if (tid != pid)
		writer_add_int(o, "tid", tid);
	writer_add_int(o, "target", target);
	emit_add_signal(o, sig);
	writer_add_int(o, "signo", sig);
	emit_word(o, "via", ptv_kill_via_names, PTV_KILL_COUNT, via);
	emit_add_stack(em, o, by);
	writer_emit(em->w, o);
}

void emit_setsid(struct emit *em, pid_t pid, long sid)
{
	cJSON *o = emit_begin(em, PTV_EV_SETSID, pid);
	if (!o)
		return;
	writer_add_int(o, "sid", sid);
	writer_emit(em->w, o);
}

void emit_setpgid(struct emit *em, pid_t pid, pid_t target, pid_t pgid)
{
	cJSON *o = emit_begin(em, PTV_EV_SETPGID, pid);
	if (!o)
		return;
	writer_add_int(o, "target", target);
	writer_add_int(o, "pgid", pgid);
	writer_emit(em->w, o);
}
