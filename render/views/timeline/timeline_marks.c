/* timeline_marks.c — the timeline's markers: fork and reap arrows, exec and exit labels,
 * adoptions, signals, pipe traffic, output and blocking calls; then label placement, so that no
 * two labels overlap (a label that fits neither above nor below its bar is dropped and survives
 * in the tooltip). Pure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "numbers.h"
#include "timeline.h"
#include "vec.h"

typedef struct marks_ctx {
	timeline_layout *L;
	const ptv_model *m;
	const ptv_render_opts *opts;
	bool stable_ids;
	int cap;
	bool oom;
	numbers *nums;          /* --numbers, else NULL */
} marks_ctx;

/* With --numbers, put process proc's number for kind k in front of mk's label. */
static void marks_number(const marks_ctx *c, timeline_mark *mk, numbers_kind k, int proc, int exec)
{
	char num[NUMBERS_TEXT_MAX], label[sizeof mk->label];
	int v = numbers_of(c->nums, k, proc, exec);

	if (v <= 0)
		return;
	snprintf(label, sizeof label, "%s%s%s", numbers_text(v, num), mk->label[0] ? " " : "",
	         mk->label);
	memcpy(mk->label, label, sizeof label);
}

double timeline_marks_text_w(const char *s, double font_size)
{
	double ems = 0;

	/* A character is 0.6 em on average; a CJK one (a 3-byte sequence from U+2E80, lead byte
	 * 0xE2 0xBA or above) is a full em (--lang zh). */
	for (const unsigned char *u = (const unsigned char *)s; u && *u; u++) {
		if ((*u & 0xC0) == 0x80)
			continue;
		bool wide = *u >= 0xE3 || (*u == 0xE2 && u[1] >= 0xBA);
		ems += wide ? 1.0 : 0.6;
	}
	return ems * font_size;
}

/* What a process is called (ptv_describe_name); one outside the trace, by its pid. */
static const char *marks_name(const marks_ctx *c, int proc, pid_t pid, char *buf, size_t len)
{
	const ptv_process *p = ptv_model_process(c->m, proc);

	if (p)
		return ptv_describe_name(p, c->stable_ids, buf, len);
	if (pid > 0)
		snprintf(buf, len, "%d", (int)pid);
	else
		snprintf(buf, len, "?");   /* the kernel did not say */
	return buf;
}

/* Add a marker; arrows between a lane and itself and markers off any lane are left out. */
static timeline_mark *marks_add(marks_ctx *c, timeline_mark_kind kind, int64_t t, int lane,
                                int from_lane, int to_lane)
{
	timeline_layout *L = c->L;

	if (lane < 0 || (to_lane >= 0 && (from_lane < 0 || from_lane == to_lane)) || t < L->t_from)
		return NULL;   /* before the picture's start (ptviz's own launch of the root) */
	if (vec_reserve((void **)&L->marks, &c->cap, L->nmarks + 1, sizeof(*L->marks)) < 0) {
		c->oom = true;
		return NULL;
	}
	timeline_mark *mk = &L->marks[L->nmarks++];
	memset(mk, 0, sizeof(*mk));
	mk->kind = kind;
	mk->t = t;
	mk->lane = lane;
	mk->from_lane = from_lane;
	mk->to_lane = to_lane;
	mk->proc = -1;
	mk->x = timeline_axis_x(&L->axis, t);
	return mk;
}

/* Quote the first line of some output, shortened: "hello wor…". */
static void marks_quote(const char *data, char *buf, size_t len)
{
	size_t n = 0, chars = 0;

	if (len < 8)
		return;
	buf[n++] = '"';
	for (const char *s = data; *s && *s != '\n' && n + 6 < len; s++) {
		if (((unsigned char)*s & 0xC0) != 0x80 && ++chars > 18) {
			memcpy(buf + n, "…", 3);
			n += 3;
			break;
		}
		buf[n++] = *s;
	}
	buf[n++] = '"';
	buf[n] = '\0';
}

