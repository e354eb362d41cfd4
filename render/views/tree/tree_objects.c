/* tree_objects.c — pipes, FIFOs and shared regions as small nodes of their own (--ipc objects):
 * a pipe node with its write end and its read end, a region node with its file (or
 * "anonymous"), size, protection and MAP_SHARED; joined to every process that held an end or a
 * mapping. The node lists every fd that named an end (whose, which number, dup2 onto 0/1/2,
 * inherited, when it was closed), the edges say which fds a process held; a pipe left with
 * writers and no reader is drawn dead-ended, and a SIGPIPE it raised is an edge from it.
 *
 * The facts are the model's (ptv_ipc.fds, t_no_reader, map_len/prot/map_flags); this file only
 * draws them, in one pass over each object's records (stamps per node, no pair scans). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tree.h"
#include "vec.h"

/* fd records listed under one end of a pipe in its node; the rest are counted. */
#define OBJ_ROWS 8

/* Read-only shared mappings of these are the C library's caches (gconv, nscd), mapped alike by
 * every process: not a channel between processes, so not drawn. */
static const char *const obj_system_dirs[] = { "/usr/", "/lib", "/etc/", "/var/cache/", "/var/lib/",
	                                       "/var/run/nscd", "/run/nscd", "/var/db/" };

/* Whether object o is drawn: a pipe or FIFO with a recorded fd, a region someone maps that is
 * not a read-only system cache. */
static bool obj_worth(const ptv_ipc *o)
{
	bool written = false;

	if (o->kind != PTV_IPC_SHM)
		return o->nfds > 0;
	if (o->nholders == 0)
		return false;
	for (int i = 0; i < o->nholders; i++)
		written |= o->holders[i].write;
	if (written || !o->path)
		return true;
	for (size_t i = 0; i < sizeof obj_system_dirs / sizeof obj_system_dirs[0]; i++)
		if (!strncmp(o->path, obj_system_dirs[i], strlen(obj_system_dirs[i])))
			return false;
	return true;
}

bool tree_objects_wanted(const tree *tr)
{
	int n = 0;

	if (tr->opts->ipc == PTV_IPC_EDGES)
		return false;
	if (tr->opts->ipc == PTV_IPC_OBJECTS)
		return true;
	if (fold_ngroups(tr->f) > PTV_IPC_OBJECTS_MAX_NODES)
		return false;
	for (int i = 0; i < ptv_model_nipc(tr->m); i++)
		n += obj_worth(ptv_model_ipc(tr->m, i));
	return n <= PTV_IPC_OBJECTS_MAX_OBJECTS;
}

/* "P1 fd 1 = dup2(4), until exit (as grep)": one fd's story, as raw text. */
static void obj_use_text(tree *tr, strbuf *b, const ptv_fd_use *u)
{
	const ptv_process *p = ptv_model_process(tr->m, u->proc);
	char name[PTV_DESCRIBE_NAME_MAX];

	strbuf_printf(b, "%s fd %d", tree_proc_name(tr, u->proc, name), u->fd);
	if (u->how == PTV_FD_DUP)
		strbuf_printf(b, " = %s(%d)", ptv_dup_via_names[u->dup_via], u->dup_of);
	else if (u->how == PTV_FD_INHERITED)
		strbuf_puts(b, ptv_tr(" inherited"));
	switch (u->gone) {
	case PTV_FD_CLOSED:
	case PTV_FD_REPLACED:
		strbuf_puts(b, ptv_tr(u->gone == PTV_FD_CLOSED ? ", closed at " : ", replaced at "));
		tree_duration(b, u->to);
		break;
	case PTV_FD_AT_EXIT:
		strbuf_puts(b, ptv_tr(", until exit"));
		break;
	default:
		strbuf_printf(b, ", %s", ptv_fd_gone_name(u->gone));
	}
	/* Held into an exec: which program let it go. */
	const char *then = ptv_process_program(tr->m, p, u->from);
	const char *last = ptv_process_program(tr->m, p, u->to);
	if (u->gone != PTV_FD_AT_EXEC && strcmp(then, last) != 0)
		strbuf_printf(b, ptv_tr(" (as %s)"), last);
}

