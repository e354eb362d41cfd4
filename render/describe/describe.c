/* describe.c — the words for a process: its name, how it ended, who reaped it, how long it
 * lived, where it forked, the privileges an exec lost to tracing; and the one duration format. */
#include "ptviz/lang.h"
#include "describe_priv.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Cut s back to its last complete UTF-8 sequence. */
static void describe_utf8_trim(char *s, size_t n)
{
	size_t i = n;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0 || (unsigned char)s[i - 1] < 0xc0)
		return;   /* ends in ASCII or a complete sequence */
	unsigned char lead = (unsigned char)s[i - 1];
	size_t want = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
	if (n - (i - 1) < want)
		s[i - 1] = '\0';
}

void describe_put(char *buf, size_t len, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (len == 0 || *used >= len - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *used, len - *used, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= len - *used) {
		describe_utf8_trim(buf, len - 1);
		*used = strlen(buf);
		return;
	}
	*used += (size_t)n;
}

const char *ptv_describe_name(const ptv_process *p, bool stable_ids, char *buf, size_t len)
{
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	if (stable_ids)
		describe_put(buf, len, &used, "P%d", p->id);
	else
		describe_put(buf, len, &used, "%d", (int)p->pid);
	return buf;
}

/* The units of a duration, each used while the value stays below 1000 of it. */
static const struct { int64_t ns; const char *name; } describe_units[] = {
	{ 1000, "µs" }, { 1000000, "ms" }, { 1000000000, "s" },
};

const char *ptv_describe_duration(int64_t ns, char *buf, size_t len)
{
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	if (ns < 0) {
		describe_put(buf, len, &used, "?");
		return buf;
	}
	if (ns < 1000) {
		describe_put(buf, len, &used, "%" PRId64 " ns", ns);
		return buf;
	}
	for (size_t u = 0; u < sizeof describe_units / sizeof describe_units[0]; u++) {
		double v = (double)ns / (double)describe_units[u].ns;
		int decimals = v < 10 ? 2 : v < 100 ? 1 : 0;
		char num[32];
		snprintf(num, sizeof num, "%.*f", decimals, v);
		/* 999.7 µs rounds to "1000": that is the next unit's 1 */
		if (strtod(num, NULL) >= 1000 && u + 1 < sizeof describe_units / sizeof describe_units[0])
			continue;
		if (strtod(num, NULL) >= 60 && describe_units[u].ns == 1000000000)
			break;
		/* three significant digits, trailing zeros dropped: "12.5", "2", "1.17" */
		if (decimals > 0) {
			size_t n = strlen(num);
			while (num[n - 1] == '0')
				num[--n] = '\0';
			if (num[n - 1] == '.')
				num[--n] = '\0';
		}
		describe_put(buf, len, &used, "%s %s", num, describe_units[u].name);
		return buf;
	}
	/* A minute or more, to the second. */
	int64_t s = (ns + 500000000) / 1000000000;
	describe_put(buf, len, &used, "%" PRId64 " min %02" PRId64 " s", s / 60, s % 60);
	return buf;
}

int64_t ptv_describe_lifetime(const ptv_model *m, const ptv_process *p)
{
	int64_t end = p->exited ? p->t_exit : ptv_model_end(m);

	return end > p->t_start ? end - p->t_start : 0;
}

ptv_status ptv_describe_status_kind(const ptv_process *p)
{
	if (p->exited && p->signaled)
		return PTV_STATUS_KILLED;
	if (p->exited && p->exit_code < 0)
		return PTV_STATUS_EXITED;
	if (p->exited)
		return p->exit_code == 0 ? PTV_STATUS_EXIT_OK : PTV_STATUS_EXIT_FAIL;
	return p->detached ? PTV_STATUS_DETACHED : PTV_STATUS_RUNNING;
}

const char *ptv_describe_signal(const ptv_process *p, char *buf, size_t len)
{
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	if (p->signame)
		describe_put(buf, len, &used, "%s", p->signame);
	else
		describe_put(buf, len, &used, "signal %d", p->signo);
	return buf;
}

const char *ptv_describe_status(const ptv_process *p, char *buf, size_t len)
{
	char sig[64];
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	switch (ptv_describe_status_kind(p)) {
	case PTV_STATUS_KILLED:
		describe_put(buf, len, &used, ptv_tr("killed: %s%s"), ptv_describe_signal(p, sig, sizeof sig),
		             p->core ? ptv_tr(" (core dumped)") : "");
		break;
	case PTV_STATUS_EXIT_OK:
	case PTV_STATUS_EXIT_FAIL:
		describe_put(buf, len, &used, ptv_tr("exit %d"), p->exit_code);
		break;
	case PTV_STATUS_EXITED:
		describe_put(buf, len, &used, "%s", ptv_tr("exited"));
		break;
	case PTV_STATUS_DETACHED:
		describe_put(buf, len, &used, "%s", ptv_tr("detached"));
		break;
	default:
		describe_put(buf, len, &used, "%s", ptv_tr("still running"));
		break;
	}
	return buf;
}