static int marks_lifecycle(marks_ctx *c)
{
	const ptv_model *m = c->m;
	timeline_layout *L = c->L;
	char id[PTV_DESCRIBE_NAME_MAX], who[32], dur[32];

	for (int i = 0; i < L->nprocs; i++) {
		const ptv_process *p = ptv_model_process(m, i);
		int lane = L->lane_of[i];
		timeline_mark *mk;
		if (lane < 0)
			continue;
		ptv_describe_name(p, c->stable_ids, id, sizeof(id));
		/* Of a folded lane only its first member speaks; the tooltip says how many. A summary
		 * lane's first member stands for nothing but itself: there the processes a reader
		 * hunts for speak (leaks, deaths by signal, failures), thinned where they crowd. */
		bool rest = L->lanes[lane].kind == FOLD_REST;
		bool rep = L->lanes[lane].proc == i && !rest;
		bool speaks = rest ? p->leaked || (p->exited && (p->signaled || p->exit_code != 0)) : rep;
		int n = rest ? 1 : L->lanes[lane].nmembers;
		int plane = p->parent >= 0 && p->parent < L->nprocs ? L->lane_of[p->parent] : -1;

		if (plane >= 0 && (mk = marks_add(c, TIMELINE_MARK_FORK, p->t_start, plane, plane, lane))) {
			snprintf(mk->tip, sizeof(mk->tip), "%s: %s → %s", ptv_process_via(p),
			         L->lanes[plane].label, id);
			marks_number(c, mk, NUMBERS_FORK, i, 0);
		}
		/* An attached process's first record is what it ran when ptviz found it, not an exec. */
		for (int k = p->attached ? 1 : 0; rep && k < p->nexecs; k++) {
			const ptv_exec *e = &p->execs[k];
			if (!(mk = marks_add(c, TIMELINE_MARK_EXEC, e->t, lane, -1, -1)))
				continue;
			snprintf(mk->label, sizeof(mk->label), "exec %s", ptv_exec_name(e));
			marks_number(c, mk, NUMBERS_EXEC, i, k);
			size_t u = (size_t)snprintf(mk->tip, sizeof(mk->tip), "%s exec %s:", id,
			                            e->path ? e->path : "?");
			for (int a = 0; a < e->argc && u < sizeof(mk->tip); a++)
				u += (size_t)snprintf(mk->tip + u, sizeof(mk->tip) - u, " %s", e->argv[a]);
		}
		/* The exit tick stands where the process stops running and becomes a zombie (the
		 * exit report), the end of its running bar; the exit call itself is in the tooltip. */
		int64_t t_dead = p->t_zombie >= 0 ? p->t_zombie : p->t_exit;
		for (int k = 0; k < p->nspans; k++)
			if (p->spans[k].state == PTV_STATE_ZOMBIE) {
				t_dead = p->spans[k].start;   /* exact: the records' end of its life */
				break;
			}
		if (speaks && p->exited &&
		    (mk = marks_add(c, TIMELINE_MARK_EXIT, t_dead, lane, -1, -1))) {
			char at[32];
			mk->proc = i;
			ptv_describe_status(p, mk->label, sizeof(mk->label));
			timeline_axis_format(p->t_exit, 1000, at, sizeof(at));
			/* Without an exit stop the exit event is the death report, after the records' end. */
			if (p->t_exit < t_dead)
				snprintf(mk->tip, sizeof(mk->tip), "%s%s: %s (exit began at %s; a zombie from here)",
				         n > 1 ? "each of " : "", id, mk->label, at);
			else
				snprintf(mk->tip, sizeof(mk->tip), "%s%s: %s (a zombie from here)",
				         n > 1 ? "each of " : "", id, mk->label);
			marks_number(c, mk, NUMBERS_EXIT, i, 0);
		}
		if (rep && p->orphaned &&
		    (mk = marks_add(c, TIMELINE_MARK_ADOPT, p->t_adopted, lane, -1, -1))) {
			ptv_describe_adopter(m, p, c->stable_ids, who, sizeof(who));
			snprintf(mk->label, sizeof(mk->label), ptv_tr("orphan → %s"), who);
			snprintf(mk->tip, sizeof(mk->tip), "%s orphaned: adopted by %s", id, who);
			marks_number(c, mk, NUMBERS_ADOPT, i, 0);
		}
		if (p->reaped && p->t_reap >= 0 && timeline_lanes_ends_at_zombie(m, p, c->opts)) {
			/* ptviz reaping the root it launched is not part of the program's life */
		} else if (p->reaped && p->t_reap >= 0) {
			int rlane = p->reaper >= 0 && p->reaper < L->nprocs ? L->lane_of[p->reaper] : -1;
			const char *via = ptv_reap_via_names[p->reap_via];
			if (rlane >= 0 && rlane != lane)
				mk = marks_add(c, TIMELINE_MARK_REAP, p->t_reap, rlane, lane, rlane);
			else if (speaks && p->reap_via != PTV_REAP_AUTO)
				mk = marks_add(c, TIMELINE_MARK_REAP, p->t_reap, lane, -1, -1);
			else
				mk = NULL;
			if (mk) {
				snprintf(mk->label, sizeof(mk->label), "%s", ptv_describe_call(via));
				/* "reaped by init via init" says it twice */
				snprintf(mk->tip, sizeof(mk->tip), "%s reaped by %s%s%s, zombie for %s", id,
				         ptv_describe_reaper(m, p, c->stable_ids, who, sizeof(who)),
				         p->reap_via == PTV_REAP_INIT ? "" : " via ",
				         p->reap_via == PTV_REAP_INIT ? "" : via,
				         ptv_describe_duration(p->zombie_ns, dur, sizeof(dur)));
				marks_number(c, mk, NUMBERS_REAP, i, 0);
			}
		} else if (speaks && p->exited &&
		           (mk = marks_add(c, TIMELINE_MARK_REAP, L->lanes[lane].end, lane, -1, -1))) {
			/* The leak hunters' answer: this zombie was still there when the log ended. */
			snprintf(mk->label, sizeof(mk->label), "%s", ptv_tr("never reaped"));
			snprintf(mk->tip, sizeof(mk->tip), "%s was still a zombie when the log ended", id);
		}
		if (rep && !p->exited &&
		    (mk = marks_add(c, TIMELINE_MARK_EXIT, L->lanes[lane].end, lane, -1, -1))) {
			mk->proc = i;
			ptv_describe_status(p, mk->label, sizeof(mk->label));
			snprintf(mk->tip, sizeof(mk->tip), "%s: %s when the log ended", id, mk->label);
		}
	}
	return 0;
}

