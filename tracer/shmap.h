/* shmap.h — MAP_SHARED mappings each process holds (issue 4).
 *
 * The filter traps only MAP_SHARED mmaps. munmap is deliberately not trapped (it is far too
 * frequent: malloc frees with it); instead a process's shared regions are checked against
 * /proc/PID/maps at its later process-level calls, at fork, at exec and at exit, so an unmap is
 * recorded at the first of those after it happened (via "scan", "exec" or "exit").
 *
 * The functions work on one process's table and the text of its /proc/PID/maps, read by the
 * caller (procfs_slurp(pid, "maps", SHMAP_MAPS_MAX, NULL)), and append facts (facts.h). */
#ifndef PTVIZ_TRACER_SHMAP_H
#define PTVIZ_TRACER_SHMAP_H

#include "facts.h"

#include <ptviz/log.h>

#include <stdbool.h>
#include <sys/types.h>

/* The most of /proc/PID/maps read. */
#define SHMAP_MAPS_MAX ((size_t)16 << 20)

struct shregion {
	unsigned long long addr, len;
	char region[48];    /* "major:minor:ino" */
};

struct shmtab {
	struct shregion *v;
	int n, cap;
};

void shmtab_free(struct shmtab *t);
/* mmap(MAP_SHARED) of pid returned addr; maps is pid's maps just after (NULL: unreadable). */
void shmap_mmap(struct shmtab *t, pid_t pid, const char *maps, unsigned long long addr,
                unsigned long long len, int prot, int flags, struct facts *out);
/* Child pid inherits the parent's shared regions that its maps still hold (not MADV_DONTFORK):
 * mmap facts marked inherited. */
void shmap_fork(const struct shmtab *parent, struct shmtab *child, pid_t pid, const char *maps,
                struct facts *out);
/* Every region is gone (exec, exit). */
void shmap_drop_all(struct shmtab *t, pid_t pid, ptv_munmap_via via, struct facts *out);
/* Regions that maps no longer holds (or holds another object at) are gone: via scan. */
void shmap_scan(struct shmtab *t, pid_t pid, const char *maps, struct facts *out);

#endif
