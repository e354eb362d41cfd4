/* tracer/unwind/access.c — libunwind's remote accessors, made cheap.
 *
 * libunwind-ptrace's own accessors (_UPT_*) cost one PTRACE_PEEKUSER per register, one
 * PTRACE_PEEKDATA per word, and on every unwind-table miss a re-read of /proc/PID/maps plus an
 * mmap of the ELF file (NOTES §4). Here: the registers come from one PTRACE_GETREGS per capture;
 * words of read-only file-backed mappings (code, .eh_frame, .eh_frame_hdr) are read from the
 * object file, mapped once for all processes; everything else (the stack) comes from
 * process_vm_readv in 16 KiB blocks kept for the capture. find_proc_info hands libunwind's own
 * table search the object's .eh_frame_hdr, relocated to this process's load address.
 */
#define _GNU_SOURCE /* process_vm_readv */
#include <errno.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include "unwind_int.h"

#if !defined(__x86_64__)
#error "ptviz's unwinder reads x86_64 registers; port access_reg for this architecture"
#endif

/* Exported by libunwind-generic (it is what _UPT_find_proc_info calls) but not declared in its
 * public headers: binary search of a REMOTE_TABLE (an .eh_frame_hdr) through our accessors. */
extern int _Ux86_64_dwarf_search_unwind_table(unw_addr_space_t as, unw_word_t ip,
                                              unw_dyn_info_t *di, unw_proc_info_t *pi,
                                              int need_unwind_info, void *arg);

int access_begin(access_ctx *ctx)
{
	ctx->nchunks = 0;
	ctx->next_chunk = 0;
	ctx->last = NULL;
	ctx->refreshed = false;
	if (ptrace(PTRACE_GETREGS, ctx->tid, NULL, &ctx->regs) < 0)
		return -errno;
	return 0;
}

maps_entry *access_mapping(access_ctx *ctx, uint64_t addr)
{
	maps *m = &ctx->proc->maps;
	if (ctx->last && addr >= ctx->last->lo && addr < ctx->last->hi)
		return ctx->last;
	maps_entry *e = ctx->proc->maps_valid ? maps_find(m, addr) : NULL;
	if (!e && !ctx->refreshed) {
		/* A library mapped behind the tracer's back (the seccomp filter lets private mmaps
		 * through): re-read once per capture rather than on every miss. */
		char err[128];
		ctx->refreshed = true;
		ctx->last = NULL;
		(*ctx->maps_reads)++;
		ctx->proc->maps_valid = maps_read(m, ctx->proc->tgid, err, sizeof(err)) == 0;
		e = ctx->proc->maps_valid ? maps_find(m, addr) : NULL;
	}
	if (e)
		ctx->last = e;
	return e;
}

object *access_object(access_ctx *ctx, maps_entry *e)
{
	if (e->obj_tried)
		return e->obj;
	e->obj_tried = true;
	if (!e->ino || !e->path || e->path[0] != '/')
		return NULL;
	/* An object's segments are adjacent entries: reuse a neighbour's lookup (and its stat). */
	maps *m = &ctx->proc->maps;
	for (maps_entry *n = e; n > m->v && n[-1].ino == e->ino && n[-1].dev == e->dev; n--)
		if (n[-1].obj_tried)
			return e->obj = n[-1].obj;
	for (maps_entry *n = e + 1; n < m->v + m->n && n->ino == e->ino && n->dev == e->dev; n++)
		if (n->obj_tried)
			return e->obj = n->obj;
	return e->obj = object_get(ctx->objects, e->dev, e->ino, e->path, ctx->proc->tgid, e->lo, e->hi);
}

/* Read one word of tracee memory through the block cache. 0 or -UNW_EINVAL. */
static int access_remote_word(access_ctx *ctx, uint64_t addr, unw_word_t *val)
{
	for (int i = 0; i < ctx->nchunks; i++) {
		access_chunk *c = &ctx->chunks[i];
		if (addr >= c->base && addr - c->base + sizeof(*val) <= c->len) {
			memcpy(val, c->data + (addr - c->base), sizeof(*val));
			return 0;
		}
	}
	(*ctx->mem_reads)++;
	if (!ctx->peek_only) {
		/* The walk moves towards higher addresses (older frames): read from addr's page up. */
		access_chunk *c = &ctx->chunks[ctx->next_chunk];
		uint64_t base = addr & ~(uint64_t)4095;
		struct iovec local = { c->data, sizeof(c->data) };
		struct iovec remote = { (void *)(uintptr_t)base, sizeof(c->data) };
		ssize_t r = process_vm_readv(ctx->tid, &local, 1, &remote, 1, 0);
		if (r < 0 && (errno == EPERM || errno == ENOSYS))
			ctx->peek_only = true; /* e.g. a stricter LSM: PEEKDATA still works */
		if (r > 0) {
			c->base = base;
			c->len = (size_t)r;
			if (ctx->nchunks < ACCESS_NCHUNKS)
				ctx->nchunks++;
			ctx->next_chunk = (ctx->next_chunk + 1) % ACCESS_NCHUNKS;
			if (addr - base + sizeof(*val) <= c->len) {
				memcpy(val, c->data + (addr - base), sizeof(*val));
				return 0;
			}
		}
	}
	errno = 0;
	long w = ptrace(PTRACE_PEEKDATA, ctx->tid, (void *)(uintptr_t)addr, NULL);
	if (w == -1 && errno)
		return -UNW_EINVAL;
	*val = (unw_word_t)w;
	return 0;
}