/* Whether the kill() at index k was followed by its delivery (same sender, receiver and
 * signal within a second): then the delivery tells the story. Signals are in time order. */
static bool marks_kill_delivered(const ptv_model *m, int k)
{
	const ptv_signal *kill = ptv_model_signal(m, k);

	for (int i = k + 1; i < ptv_model_nsignals(m); i++) {
		const ptv_signal *s = ptv_model_signal(m, i);
		if (s->t > kill->t + 1000000000)
			break;
		if (!s->is_kill && s->receiver == kill->receiver && s->signo == kill->signo &&
		    (s->sender == kill->sender || s->sender < 0))
			return true;
	}
	return false;
}

static int marks_signals(marks_ctx *c)
{
	const ptv_model *m = c->m;
	timeline_layout *L = c->L;

	for (int i = 0; i < ptv_model_nsignals(m); i++) {
		const ptv_signal *s = ptv_model_signal(m, i);
		timeline_mark *mk;
		/* Deliveries, and the kill() calls whose delivery the log does not show (a SIGCONT to
		 * a stopped process, say). No SIGCHLD from an exiting child: the exit and reap
		 * markers already tell that story. */
		if (s->receiver < 0 || s->receiver >= L->nprocs)
			continue;
		if (s->is_kill && marks_kill_delivered(m, i))
			continue;
		if (s->code && strncmp(s->code, "CLD_", 4) == 0)
			continue;
		int to = L->lane_of[s->receiver];
		int from = s->sender >= 0 && s->sender < L->nprocs ? L->lane_of[s->sender] : -1;
		if (from >= 0 && from != to)
			mk = marks_add(c, TIMELINE_MARK_SIGNAL, s->t, to, from, to);
		else
			mk = marks_add(c, TIMELINE_MARK_SIGNAL, s->t, to, -1, -1);
		if (!mk)
			continue;
		char sn[PTV_DESCRIBE_NAME_MAX], rn[PTV_DESCRIBE_NAME_MAX];
		marks_name(c, s->sender, s->sender_pid, sn, sizeof(sn));
		marks_name(c, s->receiver, s->receiver_pid, rn, sizeof(rn));
		snprintf(mk->label, sizeof(mk->label), "%s", s->name ? s->name : "signal");
		if (s->is_kill)
			snprintf(mk->tip, sizeof(mk->tip), "%s sent %s to %s (its delivery is not in the log)",
			         sn, mk->label, rn);
		else
			snprintf(mk->tip, sizeof(mk->tip), "%s from %s to %s (%s)", mk->label, sn, rn,
			         s->code ? s->code : "?");
	}
	return 0;
}

