/* privs.c — did an exec'd program get the privileges its file gives?
 *
 * The kernel does not raise the privileges of a traced process at exec (setuid or setgid bits,
 * file capabilities) unless its tracer has CAP_SYS_PTRACE, and never under no_new_privs, which
 * the seccomp filter needs when ptviz is not root (security/commoncap.c,
 * cap_bprm_creds_from_file; ptrace(2), "execve(2) under ptrace"). Rather than re-deriving that
 * rule, ptviz looks at the outcome: at the exec stop the new credentials are in place, so a
 * setuid file whose owner is not the process's effective uid was not applied. A file on a nosuid
 * mount, or ptviz itself under no_new_privs, would not elevate untraced either: no warning then.
 * Where the rule cannot bite (ptviz as root), nothing is looked at. */
#include "privs.h"

#include "internal.h"
#include "procfs.h"

#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>

#include <ptviz/log.h>

#define PRIVS_XATTR_CAPS "security.capability"   /* linux/xattr.h's XATTR_NAME_CAPS */

/* The credentials of a process, from /proc/PID/status. */
struct privs_creds {
	unsigned long uid[2], gid[2];   /* real, effective */
	unsigned long long cap_prm, cap_eff, cap_bnd;
	int nnp;
};

static bool privs_read_creds(pid_t pid, struct privs_creds *c)
{
	size_t len;
	char *s = procfs_slurp(pid, "status", 8192, &len);
	int got = 0;

	if (!s)
		return false;
	memset(c, 0, sizeof *c);
	for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
		got += sscanf(line, "Uid: %lu %lu", &c->uid[0], &c->uid[1]) == 2;
		got += sscanf(line, "Gid: %lu %lu", &c->gid[0], &c->gid[1]) == 2;
		got += sscanf(line, "CapPrm: %llx", &c->cap_prm) == 1;
		got += sscanf(line, "CapEff: %llx", &c->cap_eff) == 1;
		got += sscanf(line, "CapBnd: %llx", &c->cap_bnd) == 1;
		got += sscanf(line, "NoNewPrivs: %d", &c->nnp) == 1;
	}
	free(s);
	return got >= 5;
}

/* Whether no exec under this tracer can lose privileges to tracing (then each exec costs nothing
 * more): ptviz has CAP_SYS_PTRACE, so the kernel elevates its tracees, and installs its filter
 * without no_new_privs (CAP_SYS_ADMIN, or no filter); or ptviz has no_new_privs itself. */
static bool privs_never_dropped(const struct ptv_tracer *tr)
{
	struct privs_creds c;
	if (!privs_read_creds(getpid(), &c))
		return false;
	bool ptrace_ok = c.cap_eff & (1ULL << CAP_SYS_PTRACE);
	bool filter_ok = !tr->use_seccomp || (c.cap_eff & (1ULL << CAP_SYS_ADMIN));
	return c.nnp || (ptrace_ok && filter_ok);
}

/* The permitted set a file's capabilities would add (security.capability), 0 if none. */
static unsigned long long privs_file_caps(const char *exe)
{
	struct vfs_ns_cap_data d;
	ssize_t n = getxattr(exe, PRIVS_XATTR_CAPS, &d, sizeof d);
	unsigned long long prm;

	if (n < (ssize_t)XATTR_CAPS_SZ_1)
		return 0;
	prm = d.data[0].permitted;
	if (n >= (ssize_t)XATTR_CAPS_SZ_2)
		prm |= (unsigned long long)d.data[1].permitted << 32;
	return prm;
}

/* Which of the file's privileges the process was not given (a PTV_PRIV_* bit set). */
static unsigned privs_dropped(const char *exe, const struct stat *st, const struct privs_creds *c)
{
	unsigned lost = 0;
	if ((st->st_mode & S_ISUID) && st->st_uid != c->uid[0] && st->st_uid != c->uid[1])
		lost |= 1u << PTV_PRIV_SETUID;
	/* setgid without group execute is mandatory locking, not a privilege. */
	if ((st->st_mode & S_ISGID) && (st->st_mode & S_IXGRP) && st->st_gid != c->gid[0] &&
	    st->st_gid != c->gid[1])
		lost |= 1u << PTV_PRIV_SETGID;
	if (privs_file_caps(exe) & c->cap_bnd & ~c->cap_prm)
		lost |= 1u << PTV_PRIV_CAPS;
	return lost;
}