const char *ptv_describe_reaper(const ptv_model *m, const ptv_process *p, bool stable_ids,
                                char *buf, size_t len)
{
	const ptv_process *r = ptv_model_process(m, p->reaper);
	const ptv_header *h = ptv_model_header(m);
	pid_t pid = p->reaper_pid;
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	if (!p->reaped)
		return buf;
	if (r)
		return ptv_describe_name(r, stable_ids, buf, len);
	if (p->orphaned && pid == p->adopter_pid && p->adopter_comm && pid != h->tracer_pid)
		describe_put(buf, len, &used, ptv_tr("%s (pid %d)"), p->adopter_comm, (int)pid);
	else if (pid == 1 || (p->reap_via == PTV_REAP_INIT && pid <= 1))
		describe_put(buf, len, &used, "init");
	else if (p->reap_via == PTV_REAP_SUBREAPER || p->reap_via == PTV_REAP_TRACER ||
	         pid == h->tracer_pid)
		describe_put(buf, len, &used, "ptviz");
	else if (p->reap_via == PTV_REAP_INIT && p->orphaned && pid == p->adopter_pid)
		describe_put(buf, len, &used, ptv_tr("%d (its adopter)"), (int)pid);
	else if (p->reap_via == PTV_REAP_INIT && pid == p->parent_pid)
		describe_put(buf, len, &used, ptv_tr("%d (its parent)"), (int)pid);
	else
		describe_put(buf, len, &used, "%d", (int)pid);
	return buf;
}

const char *ptv_describe_adopter(const ptv_model *m, const ptv_process *p, bool stable_ids,
                                 char *buf, size_t len)
{
	const ptv_process *a = ptv_model_process(m, p->adopter);
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	if (!p->orphaned)
		return buf;
	if (a)
		return ptv_describe_name(a, stable_ids, buf, len);
	/* Named as the tracer read it when the adoption happened (reparent adopter_comm). */
	if (p->adopter_comm && p->adopter_pid != ptv_model_header(m)->tracer_pid)
		describe_put(buf, len, &used, ptv_tr("%s (pid %d)"), p->adopter_comm, (int)p->adopter_pid);
	else if (p->adopter_pid == 1)
		describe_put(buf, len, &used, "init");
	else if (p->adopter_pid == ptv_model_header(m)->tracer_pid)
		describe_put(buf, len, &used, "%s", ptv_tr("ptviz (subreaper)"));
	else
		describe_put(buf, len, &used, "%d", (int)p->adopter_pid);
	return buf;
}

const char *ptv_describe_frame(const ptv_frame *f, char *buf, size_t len)
{
	const char *file = ptv_basename(f->file), *obj = ptv_basename(f->obj);
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	if (f->fn && file && f->line > 0)
		describe_put(buf, len, &used, "%s (%s:%d)", f->fn, file, f->line);
	else if (f->fn)
		describe_put(buf, len, &used, "%s", f->fn);
	else if (file && f->line > 0)
		describe_put(buf, len, &used, "%s:%d", file, f->line);
	/* The file offset is the same run after run (the pc moves with ASLR) and is what
	 * addr2line -e OBJ takes. */
	else if (obj && f->obj_off)
		describe_put(buf, len, &used, "%s+0x%" PRIx64 " (no symbols)", obj, f->obj_off);
	else if (obj)
		describe_put(buf, len, &used, "%s@0x%" PRIx64 " (no symbols)", obj, f->pc);
	else
		describe_put(buf, len, &used, "0x%" PRIx64, f->pc);
	return buf;
}

const char *ptv_describe_call_site(const ptv_stack *s, char *buf, size_t len)
{
	const ptv_frame *f = ptv_stack_call_site(s);

	if (len)
		buf[0] = '\0';
	return f ? ptv_describe_frame(f, buf, len) : buf;
}

const char *ptv_describe_privs_dropped(const ptv_exec *e, char *buf, size_t len)
{
	unsigned lost = e->privs_dropped;
	bool uid = lost & (1u << PTV_PRIV_SETUID), gid = lost & (1u << PTV_PRIV_SETGID);
	size_t used = 0;

	if (len)
		buf[0] = '\0';
	if (!lost)
		return buf;
	describe_put(buf, len, &used, "ran without its %s%s%s%s", uid ? "setuid" : "",
	             uid && gid ? " and " : "", gid ? "setgid" : "", uid || gid ? " privileges" : "");
	if (lost & (1u << PTV_PRIV_CAPS))
		describe_put(buf, len, &used, "%sfile capabilities", uid || gid ? " and " : "");
	describe_put(buf, len, &used, " (ptrace)");
	return buf;
}