/* One data arrow: write w on ipc, read later by reader (process indices). */
static void marks_data_arrow(marks_ctx *c, const ptv_ipc *ipc, const ptv_transfer *w, int reader,
                             int64_t t_read, bool first)
{
	timeline_layout *L = c->L;
	int lw = L->lane_of[w->proc], lr = L->lane_of[reader];
	timeline_mark *mk = marks_add(c, TIMELINE_MARK_PIPE, w->t, lr, lw, lr);
	char wn[PTV_DESCRIBE_NAME_MAX], rn[PTV_DESCRIBE_NAME_MAX], at[32];

	if (!mk)
		return;
	const char *what = ipc->kind == PTV_IPC_FIFO ? "fifo" : "pipe";
	mk->fifo = ipc->kind == PTV_IPC_FIFO;
	if (first)
		snprintf(mk->label, sizeof(mk->label), "%s", what);
	timeline_axis_format(t_read, 1000, at, sizeof(at));
	snprintf(mk->tip, sizeof(mk->tip), "%s%s%s: %s wrote %lld B, read by %s (first read at %s)%s",
	         what, ipc->path ? " " : "", ipc->path ? ipc->path : "",
	         marks_name(c, w->proc, 0, wn, sizeof(wn)), (long long)w->bytes,
	         marks_name(c, reader, 0, rn, sizeof(rn)), at, ipc->nonblock ? " (non-blocking)" : "");
}

/* Pipe and FIFO arrows mean data (--io): one per write that another process read later, drawn
 * at the write's time; writes closer than 2 pt to the last arrow of the same pair fold into it.
 * Without --io no arrow is drawn: the timeline shows who held which end instead (timeline.c). */
