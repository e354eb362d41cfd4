/* emit_facts.c — the records of inter-process communication and of the bookkeeping's facts
 * (facts.h): pipe, fifo, open, dup, close, fcntl, mmap, munmap, io, reap, reparent. Part of the
 * emitter (emit.h); the words not in include/ptviz/log.h are the tables below. */
#include "emit.h"
#include "emit_int.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

/* pipe.flags words. */
static const struct {
	int bit;
	const char *name;
} emit_pipe_flags[] = {
	{ O_CLOEXEC, "O_CLOEXEC" }, { O_NONBLOCK, "O_NONBLOCK" }, { O_DIRECT, "O_DIRECT" },
};
/* mmap.flags words, mmap.via, open.kind. */
static const char EMIT_MAP_SHARED[] = "MAP_SHARED";
static const char EMIT_MAP_SHARED_VALIDATE[] = "MAP_SHARED_VALIDATE";
static const char EMIT_MAP_ANONYMOUS[] = "MAP_ANONYMOUS";
static const char EMIT_MAP_FIXED[] = "MAP_FIXED";
static const char EMIT_OPEN_KIND_FIFO[] = "fifo";

void emit_fifo(struct emit *em, pid_t pid, const char *path, unsigned mode,
               const struct emit_by *by)
{
	char mbuf[16];
	cJSON *o = emit_begin(em, PTV_EV_FIFO, pid);
	if (!o)
		return;
	writer_add_str(o, "path", path);
	snprintf(mbuf, sizeof mbuf, "0%03o", mode & 07777);
	cJSON_AddStringToObject(o, "mode", mbuf);
	emit_add_stack(em, o, by);
	writer_emit(em->w, o);
}

/* The fields every io event starts with: fd, the pipe's inode when it is one, op, bytes. */
static cJSON *emit_io_begin(struct emit *em, pid_t pid, int fd, unsigned long ino, ptv_io_op op,
                            long bytes)
{
	cJSON *o = emit_begin(em, PTV_EV_IO, pid);
	if (!o)
		return NULL;
	writer_add_int(o, "fd", fd);
	if (ino)
		writer_add_int(o, "ino", (long long)ino);
	emit_word(o, "op", ptv_io_op_names, PTV_IO_COUNT, op);
	writer_add_int(o, "bytes", bytes);
	return o;
}

void emit_io(struct emit *em, pid_t pid, int fd, unsigned long ino, ptv_io_op op, long bytes,
             const char *data, size_t len)
{
	cJSON *o = emit_io_begin(em, pid, fd, ino, op, bytes);
	if (!o)
		return;
	if (len > 0)
		writer_add_bytes(o, "data", data, len);
	writer_emit(em->w, o);
}

void emit_io_outcome(struct emit *em, pid_t pid, int fd, unsigned long ino, ptv_io_op op, int err)
{
	cJSON *o = emit_io_begin(em, pid, fd, ino, op, 0);
	if (!o)
		return;
	if (err) {
		const char *name = strerrorname_np(err);
		char buf[16];
		if (!name) {
			snprintf(buf, sizeof buf, "%d", err);
			name = buf;
		}
		writer_add_int(o, "ret", -1);
		cJSON_AddStringToObject(o, "errno", name);
	} else {
		writer_add_bool(o, "eof", true);
	}
	writer_emit(em->w, o);
}

void emit_output(struct emit *em, pid_t pid, int fd, long bytes, const char *data, size_t len,
                 bool cut)
{
	cJSON *o = emit_io_begin(em, pid, fd, 0, PTV_IO_WRITE, bytes);
	if (!o)
		return;
	if (len > 0)
		writer_add_bytes(o, "data", data, len);
	if (cut)
		writer_add_bool(o, "cut", true);
	writer_emit(em->w, o);
}

static void emit_pipe(struct emit *em, const struct fact *f, const struct emit_by *by)
{
	cJSON *o = emit_begin(em, PTV_EV_PIPE, f->pid);
	if (!o)
		return;
	cJSON *arr = cJSON_AddArrayToObject(o, "fds");
	cJSON_AddItemToArray(arr, cJSON_CreateNumber(f->fd));
	cJSON_AddItemToArray(arr, cJSON_CreateNumber(f->fd2));
	writer_add_int(o, "ino", (long long)f->ino);
	cJSON *fl = cJSON_AddArrayToObject(o, "flags");
	for (size_t i = 0; i < sizeof emit_pipe_flags / sizeof emit_pipe_flags[0]; i++)
		if (f->flags & emit_pipe_flags[i].bit)
			cJSON_AddItemToArray(fl, cJSON_CreateString(emit_pipe_flags[i].name));
	emit_add_stack(em, o, by);
	writer_emit(em->w, o);
}

/* open.access from open's flags. */
static ptv_access emit_access(int flags)
{
	switch (flags & O_ACCMODE) {
	case O_RDONLY: return PTV_ACCESS_READ;
	case O_WRONLY: return PTV_ACCESS_WRITE;
	default: return PTV_ACCESS_READWRITE;
	}
}

static void emit_open(struct emit *em, const struct fact *f, const struct emit_by *by)
{
	cJSON *o = emit_begin(em, PTV_EV_OPEN, f->pid);
	if (!o)
		return;
	writer_add_int(o, "fd", f->fd);
	writer_add_str(o, "path", f->path);
	writer_add_int(o, "ino", (long long)f->ino);
	cJSON_AddStringToObject(o, "kind", EMIT_OPEN_KIND_FIFO);
	emit_word(o, "access", ptv_access_names, PTV_ACCESS_COUNT, emit_access(f->flags));
	writer_add_bool(o, "nonblock", (f->flags & O_NONBLOCK) != 0);
	if (f->via >= 0)
		emit_word(o, "late", ptv_late_names, PTV_LATE_COUNT, f->via);
	else
		emit_add_stack(em, o, by);   /* a late open's call is long past */
	writer_emit(em->w, o);
}