/* The fd rows of one end (write or read) of o, as HTML lines, OBJ_ROWS at most. */
static void obj_end_rows(tree *tr, strbuf *b, const ptv_ipc *o, bool write, double small)
{
	strbuf *t = &tr->b;
	int shown = 0, more = 0;

	strbuf_printf(b, "<FONT POINT-SIZE=\"%.1f\">", small);
	for (int i = 0; i < o->nfds; i++) {
		const ptv_fd_use *u = &o->fds[i];
		if (write ? !u->write : !u->read)
			continue;
		if (shown == OBJ_ROWS) {
			more++;
			continue;
		}
		strbuf_reset(t);
		obj_use_text(tr, t, u);
		gv_text_html_clip(b, strbuf_str(t), 60);
		strbuf_puts(b, "<BR ALIGN=\"LEFT\"/>");
		shown++;
	}
	if (more) {
		strbuf_printf(b, ptv_tr("… %d more"), more);
		strbuf_puts(b, "<BR ALIGN=\"LEFT\"/>");
	}
	if (!shown)
		strbuf_puts(b, ptv_tr("none recorded"));
	strbuf_puts(b, "</FONT>");
}

/* A path's last max bytes or so, as HTML: the file's name and the directories next to it are what
 * tells two regions apart ("…/mmap_pair.x1/shared"). */
static void obj_path_tail(strbuf *b, const char *path, size_t max)
{
	size_t len = strlen(path);
	const char *s = path;

	if (len > max) {
		s = path + len - max;
		while (((unsigned char)*s & 0xc0) == 0x80)
			s++;   /* not inside a UTF-8 character */
		strbuf_puts(b, "…");
	}
	gv_text_html(b, s);
}

/* The label of a pipe or FIFO: a head, its two ends as ports "w" and "r", and their fds. */
static void obj_stream_label(tree *tr, strbuf *b, const ptv_ipc *o, bool *dead)
{
	const gv_theme *th = tr->t;
	double small = (tr->opts->font_size > 0 ? tr->opts->font_size : 11) * 0.8;

	*dead = o->t_no_reader >= 0;
	/* The ends on top, where the edges from the holders above come in. */
	strbuf_printf(b, "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"3\" "
	              "COLOR=\"%s\"><TR><TD PORT=\"w\"><B>%s</B></TD>", th->node_border,
	              ptv_tr("write end"));
	if (*dead) {
		strbuf_printf(b, "<TD PORT=\"r\" STYLE=\"DASHED\" COLOR=\"%s\"><FONT COLOR=\"%s\"><B>"
		              "%s</B> %s", th->leak, th->leak, ptv_tr("✕ no reader"), ptv_tr("since "));
		tree_duration(b, o->t_no_reader);
		strbuf_puts(b, "</FONT></TD></TR>");
	} else {
		strbuf_printf(b, "<TD PORT=\"r\"><B>%s</B></TD></TR>", ptv_tr("read end"));
	}
	strbuf_printf(b, "<TR><TD COLSPAN=\"2\" BGCOLOR=\"%s\"><B>%s</B> ", th->node_fill,
	              o->kind == PTV_IPC_FIFO ? "FIFO" : ptv_tr("pipe"));
	if (o->kind == PTV_IPC_FIFO && o->path)
		obj_path_tail(b, o->path, 40);
	else
		strbuf_printf(b, "%llu", (unsigned long long)o->ino);
	if (o->nonblock)
		strbuf_puts(b, " (O_NONBLOCK)");
	strbuf_puts(b, "</TD></TR>");
	strbuf_puts(b, "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\" VALIGN=\"TOP\">");
	obj_end_rows(tr, b, o, true, small);
	strbuf_puts(b, "</TD><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\" VALIGN=\"TOP\">");
	obj_end_rows(tr, b, o, false, small);
	strbuf_puts(b, "</TD></TR></TABLE>");
}

/* "4.0 KiB" */
static void obj_size(strbuf *b, uint64_t n)
{
	if (n >= 1 << 20 && n % (1 << 20) == 0)
		strbuf_printf(b, "%llu MiB", (unsigned long long)(n >> 20));
	else if (n >= 1024 && n % 1024 == 0)
		strbuf_printf(b, "%llu KiB", (unsigned long long)(n >> 10));
	else
		strbuf_printf(b, ptv_tr("%llu bytes"), (unsigned long long)n);
}