static int marks_pipes(marks_ctx *c)
{
	const ptv_model *m = c->m;
	int n = ptv_model_ntransfers(m), nipc = ptv_model_nipc(m);
	int *pending = NULL, *next = NULL, *head = NULL, *tail = NULL, rc = -1;
	double *last_x = NULL;

	if (n == 0 || nipc == 0)
		return 0;
	/* per ipc: its transfers chained in log (time) order */
	next = malloc(sizeof(*next) * (size_t)n);
	pending = malloc(sizeof(*pending) * (size_t)n);
	head = malloc(sizeof(*head) * (size_t)nipc);
	tail = malloc(sizeof(*tail) * (size_t)nipc);
	last_x = malloc(sizeof(*last_x) * (size_t)nipc);
	if (!next || !pending || !head || !tail || !last_x)
		goto out;
	for (int i = 0; i < nipc; i++) {
		head[i] = tail[i] = -1;
		last_x[i] = -1e9;
	}
	for (int k = 0; k < n; k++) {
		const ptv_transfer *x = ptv_model_transfer(m, k);
		next[k] = -1;
		if (x->ipc < 0 || x->ipc >= nipc)
			continue;
		if (tail[x->ipc] >= 0)
			next[tail[x->ipc]] = k;
		else
			head[x->ipc] = k;
		tail[x->ipc] = k;
	}
	for (int i = 0; i < nipc; i++) {
		const ptv_ipc *ipc = ptv_model_ipc(m, i);
		int np = 0, prev_w = -1, prev_r = -1;
		for (int k = head[i]; k >= 0; k = next[k]) {
			const ptv_transfer *x = ptv_model_transfer(m, k);
			if (x->write) {
				pending[np++] = k;
				continue;
			}
			/* a read: every write still in the pipe from another process reached this reader */
			int keep = 0;
			for (int q = 0; q < np; q++) {
				const ptv_transfer *w = ptv_model_transfer(m, pending[q]);
				if (w->proc == x->proc) {
					pending[keep++] = pending[q];
					continue;
				}
				double xw = timeline_axis_x(&c->L->axis, w->t);
				bool same = prev_w == w->proc && prev_r == x->proc;
				if (same && xw - last_x[i] < 2)
					continue;
				marks_data_arrow(c, ipc, w, x->proc, x->t, !same);
				last_x[i] = xw;
				prev_w = w->proc;
				prev_r = x->proc;
			}
			np = keep;
		}
	}
	rc = 0;
out:
	free(next);
	free(pending);
	free(head);
	free(tail);
	free(last_x);
	if (rc < 0)
		c->oom = true;
	return rc;
}

/* What calls returned: an empty WNOHANG poll is a small tick; an error, end of file or a
 * descriptor made non-blocking is a labelled mark. */
static int marks_outcomes(marks_ctx *c)
{
	const ptv_model *m = c->m;
	timeline_layout *L = c->L;

	for (int i = 0; i < ptv_model_noutcomes(m); i++) {
		const ptv_outcome *o = ptv_model_outcome(m, i);
		timeline_mark *mk;
		char id[PTV_DESCRIBE_NAME_MAX];
		const char *word = ptv_describe_call(o->call);
		if (o->proc < 0 || o->proc >= L->nprocs || o->kind == PTV_OUTCOME_WAIT_PID)
			continue;
		bool poll = o->kind == PTV_OUTCOME_WAIT_EMPTY;
		mk = marks_add(c, poll ? TIMELINE_MARK_POLL : TIMELINE_MARK_OUTCOME, o->t,
		               L->lane_of[o->proc], -1, -1);
		if (!mk)
			continue;
		mk->proc = o->proc;
		marks_name(c, o->proc, 0, id, sizeof(id));
		switch (o->kind) {
		case PTV_OUTCOME_WAIT_EMPTY:
			snprintf(mk->tip, sizeof(mk->tip), "%s: %s(%s) returned 0: no child to reap yet "
			         "(system call %s)", id, word, o->options ? o->options : "WNOHANG",
			         o->call ? o->call : "?");
			break;
		case PTV_OUTCOME_WAIT_ERROR:
			snprintf(mk->label, sizeof(mk->label), "%s", o->what ? o->what : "error");
			snprintf(mk->tip, sizeof(mk->tip), "%s: %s returned -1, %s%s (system call %s)", id,
			         word, o->what ? o->what : "?",
			         o->what && !strcmp(o->what, "ECHILD") ? ": no child left to wait for" : "",
			         o->call ? o->call : "?");
			break;
		case PTV_OUTCOME_IO_ERROR:
			snprintf(mk->label, sizeof(mk->label), "%s", o->what ? o->what : "error");
			snprintf(mk->tip, sizeof(mk->tip), "%s: %s on fd %d failed: %s%s", id, word, o->fd,
			         o->what ? o->what : "?",
			         o->what && !strcmp(o->what, "EAGAIN") ? " (non-blocking: it would have blocked)" :
			         o->what && !strcmp(o->what, "EPIPE") ? " (no reader left)" : "");
			break;
		case PTV_OUTCOME_EOF:
			snprintf(mk->label, sizeof(mk->label), "EOF");
			snprintf(mk->tip, sizeof(mk->tip), "%s: %s on fd %d returned 0: end of file (every "
			         "write end closed)", id, word, o->fd);
			break;
		case PTV_OUTCOME_NONBLOCK:
			snprintf(mk->label, sizeof(mk->label), "O_NONBLOCK");
			snprintf(mk->tip, sizeof(mk->tip), "%s: fcntl made fd %d non-blocking", id, o->fd);
			break;
		default:
			break;
		}
	}
	return 0;
}

