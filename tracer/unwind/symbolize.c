/* tracer/unwind/symbolize.c — function names and source lines for code addresses, with libdw.
 *
 * Each object gets an offline Dwfl, opened on its first lookup, and a cache keyed by file
 * offset: the key is the object, never the pid, because a fork child and every later exec of
 * the same program run the very same bytes. Cached answers own copies of their strings, so a
 * Dwfl (which holds file descriptors and the decompressed debug sections) can be closed when
 * too many are open and reopened if its object shows new call sites later.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <elfutils/libdwfl.h>

#include "unwind_int.h"

/* At most this many Dwfl open at once: each keeps the file and its debug file open. */
enum { SYMBOLIZE_MAX_OPEN = 32 };

typedef struct sym_entry {
	char *fn;        /* NULL when no symbol covers the address */
	uint64_t fn_off; /* looked-up address - symbol start */
	char *file;      /* NULL when no line table covers it */
	int line;
} sym_entry;

struct symobj {
	Dwfl *dwfl;              /* NULL when closed or never opened */
	Dwfl_Module *mod;
	GElf_Addr bias;          /* module address = link-time address + bias */
	bool failed;             /* libdw cannot read this file: do not retry */
	unsigned long last_use;  /* symbolize.clock at the last miss */
	u64map cache;            /* looked-up file offset -> sym_entry */
};

/* Separate debug info by build-id in /usr/lib/debug (Debian's -dbg/-dbgsym packages) and by
 * .gnu_debuglink. Never dwfl_standard_find_debuginfo: with libdebuginfod installed and
 * DEBUGINFOD_URLS set it downloads over the network, which would stall the tracer. */
static int symbolize_find_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
                                    GElf_Addr base, const char *file_name,
                                    const char *debuglink_file, GElf_Word debuglink_crc,
                                    char **debuginfo_file_name)
{
	char path[4096];
	const unsigned char *id;
	GElf_Addr id_vaddr;
	int n = dwfl_module_build_id(mod, &id, &id_vaddr);
	if (n >= 2) {
		int len = snprintf(path, sizeof(path), "/usr/lib/debug/.build-id/%02x/", id[0]);
		for (int i = 1; i < n && len < (int)sizeof(path) - 8; i++)
			len += snprintf(path + len, sizeof(path) - (size_t)len, "%02x", id[i]);
		snprintf(path + len, sizeof(path) - (size_t)len, ".debug");
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			*debuginfo_file_name = strdup(path);
			return fd;
		}
	}
	if (debuglink_file && file_name && strchr(file_name, '/')) {
		const char *slash = strrchr(file_name, '/');
		snprintf(path, sizeof(path), "/usr/lib/debug%.*s/%s", (int)(slash - file_name), file_name,
		         debuglink_file);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			*debuginfo_file_name = strdup(path);
			return fd;
		}
	}
	errno = ENOENT;
	return -1;
}

/* The main file is always reported with an open fd, so libdw never has to search for it. */
static int symbolize_find_elf(Dwfl_Module *mod, void **userdata, const char *modname,
                              Dwarf_Addr base, char **file_name, Elf **elfp)
{
	return -1;
}