static int access_mem(unw_addr_space_t as, unw_word_t addr, unw_word_t *val, int write, void *arg)
{
	access_ctx *ctx = arg;
	if (write)
		return -UNW_EINVAL; /* an observer never writes the tracee */
	maps_entry *e = access_mapping(ctx, addr);
	if (e && !(e->prot & MAPS_W) && addr + sizeof(*val) <= e->hi) {
		object *o = access_object(ctx, e);
		if (o && object_read(o, addr - e->lo + e->off, val, sizeof(*val)) == 0)
			return 0;
	}
	return access_remote_word(ctx, addr, val);
}

static int access_reg(unw_addr_space_t as, unw_regnum_t reg, unw_word_t *val, int write, void *arg)
{
	const struct user_regs_struct *r = &((access_ctx *)arg)->regs;
	if (write)
		return -UNW_EREADONLYREG;
	switch (reg) {
	case UNW_X86_64_RAX: *val = r->rax; break;
	case UNW_X86_64_RDX: *val = r->rdx; break;
	case UNW_X86_64_RCX: *val = r->rcx; break;
	case UNW_X86_64_RBX: *val = r->rbx; break;
	case UNW_X86_64_RSI: *val = r->rsi; break;
	case UNW_X86_64_RDI: *val = r->rdi; break;
	case UNW_X86_64_RBP: *val = r->rbp; break;
	case UNW_X86_64_RSP: *val = r->rsp; break;
	case UNW_X86_64_R8: *val = r->r8; break;
	case UNW_X86_64_R9: *val = r->r9; break;
	case UNW_X86_64_R10: *val = r->r10; break;
	case UNW_X86_64_R11: *val = r->r11; break;
	case UNW_X86_64_R12: *val = r->r12; break;
	case UNW_X86_64_R13: *val = r->r13; break;
	case UNW_X86_64_R14: *val = r->r14; break;
	case UNW_X86_64_R15: *val = r->r15; break;
	case UNW_X86_64_RIP: *val = r->rip; break;
	default: return -UNW_EBADREG;
	}
	return 0;
}

static int access_fpreg(unw_addr_space_t as, unw_regnum_t reg, unw_fpreg_t *val, int write,
                        void *arg)
{
	return -UNW_EBADREG; /* CFI for integer code never needs them */
}

/* Unwind info for ip: the .eh_frame_hdr of the object mapped there, relocated by the load bias
 * of this process. Objects without one (JIT code, rare hand-made ELF) get -UNW_ENOINFO and
 * libunwind falls back to the frame-pointer chain. */
static int access_find_proc_info(unw_addr_space_t as, unw_word_t ip, unw_proc_info_t *pi,
                                 int need_unwind_info, void *arg)
{
	access_ctx *ctx = arg;
	maps_entry *e = access_mapping(ctx, ip);
	if (!e || !(e->prot & MAPS_X))
		return -UNW_ENOINFO;
	object *o = access_object(ctx, e);
	uint64_t vaddr;
	if (!o || !o->ehhdr || object_vaddr(o, ip - e->lo + e->off, &vaddr) < 0)
		return -UNW_ENOINFO;
	uint64_t bias = ip - vaddr;
	unw_dyn_info_t di;
	memset(&di, 0, sizeof(di));
	di.format = UNW_INFO_FORMAT_REMOTE_TABLE;
	di.start_ip = bias + o->text_lo;
	di.end_ip = bias + o->text_hi;
	di.u.rti.segbase = bias + o->ehhdr_vaddr;
	di.u.rti.table_data = bias + o->table_vaddr;
	di.u.rti.table_len = o->fde_count * 8 / sizeof(unw_word_t); /* in words, as libunwind wants */
	if (ip < di.start_ip || ip >= di.end_ip)
		return -UNW_ENOINFO;
	return _Ux86_64_dwarf_search_unwind_table(as, ip, &di, pi, need_unwind_info, arg);
}

/* libunwind frees table-format unwind info itself; this is only called for dynamic info,
 * which find_proc_info never returns. */
static void access_put_unwind_info(unw_addr_space_t as, unw_proc_info_t *pi, void *arg)
{
}

/* No dynamic registration list (_U_dyn_register in JITs) is looked for. */
static int access_get_dyn_info_list_addr(unw_addr_space_t as, unw_word_t *addr, void *arg)
{
	return -UNW_ENOINFO;
}

static int access_resume(unw_addr_space_t as, unw_cursor_t *c, void *arg)
{
	return -UNW_EINVAL;
}

/* Names come from symbolize.c's cached libdw lookups, never from libunwind. */
static int access_get_proc_name(unw_addr_space_t as, unw_word_t addr, char *buf, size_t len,
                                unw_word_t *off, void *arg)
{
	return -UNW_ENOINFO;
}

const unw_accessors_t access_accessors = {
	.find_proc_info = access_find_proc_info,
	.put_unwind_info = access_put_unwind_info,
	.get_dyn_info_list_addr = access_get_dyn_info_list_addr,
	.access_mem = access_mem,
	.access_reg = access_reg,
	.access_fpreg = access_fpreg,
	.resume = access_resume,
	.get_proc_name = access_get_proc_name,
};
