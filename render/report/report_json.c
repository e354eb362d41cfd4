/* report_json.c — the zombie-and-orphan report as one JSON document, for scripts and CI. */
#include "report_priv.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

static cJSON *report_json_process(const ptv_model *m, const ptv_process *p)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return NULL;
	cJSON_AddNumberToObject(o, "id", p->id);
	cJSON_AddNumberToObject(o, "pid", p->pid);
	cJSON_AddStringToObject(o, "program", ptv_describe_program(m, p));
	cJSON_AddNumberToObject(o, "parent_pid", p->parent_pid);
	if (p->parent >= 0)
		cJSON_AddNumberToObject(o, "parent", p->parent);
	else
		cJSON_AddNullToObject(o, "parent");
	cJSON_AddBoolToObject(o, "exited", p->exited);
	if (p->exited) {
		cJSON_AddNumberToObject(o, "t_exit", (double)p->t_exit);
		if (p->signaled) {
			cJSON_AddStringToObject(o, "signal", p->signame ? p->signame : "");
			cJSON_AddNumberToObject(o, "signo", p->signo);
		} else if (p->exit_code >= 0) {
			cJSON_AddNumberToObject(o, "exit_code", p->exit_code);
		}
		cJSON_AddBoolToObject(o, "zombie", report_was_zombie(p));
		cJSON_AddNumberToObject(o, "zombie_ns", (double)p->zombie_ns);
	}
	cJSON_AddBoolToObject(o, "reaped", p->reaped);
	if (p->reaped) {
		cJSON_AddNumberToObject(o, "t_reap", (double)p->t_reap);
		cJSON_AddNumberToObject(o, "reaper_pid", p->reaper_pid);
		cJSON_AddStringToObject(o, "reap_via", ptv_reap_via_names[p->reap_via]);
	}
	cJSON_AddBoolToObject(o, "orphaned", p->orphaned);
	if (p->orphaned) {
		cJSON_AddNumberToObject(o, "t_adopted", (double)p->t_adopted);
		cJSON_AddNumberToObject(o, "adopter_pid", p->adopter_pid);
	}
	cJSON_AddBoolToObject(o, "leaked", p->leaked);
	return o;
}

static cJSON *report_json_frame(const ptv_frame *f)
{
	cJSON *o = cJSON_CreateObject();
	if (!o || !f)
		return o;
	if (f->fn)
		cJSON_AddStringToObject(o, "fn", f->fn);
	if (f->file)
		cJSON_AddStringToObject(o, "file", f->file);
	if (f->line > 0)
		cJSON_AddNumberToObject(o, "line", f->line);
	if (f->obj)
		cJSON_AddStringToObject(o, "obj", f->obj);
	return o;
}

/* How exact the states are: from the scheduler's records, or approximate (and why), with the
 * time ptviz's own stops held the processes (exact path only). */
static void report_json_states(const ptv_model *m, cJSON *doc)
{
	cJSON *st = cJSON_AddObjectToObject(doc, "states");
	int64_t held = 0;
	if (!st)
		return;
	cJSON_AddBoolToObject(st, "exact", ptv_model_sched_exact(m));
	if (ptv_model_sched_reason(m))
		cJSON_AddStringToObject(st, "reason", ptv_model_sched_reason(m));
	for (int i = 0; i < ptv_model_nprocesses(m); i++)
		held += ptv_model_process(m, i)->sched_ns[PTV_CPU_PTVIZ];
	if (ptv_model_sched_exact(m))
		cJSON_AddNumberToObject(st, "ptviz_stop_ns", (double)held);
}

void report_json_zombies(const ptv_model *m, FILE *out, const ptv_report_opts *opts)
{
	cJSON *doc = cJSON_CreateObject(), *procs, *leaks, *counts;
	report_leak_group *groups = NULL;
	int n = ptv_model_nprocesses(m), nz = 0, no = 0, running = 0, ng = 0;
	char *text = NULL;
	if (!doc)
		goto out;
	cJSON_AddStringToObject(doc, "program", ptv_describe_root_program(m));
	cJSON_AddNumberToObject(doc, "duration_ns", (double)ptv_model_end(m));
	cJSON_AddBoolToObject(doc, "complete", ptv_model_complete(m));
	counts = cJSON_AddObjectToObject(doc, "counts");
	procs = cJSON_AddArrayToObject(doc, "processes");
	leaks = cJSON_AddArrayToObject(doc, "leaks");
	if (!counts || !procs || !leaks)
		goto out;
	for (int i = 0; i < n; i++) {
		const ptv_process *p = ptv_model_process(m, i);
		nz += report_was_zombie(p);
		no += p->orphaned;
		running += !p->exited;
		/* the processes array holds what the text report lists: zombies and orphans */
		if (report_was_zombie(p) || p->orphaned)
			cJSON_AddItemToArray(procs, report_json_process(m, p));
	}
	cJSON_AddNumberToObject(counts, "processes", n);
	cJSON_AddNumberToObject(counts, "zombies", nz);
	cJSON_AddNumberToObject(counts, "orphans", no);
	cJSON_AddNumberToObject(counts, "leaks", ptv_report_leaks(m));
	cJSON_AddNumberToObject(counts, "still_running", running);
	report_json_states(m, doc);
	ng = report_leak_groups(m, &groups);
	for (int g = 0; g < ng; g++) {
		const ptv_process *par = ptv_model_process(m, groups[g].parent);
		cJSON *o = cJSON_CreateObject(), *kids;
		if (!o || !par) {
			cJSON_Delete(o);
			continue;
		}
		cJSON_AddNumberToObject(o, "parent", par->id);
		cJSON_AddNumberToObject(o, "parent_pid", par->pid);
		cJSON_AddStringToObject(o, "program",
		                        ptv_process_program(m, par, ptv_model_process(m, groups[g].children[0])->t_start));
		cJSON_AddNumberToObject(o, "count", groups[g].nchildren);
		if (groups[g].frame)
			cJSON_AddItemToObject(o, "call_site", report_json_frame(groups[g].frame));
		else
			cJSON_AddNullToObject(o, "call_site");
		kids = cJSON_AddArrayToObject(o, "children");
		for (int k = 0; kids && k < groups[g].nchildren; k++)
			cJSON_AddItemToArray(kids, cJSON_CreateNumber(ptv_model_process(m, groups[g].children[k])->pid));
		cJSON_AddItemToArray(leaks, o);
	}
	text = cJSON_Print(doc);
	if (text)
		fprintf(out, "%s\n", text);
out:
	if (!text)
		fprintf(out, "{\"error\":\"out of memory\"}\n");
	cJSON_free(text);
	cJSON_Delete(doc);
	report_leak_groups_free(groups, ng > 0 ? ng : 0);
}
