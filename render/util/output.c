/* output.c — outputs opened without following links or blocking (see ptviz/output.h). */
#define _GNU_SOURCE   /* renameat2, O_PATH */
#include "ptviz/output.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Room left in a name for the temporary file's dot, suffix and tag (NAME_MAX is 255). */
enum { OUTPUT_BASE_MAX = 200, OUTPUT_TRIES = 64, OUTPUT_LIVE = 8 };

struct ptv_output {
	int fd;          /* write here; -1 once taken or closed */
	int dirfd;       /* the target's directory (O_PATH); -1 when writing in place */
	char *base;      /* the target's name in dirfd (owned) */
	char *tmp;       /* our temporary file in dirfd, NULL when writing in place or once committed */
	bool regular;    /* a new regular file of ours: it may be truncated */
	ptv_output_policy policy;
};

/* The temporary files in existence, for ptv_output_remove_temps() in a signal handler: a slot is
 * filled before it is marked used, and marked free before it is reused. */
static struct {
	volatile sig_atomic_t used;
	int dirfd;
	char name[OUTPUT_BASE_MAX + 16];
} output_live[OUTPUT_LIVE];

static void output_live_add(const ptv_output *o)
{
	for (int i = 0; i < OUTPUT_LIVE; i++) {
		if (output_live[i].used)
			continue;
		output_live[i].dirfd = o->dirfd;
		snprintf(output_live[i].name, sizeof output_live[i].name, "%s", o->tmp);
		output_live[i].used = 1;
		return;
	}
}

static void output_live_drop(const ptv_output *o)
{
	for (int i = 0; i < OUTPUT_LIVE; i++)
		if (output_live[i].used && output_live[i].dirfd == o->dirfd &&
		    strcmp(output_live[i].name, o->tmp) == 0)
			output_live[i].used = 0;
}

void ptv_output_remove_temps(void)
{
	for (int i = 0; i < OUTPUT_LIVE; i++)
		if (output_live[i].used)
			unlinkat(output_live[i].dirfd, output_live[i].name, 0);
}

static int output_fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Write the reason into err; returns -1 for the caller to pass on. */
static int output_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Split path into its directory ("." when none) and last component. The last component must name
 * a file: "dir/", "." and ".." are refused as directories. Returns 0 or -1 with err. */
static int output_split(const char *path, char **dir, char **base, char *err, size_t errlen)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;

	*dir = *base = NULL;
	if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return output_fail(err, errlen, "%s", strerror(EISDIR));
	if (!slash)
		*dir = strdup(".");
	else if (slash == path)
		*dir = strdup("/");
	else
		*dir = strndup(path, (size_t)(slash - path));
	*base = strdup(name);
	if (!*dir || !*base) {
		free(*dir);
		free(*base);
		*dir = *base = NULL;
		return output_fail(err, errlen, "%s", "out of memory");
	}
	return 0;
}

static uint32_t output_random(void)
{
	uint32_t r;
	if (getrandom(&r, sizeof r, GRND_NONBLOCK) == (ssize_t)sizeof r)
		return r;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint32_t)ts.tv_nsec ^ ((uint32_t)getpid() << 16);
}

/* Create our temporary file beside the target: ".NAME.XXXXXXXX", exclusively, never through a
 * link. The mode is 0666 less the umask, as for any new file. Returns 0 or -1 with err. */