/* The label of a shared region: file (or anonymous), size, protection, flags. */
static void obj_region_label(tree *tr, strbuf *b, const ptv_ipc *o)
{
	double small = (tr->opts->font_size > 0 ? tr->opts->font_size : 11) * 0.85;

	strbuf_printf(b, "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">"
	              "<TR><TD><B>%s</B></TD></TR><TR><TD>", ptv_tr("shared region"));
	if (o->path)
		obj_path_tail(b, o->path, 48);
	else
		strbuf_puts(b, ptv_tr("anonymous"));
	strbuf_printf(b, "</TD></TR><TR><TD><FONT POINT-SIZE=\"%.1f\">", small);
	if (o->map_len)
		obj_size(b, o->map_len);
	else
		strbuf_puts(b, ptv_tr("size ?"));
	strbuf_puts(b, " · ");
	gv_text_html(b, o->prot ? o->prot : "prot ?");
	strbuf_puts(b, " · ");
	gv_text_html(b, o->map_flags ? o->map_flags : "MAP_SHARED");
	strbuf_puts(b, "</FONT></TD></TR></TABLE>");
}

/* fd numbers named on one edge; more are counted. */
#define OBJ_EDGE_FDS 6

/* Whether fd u is drawn as one its process kept, rather than one it let go of early: held until
 * the process ended, into a program exec'd while holding it (ps writing on its stdout), or a FIFO
 * it opened itself (opening one is using it). A pipe end closed before exiting and without an
 * exec is most often plumbing (the copies a fork leaves); the log cannot tell more without --io. */
static bool obj_fd_used(const tree *tr, const ptv_ipc *o, const ptv_fd_use *u)
{
	const ptv_process *p = ptv_model_process(tr->m, u->proc);
	int exec_then = -1;

	if (u->gone == PTV_FD_AT_EXIT || u->gone == PTV_FD_OPEN)
		return true;
	if (o->kind == PTV_IPC_FIFO && u->how == PTV_FD_MADE)
		return true;
	for (int i = 0; i < p->nexecs && p->execs[i].t < u->to; i++)
		exec_then = i;
	return exec_then > u->exec_index;
}

/* One drawn edge between a node and an object: what its processes held of one end. */
typedef struct obj_edge {
	int group;
	bool write;
	bool held;               /* some fd served the process (obj_fd_used): those are named */
	int fds[OBJ_EDGE_FDS];
	int nfds, more;
} obj_edge;

/* Add fd number fd to e's list once. */
static void obj_edge_fd(obj_edge *e, int fd)
{
	for (int i = 0; i < e->nfds; i++)
		if (e->fds[i] == fd)
			return;
	if (e->nfds < OBJ_EDGE_FDS)
		e->fds[e->nfds++] = fd;
	else
		e->more++;
}

/* "fd 3, 4" */
static void obj_edge_text(strbuf *b, const obj_edge *e)
{
	strbuf_puts(b, "fd ");
	for (int i = 0; i < e->nfds; i++)
		strbuf_printf(b, "%s%d", i ? ", " : "", e->fds[i]);
	if (e->more)
		strbuf_printf(b, " +%d", e->more);
}

/* An invisible edge that ranks object node on below holder node pn: objects sit under the
 * processes that held them, the ends on top. */
static void obj_rank(tree *tr, Agnode_t *pn, Agnode_t *on)
{
	if (agedge(tr->g, pn, on, "place", 0))
		return;
	Agedge_t *e = agedge(tr->g, pn, on, "place", 1);
	gv_set(e, "style", "invis");
}

/* The edges between o's node and its holders' nodes: write holders → port w, port r → readers;
 * dashed and muted when every fd of that end was closed before the process ended. stamp and
 * slot are per-group scratch (stamp[g] == o->id: slot[2g + end] is g's edge). */
