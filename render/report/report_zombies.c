/* report_zombies.c — the zombie-and-orphan report: every zombie, every orphan, and the leaks
 * grouped by parent and fork call site ("server (pid 88) leaked 40 children forked at ..."). */
#include "ptviz/lang.h"
#include "report_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RED "\033[31m"
#define DIM "\033[2m"
#define RESET "\033[0m"

typedef struct report_leak_key {
	int parent;
	int child;
	char site[256];
	const ptv_frame *frame;
} report_leak_key;

static int report_leak_cmp(const void *a, const void *b)
{
	const report_leak_key *x = a, *y = b;
	int c;
	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	if ((c = strcmp(x->site, y->site)) != 0)
		return c;
	return x->child < y->child ? -1 : x->child > y->child;
}

/* Per parent: the biggest group first; the one without a call site last. */
static int report_group_cmp(const void *a, const void *b)
{
	const report_leak_group *x = a, *y = b;
	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	if (!x->site[0] != !y->site[0])
		return !x->site[0] ? 1 : -1;
	if (x->nchildren != y->nchildren)
		return x->nchildren > y->nchildren ? -1 : 1;
	return strcmp(x->site, y->site);
}

int report_leak_groups(const ptv_model *m, report_leak_group **out)
{
	int n = ptv_model_nprocesses(m), nk = 0, ng = 0;
	report_leak_key *keys = NULL;
	report_leak_group *groups = NULL;
	*out = NULL;
	for (int i = 0; i < n; i++)
		nk += ptv_model_process(m, i)->leaked;
	if (nk == 0)
		return 0;
	keys = calloc((size_t)nk, sizeof *keys);
	groups = calloc((size_t)nk, sizeof *groups);
	if (!keys || !groups)
		goto fail;
	nk = 0;
	for (int i = 0; i < n; i++) {
		const ptv_process *p = ptv_model_process(m, i);
		if (!p->leaked)
			continue;
		keys[nk].parent = p->parent;
		keys[nk].child = i;
		keys[nk].frame = ptv_stack_call_site(&p->fork_stack);
		ptv_describe_call_site(&p->fork_stack, keys[nk].site, sizeof keys[nk].site);
		nk++;
	}
	qsort(keys, (size_t)nk, sizeof *keys, report_leak_cmp);
	for (int i = 0; i < nk;) {
		int j = i;
		while (j < nk && keys[j].parent == keys[i].parent && !strcmp(keys[j].site, keys[i].site))
			j++;
		report_leak_group *g = &groups[ng++];
		g->parent = keys[i].parent;
		memcpy(g->site, keys[i].site, sizeof g->site);
		g->frame = keys[i].frame;
		g->nchildren = j - i;
		g->children = malloc((size_t)(j - i) * sizeof *g->children);
		if (!g->children)
			goto fail;
		for (int k = i; k < j; k++)
			g->children[k - i] = keys[k].child;
		i = j;
	}
	free(keys);
	qsort(groups, (size_t)ng, sizeof *groups, report_group_cmp);
	*out = groups;
	return ng;
fail:
	free(keys);
	report_leak_groups_free(groups, ng);
	return -1;
}

void report_leak_groups_free(report_leak_group *g, int n)
{
	if (!g)
		return;
	for (int i = 0; i < n; i++)
		free(g[i].children);
	free(g);
}

static void report_zombie_line(const ptv_model *m, FILE *out, const ptv_process *p,
                               const ptv_report_opts *opts)
{
	char id[32], dur[160], who[64], st[96];
	ptv_describe_name(p, opts->stable_ids, id, sizeof id);
	report_zombie_time(m, p, dur, sizeof dur);
	ptv_describe_status(p, st, sizeof st);
	fprintf(out, "  %s%-8s %-16s %s, %s", p->leaked && opts->color ? RED : "", id,
	        ptv_describe_program(m, p), st, dur);
	if (p->reaped) {
		ptv_describe_reaper(m, p, opts->stable_ids, who, sizeof who);
		bool adopter = p->reap_via == PTV_REAP_INIT || p->reap_via == PTV_REAP_SUBREAPER;
		fprintf(out, ptv_tr(", reaped by %s"), who);
		if (adopter && p->orphaned)
			fprintf(out, "%s", ptv_tr(" (orphaned)"));
		else if (p->reap_via == PTV_REAP_OBSERVED)   /* seen gone, not trapped: how late */
			fprintf(out, ptv_tr(" (observed, up to %s late)"),
			        ptv_describe_duration(p->reap_precision_ns, dur, sizeof dur));
		else if (p->reap_via != PTV_REAP_INIT)   /* the reaper's name says it for init */
			fprintf(out, " (%s)", ptv_reap_via_names[p->reap_via]);
	} else {
		fprintf(out, "%s", ptv_tr(", never reaped"));
	}
	if (p->leaked)
		fprintf(out, "%s", ptv_tr(" — never waited for by its parent (a leak)"));
	fprintf(out, "%s\n", opts->color && p->leaked ? RESET : "");
}

