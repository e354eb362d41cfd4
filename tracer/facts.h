/* facts.h — what the bookkeeping modules found out, as plain C values, for the emitter to write.
 *
 * fdtrack (pipe and FIFO ends), shmap (shared mappings) and reap (who collects a zombie) keep
 * state and decide what happened; they append facts to a list and never write the log. The
 * caller hands the list to emit_facts() (emit.h), which turns each fact into its event, in order.
 * Unit tests read the list instead (tests/tracer/test_fdtrack.c, test_shmap.c, test_reap.c). */
#ifndef PTVIZ_TRACER_FACTS_H
#define PTVIZ_TRACER_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum fact_kind {
	FACT_PIPE,      /* pipe(2): fd = read end, fd2 = write end, ino, flags (pipe2's) */
	FACT_OPEN,      /* a FIFO opened as fd: ino, path, flags (open's), late */
	FACT_DUP,       /* end fd2 duplicated onto fd: ino, via (ptv_dup_via) */
	FACT_CLOSE,     /* end fd let go: ino, via (ptv_close_via) */
	FACT_NONBLOCK,  /* O_NONBLOCK of end fd set or cleared (fcntl F_SETFL): ino, nonblock */
	FACT_MMAP,      /* a shared mapping appeared: shm */
	FACT_MUNMAP,    /* a shared mapping went away: shm.addr, shm.region, via (ptv_munmap_via) */
	FACT_REAP,      /* pid (the reaper) collected child: via (ptv_reap_via), status */
	FACT_REPARENT,  /* orphan pid adopted: from, to, comm */
};

struct fact_shm {
	unsigned long long addr, len;
	char region[48];       /* "major:minor:ino" of the shared object */
	int prot;              /* PROT_* bits */
	int flags;             /* MAP_* bits as given (inherited: MAP_SHARED, MAP_ANONYMOUS) */
	bool anon;
	bool inherited;        /* copied at fork (mmap via "fork") */
	char *path;            /* backing file, owned; NULL when anonymous or unknown */
	size_t pathlen;
	unsigned long ino;
	unsigned long long offset;
};

struct fact {
	enum fact_kind kind;
	pid_t pid;             /* the process the event is about */
	int fd, fd2;
	unsigned long ino;
	int flags;
	int via;               /* the kind's via enum (log.h); FACT_OPEN: ptv_late, -1 when seen */
	bool nonblock;
	char *path;            /* FACT_OPEN: owned */
	pid_t child;           /* FACT_REAP */
	int status;            /* FACT_REAP: raw wait status, -1 unknown */
	long long precision_ns; /* FACT_REAP via observed: how late its time may be */
	pid_t from, to;        /* FACT_REPARENT */
	char comm[16];         /* FACT_REPARENT: the adopter's name then, "" when unknown */
	struct fact_shm shm;   /* FACT_MMAP, FACT_MUNMAP */
};

struct facts {
	struct fact *v;
	int n, cap;
};

/* A new zeroed fact of kind about pid at the end of the list (NULL only when out of memory). */
struct fact *facts_push(struct facts *f, enum fact_kind kind, pid_t pid);
/* Empty the list, keeping its storage. */
void facts_clear(struct facts *f);
void facts_free(struct facts *f);

#endif
