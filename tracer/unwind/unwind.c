/* tracer/unwind/unwind.c — the unwinder the tracer holds: one libunwind address space and one
 * cached maps per traced process, objects and symbols shared by all, and the capture loop. */
#include <errno.h>
#include <stdio.h>
#include <sys/ptrace.h>
#include <stdlib.h>
#include <string.h>

#include "unwind_int.h"

struct ptv_unwinder {
	object_table objects; /* (dev, ino) -> object, for the unwinder's whole life */
	u64map procs;         /* tgid -> uproc */
	u64map layouts;       /* maps_layout_hash -> ulayout */
	access_ctx *ctx;      /* reused by every capture (it holds 64 KiB of stack blocks) */
	symbolize sym;
	long captures, maps_reads, mem_reads;
};

int ptv_unwinder_new(ptv_unwinder **out, char *err, size_t errlen)
{
	ptv_unwinder *u = calloc(1, sizeof(*u));
	if (!u || !(u->ctx = calloc(1, sizeof(*u->ctx)))) {
		free(u);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	u->ctx->objects = &u->objects;
	u->ctx->mem_reads = &u->mem_reads;
	u->ctx->maps_reads = &u->maps_reads;
	*out = u;
	return 0;
}

/* Drop one process's reference to its layout; the last one frees the address space. */
static void ulayout_put(ptv_unwinder *u, ulayout *l)
{
	if (!l || --l->refs > 0)
		return;
	u64map_del(&u->layouts, l->hash);
	unw_destroy_addr_space(l->as);
	free(l);
}

/* A reference to the layout with this hash, created with a fresh address space if new. */
static ulayout *ulayout_get(ptv_unwinder *u, uint64_t hash)
{
	ulayout *l = u64map_get(&u->layouts, hash);
	if (l) {
		l->refs++;
		return l;
	}
	l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->hash = hash;
	l->refs = 1;
	/* libunwind copies the accessors into the address space; it never writes ours */
	l->as = unw_create_addr_space((unw_accessors_t *)&access_accessors, 0);
	if (!l->as || u64map_put(&u->layouts, hash, l) < 0) {
		if (l->as)
			unw_destroy_addr_space(l->as);
		free(l);
		return NULL;
	}
	/* Remote address spaces cache nothing by default (unw_set_caching_policy(3)): 2.7 ms
	 * instead of 49 µs per stack in NOTES §4. */
	unw_set_caching_policy(l->as, UNW_CACHE_GLOBAL);
	return l;
}

static void uproc_free(ptv_unwinder *u, uproc *p)
{
	if (!p)
		return;
	ulayout_put(u, p->layout);
	maps_free(&p->maps);
	free(p);
}

/* The record of tgid, created on first sight. */
static uproc *uproc_get(ptv_unwinder *u, pid_t tgid)
{
	uproc *p = u64map_get(&u->procs, (uint64_t)tgid);
	if (p)
		return p;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->tgid = tgid;
	if (u64map_put(&u->procs, (uint64_t)tgid, p) < 0) {
		free(p);
		return NULL;
	}
	return p;
}

/* Attach p to the layout of its current maps, re-reading them when stale; rehash: they were
 * re-read behind our back (during a walk). 0, or -1 with err. */
static int uproc_sync(ptv_unwinder *u, uproc *p, bool rehash, char *err, size_t errlen)
{
	if (p->maps_valid && p->layout && !rehash)
		return 0;
	if (!p->maps_valid) {
		u->maps_reads++;
		if (maps_read(&p->maps, p->tgid, err, errlen) < 0)
			return -1;
		p->maps_valid = true;
	}
	uint64_t hash = maps_layout_hash(&p->maps);
	if (p->layout && p->layout->hash == hash)
		return 0;
	ulayout *l = ulayout_get(u, hash);
	if (!l) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	ulayout_put(u, p->layout);
	p->layout = l;
	return 0;
}

void ptv_unwinder_free(ptv_unwinder *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->procs.cap; i++)
		uproc_free(u, u->procs.vals[i]);
	u64map_free(&u->procs);
	u64map_free(&u->layouts);
	object_table_free(&u->objects);
	free(u->ctx);
	free(u);
}

void ptv_unwinder_forget(ptv_unwinder *u, pid_t tgid)
{
	if (u)
		uproc_free(u, u64map_del(&u->procs, (uint64_t)tgid));
}

void ptv_unwinder_fork(ptv_unwinder *u, pid_t parent, pid_t child)
{
	uproc *pp = u ? u64map_get(&u->procs, (uint64_t)parent) : NULL;
	if (!pp || !pp->maps_valid || !pp->layout || u64map_get(&u->procs, (uint64_t)child))
		return;
	uproc *c = calloc(1, sizeof(*c));
	if (!c)
		return;
	c->tgid = child;
	if (maps_copy(&c->maps, &pp->maps) < 0 || u64map_put(&u->procs, (uint64_t)child, c) < 0) {
		maps_free(&c->maps);
		free(c);
		return;
	}
	c->maps_valid = true;
	c->layout = pp->layout;
	c->layout->refs++;
}

/* No flush is needed: a changed code layout has another hash and so another address space. */
void ptv_unwinder_maps_changed(ptv_unwinder *u, pid_t tgid)
{
	uproc *p = u ? u64map_get(&u->procs, (uint64_t)tgid) : NULL;
	if (p)
		p->maps_valid = false;
}