static int marks_outputs_and_calls(marks_ctx *c)
{
	const ptv_model *m = c->m;
	timeline_layout *L = c->L;

	for (int i = 0; i < ptv_model_noutputs(m); i++) {
		const ptv_output *o = ptv_model_output(m, i);
		if (o->proc < 0 || o->proc >= L->nprocs)
			continue;
		timeline_mark *mk = marks_add(c, TIMELINE_MARK_OUTPUT, o->t, L->lane_of[o->proc], -1, -1);
		if (!mk)
			continue;
		marks_quote(o->data ? o->data : "", mk->label, sizeof(mk->label));
		snprintf(mk->tip, sizeof(mk->tip), "fd %d: %s", o->fd, o->data ? o->data : "");
	}
	/* Name the call of every blocked or stopped stretch that is not a sliver: centred over it
	 * when the name fits, else starting where it starts (placement drops it on a clash). */
	for (int l = 0; l < L->nlanes; l++) {
		const timeline_lane *ln = &L->lanes[l];
		for (int s = 0; s < ln->nsegs; s++) {
			const timeline_seg *sg = &ln->segs[s];
			if ((sg->state != PTV_STATE_BLOCKED || (!sg->on && !sg->exact)) &&
			    (sg->state != PTV_STATE_STOPPED || !sg->on))
				continue;
			/* -k: the function the program called (usleep), else the course's word for the
			 * system call (clock_nanosleep → sleep); the raw call stays in the tooltip */
			const char *word = sg->state != PTV_STATE_BLOCKED ? sg->on :
			                   sg->call ? sg->call : ptv_tr(ptv_describe_call(sg->on));
			double x0 = timeline_axis_x(&L->axis, sg->start), x1 = timeline_axis_x(&L->axis, sg->end);
			double w = timeline_marks_text_w(word, L->mark_font_size);
			if (x1 - x0 < TIMELINE_CALL_MIN_W)
				continue;
			/* A word with its explanation ("vfork (waiting for the child's exec or exit)") that
			 * does not fit its stretch would run over the next one and seem to name it: the
			 * word alone, the explanation stays in the tooltip. */
			char shortw[64];
			const char *paren = strstr(word, " (");
			if (paren && w + 4 > x1 - x0 && (size_t)(paren - word) < sizeof(shortw)) {
				snprintf(shortw, sizeof(shortw), "%.*s", (int)(paren - word), word);
				word = shortw;
				w = timeline_marks_text_w(word, L->mark_font_size);
			}
			timeline_mark *mk = marks_add(c, TIMELINE_MARK_BLOCKED, sg->start, l, -1, -1);
			if (!mk)
				continue;
			mk->x = x0;
			mk->label_x0 = x1 - x0 >= w + 4 ? (x0 + x1 - w) / 2 : x0 + 2;
			snprintf(mk->label, sizeof(mk->label), "%s", word);
			if (sg->state == PTV_STATE_STOPPED)
				snprintf(mk->tip, sizeof(mk->tip), "stopped by %s", sg->on);
			else if (sg->on)
				snprintf(mk->tip, sizeof(mk->tip), "blocked in %s (system call %s)", word, sg->on);
			else
				snprintf(mk->tip, sizeof(mk->tip), "asleep: off the CPU, not runnable, in a call "
				         "ptviz does not stop at (a page fault, an untrapped read…)");
		}
	}
	return 0;
}

