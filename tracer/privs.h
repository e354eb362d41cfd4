/* privs.h — programs that would run with more privileges untraced: setuid, setgid or file
 * capabilities the kernel did not apply because the process is traced. */
#ifndef PTVIZ_TRACER_PRIVS_H
#define PTVIZ_TRACER_PRIVS_H

#include <cjson/cJSON.h>
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

/* At pid's exec (PTRACE_EVENT_EXEC, the new credentials in place): add "privs_dropped" to the
 * exec event o when the file's setuid/setgid bits or capabilities were not applied, and warn
 * through opts.on_warning, once per executable. */
void privs_on_exec(struct ptv_tracer *tr, cJSON *o, pid_t pid);

#endif