/* Once per executable (for the first PRIVS_WARN_MAX of them; the log has every one). */
static bool privs_first_time(struct privs *pv, const struct stat *st)
{
	for (int i = 0; i < pv->nwarned; i++)
		if (pv->warned[i].dev == st->st_dev && pv->warned[i].ino == st->st_ino)
			return false;
	if (pv->nwarned == PRIVS_WARN_MAX)
		return false;
	pv->warned[pv->nwarned].dev = st->st_dev;
	pv->warned[pv->nwarned].ino = st->st_ino;
	pv->nwarned++;
	return true;
}

/* "/usr/bin/passwd is setuid root: under ptrace it runs without those privileges". */
static void privs_warn(struct ptv_tracer *tr, const char *path, const struct stat *st, unsigned lost)
{
	char msg[PATH_MAX + 256], who[64] = "";
	size_t n = 0;

	n += (size_t)snprintf(msg + n, sizeof msg - n, "%s", path);
	if (lost & (1u << PTV_PRIV_SETUID)) {
		struct passwd *pw = getpwuid(st->st_uid);
		if (pw)
			snprintf(who, sizeof who, "%s", pw->pw_name);
		else
			snprintf(who, sizeof who, "uid %u", (unsigned)st->st_uid);
		n += (size_t)snprintf(msg + n, sizeof msg - n, " is setuid %s", who);
	}
	if (lost & (1u << PTV_PRIV_SETGID) && n < sizeof msg) {
		struct group *gr = getgrgid(st->st_gid);
		if (gr)
			snprintf(who, sizeof who, "%s", gr->gr_name);
		else
			snprintf(who, sizeof who, "gid %u", (unsigned)st->st_gid);
		n += (size_t)snprintf(msg + n, sizeof msg - n, "%s setgid %s",
		                      lost & (1u << PTV_PRIV_SETUID) ? " and" : " is", who);
	}
	if (lost & (1u << PTV_PRIV_CAPS) && n < sizeof msg)
		n += (size_t)snprintf(msg + n, sizeof msg - n, "%s file capabilities",
		                      lost & ((1u << PTV_PRIV_SETUID) | (1u << PTV_PRIV_SETGID)) ?
		                      " and has" : " has");
	if (n < sizeof msg)
		snprintf(msg + n, sizeof msg - n, ": under ptrace it runs without those privileges");
	tr->opts.on_warning(tr->opts.progress_ctx, msg);
}

unsigned privs_on_exec(struct ptv_tracer *tr, pid_t pid)
{
	struct privs *pv = &tr->privs;
	struct privs_creds c;
	struct statvfs vfs;
	struct stat st;
	char exe[64], path[PATH_MAX];
	unsigned lost;

	if (!pv->self_read) {
		pv->self_read = true;
		pv->never_dropped = privs_never_dropped(tr);
	}
	if (pv->never_dropped)
		return 0;
	snprintf(exe, sizeof exe, "/proc/%d/exe", (int)pid);
	if (stat(exe, &st) < 0 || !(st.st_mode & (S_ISUID | S_ISGID) ||
	    getxattr(exe, PRIVS_XATTR_CAPS, NULL, 0) > 0))
		return 0;
	if ((statvfs(exe, &vfs) == 0 && (vfs.f_flag & ST_NOSUID)) || !privs_read_creds(pid, &c))
		return 0;
	lost = privs_dropped(exe, &st, &c);
	if (!lost || !tr->opts.on_warning)
		return lost;
	ssize_t len = procfs_link(pid, "exe", path, sizeof path - 1);
	if (len >= 0 && privs_first_time(pv, &st)) {
		path[len] = '\0';
		privs_warn(tr, path, &st, lost);
	}
	return lost;
}
