/* test_output.c — unit tests of ptviz/output.h, how ptviz writes every file: an old file stays
 * as it was until commit (and after a release), keeps its mode, and no temporary file is left; a
 * symbolic link and a FIFO without a reader are refused at once; a name ptviz chose replaces
 * nothing that appeared under it, and can be aimed at another name. */
#define _GNU_SOURCE
#include "check.h"
#include "ptviz/output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

/* dir/name into buf. */
static const char *at(const char *name, char buf[static 256])
{
	snprintf(buf, 256, "%s/%s", dir, name);
	return buf;
}

static void put(const char *name, const char *text, mode_t mode)
{
	char p[256];
	int fd = open(at(name, p), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	if (fd >= 0) {
		fchmod(fd, mode);
		close(fd);
	}
}

/* The content of dir/name ("" when missing), in a static buffer. */
static const char *content(const char *name)
{
	static char text[256];
	char p[256];
	int fd = open(at(name, p), O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, text, sizeof text - 1) : 0;
	text[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
	return text;
}

/* How many entries dir holds: no temporary file may stay behind. */
static int entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d)))
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	if (d)
		closedir(d);
	return n;
}

static void write_fd(ptv_output *o, const char *text)
{
	int fd = ptv_output_take_fd(o);
	CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	if (fd >= 0)
		close(fd);
}

/* A named regular file: replaced at commit only, keeping its mode; released before, it stays. */
static void test_named_file(void)
{
	char p[256], err[256];
	ptv_output *o = NULL;

	put("log", "old\n", 0640);
	CHECK_INT(ptv_output_open(&o, at("log", p), PTV_OUTPUT_NAMED, err, sizeof err), 0);
	CHECK(o && ptv_output_is_new_file(o));
	write_fd(o, "new\n");
	CHECK_STR(content("log"), "old\n");
	ptv_output_free(o);   /* never committed: a program that could not be run */
	CHECK_STR(content("log"), "old\n");
	CHECK_INT(entries(), 1);

	CHECK_INT(ptv_output_open(&o, at("log", p), PTV_OUTPUT_NAMED, err, sizeof err), 0);
	write_fd(o, "new\n");
	CHECK_INT(ptv_output_commit(o, err, sizeof err), 0);
	ptv_output_free(o);
	CHECK_STR(content("log"), "new\n");
	struct stat st;
	CHECK(stat(at("log", p), &st) == 0 && (st.st_mode & 0777) == 0640);
	CHECK_INT(entries(), 1);
	unlink(p);
}

/* What is not a regular file of the user's: refused in one line, the target untouched. */
static void test_refused(void)
{
	char p[256], q[256], err[256];
	ptv_output *o = NULL;

	put("victim", "keep\n", 0600);
	CHECK(symlink(at("victim", q), at("link", p)) == 0);
	CHECK_INT(ptv_output_open(&o, p, PTV_OUTPUT_NAMED, err, sizeof err), -1);
	CHECK(o == NULL && strstr(err, "symbolic link") != NULL);
	CHECK_STR(content("victim"), "keep\n");
	unlink(p);

	/* No reader: refused at once, never a hang. */
	CHECK(mkfifo(at("fifo", p), 0600) == 0);
	CHECK_INT(ptv_output_open(&o, p, PTV_OUTPUT_NAMED, err, sizeof err), -1);
	CHECK(strstr(err, "FIFO with no reader") != NULL);
	unlink(p);

	CHECK_INT(ptv_output_open(&o, dir, PTV_OUTPUT_NAMED, err, sizeof err), -1);
	CHECK_INT(entries(), 1);
	unlink(q);
}

/* A character device is written in place: nothing to cut back, nothing to rename. */
static void test_device(void)
{
	char err[256];
	ptv_output *o = NULL;

	CHECK_INT(ptv_output_open(&o, "/dev/null", PTV_OUTPUT_NAMED, err, sizeof err), 0);
	CHECK(o && !ptv_output_is_new_file(o));
	write_fd(o, "x");
	CHECK_INT(ptv_output_commit(o, err, sizeof err), 0);
	ptv_output_free(o);
}

/* A name ptviz chose: whatever appears under it meanwhile stays (EEXIST); another name is taken. */
static void test_fresh(void)
{
	char p[256], err[256];
	ptv_output *o = NULL;

	put("taken", "theirs\n", 0644);
	CHECK_INT(ptv_output_open(&o, at("taken", p), PTV_OUTPUT_FRESH, err, sizeof err), -1);
	CHECK_STR(content("taken"), "theirs\n");

	CHECK_INT(ptv_output_open(&o, at("run.jsonl", p), PTV_OUTPUT_FRESH, err, sizeof err), 0);
	write_fd(o, "mine\n");
	put("run.jsonl", "another run's\n", 0644);
	errno = 0;
	CHECK_INT(ptv_output_commit(o, err, sizeof err), -1);
	CHECK_INT(errno, EEXIST);
	CHECK_STR(content("run.jsonl"), "another run's\n");
	CHECK_INT(ptv_output_rename_target(o, at("run-2.jsonl", p)), 0);
	CHECK_INT(ptv_output_commit(o, err, sizeof err), 0);
	ptv_output_free(o);
	CHECK_STR(content("run-2.jsonl"), "mine\n");
	CHECK_INT(entries(), 3);
	unlink(at("run-2.jsonl", p));
	unlink(at("run.jsonl", p));
	unlink(at("taken", p));
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/ptviz-test-output-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_named_file();
	test_refused();
	test_device();
	test_fresh();
	rmdir(dir);
	return check_done("test_output");
}
