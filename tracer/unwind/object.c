/* tracer/unwind/object.c — the object files (executables, libraries) that traced processes map,
 * keyed by (device, inode) so that a fork child, the next exec of the same program and every
 * process linking libc share one entry: one open, one read-only mmap, one parse of the ELF
 * program headers and of the .eh_frame_hdr search table. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unwind_int.h"

/* DWARF pointer encodings (LSB "Exception Frames"): only what .eh_frame_hdr uses. */
enum {
	EH_PE_absptr = 0x00, EH_PE_udata4 = 0x03, EH_PE_udata8 = 0x04, EH_PE_sdata4 = 0x0b,
	EH_PE_sdata8 = 0x0c, EH_PE_datarel = 0x30, EH_PE_omit = 0xff,
};

/* Size in bytes of a value with encoding enc, 0 when unsupported. */
static size_t object_enc_size(unsigned enc)
{
	switch (enc & 0x0f) {
	case EH_PE_absptr:
	case EH_PE_udata8:
	case EH_PE_sdata8:
		return 8;
	case EH_PE_udata4:
	case EH_PE_sdata4:
		return 4;
	default:
		return 0;
	}
}

static uint64_t object_mtime_ns(const struct stat *st)
{
	return (uint64_t)st->st_mtim.tv_sec * 1000000000u + (uint64_t)st->st_mtim.tv_nsec;
}

/* Open path and keep it only if it is the mapped (dev, ino): the tracee may live in another
 * mount namespace, or the file may have been replaced since it was mapped. */
static int object_open_checked(const char *path, dev_t dev, uint64_t ino)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_dev != dev || (uint64_t)st.st_ino != ino) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Find the unwind search table described by the PT_GNU_EH_FRAME header at ph. */
static void object_parse_ehhdr(object *o, const Elf64_Phdr *ph)
{
	if (ph->p_offset + 4 > o->size)
		return;
	const unsigned char *h = o->image + ph->p_offset;
	size_t ptr_size = object_enc_size(h[1]);
	size_t count_size = object_enc_size(h[2]);
	/* libunwind's table search needs version 1, a count, and 4-byte data-relative entries */
	if (h[0] != 1 || h[1] == EH_PE_omit || !ptr_size || !count_size || (h[2] & 0xf0) ||
	    h[3] != (EH_PE_datarel | EH_PE_sdata4))
		return;
	uint64_t count_off = ph->p_offset + 4 + ptr_size;
	if (count_off + count_size > o->size)
		return;
	uint64_t count = 0;
	if (count_size == 4) {
		uint32_t c32;
		memcpy(&c32, o->image + count_off, 4);
		count = c32;
	} else {
		memcpy(&count, o->image + count_off, 8);
	}
	uint64_t table_off = count_off + count_size;
	if (count == 0 || count > o->size / 8 || table_off + count * 8 > o->size)
		return;
	o->ehhdr = true;
	o->ehhdr_vaddr = ph->p_vaddr;
	o->table_vaddr = ph->p_vaddr + (table_off - ph->p_offset);
	o->fde_count = count;
}

/* Validate the ELF header and read the program headers of the mapped image. */
static void object_parse_elf(object *o)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)o->image;
	if (o->size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phoff > o->size ||
	    eh->e_phnum > (o->size - eh->e_phoff) / sizeof(Elf64_Phdr))
		return;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(o->image + eh->e_phoff);
	o->elf = true;
	o->phdr = ph;
	o->phnum = eh->e_phnum;
	o->text_lo = UINT64_MAX;
	for (int i = 0; i < o->phnum; i++) {
		if (ph[i].p_type == PT_LOAD && (ph[i].p_flags & PF_X)) {
			if (ph[i].p_vaddr < o->text_lo)
				o->text_lo = ph[i].p_vaddr;
			if (ph[i].p_vaddr + ph[i].p_memsz > o->text_hi)
				o->text_hi = ph[i].p_vaddr + ph[i].p_memsz;
		}
	}
	if (o->text_lo == UINT64_MAX)
		o->text_lo = o->text_hi = 0;
	for (int i = 0; i < o->phnum; i++)
		if (ph[i].p_type == PT_GNU_EH_FRAME)
			object_parse_ehhdr(o, &ph[i]);
}

/* Open and map the file behind a new object; failures leave it usable as a name only. The fd
 * is closed at once: the mapping stays, and a trace may meet thousands of objects. */