static void obj_stream_edges(tree *tr, Agnode_t *on, const ptv_ipc *o, int *stamp, int *slot,
                             obj_edge **ev, int *cap)
{
	const gv_edge_style *st = &tr->t->link[o->kind == PTV_IPC_FIFO ? GV_LINK_FIFO : GV_LINK_PIPE];
	int n = 0;

	for (int i = 0; i < o->nfds; i++) {
		const ptv_fd_use *u = &o->fds[i];
		int g = fold_group_of(tr->f, u->proc);
		for (int end = 0; end < 2; end++) {
			bool w = end == 0;
			if (w ? !u->write : !u->read)
				continue;
			if (stamp[g] != o->id) {
				stamp[g] = o->id;
				slot[2 * g] = slot[2 * g + 1] = -1;
			}
			int k = slot[2 * g + end];
			if (k < 0) {
				if (vec_reserve((void **)ev, cap, n + 1, sizeof **ev) < 0) {
					tr->a.oom = true;
					return;
				}
				k = slot[2 * g + end] = n++;
				(*ev)[k] = (obj_edge){ .group = g, .write = w };
			}
			bool used = obj_fd_used(tr, o, u);
			if (used && !(*ev)[k].held)
				(*ev)[k].nfds = (*ev)[k].more = 0;   /* name only the fds it used */
			(*ev)[k].held |= used;
			if (used || !(*ev)[k].held)
				obj_edge_fd(&(*ev)[k], u->fd);
		}
	}
	for (int k = 0; k < n; k++) {
		obj_edge *e = &(*ev)[k];
		Agnode_t *pn = tr->node[e->group];
		Agedge_t *ed = e->write ? agedge(tr->g, pn, on, NULL, 1) : agedge(tr->g, on, pn, NULL, 1);
		gv_set(ed, e->write ? "headport" : "tailport", e->write ? "w:n" : "r:n");
		obj_rank(tr, pn, on);
		gv_set(ed, "constraint", "false");
		gv_set(ed, "color", e->held ? st->color : tr->t->muted);
		gv_set(ed, "fontcolor", e->held ? tr->t->text : tr->t->muted);
		gv_set(ed, "style", e->held ? "solid" : "dashed");
		gv_set(ed, "arrowhead", e->held ? "normal" : "empty");
		strbuf_reset(&tr->b);
		obj_edge_text(&tr->b, e);
		/* A closed end's fds are in the node's list: a label on each would only crowd. */
		if (e->held)
			gv_set(ed, "xlabel", strbuf_str(&tr->b));
		else
			gv_set(ed, "penwidth", "0.8");
		gv_setf(ed, "tooltip", ptv_tr(e->write ? "write end: %s%s" : "read end: %s%s"),
		        strbuf_str(&tr->b),
		        e->held ? "" : ptv_tr(", all closed before it exited, none held into an exec"));
	}
}

/* Undirected dotted edges from a region to each node that mapped it ("rw-", "r--"). */
static void obj_region_edges(tree *tr, Agnode_t *on, const ptv_ipc *o, int *stamp)
{
	const gv_edge_style *st = &tr->t->link[GV_LINK_SHM];

	for (int i = 0; i < o->nholders; i++) {
		const ptv_holder *h = &o->holders[i];
		int g = fold_group_of(tr->f, h->proc);
		if (stamp[g] == o->id)
			continue;
		stamp[g] = o->id;
		Agedge_t *e = agedge(tr->g, tr->node[g], on, NULL, 1);
		gv_set(e, "dir", "none");
		obj_rank(tr, tr->node[g], on);
		gv_set(e, "style", "dotted");
		gv_set(e, "penwidth", "1.8");
		gv_set(e, "color", st->color);
		gv_set(e, "constraint", "false");
		gv_set(e, "xlabel", ptv_tr(h->write ? "maps rw" : "maps r"));
		gv_set(e, "tooltip", h->write ? "mapped it writable" : "mapped it read-only");
	}
}

/* The node of process group g's object o sits under: the creator's, else the first holder's. */
static int obj_anchor(const tree *tr, const ptv_ipc *o)
{
	if (o->creator >= 0)
		return fold_group_of(tr->f, o->creator);
	if (o->nfds > 0)
		return fold_group_of(tr->f, o->fds[0].proc);
	return o->nholders > 0 ? fold_group_of(tr->f, o->holders[0].proc) : -1;
}

