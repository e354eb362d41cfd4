/* report.c — the pstree-like summary (`ptviz report`) and the helpers the reports share. */
#include "ptviz/lang.h"
#include "report_priv.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RED "\033[31m"
#define DIM "\033[2m"
#define RESET "\033[0m"

bool report_was_zombie(const ptv_process *p)
{
	if (!p->exited || (p->reaped && (p->reap_via == PTV_REAP_AUTO || p->reap_via == PTV_REAP_TRACER)))
		return false;
	return p->leaked || p->zombie_ns >= REPORT_ZOMBIE_NOTABLE_NS;
}

void report_zombie_time(const ptv_model *m, const ptv_process *p, char *buf, size_t len)
{
	char dur[32], a[32], b[32];
	int64_t under, adopter;

	ptv_describe_duration(p->zombie_ns, dur, sizeof dur);
	ptv_process_zombie_split(m, p, &under, &adopter);
	if (adopter > 0 && under == 0)
		snprintf(buf, len, ptv_tr("zombie %s (all of it waiting for its adopter)"), dur);
	else if (adopter > 0)
		snprintf(buf, len, ptv_tr("zombie %s (%s under its living parent, %s waiting for its adopter)"),
		         dur, ptv_describe_duration(under, a, sizeof a),
		         ptv_describe_duration(adopter, b, sizeof b));
	else
		snprintf(buf, len, ptv_tr("zombie %s"), dur);
}

int ptv_report_leaks(const ptv_model *m)
{
	int n = 0;
	for (int i = 0; i < ptv_model_nprocesses(m); i++)
		n += ptv_model_process(m, i)->leaked;
	return n;
}

/* Display width of UTF-8 text: count the bytes that start a character. */
static int report_width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

/* What happened to p's zombie, for its tree line (empty for the launched root's normal reap). */
static void report_fate(char *buf, size_t size, const ptv_model *m, const ptv_process *p,
                        const ptv_report_opts *opts)
{
	char dur[160], who[64];
	buf[0] = '\0';
	if (!p->exited) {
		if (p->orphaned)
			snprintf(buf, size, ptv_tr("orphaned → adopted by %s"),
			         ptv_describe_adopter(m, p, opts->stable_ids, who, sizeof who));
		return;
	}
	report_zombie_time(m, p, dur, sizeof dur);
	ptv_describe_reaper(m, p, opts->stable_ids, who, sizeof who);
	if (p->leaked && p->reaped)
		snprintf(buf, size, ptv_tr("%s → reaped by %s%s"), dur, who,
		         p->orphaned ? ptv_tr(" (orphaned)") : "");
	else if (p->leaked || !p->reaped)
		snprintf(buf, size, ptv_tr("%s → never reaped"), dur);
	else if (p->reap_via == PTV_REAP_AUTO)
		snprintf(buf, size, "%s", ptv_tr("auto-reaped (SIGCHLD ignored)"));
	else if (p->reap_via == PTV_REAP_OBSERVED)   /* seen gone, not trapped: how late */
		snprintf(buf, size, ptv_tr("reaped by %s (observed, up to %s late)"), who,
		         ptv_describe_duration(p->reap_precision_ns, dur, sizeof dur));
	else if (p->reap_via == PTV_REAP_INIT && p->orphaned && p->adopter_comm &&
	         p->reaper_pid == p->adopter_pid)   /* named: "init" would say less, or be wrong */
		snprintf(buf, size, ptv_tr("reaped by its adopter %s"), who);
	else if (p->reap_via != PTV_REAP_TRACER)
		snprintf(buf, size, ptv_tr("reaped by %s (%s)"), who, ptv_reap_via_names[p->reap_via]);
}

#define REPORT_MAX_INDENT 40

typedef struct report_line {
	int proc;
	char left[640];     /* tree prefix (at most 41 levels of 4 bytes) + id + name (< 256) */
} report_line;

/* The pstree prefix of a line at depth d: "│ " or "  " for each open ancestor level (only the
 * innermost REPORT_MAX_INDENT of a very deep chain, after a "…"), then "├─" or "└─". */
static size_t report_prefix(char *buf, size_t len, int d, bool last, const bool *last_at)
{
	int from = d > REPORT_MAX_INDENT ? d - REPORT_MAX_INDENT : 1;
	size_t used = 0;

	buf[0] = '\0';
	if (from > 1)
		used += (size_t)snprintf(buf, len, "… ");
	for (int l = from; l < d && used < len; l++)
		used += (size_t)snprintf(buf + used, len - used, "%s", last_at[l] ? "  " : "│ ");
	if (d > 0 && used < len)
		used += (size_t)snprintf(buf + used, len - used, "%s", last ? "└─" : "├─");
	return used < len ? used : len - 1;
}

