/* stacks.c — call-site stacks for -k (see stacks.h), or a refusal when built without them. */
#include "stacks.h"
#include "writer.h"

#include <stdio.h>
#include <stdlib.h>

#ifdef PTVIZ_HAVE_UNWIND
#include "unwind/unwind.h"

struct stacks {
	ptv_unwinder *u;
	int depth;
	ptv_unwind_frame *frames;
};

int stacks_new(struct stacks **out, int depth, char *err, size_t errlen)
{
	struct stacks *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->depth = depth > 0 ? depth : PTV_UNWIND_DEPTH_DEFAULT;
	if (s->depth > PTV_UNWIND_DEPTH_MAX)
		s->depth = PTV_UNWIND_DEPTH_MAX;
	s->frames = calloc((size_t)s->depth, sizeof *s->frames);
	if (!s->frames || ptv_unwinder_new(&s->u, err, errlen) < 0) {
		if (!s->frames)
			snprintf(err, errlen, "out of memory");
		stacks_free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void stacks_free(struct stacks *s)
{
	if (!s)
		return;
	ptv_unwinder_free(s->u);
	free(s->frames);
	free(s);
}

static void stacks_hex(cJSON *o, const char *key, unsigned long long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "0x%llx", v);
	cJSON_AddStringToObject(o, key, buf);
}

cJSON *stacks_capture(struct stacks *s, pid_t tgid, pid_t tid, bool *is_error)
{
	char err[128] = "unwinding failed";
	int n = ptv_unwind_capture(s->u, tgid, tid, s->frames, s->depth, err, sizeof err);
	*is_error = n < 0;
	if (n < 0)
		return cJSON_CreateString(err);
	cJSON *arr = cJSON_CreateArray();
	for (int i = 0; i < n; i++) {
		const ptv_unwind_frame *f = &s->frames[i];
		cJSON *fr = cJSON_CreateObject();
		stacks_hex(fr, "pc", f->pc);
		/* Symbol and file names come from object files: keep the log valid UTF-8 anyway. */
		if (f->fn) {
			writer_add_str(fr, "fn", f->fn);
			stacks_hex(fr, "off", f->off);
		}
		if (f->obj) {
			writer_add_str(fr, "obj", f->obj);
			stacks_hex(fr, "obj_off", f->obj_off);
		}
		if (f->file) {
			writer_add_str(fr, "file", f->file);
			if (f->line > 0)
				cJSON_AddNumberToObject(fr, "line", f->line);
		}
		cJSON_AddItemToArray(arr, fr);
	}
	return arr;
}

void stacks_forget(struct stacks *s, pid_t tgid)
{
	if (s)
		ptv_unwinder_forget(s->u, tgid);
}

void stacks_fork(struct stacks *s, pid_t parent, pid_t child)
{
	if (s)
		ptv_unwinder_fork(s->u, parent, child);
}

void stacks_maps_changed(struct stacks *s, pid_t tgid)
{
	if (s)
		ptv_unwinder_maps_changed(s->u, tgid);
}

#else /* !PTVIZ_HAVE_UNWIND */

struct stacks {
	int unused;
};

int stacks_new(struct stacks **out, int depth, char *err, size_t errlen)
{
	(void)depth;
	*out = NULL;
	snprintf(err, errlen, "-k: this ptviz was built without call-site stacks (libunwind)");
	return -1;
}

void stacks_free(struct stacks *s)
{
	(void)s;
}

cJSON *stacks_capture(struct stacks *s, pid_t tgid, pid_t tid, bool *is_error)
{
	(void)s, (void)tgid, (void)tid;
	*is_error = true;
	return cJSON_CreateString("no unwinding support");
}

void stacks_forget(struct stacks *s, pid_t tgid)
{
	(void)s, (void)tgid;
}

void stacks_fork(struct stacks *s, pid_t parent, pid_t child)
{
	(void)s, (void)parent, (void)child;
}

void stacks_maps_changed(struct stacks *s, pid_t tgid)
{
	(void)s, (void)tgid;
}

#endif

void stacks_attach(cJSON *o, cJSON *item, bool is_error)
{
	if (!item)
		return;
	cJSON_AddItemToObject(o, is_error ? "stack_error" : "stack", item);
}

void stacks_add(struct stacks *s, cJSON *o, pid_t tgid, pid_t tid)
{
	if (!s || !o)
		return;
	bool is_error = false;
	cJSON *item = stacks_capture(s, tgid, tid, &is_error);
	stacks_attach(o, item, is_error);
}
