/* tracer/unwind/unwind_int.h — what the unwinder's files share: the caches and the per-capture
 * context handed to libunwind's accessors. Not for the tracer (it includes unwind.h only). */
#ifndef PTVIZ_UNWIND_INT_H
#define PTVIZ_UNWIND_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

#include <libunwind.h>

#include "unwind.h"

/* ---- u64map.c: uint64 key -> pointer, open addressing (values are never NULL) ---- */
typedef struct u64map {
	uint64_t *keys;
	void **vals; /* NULL marks a free slot */
	size_t cap;  /* 0 or a power of two */
	size_t len;
} u64map;

int u64map_put(u64map *m, uint64_t key, void *val); /* 0, or -1 when out of memory */
void *u64map_get(const u64map *m, uint64_t key);
void *u64map_del(u64map *m, uint64_t key); /* returns the removed value or NULL */
void u64map_free(u64map *m);                /* frees the table, not the values */

/* ---- object.c: one mapped object file, shared by every process that maps it ---- */
typedef struct object {
	dev_t dev;
	uint64_t ino;
	char *path;          /* as first seen in a maps file; lent to frames */
	struct object *next; /* same inode, other device */
	bool stat_known;     /* st_size and mtime_ns were seen (by stat of path, or of the fd) */
	uint64_t st_size, mtime_ns; /* tell a reused inode number (or a rewritten file) apart */
	const char *open_path; /* path or alt_path: where the file was found, NULL if nowhere */
	char *alt_path;      /* /proc/PID/map_files/... for deleted files, valid while PID lives */
	const unsigned char *image; /* read-only mapping of the whole file, NULL if none */
	size_t size;
	bool elf;            /* image is a usable 64-bit ELF: phdr is valid */
	const void *phdr;    /* Elf64_Phdr[phnum] inside image */
	int phnum;
	bool ehhdr;          /* has a binary-search .eh_frame_hdr table */
	uint64_t ehhdr_vaddr, table_vaddr, fde_count;
	uint64_t text_lo, text_hi; /* link-time range of the executable segments */
	struct symobj *sym;  /* symbolize.c's state, created on first lookup */
} object;

typedef struct object_table {
	u64map by_ino; /* ino -> object list */
	long count;
} object_table;

/* The object for (dev, ino), created and opened on first sight; NULL only when out of memory.
 * pid is used to reach a file by /proc/PID/map_files when its path names another file. */
object *object_get(object_table *t, dev_t dev, uint64_t ino, const char *path, pid_t pid,
                   uint64_t lo, uint64_t hi);
/* A new fd on the object's file, checked to be the same (dev, ino); -1 if it is gone. */
int object_open(const object *o);
/* Copy len bytes at file offset off if they lie in a read-only loaded segment (the process
 * sees exactly the file there). Returns 0, or -1 (read the process instead). */
int object_read(const object *o, uint64_t off, void *buf, size_t len);
/* Link-time address of file offset off, via the PT_LOAD holding it. 0 or -1. */
int object_vaddr(const object *o, uint64_t off, uint64_t *vaddr);
void object_table_free(object_table *t);

/* ---- maps.c: a parsed /proc/PID/maps ---- */
enum { MAPS_R = 1, MAPS_W = 2, MAPS_X = 4 };

typedef struct maps_entry {
	uint64_t lo, hi, off;
	dev_t dev;
	uint64_t ino;
	unsigned prot;     /* MAPS_R | MAPS_W | MAPS_X */
	const char *path;  /* into the maps buffer; NULL for anonymous memory */
	object *obj;       /* resolved on first use when the entry is a file */
	bool obj_tried;
} maps_entry;

typedef struct maps {
	maps_entry *v;
	size_t n, cap;
	char *buf; /* the file's text, paths point into it */
	size_t buflen;
} maps;

int maps_read(maps *m, pid_t pid, char *err, size_t errlen);
maps_entry *maps_find(const maps *m, uint64_t addr);
/* dst (uninitialised) becomes a copy of src, resolved objects included. 0, or -1 (no memory). */
int maps_copy(maps *dst, const maps *src);
/* A hash of the executable file mappings (range, offset, dev, ino): equal hashes mean the same
 * code at the same addresses, so libunwind's per-address caches can be shared. */
uint64_t maps_layout_hash(const maps *m);
void maps_free(maps *m);

/* ---- unwind.c: code layouts and traced processes ---- */
typedef struct ulayout {
	uint64_t hash;       /* maps_layout_hash of every process using it */
	unw_addr_space_t as; /* libunwind caches unwind rules by address: valid for this layout only */
	int refs;            /* processes using it */
} ulayout;

typedef struct uproc {
	pid_t tgid;
	ulayout *layout; /* shared with its fork parent and siblings until one execs or maps code */
	maps maps;
	bool maps_valid;
} uproc;

/* ---- access.c: the libunwind accessors and their per-capture context ---- */
enum { ACCESS_CHUNK = 16384, ACCESS_NCHUNKS = 4 };

typedef struct access_chunk {
	uint64_t base; /* address of data[0] */
	size_t len;    /* bytes valid (a partial read near the end of the stack) */
	unsigned char data[ACCESS_CHUNK];
} access_chunk;

typedef struct access_ctx {
	object_table *objects;
	uproc *proc;
	pid_t tid;
	struct user_regs_struct regs;
	bool refreshed;          /* maps re-read during this capture already */
	bool peek_only;          /* process_vm_readv refused: fall back to PEEKDATA */
	maps_entry *last;        /* last mapping hit, to skip the search */
	access_chunk chunks[ACCESS_NCHUNKS];
	int nchunks, next_chunk;
	long *mem_reads, *maps_reads;
} access_ctx;

extern const unw_accessors_t access_accessors; /* unw_create_addr_space copies it */

/* Start a capture: read the registers of ctx->tid. 0, or -errno. */
int access_begin(access_ctx *ctx);
/* The mapping holding addr, re-reading the maps once per capture on a miss. */
maps_entry *access_mapping(access_ctx *ctx, uint64_t addr);
/* Its object, or NULL for anonymous and special mappings. */
object *access_object(access_ctx *ctx, maps_entry *e);

/* ---- symbolize.c: (object, file offset) -> function, source line ---- */
typedef struct symbolize {
	long lookups, misses;
	int open;             /* objects with an open Dwfl (each holds file descriptors) */
	unsigned long clock;  /* use counter, for evicting the least recently used Dwfl */
} symbolize;

/* Fill f->fn/off/file/line for the code at file offset off of o. caller: pc is a return
 * address, so look at pc - 1 (the call) rather than the next statement. t is searched for a
 * Dwfl to close when too many are open. */
void symbolize_frame(symbolize *sz, object_table *t, object *o, uint64_t off, bool caller,
                     ptv_unwind_frame *f);
void symbolize_object_free(object *o);

#endif
