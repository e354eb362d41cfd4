/* tree_output.c — what the processes printed, as a numbered list beside the tree: one row per
 * line of output, in the order the lines were completed, with the process that wrote it, so the
 * interleaving of lines from different processes reads top to bottom (fork_basic's parent and
 * child, global_var's two identical addresses). Each process node names its lines ("printed 2,
 * 5"). The list is capped (TREE_OUTPUT_LINES lines, TREE_OUTPUT_CHARS characters a line) and
 * says what it left out, and where the trace itself stopped recording (--output-max).
 *
 * A write without a newline at its end is held until the same process completes the line (stdio
 * under a pipe writes whole buffers, so this is rare) or the log ends. One pass over the outputs;
 * the held partial lines live in one buffer per process that has one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tree.h"
#include "vec.h"

/* One numbered line: who wrote it, on which fd, and where its text is in the list's buffer. */
typedef struct tree_line {
	int proc;
	int fd;
	size_t off, len;
} tree_line;

struct tree_outlist {
	tree_line *v;
	int n, cap;
	int total;              /* lines in the log (n of them kept) */
	strbuf text;            /* the kept lines' text, back to back */
	strbuf *pending;        /* per process: the line it has begun */
	bool *cut;              /* per process: the trace stopped recording its output */
	int nprocs;
};

