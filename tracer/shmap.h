/* shmap.h — MAP_SHARED mappings each process holds (issue 4).
 *
 * The filter traps only MAP_SHARED mmaps. munmap is deliberately not trapped (it is far too
 * frequent: malloc frees with it); instead a process's shared regions are checked against
 * /proc/PID/maps at its later trapped syscalls, at fork, at exec and at exit, so an unmap is
 * recorded at the first of those after it happened (via "scan", "exec" or "exit"). */
#ifndef PTVIZ_TRACER_SHMAP_H
#define PTVIZ_TRACER_SHMAP_H

#include <stdbool.h>

struct shregion {
	unsigned long long addr, len;
	char region[48];    /* "major:minor:ino" */
};

struct shmtab {
	struct shregion *v;
	int n, cap;
};

struct ptv_tracer;
struct proc;

void shmtab_free(struct shmtab *t);
/* mmap(MAP_SHARED) returned addr. */
void shmap_on_mmap(struct ptv_tracer *tr, struct proc *p, unsigned long long addr,
                   unsigned long long len, int prot, int flags);
/* The child inherits the parent's shared regions: mmap events with via "fork". */
void shmap_on_fork(struct ptv_tracer *tr, struct proc *parent, struct proc *child);
/* Every region is gone (exec, exit). */
void shmap_drop_all(struct ptv_tracer *tr, struct proc *p, const char *via);
/* Re-read /proc/PID/maps and record regions that disappeared (via "scan"). */
void shmap_scan(struct ptv_tracer *tr, struct proc *p);

#endif