static const Dwfl_Callbacks symbolize_callbacks = {
	.find_elf = symbolize_find_elf,
	.find_debuginfo = symbolize_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

static void symbolize_close(symbolize *sz, struct symobj *s)
{
	if (!s->dwfl)
		return;
	dwfl_end(s->dwfl);
	s->dwfl = NULL;
	s->mod = NULL;
	sz->open--;
}

/* Close the Dwfl unused for the longest time. */
static void symbolize_evict(symbolize *sz, object_table *t)
{
	struct symobj *oldest = NULL;
	for (size_t i = 0; i < t->by_ino.cap; i++)
		for (object *o = t->by_ino.vals[i]; o; o = o->next)
			if (o->sym && o->sym->dwfl && (!oldest || o->sym->last_use < oldest->last_use))
				oldest = o->sym;
	if (oldest)
		symbolize_close(sz, oldest);
}

/* Report o's file to a fresh Dwfl; sets s->failed when libdw cannot use it. */
static void symbolize_open(symbolize *sz, object_table *t, object *o, struct symobj *s)
{
	int fd = -1;
	if (!o->elf)
		goto fail;
	if (sz->open >= SYMBOLIZE_MAX_OPEN)
		symbolize_evict(sz, t);
	if ((fd = object_open(o)) < 0)
		goto fail;
	if (!(s->dwfl = dwfl_begin(&symbolize_callbacks))) {
		close(fd);
		goto fail;
	}
	sz->open++;
	dwfl_report_begin(s->dwfl);
	s->mod = dwfl_report_elf(s->dwfl, o->path, o->open_path, fd, 0, false);
	dwfl_report_end(s->dwfl, NULL, NULL);
	if (!s->mod)
		close(fd); /* libdw keeps the fd only when the module was created */
	if (!s->mod || !dwfl_module_getelf(s->mod, &s->bias)) {
		symbolize_close(sz, s);
		goto fail;
	}
	return;
fail:
	s->failed = true;
}

/* Resolve file offset off of o with libdw into e (which then owns copies of the strings). */
static void symbolize_resolve(object *o, struct symobj *s, uint64_t off, sym_entry *e)
{
	uint64_t vaddr;
	if (!s->mod || object_vaddr(o, off, &vaddr) < 0)
		return;
	GElf_Addr addr = vaddr + s->bias;
	GElf_Off sym_off = 0;
	GElf_Sym sym;
	const char *name = dwfl_module_addrinfo(s->mod, addr, &sym_off, &sym, NULL, NULL, NULL);
	if (name && *name) {
		/* symbol tables name versioned definitions "__libc_start_main@@GLIBC_2.34"; the log
		 * wants the function */
		const char *at = strchr(name, '@');
		e->fn = at && at > name ? strndup(name, (size_t)(at - name)) : strdup(name);
		e->fn_off = sym_off;
	}
	Dwfl_Line *l = dwfl_module_getsrc(s->mod, addr);
	int line = 0;
	const char *file = l ? dwfl_lineinfo(l, NULL, &line, NULL, NULL, NULL) : NULL;
	if (file && line > 0 && (e->file = strdup(file)))
		e->line = line;
}

void symbolize_frame(symbolize *sz, object_table *t, object *o, uint64_t off, bool caller,
                     ptv_unwind_frame *f)
{
	sz->lookups++;
	if (!o->sym && !(o->sym = calloc(1, sizeof(*o->sym))))
		return;
	struct symobj *s = o->sym;
	/* A return address may already belong to the next line or even the next function (after a
	 * call to a noreturn function): the call instruction ends at pc - 1. */
	uint64_t look = caller && off > 0 ? off - 1 : off;
	sym_entry *e = u64map_get(&s->cache, look);
	if (!e) {
		sz->misses++;
		s->last_use = ++sz->clock;
		if (!s->dwfl && !s->failed)
			symbolize_open(sz, t, o, s);
		if (!(e = calloc(1, sizeof(*e))))
			return;
		symbolize_resolve(o, s, look, e);
		if (u64map_put(&s->cache, look, e) < 0) {
			free(e->fn);
			free(e->file);
			free(e);
			return;
		}
	}
	if (e->fn) {
		f->fn = e->fn;
		f->off = e->fn_off + (off - look);
	}
	f->file = e->file;
	f->line = e->line;
}

void symbolize_object_free(object *o)
{
	struct symobj *s = o->sym;
	if (!s)
		return;
	for (size_t i = 0; i < s->cache.cap; i++) {
		sym_entry *e = s->cache.vals[i];
		if (e) {
			free(e->fn);
			free(e->file);
		}
		free(e);
	}
	u64map_free(&s->cache);
	if (s->dwfl)
		dwfl_end(s->dwfl); /* the unwinder is going away: no count to keep */
	free(s);
	o->sym = NULL;
}
