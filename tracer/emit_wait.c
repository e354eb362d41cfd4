/* emit_wait.c — the `wait` record: every return of the wait family, with whom it waited for,
 * its options, what it returned and the status the caller received (docs/event-log.md). Part
 * of the emitter (emit.h); the option words are the tables below (wait(2)). */
#include "emit.h"
#include "emit_int.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#ifndef __WNOTHREAD
#define __WNOTHREAD 0x20000000
#endif
#ifndef __WALL
#define __WALL 0x40000000
#endif
#ifndef __WCLONE
#define __WCLONE 0x80000000
#endif

struct emit_wait_opt {
	long bit;
	const char *name;
};

/* wait4's options (WUNTRACED is waitid's WSTOPPED: the same bit, named as each call names it). */
static const struct emit_wait_opt emit_wait4_opts[] = {
	{ WNOHANG, "WNOHANG" }, { WUNTRACED, "WUNTRACED" }, { WCONTINUED, "WCONTINUED" },
	{ __WNOTHREAD, "__WNOTHREAD" }, { __WALL, "__WALL" }, { __WCLONE, "__WCLONE" }, { 0, NULL },
};
static const struct emit_wait_opt emit_waitid_opts[] = {
	{ WNOHANG, "WNOHANG" }, { WEXITED, "WEXITED" }, { WSTOPPED, "WSTOPPED" },
	{ WCONTINUED, "WCONTINUED" }, { WNOWAIT, "WNOWAIT" }, { __WNOTHREAD, "__WNOTHREAD" },
	{ __WALL, "__WALL" }, { __WCLONE, "__WCLONE" }, { 0, NULL },
};

/* "WNOHANG|WUNTRACED", with any bit without a name in hex; "" for none. */
static void emit_wait_options(long options, const struct emit_wait_opt *tab, char *buf,
                              size_t size)
{
	unsigned long left = (unsigned long)options & 0xffffffffUL;
	size_t used = 0;
	buf[0] = 0;
	for (; tab->name && used < size; tab++) {
		if (!(left & (unsigned long)tab->bit))
			continue;
		left &= ~(unsigned long)tab->bit;
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? "|" : "", tab->name);
	}
	if (left && used < size)
		snprintf(buf + used, size - used, "%s0x%lx", used ? "|" : "", left);
}

static void emit_wait_who(cJSON *o, const struct emit_wait *w)
{
	static const char *const words[] = {
		[EMIT_WHO_ANY] = "any", [EMIT_WHO_PID] = "pid", [EMIT_WHO_PGID] = "pgid",
		[EMIT_WHO_OWN_GROUP] = "own group", [EMIT_WHO_PIDFD] = "pidfd",
	};
	char buf[48];
	if (w->who == EMIT_WHO_ANY || w->who == EMIT_WHO_OWN_GROUP)
		snprintf(buf, sizeof buf, "%s", words[w->who]);
	else
		snprintf(buf, sizeof buf, "%s %ld", words[w->who], w->who_id);
	cJSON_AddStringToObject(o, "who", buf);
}

static void emit_wait_status(cJSON *o, const struct emit_wait *w)
{
	char sig[32];
	cJSON *st;
	if (w->status == EMIT_WAIT_NONE || !(st = cJSON_AddObjectToObject(o, "status")))
		return;
	switch (w->status) {
	case EMIT_WAIT_EXITED:
		writer_add_int(st, "exited", w->value);
		break;
	case EMIT_WAIT_SIGNALED:
		cJSON_AddStringToObject(st, "signaled", emit_signame(w->value, sig, sizeof sig));
		writer_add_bool(st, "core", w->core);
		break;
	case EMIT_WAIT_STOPPED:
		cJSON_AddStringToObject(st, "stopped", emit_signame(w->value, sig, sizeof sig));
		break;
	default:
		writer_add_bool(st, "continued", true);
		break;
	}
}

void emit_wait(struct emit *em, const struct emit_wait *w)
{
	char opts[160];
	cJSON *o = emit_begin(em, PTV_EV_WAIT, w->pid);
	if (!o)
		return;
	if (w->tid != w->pid)
		writer_add_int(o, "tid", w->tid);
	emit_word(o, "call", ptv_wait_call_names, PTV_WAIT_COUNT, w->call);
	emit_wait_who(o, w);
	emit_wait_options(w->options, w->call == PTV_WAIT_WAITID ? emit_waitid_opts : emit_wait4_opts,
	                  opts, sizeof opts);
	cJSON_AddStringToObject(o, "options", opts);
	writer_add_int(o, "ret", w->ret);
	if (w->ret < 0) {
		const char *name = strerrorname_np(w->err);
		char buf[16];
		if (!name) {
			snprintf(buf, sizeof buf, "%d", w->err);
			name = buf;
		}
		cJSON_AddStringToObject(o, "errno", name);
	}
	emit_wait_status(o, w);
	writer_emit(em->w, o);
}
