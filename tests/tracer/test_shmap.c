/* test_shmap.c — unit tests of the shared-mapping bookkeeping (tracer/shmap.c) on hand-written
 * /proc/PID/maps text: what an mmap records, what a child inherits at fork, and the unmaps a
 * later look at the maps finds. */
#include "../check.h"
#include "shmap.h"

#include <string.h>
#include <sys/mman.h>

enum { PID = 4000001, CHILD = 4000002 };

static const char MAPS[] =
	"55d0c0000000-55d0c0001000 r-xp 00000000 fe:00 1000                       /usr/bin/x\n"
	"7f0000000000-7f0000002000 rw-s 00000000 00:01 2048                       /dev/zero (deleted)\n"
	"7f0000010000-7f0000011000 r--s 00001000 fe:00 3000                       /tmp/data file\n"
	"7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]\n";

static const unsigned long long ANON = 0x7f0000000000ULL, FILE_MAP = 0x7f0000010000ULL;

/* A table holding MAPS's two shared regions, as mmap recorded them. */
static void with_regions(struct shmtab *t, struct facts *f)
{
	shmap_mmap(t, PID, MAPS, ANON, 0x2000, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, f);
	shmap_mmap(t, PID, MAPS, FILE_MAP, 0x1000, PROT_READ, MAP_SHARED, f);
}

static void test_mmap(void)
{
	struct shmtab t = { 0 };
	struct facts f = { 0 };
	with_regions(&t, &f);
	CHECK_INT(f.n, 2);
	CHECK_INT(t.n, 2);
	const struct fact_shm *a = &f.v[0].shm, *b = &f.v[1].shm;
	CHECK_INT(f.v[0].kind, FACT_MMAP);
	CHECK_STR(a->region, "0:1:2048");
	CHECK(a->anon && !a->path && !a->inherited);
	CHECK_INT(a->prot, PROT_READ | PROT_WRITE);
	/* A file mapping: its file, inode and the offset of addr in it. */
	CHECK_STR(b->region, "254:0:3000");
	CHECK(!b->anon && b->path && strcmp(b->path, "/tmp/data file") == 0);
	CHECK_INT(b->ino, 3000);
	CHECK_INT(b->offset, 0x1000);
	/* An address the maps do not hold (the process unmapped it already): nothing. */
	facts_clear(&f);
	shmap_mmap(&t, PID, MAPS, 0x1000, 0x1000, PROT_READ, MAP_SHARED, &f);
	shmap_mmap(&t, PID, NULL, ANON, 0x1000, PROT_READ, MAP_SHARED, &f);
	CHECK_INT(f.n, 0);
	CHECK_INT(t.n, 2);
	shmtab_free(&t);
	facts_free(&f);
}

/* fork: the child holds the regions its maps still show (not the MADV_DONTFORK one), as
 * inherited mmaps about the child, with the protection the maps show. */
static void test_fork(void)
{
	static const char child_maps[] =
		"55d0c0000000-55d0c0001000 r-xp 00000000 fe:00 1000   /usr/bin/x\n"
		"7f0000000000-7f0000002000 rw-s 00000000 00:01 2048   /dev/zero (deleted)\n";
	struct shmtab parent = { 0 }, child = { 0 };
	struct facts f = { 0 };
	with_regions(&parent, &f);
	facts_clear(&f);
	shmap_fork(&parent, &child, CHILD, child_maps, &f);
	CHECK_INT(f.n, 1);
	CHECK_INT(child.n, 1);
	CHECK_INT(parent.n, 2);
	CHECK(f.n == 1 && f.v[0].kind == FACT_MMAP && f.v[0].pid == CHILD);
	const struct fact_shm *m = &f.v[0].shm;
	CHECK(m->inherited && m->anon && !m->path);
	CHECK_INT(m->addr, ANON);
	CHECK_STR(m->region, "0:1:2048");
	CHECK_INT(m->prot, PROT_READ | PROT_WRITE);
	CHECK(m->flags & MAP_ANONYMOUS);
	/* No maps (the child is gone already): nothing inherited. */
	struct shmtab none = { 0 };
	facts_clear(&f);
	shmap_fork(&parent, &none, CHILD, NULL, &f);
	CHECK_INT(f.n, 0);
	CHECK_INT(none.n, 0);
	shmtab_free(&parent);
	shmtab_free(&child);
	facts_free(&f);
}

/* A later look at the maps: a region that is gone, or holds another object now, was unmapped. */
static void test_scan(void)
{
	static const char later[] =
		"7f0000000000-7f0000002000 rw-s 00000000 00:01 4096   /dev/zero (deleted)\n";
	struct shmtab t = { 0 };
	struct facts f = { 0 };
	with_regions(&t, &f);
	facts_clear(&f);
	shmap_scan(&t, PID, MAPS, &f);   /* unchanged */
	CHECK_INT(f.n, 0);
	shmap_scan(&t, PID, NULL, &f);   /* unreadable: exit will tell */
	CHECK_INT(f.n, 0);
	CHECK_INT(t.n, 2);
	shmap_scan(&t, PID, later, &f);
	CHECK_INT(f.n, 2);
	for (int i = 0; i < f.n; i++)
		CHECK(f.v[i].kind == FACT_MUNMAP && f.v[i].via == PTV_MUNMAP_SCAN && f.v[i].pid == PID);
	CHECK(f.n == 2 && strcmp(f.v[0].shm.region, f.v[1].shm.region) != 0);
	CHECK_INT(t.n, 0);
	shmtab_free(&t);
	facts_free(&f);
}

static void test_drop_all(void)
{
	struct shmtab t = { 0 };
	struct facts f = { 0 };
	with_regions(&t, &f);
	facts_clear(&f);
	shmap_drop_all(&t, PID, PTV_MUNMAP_EXEC, &f);
	CHECK_INT(f.n, 2);
	CHECK(f.n == 2 && f.v[0].via == PTV_MUNMAP_EXEC && f.v[0].shm.addr == ANON);
	CHECK_INT(t.n, 0);
	shmtab_free(&t);
	facts_free(&f);
}

int main(void)
{
	test_mmap();
	test_fork();
	test_scan();
	test_drop_all();
	return check_done("test_shmap");
}
