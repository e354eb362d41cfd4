/* stacks.c — call-site stacks for -k (see stacks.h), or a refusal when built without them. */
#include "stacks.h"

#include <stdio.h>
#include <stdlib.h>

void stack_release(struct stack *st)
{
	free(st->frames);
	st->frames = NULL;
	st->n = 0;
}

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

void stacks_capture(struct stacks *s, pid_t tgid, pid_t tid, struct stack *out)
{
	snprintf(out->error, sizeof out->error, "unwinding failed");
	out->frames = NULL;
	out->n = ptv_unwind_capture(s->u, tgid, tid, s->frames, s->depth, out->error,
	                            sizeof out->error);
	if (out->n <= 0)
		return;
	out->frames = calloc((size_t)out->n, sizeof *out->frames);
	if (!out->frames) {
		snprintf(out->error, sizeof out->error, "out of memory");
		out->n = -1;
		return;
	}
	for (int i = 0; i < out->n; i++) {
		const ptv_unwind_frame *f = &s->frames[i];
		out->frames[i] = (struct stack_frame){ f->pc, f->fn, f->off, f->obj, f->obj_off,
		                                       f->file, f->line };
	}
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

void stacks_capture(struct stacks *s, pid_t tgid, pid_t tid, struct stack *out)
{
	(void)s, (void)tgid, (void)tid;
	out->n = -1;
	out->frames = NULL;
	snprintf(out->error, sizeof out->error, "no unwinding support");
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