static void report_orphan_line(const ptv_model *m, FILE *out, const ptv_process *p,
                               const ptv_report_opts *opts)
{
	char id[32], pid[32], at[32], adopter[64];
	const ptv_process *par = ptv_model_process(m, p->parent);
	ptv_describe_name(p, opts->stable_ids, id, sizeof id);
	if (par)
		ptv_describe_name(par, opts->stable_ids, pid, sizeof pid);
	else
		snprintf(pid, sizeof pid, "%d", (int)p->parent_pid);
	ptv_describe_duration(p->t_adopted, at, sizeof at);
	ptv_describe_adopter(m, p, opts->stable_ids, adopter, sizeof adopter);
	fprintf(out, ptv_tr("  %-8s %-16s parent %s died; adopted by %s at %s%s\n"), id,
	        ptv_process_program(m, p, p->t_adopted), pid, adopter, at,
	        p->exited && p->t_exit <= p->t_adopted ? ptv_tr(" (already a zombie)") : "");
}

void ptv_report_zombies(const ptv_model *m, FILE *out, const ptv_report_opts *opts)
{
	ptv_report_opts defaults = PTV_REPORT_OPTS_INIT;
	report_leak_group *groups = NULL;
	int n = ptv_model_nprocesses(m), nz = 0, no = 0, ng, brief = 0, adopted = 0;
	if (!opts)
		opts = &defaults;
	if (opts->json) {
		report_json_zombies(m, out, opts);
		return;
	}
	for (int i = 0; i < n; i++) {
		const ptv_process *p = ptv_model_process(m, i);
		nz += report_was_zombie(p);
		no += p->orphaned;
		/* children reaped at once (the root is ptviz's: not counted) */
		brief += p->exited && !report_was_zombie(p) && p->parent >= 0 &&
		         !(p->reaped && p->reap_via == PTV_REAP_AUTO);
		/* exited after their parent died, reaped by whoever adopted them */
		adopted += p->exited && p->orphaned && !p->leaked;
	}
	fprintf(out, ptv_tr("ptviz: %s — %d zombie%s, %d orphan%s, %d leak%s\n"), ptv_describe_root_program(m), nz,
	        nz == 1 ? "" : "s", no, no == 1 ? "" : "s", ptv_report_leaks(m), ptv_report_leaks(m) == 1 ? "" : "s");
	if (nz) {
		fprintf(out, "%s", ptv_tr("\nZombies (time from exit to reap, " REPORT_ZOMBIE_NOTABLE_TEXT " or more):\n"));
		for (int i = 0; i < n; i++)
			if (report_was_zombie(ptv_model_process(m, i)))
				report_zombie_line(m, out, ptv_model_process(m, i), opts);
	}
	if (brief)
		fprintf(out, ptv_tr("%s%d other child%s reaped within " REPORT_ZOMBIE_NOTABLE_TEXT " of %s exit.\n"),
		        nz ? "" : "\n", brief, brief == 1 ? " was" : "ren were", brief == 1 ? "its" : "their");
	if (no) {
		fprintf(out, "%s", ptv_tr("\nOrphans (parent died first):\n"));
		for (int i = 0; i < n; i++)
			if (ptv_model_process(m, i)->orphaned)
				report_orphan_line(m, out, ptv_model_process(m, i), opts);
	}
	ng = report_leak_groups(m, &groups);
	if (ng > 0) {
		fprintf(out, "%s", ptv_tr("\nLeaks (children never waited for by their parent):\n"));
		for (int g = 0; g < ng; g++) {
			const ptv_process *par = ptv_model_process(m, groups[g].parent);
			const ptv_process *first = ptv_model_process(m, groups[g].children[0]);
			char id[32];
			if (!par)
				continue;
			ptv_describe_name(par, opts->stable_ids, id, sizeof id);
			fprintf(out, ptv_tr("  %s%s (%s %s) leaked %d child%s "), opts->color ? RED : "",
			        ptv_process_program(m, par, first->t_start), opts->stable_ids ? "id" : "pid", id,
			        groups[g].nchildren, groups[g].nchildren == 1 ? "" : "ren");
			if (groups[g].site[0])
				fprintf(out, ptv_tr("forked at %s"), groups[g].site);
			else if (first->attached)
				fprintf(out, "%s", ptv_tr("(forked before ptviz attached: no call-site stack)"));
			else if (ptv_model_header(m)->stacks)
				fprintf(out, "%s", ptv_tr("(no call-site stack: unwinding failed)"));
			else
				fprintf(out, "%s", ptv_tr("(no call-site stack; record with -k)"));
			fprintf(out, "%s\n    %s", opts->color ? RESET : "", opts->color ? DIM : "");
			for (int k = 0; k < groups[g].nchildren && k < 20; k++) {
				ptv_describe_name(ptv_model_process(m, groups[g].children[k]), opts->stable_ids, id, sizeof id);
				fprintf(out, "%s%s", k ? " " : "", id);
			}
			if (groups[g].nchildren > 20)
				fprintf(out, ptv_tr(" … %d more"), groups[g].nchildren - 20);
			fprintf(out, "%s\n", opts->color ? RESET : "");
		}
	} else if (ng < 0) {
		fprintf(out, "(out of memory grouping leaks)\n");
	} else if (adopted) {
		fprintf(out, ptv_tr("\nNo leaks: every child that exited while its parent lived was waited for by "
		                    "it; %d orphan%s exited after %s parent and %s reaped by %s adopter.\n"), adopted,
		        adopted == 1 ? "" : "s", adopted == 1 ? "its" : "their", adopted == 1 ? "was" : "were",
		        adopted == 1 ? "its" : "their");
	} else {
		fprintf(out, "%s", ptv_tr("\nNo leaks: every child that exited was waited for by its parent.\n"));
	}
	report_leak_groups_free(groups, ng);
}