/* One line per process in the views' order (ptv_model_tree_order), with pstree prefixes. */
static int report_tree_lines(const ptv_model *m, const ptv_report_opts *opts, report_line **out)
{
	int n = ptv_model_nprocesses(m), nl = -1;
	size_t n1 = (size_t)n + 1;
	report_line *lines = calloc(n1, sizeof *lines);
	int *order = malloc(sizeof *order * n1), *up = malloc(sizeof *up * n1);
	int *depth = calloc(n1, sizeof *depth), *last_child = malloc(sizeof *last_child * n1);
	bool *last_at = calloc(n1 + 1, sizeof *last_at);   /* per depth: the open branch is the last */

	if (!lines || !order || !up || !depth || !last_child || !last_at ||
	    ptv_model_tree_order(m, order, up) < 0)
		goto out;
	/* In depth-first order a parent's last child is the last of its children to come. */
	for (int i = 0; i < n; i++)
		last_child[i] = -1;
	for (int k = 0; k < n; k++)
		if (up[order[k]] >= 0)
			last_child[up[order[k]]] = order[k];
	for (nl = 0; nl < n; nl++) {
		int pi = order[nl], d = up[pi] >= 0 ? depth[up[pi]] + 1 : 0;
		bool last = up[pi] < 0 || last_child[up[pi]] == pi;
		const ptv_process *q = ptv_model_process(m, pi);
		char id[PTV_DESCRIBE_NAME_MAX], name[256];
		report_line *L = &lines[nl];
		size_t used;

		depth[pi] = d;
		L->proc = pi;
		used = report_prefix(L->left, sizeof L->left, d, last, last_at);
		last_at[d < n ? d : n] = last;
		ptv_describe_name(q, opts->stable_ids, id, sizeof id);
		ptv_describe_chain(m, q, 0, name, sizeof name);
		snprintf(L->left + used, sizeof L->left - used, "%s %s", id, name);
	}
	*out = lines;
	lines = NULL;
out:
	free(lines);
	free(order);
	free(up);
	free(depth);
	free(last_child);
	free(last_at);
	return nl;
}

void ptv_report_summary(const ptv_model *m, FILE *out, const ptv_report_opts *opts)
{
	ptv_report_opts defaults = PTV_REPORT_OPTS_INIT;
	report_line *lines = NULL;
	char dur[32];
	int n = ptv_model_nprocesses(m), leaks = ptv_report_leaks(m), nl, width = 0, shown;
	if (!opts)
		opts = &defaults;

	ptv_describe_duration(ptv_model_end(m), dur, sizeof dur);
	fprintf(out, ptv_tr("ptviz: %s — %d process%s"), ptv_describe_root_program(m), n,
	        n == 1 ? "" : "es");
	if (leaks)
		fprintf(out, ptv_tr(", %s%d zombie%s never waited for by %s parent (leak%s)%s"),
		        opts->color ? RED : "", leaks, leaks == 1 ? "" : "s", leaks == 1 ? "its" : "their",
		        leaks == 1 ? "" : "s", opts->color ? RESET : "");
	fprintf(out, ptv_tr(", %s%s\n"), dur, ptv_model_complete(m) ? "" : ptv_tr(" (log cut short)"));

	nl = report_tree_lines(m, opts, &lines);
	if (nl < 0) {
		fprintf(out, "(out of memory)\n");
		return;
	}
	shown = opts->max_lines > 0 && opts->max_lines < nl ? opts->max_lines : nl;
	for (int i = 0; i < shown; i++) {
		int w = report_width(lines[i].left);
		if (w > width)
			width = w;
	}
	if (width > 48)
		width = 48;
	/* the status column is as wide as its widest entry, so the fates line up too */
	int swidth = 0;
	for (int i = 0; i < shown; i++) {
		char status[96];
		ptv_describe_status(ptv_model_process(m, lines[i].proc), status, sizeof status);
		if (report_width(status) > swidth)
			swidth = report_width(status);
	}
	if (swidth > 24)
		swidth = 24;
	for (int i = 0; i < shown; i++) {
		const ptv_process *p = ptv_model_process(m, lines[i].proc);
		char status[96], fate[160];
		int pad = width - report_width(lines[i].left);
		ptv_describe_status(p, status, sizeof status);
		report_fate(fate, sizeof fate, m, p, opts);
		fprintf(out, "%s%*s  %s", lines[i].left, pad > 0 ? pad : 0, "", status);
		char extra[96] = "";
		if (p->threads > 0)
			snprintf(extra, sizeof extra, ptv_tr("%d thread%s"), p->threads, p->threads == 1 ? "" : "s");
		if (p->sid > 0)
			snprintf(extra + strlen(extra), sizeof extra - strlen(extra), "%s%s", extra[0] ? ", " : "", ptv_tr("new session"));
		if (fate[0] || extra[0]) {
			int spad = swidth - report_width(status);
			const char *on = opts->color ? (p->leaked ? RED : DIM) : "";
			fprintf(out, "%*s%s%s%s", (spad > 0 ? spad : 0) + 3, "", on, fate, opts->color ? RESET : "");
		}
		if (extra[0])
			fprintf(out, "%s%s(%s)%s", fate[0] ? "  " : "", opts->color ? DIM : "", extra, opts->color ? RESET : "");
		fputc('\n', out);
	}
	if (shown < nl)
		fprintf(out, ptv_tr("… %d more\n"), nl - shown);
	free(lines);
}