static int mark_rank(timeline_mark_kind k)
{
	switch (k) {
	case TIMELINE_MARK_EXIT: return 0;
	case TIMELINE_MARK_EXEC: return 1;
	case TIMELINE_MARK_REAP: return 2;
	case TIMELINE_MARK_ADOPT: return 3;
	case TIMELINE_MARK_SIGNAL: return 4;
	case TIMELINE_MARK_PIPE: return 5;
	case TIMELINE_MARK_BLOCKED: return 6;
	case TIMELINE_MARK_OUTPUT: return 7;
	case TIMELINE_MARK_FORK: return 8;
	case TIMELINE_MARK_OUTCOME: return 5;
	case TIMELINE_MARK_POLL: return 9;
	}
	return 9;
}

static int cmp_mark(const void *a, const void *b)
{
	const timeline_mark *x = a, *y = b;
	int rx = mark_rank(x->kind), ry = mark_rank(y->kind);

	if (rx != ry)
		return rx - ry;
	return x->t < y->t ? -1 : x->t > y->t;
}

/* Placement order: by importance, then by time; an exec chain's later programs first, since
 * the lane label already names the chain and the program that stays matters most. */
static int cmp_place(const void *a, const void *b)
{
	const timeline_mark *x = a, *y = b;
	int rx = mark_rank(x->kind), ry = mark_rank(y->kind);

	if (rx != ry)
		return rx - ry;
	if (x->kind == TIMELINE_MARK_EXEC)
		return x->t > y->t ? -1 : x->t < y->t;
	return x->t < y->t ? -1 : x->t > y->t;
}

typedef struct span {
	double x0, x1;
} span;

/* The leftmost x >= x0, at most shift further, where a label w wide clashes with none of the
 * occupied spans (4 pt apart), or -1. */
static double marks_free_x(const span *const lists[2], const int counts[2], double x0, double w,
                           double shift)
{
	double x = x0;

	for (bool moved = true; moved;) {
		moved = false;
		for (int l = 0; l < 2; l++)
			for (int k = 0; k < counts[l]; k++) {
				const span *sp = &lists[l][k];
				if (x < sp->x1 + 4 && sp->x0 < x + w + 4) {
					x = sp->x1 + 4;
					moved = true;
				}
			}
		if (x - x0 > shift)
			return -1;
	}
	return x;
}

/* Place labels by importance (exits and execs first), each in the first free row of its lane:
 * above the bar, else below it, else nowhere (the tooltip keeps it). Occupied spans are kept per
 * lane and row. */