/* Name the mapping of f->pc and look up its symbol and line. */
static void unwind_describe(ptv_unwinder *u, ptv_unwind_frame *f, bool caller)
{
	maps_entry *e = access_mapping(u->ctx, f->pc);
	if (!e)
		return;
	object *o = access_object(u->ctx, e);
	if (o) {
		f->obj = o->path;
		f->obj_off = f->pc - e->lo + e->off;
		symbolize_frame(&u->sym, &u->objects, o, f->obj_off, caller, f);
	} else if (e->path && strcmp(e->path, "[vdso]") == 0) {
		f->obj = "[vdso]";
		f->obj_off = f->pc - e->lo;
	}
	/* anonymous executable memory (JIT code): the pc is all there is */
}

/* glibc's clone and clone3 stubs end their CFI before the syscall instruction (in the child it
 * would be wrong), so a parent stopped at that syscall has a frame libunwind cannot step from.
 * Such a stub has pushed nothing: when pc has no unwind information and follows a `syscall`
 * (0f 05), its return address is at sp. Moves the registers to the caller; false otherwise. */
static bool unwind_skip_syscall_stub(access_ctx *ctx, unw_cursor_t *cur)
{
	unw_proc_info_t pi;
	/* without unwind information libunwind "fudges" a one-byte procedure at pc
	 * (src/mi/Gget_proc_info.c) rather than failing */
	if (unw_get_proc_info(cur, &pi) < 0 ||
	    !(pi.unwind_info == NULL && pi.start_ip == ctx->regs.rip && pi.end_ip == pi.start_ip + 1))
		return false;
	errno = 0;
	long insn = ptrace(PTRACE_PEEKDATA, ctx->tid, (void *)(ctx->regs.rip - 2), NULL);
	if (errno || (insn & 0xffff) != 0x050f)
		return false;
	long ra = ptrace(PTRACE_PEEKDATA, ctx->tid, (void *)ctx->regs.rsp, NULL);
	if (errno || ra == 0)
		return false;
	ctx->regs.rip = (unsigned long long)ra;
	ctx->regs.rsp += 8;
	return true;
}

int ptv_unwind_capture(ptv_unwinder *u, pid_t tgid, pid_t tid, ptv_unwind_frame *frames, int max,
                       char *err, size_t errlen)
{
	bool caller[PTV_UNWIND_DEPTH_MAX];
	unw_cursor_t cur;
	int n = 0, r;
	u->captures++;
	if (max > PTV_UNWIND_DEPTH_MAX)
		max = PTV_UNWIND_DEPTH_MAX;
	uproc *p = uproc_get(u, tgid);
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (uproc_sync(u, p, false, err, errlen) < 0)
		return -1;
	access_ctx *ctx = u->ctx;
	ctx->proc = p;
	ctx->tid = tid;
	if ((r = access_begin(ctx)) < 0) {
		snprintf(err, errlen, "registers: %s", r == -ESRCH ? "thread gone or not stopped" : strerror(-r));
		return -1;
	}
	if ((r = unw_init_remote(&cur, p->layout->as, ctx)) < 0) {
		snprintf(err, errlen, "unw_init_remote: %s", unw_strerror(r));
		return -1;
	}
	bool after_signal = false;
	unsigned long long stub_pc = ctx->regs.rip;
	if (max > 1 && unwind_skip_syscall_stub(ctx, &cur)) {
		memset(&frames[0], 0, sizeof(frames[0]));
		frames[0].pc = stub_pc;
		caller[0] = false;
		n = 1;
		if ((r = unw_init_remote(&cur, p->layout->as, ctx)) < 0)
			goto describe;
	}
	while (n < max) {
		unw_word_t ip = 0, sp = 0;
		if (unw_get_reg(&cur, UNW_REG_IP, &ip) < 0 || unw_get_reg(&cur, UNW_REG_SP, &sp) < 0)
			break;
		if (n > 0 && ip == 0)
			break; /* the end of the chain (_start, clone) */
		memset(&frames[n], 0, sizeof(frames[n]));
		frames[n].pc = ip;
		/* below a signal frame the pc is where the signal interrupted, not a return address */
		caller[n] = n > 0 && !after_signal;
		n++;
		after_signal = unw_is_signal_frame(&cur) > 0;
		unw_word_t prev_ip = ip, prev_sp = sp;
		if (unw_step(&cur) <= 0)
			break;
		/* a corrupt or adversarial stack can make CFI point at itself */
		if (unw_get_reg(&cur, UNW_REG_IP, &ip) == 0 && unw_get_reg(&cur, UNW_REG_SP, &sp) == 0 &&
		    ip == prev_ip && sp == prev_sp)
			break;
	}
describe:
	for (int i = 0; i < n; i++)
		unwind_describe(u, &frames[i], caller[i]);
	if (ctx->refreshed) {
		/* Code appeared that the cached maps lacked (the tracer was not told): the walk may
		 * have cached rules for it in an address space other processes share. */
		unw_flush_cache(p->layout->as, 0, 0);
		if (uproc_sync(u, p, true, err, errlen) < 0)
			p->maps_valid = false;
	}
	return n;
}

void ptv_unwinder_stats(const ptv_unwinder *u, ptv_unwind_stats *out)
{
	memset(out, 0, sizeof(*out));
	out->captures = u->captures;
	out->maps_reads = u->maps_reads;
	out->mem_reads = u->mem_reads;
	out->objects = u->objects.count;
	out->layouts = (long)u->layouts.len;
	out->sym_lookups = u->sym.lookups;
	out->sym_misses = u->sym.misses;
}