/* SIGPIPE deliveries that name their pipe: an edge from the pipe's dead end to the writer. */
static void obj_sigpipes(tree *tr, Agnode_t **objnode)
{
	for (int i = 0; i < ptv_model_nsignals(tr->m); i++) {
		const ptv_signal *s = ptv_model_signal(tr->m, i);
		if (s->is_kill || s->ipc < 0 || s->receiver < 0 || !objnode[s->ipc])
			continue;
		Agedge_t *e = agedge(tr->g, objnode[s->ipc], tree_node_of(tr, s->receiver), "sigpipe", 1);
		const gv_edge_style *st = &tr->t->link[GV_LINK_SIGNAL];
		gv_set(e, "tailport", "r:ne");
		gv_set(e, "constraint", "false");
		gv_set(e, "color", st->color);
		gv_set(e, "fontcolor", st->color);
		gv_set(e, "style", "bold");
		gv_set(e, "arrowhead", st->arrowhead);
		if (s->fd >= 0)
			gv_setf(e, "xlabel", ptv_tr("%s: write on fd %d, no reader"), s->name ? s->name : "SIGPIPE", s->fd);
		else
			gv_setf(e, "xlabel", ptv_tr("%s: no reader"), s->name ? s->name : "SIGPIPE");
		gv_set(e, "tooltip", "the write into a pipe with no reader left raised this signal");
		tr->link_used[GV_LINK_SIGNAL] = true;
	}
}

void tree_objects(tree *tr)
{
	int n = ptv_model_nipc(tr->m), ng = fold_ngroups(tr->f), cap = 0;
	Agnode_t **objnode = calloc((size_t)n + 1, sizeof *objnode);
	int *stamp = malloc(((size_t)ng + 1) * sizeof *stamp);
	int *slot = malloc(((size_t)ng + 1) * 2 * sizeof *slot);
	obj_edge *ev = NULL;
	strbuf *b = &tr->a;
	char name[32];

	if (!objnode || !stamp || !slot) {
		tr->a.oom = true;
		goto out;
	}
	for (int g = 0; g < ng; g++)
		stamp[g] = -1;
	for (int i = 0; i < n; i++) {
		const ptv_ipc *o = ptv_model_ipc(tr->m, i);
		int anchor = obj_anchor(tr, o);
		bool dead = false;
		if (!obj_worth(o) || anchor < 0)
			continue;
		snprintf(name, sizeof name, "ipc%d", i);
		Agnode_t *on = objnode[i] = agnode(tr->g, name, 1);
		strbuf_reset(b);
		if (o->kind == PTV_IPC_SHM) {
			obj_region_label(tr, b, o);
			gv_set(on, "shape", "note");
			gv_set(on, "style", "filled");
			gv_set(on, "color", tr->t->link[GV_LINK_SHM].color);
			tr->mark_used[TREE_MARK_REGION] = true;
		} else {
			obj_stream_label(tr, b, o, &dead);
			gv_set(on, "shape", "plain");
			gv_set(on, "style", "");
			tr->mark_used[o->kind == PTV_IPC_FIFO ? TREE_MARK_FIFO_OBJ : TREE_MARK_PIPE_OBJ] = true;
			tr->mark_used[TREE_MARK_DEAD_END] |= dead;
		}
		gv_set_html(on, "label", strbuf_str(b));
		gv_setf(on, "tooltip", "%s %llu", o->kind == PTV_IPC_SHM ? "shared region" :
		        o->kind == PTV_IPC_FIFO ? "FIFO" : "pipe", (unsigned long long)o->ino);
		/* Under its creator (and below every holder: obj_rank). */
		obj_rank(tr, tr->node[anchor], on);
		if (o->kind == PTV_IPC_SHM)
			obj_region_edges(tr, on, o, stamp);
		else
			obj_stream_edges(tr, on, o, stamp, slot, &ev, &cap);
	}
	obj_sigpipes(tr, objnode);
out:
	free(ev);
	free(slot);
	free(stamp);
	free(objnode);
}