static void object_load(object *o, pid_t pid, uint64_t lo, uint64_t hi)
{
	char alt[96];
	struct stat st;
	int fd = object_open_checked(o->path, o->dev, o->ino);
	if (fd >= 0) {
		o->open_path = o->path;
	} else {
		/* deleted or in another mount namespace: the kernel still has it open */
		snprintf(alt, sizeof(alt), "/proc/%d/map_files/%llx-%llx", (int)pid,
		         (unsigned long long)lo, (unsigned long long)hi);
		fd = object_open_checked(alt, o->dev, o->ino);
		if (fd >= 0 && !(o->open_path = o->alt_path = strdup(alt))) {
			close(fd);
			return;
		}
	}
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		if (!o->stat_known) {
			o->stat_known = true;
			o->st_size = (uint64_t)st.st_size;
			o->mtime_ns = object_mtime_ns(&st);
		}
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p != MAP_FAILED) {
			o->image = p;
			o->size = (size_t)st.st_size;
			object_parse_elf(o);
		}
	}
	close(fd);
}

int object_open(const object *o)
{
	return o->open_path ? object_open_checked(o->open_path, o->dev, o->ino) : -1;
}

/* Same file as when o was loaded? Inode numbers are reused once a file is deleted (a rebuilt
 * program often gets its old number back), so (dev, ino) alone can name two files. */
static bool object_same(const object *o, const struct stat *st)
{
	return !st || !o->stat_known ||
	       (o->st_size == (uint64_t)st->st_size && o->mtime_ns == object_mtime_ns(st));
}

object *object_get(object_table *t, dev_t dev, uint64_t ino, const char *path, pid_t pid,
                   uint64_t lo, uint64_t hi)
{
	struct stat st, *stp = NULL;
	/* a deleted file cannot be checked: trust its (dev, ino) */
	if (!strstr(path, " (deleted)") && stat(path, &st) == 0 && st.st_dev == dev &&
	    (uint64_t)st.st_ino == ino)
		stp = &st;
	object *head = u64map_get(&t->by_ino, ino);
	for (object *o = head; o; o = o->next)
		if (o->dev == dev && object_same(o, stp))
			return o;
	/* a new object goes first; replaced ones stay, their strings are lent to frames */
	object *o = calloc(1, sizeof(*o));
	if (!o)
		return NULL;
	o->dev = dev;
	o->ino = ino;
	o->path = strdup(path);
	o->next = head;
	if (!o->path || u64map_put(&t->by_ino, ino, o) < 0) {
		free(o->path);
		free(o);
		return NULL;
	}
	t->count++;
	if (stp) {
		o->stat_known = true;
		o->st_size = (uint64_t)stp->st_size;
		o->mtime_ns = object_mtime_ns(stp);
	}
	object_load(o, pid, lo, hi);
	return o;
}

int object_read(const object *o, uint64_t off, void *buf, size_t len)
{
	if (!o->elf)
		return -1;
	const Elf64_Phdr *ph = o->phdr;
	for (int i = 0; i < o->phnum; i++) {
		/* writable segments are relocated in memory and differ from the file */
		if (ph[i].p_type != PT_LOAD || (ph[i].p_flags & PF_W))
			continue;
		if (off >= ph[i].p_offset && off + len <= ph[i].p_offset + ph[i].p_filesz &&
		    off + len <= o->size) {
			memcpy(buf, o->image + off, len);
			return 0;
		}
	}
	return -1;
}

int object_vaddr(const object *o, uint64_t off, uint64_t *vaddr)
{
	if (!o->elf)
		return -1;
	const Elf64_Phdr *ph = o->phdr;
	for (int i = 0; i < o->phnum; i++) {
		if (ph[i].p_type == PT_LOAD && off >= ph[i].p_offset &&
		    off < ph[i].p_offset + ph[i].p_filesz) {
			*vaddr = ph[i].p_vaddr + (off - ph[i].p_offset);
			return 0;
		}
	}
	return -1;
}

void object_table_free(object_table *t)
{
	for (size_t i = 0; i < t->by_ino.cap; i++) {
		object *o = t->by_ino.vals[i];
		while (o) {
			object *next = o->next;
			symbolize_object_free(o);
			if (o->image)
				munmap((void *)o->image, o->size);
			free(o->alt_path);
			free(o->path);
			free(o);
			o = next;
		}
	}
	u64map_free(&t->by_ino);
	t->count = 0;
}