static int output_create_tmp(ptv_output *o, char *err, size_t errlen)
{
	size_t len = strlen(o->base) + 16;
	o->tmp = malloc(len);
	if (!o->tmp)
		return output_fail(err, errlen, "%s", "out of memory");
	for (int i = 0; i < OUTPUT_TRIES; i++) {
		snprintf(o->tmp, len, ".%.*s.%08x", OUTPUT_BASE_MAX, o->base, output_random());
		o->fd = openat(o->dirfd, o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (o->fd >= 0) {
			o->regular = true;
			output_live_add(o);
			return 0;
		}
		if (errno != EEXIST)
			break;
	}
	int e = errno;
	free(o->tmp);
	o->tmp = NULL;
	return output_fail(err, errlen, "cannot create a file beside it: %s", strerror(e));
}

/* The replacement gets the old file's permissions, and its owner and group where we may give
 * them; if the group cannot be kept, its members lose the write access they had. */
static void output_keep_mode(int fd, const struct stat *old)
{
	mode_t mode = old->st_mode & 0777;
	if (old->st_uid != geteuid() || old->st_gid != getegid()) {
		if (fchown(fd, old->st_uid, old->st_gid) < 0 && fchown(fd, (uid_t)-1, old->st_gid) < 0)
			mode &= (mode_t)~S_IWGRP;
	}
	(void)!fchmod(fd, mode);
}

/* In a sticky directory (/tmp) ptviz replaces only its own user's files, root included (whom the
 * kernel would let replace anything there): a file another user put under the name could be a
 * trap, and the replacement, which keeps the old file's owner, would hand them what ptviz wrote. */
static int output_may_replace(const ptv_output *o, const struct stat *st, char *err, size_t errlen)
{
	struct stat dir;
	if (fstat(o->dirfd, &dir) < 0 || !(dir.st_mode & S_ISVTX) || st->st_uid == geteuid())
		return 0;
	snprintf(err, errlen, "belongs to uid %u in a sticky directory: not replaced (write somewhere "
	         "of your own)", (unsigned)st->st_uid);
	return -1;
}

/* A character device or a FIFO the user named: written in place. O_NONBLOCK makes a FIFO with no
 * reader fail at once (ENXIO) instead of waiting forever; it is cleared once open. */
static int output_open_in_place(ptv_output *o, const struct stat *st, char *err, size_t errlen)
{
	struct stat now;
	o->fd = openat(o->dirfd, o->base, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (o->fd < 0) {
		if (errno == ENXIO && S_ISFIFO(st->st_mode))
			return output_fail(err, errlen, "%s", "is a FIFO with no reader (start the reader first)");
		return output_fail(err, errlen, "%s", strerror(errno));
	}
	if (fstat(o->fd, &now) < 0 || !(S_ISCHR(now.st_mode) || S_ISFIFO(now.st_mode)))
		return output_fail(err, errlen, "%s", "was replaced while being opened: not written");
	int fl = fcntl(o->fd, F_GETFL);
	if (fl >= 0)
		fcntl(o->fd, F_SETFL, fl & ~O_NONBLOCK);
	return 0;
}

/* What the file type found under the name means for an output; NULL when it may be used. */
static const char *output_refusal(mode_t mode, ptv_output_policy policy)
{
	if (S_ISLNK(mode))
		return "is a symbolic link: ptviz does not write through links (name the file itself)";
	if (policy == PTV_OUTPUT_FRESH)
		return "already exists (it appeared under a name ptviz chose for this run): left untouched";
	if (S_ISDIR(mode))
		return "is a directory";
	if (S_ISSOCK(mode))
		return "is a socket: not an output ptviz writes";
	if (S_ISBLK(mode))
		return "is a block device: not an output ptviz writes";
	return NULL;
}

/* Close what o holds and remove its temporary file if never committed; o stays allocated. */
static void output_release(ptv_output *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (o->tmp) {
		unlinkat(o->dirfd, o->tmp, 0);
		output_live_drop(o);
	}
	free(o->tmp);
	free(o->base);
	o->tmp = o->base = NULL;
	if (o->dirfd >= 0)
		close(o->dirfd);
	o->dirfd = -1;
	o->regular = false;
}

/* Open o (allocated, fields -1/NULL) for path; see ptv_output_open. */
static int output_open(ptv_output *o, const char *path, char *err, size_t errlen)
{
	struct stat st;
	char *dir = NULL;
	int rc = -1;

	if (strcmp(path, "-") == 0) {
		o->fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
		if (o->fd < 0)
			return output_fail(err, errlen, "standard output: %s", strerror(errno));
		return 0;
	}
	if (output_split(path, &dir, &o->base, err, errlen) < 0)
		goto out;
	o->dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (o->dirfd < 0) {
		output_fail(err, errlen, "%s", strerror(errno));
		goto out;
	}
	if (fstatat(o->dirfd, o->base, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno != ENOENT) {
			output_fail(err, errlen, "%s", strerror(errno));
			goto out;
		}
		rc = output_create_tmp(o, err, errlen);
		goto out;
	}
	const char *why = output_refusal(st.st_mode, o->policy);
	if (why) {
		output_fail(err, errlen, "%s", why);
		/* EEXIST: a fresh name taken meanwhile, which the caller may choose again */
		errno = o->policy == PTV_OUTPUT_FRESH && !S_ISLNK(st.st_mode) ? EEXIST : EINVAL;
		goto out;
	}
	if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
		rc = output_open_in_place(o, &st, err, errlen);
		goto out;
	}
	if (output_may_replace(o, &st, err, errlen) < 0 || output_create_tmp(o, err, errlen) < 0)
		goto out;
	output_keep_mode(o->fd, &st);
	rc = 0;
out:
	free(dir);
	return rc;
}

int ptv_output_open(ptv_output **out, const char *path, ptv_output_policy policy, char *err,
                    size_t errlen)
{
	ptv_output *o = malloc(sizeof *o);

	*out = NULL;
	if (!o)
		return output_fail(err, errlen, "%s", "out of memory");
	*o = (ptv_output){ .fd = -1, .dirfd = -1, .policy = policy };
	if (output_open(o, path, err, errlen) < 0) {
		int e = errno;
		ptv_output_free(o);
		errno = e;
		return -1;
	}
	*out = o;
	return 0;
}

int ptv_output_take_fd(ptv_output *o)
{
	int fd = o->fd;
	o->fd = -1;
	return fd;
}

bool ptv_output_is_new_file(const ptv_output *o)
{
	return o->regular;
}

int ptv_output_commit(ptv_output *o, char *err, size_t errlen)
{
	int rc;

	if (!o->tmp)
		return 0;
	if (o->policy == PTV_OUTPUT_NAMED) {
		rc = renameat(o->dirfd, o->tmp, o->dirfd, o->base);
	} else {
		rc = renameat2(o->dirfd, o->tmp, o->dirfd, o->base, RENAME_NOREPLACE);
		/* File systems without RENAME_NOREPLACE: a hard link fails alike on an existing name. */
		if (rc < 0 && errno == EINVAL && (rc = linkat(o->dirfd, o->tmp, o->dirfd, o->base, 0)) == 0)
			unlinkat(o->dirfd, o->tmp, 0);
	}
	if (rc < 0) {
		int e = errno;
		if (e == EEXIST)
			output_fail(err, errlen, "%s", "appeared during the run (under a name ptviz chose "
			            "for it): left untouched");
		else
			output_fail(err, errlen, "%s", strerror(e));
		errno = e;
		return -1;
	}
	output_live_drop(o);
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}

int ptv_output_rename_target(ptv_output *o, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *base = strdup(slash ? slash + 1 : path);

	if (!base)
		return -1;
	free(o->base);
	o->base = base;
	return 0;
}

void ptv_output_free(ptv_output *o)
{
	if (!o)
		return;
	output_release(o);
	free(o);
}