/* Number the line s[0..len) of process proc (keep it if the list has room). */
static void out_line(tree_outlist *l, int proc, int fd, const char *s, size_t len)
{
	l->total++;
	if (l->n >= TREE_OUTPUT_LINES)
		return;
	if (vec_reserve((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v) < 0)
		return;
	l->v[l->n++] = (tree_line){ proc, fd, l->text.len, len };
	strbuf_put(&l->text, s, len);
}

/* Split one write into lines: the process's pending start joins the first. */
static void out_write(tree_outlist *l, const ptv_output *o)
{
	strbuf *pend = &l->pending[o->proc];
	const char *s = o->data;

	for (const char *nl = strchr(s, '\n'); nl; s = nl + 1, nl = strchr(s, '\n')) {
		if (pend->len) {
			strbuf_put(pend, s, (size_t)(nl - s));
			out_line(l, o->proc, o->fd, strbuf_str(pend), pend->len);
			strbuf_reset(pend);
		} else {
			out_line(l, o->proc, o->fd, s, (size_t)(nl - s));
		}
	}
	if (*s)
		strbuf_puts(pend, s);
}

void tree_outlist_free(tree_outlist *l)
{
	if (!l)
		return;
	for (int i = 0; l->pending && i < l->nprocs; i++)
		strbuf_free(&l->pending[i]);
	free(l->pending);
	free(l->cut);
	free(l->v);
	strbuf_free(&l->text);
	free(l);
}

tree_outlist *tree_outlist_new(const ptv_model *m)
{
	int n = ptv_model_nprocesses(m), nout = ptv_model_noutputs(m);
	tree_outlist *l = calloc(1, sizeof *l);

	if (!l || nout == 0) {
		free(l);
		return NULL;
	}
	l->nprocs = n;   /* also the number of pending buffers */
	l->pending = calloc((size_t)n + 1, sizeof *l->pending);
	l->cut = calloc((size_t)n + 1, sizeof *l->cut);
	if (!l->pending || !l->cut) {
		tree_outlist_free(l);
		return NULL;
	}
	for (int i = 0; i < nout; i++) {
		const ptv_output *o = ptv_model_output(m, i);
		if (o->proc < 0 || o->proc >= n || !o->data)
			continue;
		out_write(l, o);
		l->cut[o->proc] |= o->cut;
	}
	for (int p = 0; p < n; p++)
		if (l->pending[p].len)
			out_line(l, p, 1, strbuf_str(&l->pending[p]), l->pending[p].len);
	return l;
}

void tree_output_refs(tree *tr, strbuf *b, const fold_group *fg)
{
	const tree_outlist *l = tr->out;
	int shown = 0, g = -1;

	if (!l)
		return;
	for (int i = 0; i < l->n; i++) {
		g = fold_group_of(tr->f, l->v[i].proc);
		if (tr->node[g] != tr->node[fold_group_of(tr->f, fg->rep)])
			continue;
		strbuf_printf(b, "%s%d", shown ? ", " : ptv_tr("printed "), i + 1);
		if (++shown == 8) {
			strbuf_puts(b, ", …");
			break;
		}
	}
}

/* One printed line as HTML, TREE_OUTPUT_CHARS characters at most, broken every
 * TREE_OUTPUT_WRAP characters or so (after a space when there is one in the row's last third):
 * a long line costs the list height, not the picture's width. */
static void output_wrapped(strbuf *b, const char *text)
{
	strbuf piece = STRBUF_INIT;
	size_t chars = 0, total = 0, at_space = 0;
	const char *s = text, *row = text, *space = NULL;

	for (; *s; s++) {
		if (((unsigned char)*s & 0xc0) == 0x80)
			continue;   /* inside a UTF-8 character */
		if (total == TREE_OUTPUT_CHARS || chars == TREE_OUTPUT_WRAP) {
			bool cut = total == TREE_OUTPUT_CHARS;
			const char *end = !cut && space && at_space * 3 >= TREE_OUTPUT_WRAP * 2 ? space : s;
			strbuf_reset(&piece);
			strbuf_put(&piece, row, (size_t)(end - row));
			gv_text_html(b, strbuf_str(&piece));
			if (cut)
				break;
			strbuf_puts(b, "<BR ALIGN=\"LEFT\"/>");
			chars = end == s ? 0 : chars - at_space;
			row = end;
			space = NULL;
		}
		chars++;
		total++;
		if (*s == ' ') {
			space = s + 1;
			at_space = chars;
		}
	}
	if (*s)
		strbuf_puts(b, "…");
	else
		gv_text_html(b, row);
	strbuf_free(&piece);
}

/* The list node: a header, one row per kept line, then what was left out. */
void tree_output_list(tree *tr)
{
	const tree_outlist *l = tr->out;
	const gv_theme *th = tr->t;
	double fs = (tr->opts->font_size > 0 ? tr->opts->font_size : 11) * 0.85;
	strbuf *b = &tr->a;
	char name[PTV_DESCRIBE_NAME_MAX];
	int cut = 0;

	if (!l || l->total == 0)
		return;
	strbuf_reset(b);
	strbuf_printf(b, "<TABLE BORDER=\"1\" STYLE=\"ROUNDED\" COLOR=\"%s\" BGCOLOR=\"%s\" "
	              "CELLBORDER=\"0\" CELLSPACING=\"1\" CELLPADDING=\"2\"><TR><TD COLSPAN=\"3\" "
	              "ALIGN=\"LEFT\"><FONT COLOR=\"%s\">%s</FONT></TD></TR>",
	              th->legend_border, th->legend_fill, th->muted, ptv_tr("what they printed, in order"));
	for (int i = 0; i < l->n; i++) {
		const tree_line *ln = &l->v[i];
		strbuf_printf(b, "<TR><TD ALIGN=\"RIGHT\"><B>%d</B></TD><TD ALIGN=\"LEFT\"><B>%s</B>%s"
		              "</TD><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT FACE=\"monospace\" COLOR=\"%s\">", i + 1,
		              tree_proc_name(tr, ln->proc, name), ln->fd == 2 ? " (stderr)" : "",
		              ln->fd == 2 ? th->exit_fail : th->text);
		strbuf_reset(&tr->b);
		strbuf_put(&tr->b, l->text.s + ln->off, ln->len);
		output_wrapped(b, ln->len ? strbuf_str(&tr->b) : " ");
		strbuf_puts(b, "</FONT></TD></TR>");
	}
	if (l->total > l->n)
	{
		strbuf_printf(b, "<TR><TD COLSPAN=\"3\" ALIGN=\"LEFT\"><FONT COLOR=\"%s\">", th->muted);
		strbuf_printf(b, ptv_tr("… %d more line%s not shown (the log has them)"),
		              l->total - l->n, l->total - l->n == 1 ? "" : "s");
		strbuf_puts(b, "</FONT></TD></TR>");
	}
	for (int p = 0; p < ptv_model_nprocesses(tr->m); p++)
		cut += l->cut[p];
	if (cut) {
		const ptv_header *h = ptv_model_header(tr->m);
		strbuf_printf(b, "<TR><TD COLSPAN=\"3\" ALIGN=\"LEFT\"><FONT COLOR=\"%s\">", th->muted);
		strbuf_printf(b, ptv_tr("%d process%s printed more than the %lld bytes recorded "
		                        "(--output-max)"), cut, cut == 1 ? "" : "es",
		              (long long)(h && h->output_max > 0 ? h->output_max : 0));
		strbuf_puts(b, "</FONT></TD></TR>");
	}
	strbuf_puts(b, "</TABLE>");
	Agnode_t *n = agnode(tr->g, "output", 1);
	gv_set(n, "shape", "plain");
	gv_set(n, "style", "");
	gv_setf(n, "fontsize", "%.1f", fs);
	gv_set(n, "tooltip", "what the processes wrote to stdout and stderr, line by line");
	gv_set_html(n, "label", strbuf_str(b));
}
