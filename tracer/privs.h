/* privs.h — programs that would run with more privileges untraced: setuid, setgid or file
 * capabilities the kernel did not apply because the process is traced. */
#ifndef PTVIZ_TRACER_PRIVS_H
#define PTVIZ_TRACER_PRIVS_H

#include <stdbool.h>
#include <sys/types.h>

struct ptv_tracer;

enum { PRIVS_WARN_MAX = 16 };

struct privs {
	bool self_read;       /* never_dropped is known */
	bool never_dropped;   /* nothing to look for: ptviz may trace elevated programs (CAP_SYS_PTRACE,
	                         and no no_new_privs for its filter), or runs with no_new_privs itself
	                         (untraced, nothing would be elevated either) */
	int nwarned;
	struct { dev_t dev; ino_t ino; } warned[PRIVS_WARN_MAX];   /* said once per executable */
};

/* At pid's exec (PTRACE_EVENT_EXEC, the new credentials in place): which of the file's setuid,
 * setgid bits or capabilities were not applied (bits 1 << ptv_priv, for the exec event's
 * "privs_dropped"), 0 for none; warns through opts.on_warning, once per executable. */
unsigned privs_on_exec(struct ptv_tracer *tr, pid_t pid);

#endif