static void emit_dup(struct emit *em, const struct fact *f)
{
	cJSON *o = emit_begin(em, PTV_EV_DUP, f->pid);
	if (!o)
		return;
	writer_add_int(o, "oldfd", f->fd2);
	writer_add_int(o, "newfd", f->fd);
	writer_add_int(o, "ino", (long long)f->ino);
	emit_word(o, "via", ptv_dup_via_names, PTV_DUP_COUNT, f->via);
	writer_emit(em->w, o);
}

static void emit_close(struct emit *em, const struct fact *f)
{
	cJSON *o = emit_begin(em, PTV_EV_CLOSE, f->pid);
	if (!o)
		return;
	writer_add_int(o, "fd", f->fd);
	writer_add_int(o, "ino", (long long)f->ino);
	emit_word(o, "via", ptv_close_via_names, PTV_CLOSE_COUNT, f->via);
	writer_emit(em->w, o);
}

static void emit_fcntl(struct emit *em, const struct fact *f)
{
	cJSON *o = emit_begin(em, PTV_EV_FCNTL, f->pid);
	if (!o)
		return;
	writer_add_int(o, "fd", f->fd);
	writer_add_int(o, "ino", (long long)f->ino);
	writer_add_bool(o, "nonblock", f->nonblock);
	writer_emit(em->w, o);
}

static void emit_mmap(struct emit *em, const struct fact *f, const struct emit_by *by)
{
	const struct fact_shm *m = &f->shm;
	cJSON *o = emit_begin(em, PTV_EV_MMAP, f->pid);
	if (!o)
		return;
	emit_hex(o, "addr", m->addr);
	writer_add_int(o, "len", (long long)m->len);
	char prot[4] = { (m->prot & PROT_READ) ? 'r' : '-', (m->prot & PROT_WRITE) ? 'w' : '-',
	                 (m->prot & PROT_EXEC) ? 'x' : '-', 0 };
	cJSON_AddStringToObject(o, "prot", prot);
	cJSON *fl = cJSON_AddArrayToObject(o, "flags");
	bool validate = (m->flags & MAP_SHARED_VALIDATE) == MAP_SHARED_VALIDATE;
	cJSON_AddItemToArray(fl, cJSON_CreateString(validate ? EMIT_MAP_SHARED_VALIDATE
	                                                     : EMIT_MAP_SHARED));
	if (m->anon)
		cJSON_AddItemToArray(fl, cJSON_CreateString(EMIT_MAP_ANONYMOUS));
	if (m->flags & MAP_FIXED)
		cJSON_AddItemToArray(fl, cJSON_CreateString(EMIT_MAP_FIXED));
	cJSON_AddStringToObject(o, "region", m->region);
	writer_add_bool(o, "anon", m->anon);
	if (m->path) {
		writer_add_bytes(o, "path", m->path, m->pathlen);
		writer_add_int(o, "ino", (long long)m->ino);
		writer_add_int(o, "offset", (long long)m->offset);
	}
	if (m->inherited)
		cJSON_AddStringToObject(o, "via", ptv_mmap_via_names[PTV_MMAP_FORK]);
	else
		emit_add_stack(em, o, by);
	writer_emit(em->w, o);
}

static void emit_munmap(struct emit *em, const struct fact *f)
{
	cJSON *o = emit_begin(em, PTV_EV_MUNMAP, f->pid);
	if (!o)
		return;
	emit_hex(o, "addr", f->shm.addr);
	cJSON_AddStringToObject(o, "region", f->shm.region);
	emit_word(o, "via", ptv_munmap_via_names, PTV_MUNMAP_COUNT, f->via);
	writer_emit(em->w, o);
}

static void emit_reap(struct emit *em, const struct fact *f, const struct emit_by *by)
{
	cJSON *o = emit_begin(em, PTV_EV_REAP, f->pid);
	if (!o)
		return;
	writer_add_int(o, "child", f->child);
	emit_word(o, "via", ptv_reap_via_names, PTV_REAP_COUNT, f->via);
	if (f->status >= 0)
		writer_add_int(o, "status", f->status);
	if (f->via == PTV_REAP_OBSERVED)
		writer_add_int(o, "precision_ns", f->precision_ns);
	if (by && by->tgid == f->pid)
		emit_add_stack(em, o, by);   /* the reaper's own wait */
	writer_emit(em->w, o);
}

static void emit_reparent(struct emit *em, const struct fact *f)
{
	cJSON *o = emit_begin(em, PTV_EV_REPARENT, f->pid);
	if (!o)
		return;
	writer_add_int(o, "from", f->from);
	writer_add_int(o, "to", f->to);
	if (f->comm[0])
		writer_add_str(o, "adopter_comm", f->comm);
	writer_emit(em->w, o);
}

void emit_facts(struct emit *em, const struct facts *f, const struct emit_by *by)
{
	for (int i = 0; i < f->n; i++) {
		const struct fact *x = &f->v[i];
		switch (x->kind) {
		case FACT_PIPE: emit_pipe(em, x, by); break;
		case FACT_OPEN: emit_open(em, x, by); break;
		case FACT_DUP: emit_dup(em, x); break;
		case FACT_CLOSE: emit_close(em, x); break;
		case FACT_NONBLOCK: emit_fcntl(em, x); break;
		case FACT_MMAP: emit_mmap(em, x, by); break;
		case FACT_MUNMAP: emit_munmap(em, x); break;
		case FACT_REAP: emit_reap(em, x, by); break;
		case FACT_REPARENT: emit_reparent(em, x); break;
		}
	}
}