static int marks_place(timeline_layout *L)
{
	span **rows = NULL;
	int *nrow = NULL, *caprow = NULL, rc = -1;
	size_t nslots = (size_t)L->nlanes * 2;
	double right = L->axis.x0 + L->axis.width + TIMELINE_RIGHT_W;

	rows = calloc(nslots + 1, sizeof(*rows));
	nrow = calloc(nslots + 1, sizeof(*nrow));
	caprow = calloc(nslots + 1, sizeof(*caprow));
	if (!rows || !nrow || !caprow)
		goto out;
	if (L->nmarks > 1)
		qsort(L->marks, (size_t)L->nmarks, sizeof(*L->marks), cmp_place);
	for (int i = 0; i < L->nmarks; i++) {
		timeline_mark *mk = &L->marks[i];
		mk->row = TIMELINE_ROW_NONE;
		if (!mk->label[0])
			continue;
		double w = timeline_marks_text_w(mk->label, L->mark_font_size);
		double x0 = mk->kind == TIMELINE_MARK_BLOCKED ? mk->label_x0 : mk->x + 3;
		if (x0 + w > right)
			x0 = right - w;
		/* A label may slide a little to the right of its marker to get out of the way. */
		double shift = mk->kind == TIMELINE_MARK_BLOCKED ? 0 : TIMELINE_LABEL_SHIFT;
		for (int r = 0; r < 2 && mk->row == TIMELINE_ROW_NONE; r++) {
			size_t slot = (size_t)mk->lane * 2 + (size_t)r;
			if (mk->kind == TIMELINE_MARK_BLOCKED && r == 1)
				break;   /* the call's name belongs right over its bar */
			/* The row below one lane and the row above the next share the space between
			 * their bars: keep labels apart across it too. */
			long near = r == TIMELINE_ROW_ABOVE ? ((long)mk->lane - 1) * 2 + 1 :
			                                      ((long)mk->lane + 1) * 2;
			const span *lists[2] = { rows[slot], NULL };
			int counts[2] = { nrow[slot], 0 };
			if (near >= 0 && (size_t)near < nslots) {
				lists[1] = rows[near];
				counts[1] = nrow[near];
			}
			double x = marks_free_x(lists, counts, x0, w, shift);
			if (x < 0 || x + w > right)
				continue;
			if (vec_reserve((void **)&rows[slot], &caprow[slot], nrow[slot] + 1,
			                sizeof(*rows[slot])) < 0)
				goto out;
			rows[slot][nrow[slot]++] = (span){ x, x + w };
			mk->row = r;
			mk->label_x0 = x;
			mk->label_w = w;
		}
	}
	rc = 0;
out:
	for (size_t i = 0; rows && i < nslots; i++)
		free(rows[i]);
	free(rows);
	free(nrow);
	free(caprow);
	return rc;
}

/* Drop markers that would land on (nearly) the same pixels as an earlier one of the same kind,
 * lanes and label (a thousand forks into one folded lane), keeping the graph small: 2 pt apart
 * at least, 20 pt when a folded lane is involved. Marks are sorted by time within a kind here. */
static void marks_thin(timeline_layout *L)
{
	int out = 0;

	for (int i = 0; i < L->nmarks; i++) {
		timeline_mark *mk = &L->marks[i];
		bool folded = L->lanes[mk->lane].nmembers > 1 ||
		              (mk->from_lane >= 0 && L->lanes[mk->from_lane].nmembers > 1) ||
		              (mk->to_lane >= 0 && L->lanes[mk->to_lane].nmembers > 1);
		double gap = folded ? 20 : 2;
		bool dup = false, repeat = false;
		for (int j = out - 1; j >= 0 && j >= out - 64; j--) {
			timeline_mark *o = &L->marks[j];
			if (o->kind != mk->kind || o->lane != mk->lane || o->from_lane != mk->from_lane ||
			    o->to_lane != mk->to_lane)
				continue;
			repeat = true;
			if (mk->x - o->x < gap && (folded || strcmp(o->label, mk->label) == 0)) {
				dup = true;
				break;
			}
		}
		if (dup)
			continue;
		/* A folded lane's repeated markers say their label once; tooltips keep the rest. */
		if (folded && repeat)
			mk->label[0] = '\0';
		L->marks[out++] = *mk;
	}
	L->nmarks = out;
}

int timeline_marks_build(timeline_layout *L, const ptv_model *m, const ptv_render_opts *opts,
                         char *err, size_t errlen)
{
	marks_ctx c = { .L = L, .m = m, .opts = opts, .stable_ids = opts->stable_ids };

	if (opts->numbers && !(c.nums = numbers_new(m)))
		goto fail;
	if (marks_lifecycle(&c) < 0 || marks_signals(&c) < 0 || marks_pipes(&c) < 0 ||
	    marks_outcomes(&c) < 0 || marks_outputs_and_calls(&c) < 0 || c.oom)
		goto fail;
	if (L->nmarks > 1)
		qsort(L->marks, (size_t)L->nmarks, sizeof(*L->marks), cmp_mark);
	marks_thin(L);
	if (marks_place(L) < 0)
		goto fail;
	numbers_free(c.nums);
	return 0;
fail:
	numbers_free(c.nums);
	snprintf(err, errlen, "timeline: out of memory placing markers");
	return -1;
}
