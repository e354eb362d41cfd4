/* ptviz/describe.h — the words for what the model knows, one way each.
 *
 * How a process ended, how long something lasted, the programs it ran, who reaped it, where it
 * forked, what it is called, and the trace's title: the tree, the timeline, the Perfetto export
 * and the reports all say these through this module, so that one fact reads the same
 * everywhere. The text is plain UTF-8, not escaped: each view escapes it for its output.
 *
 * Functions that write into buf (len bytes) always NUL-terminate it, cut the text when it is too
 * long (never inside a UTF-8 sequence), and return buf.
 */
#ifndef PTVIZ_DESCRIBE_H
#define PTVIZ_DESCRIBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "ptviz/model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Room for any name ptv_describe_name writes ("P2147483647", a pid). */
#define PTV_DESCRIBE_NAME_MAX 24

/* What a process is called: its pid ("1234"), or "P3" (its index) with stable ids. */
const char *ptv_describe_name(const ptv_process *p, bool stable_ids, char *buf, size_t len);

/* A duration (or a time since the trace began), to three significant digits with the unit that
 * keeps the number below 1000: "850 ns", "12.5 µs", "12.5 ms", "1.17 s", "2 min 03 s" from one
 * minute on; "?" for a negative (unknown) one. */
const char *ptv_describe_duration(int64_t ns, char *buf, size_t len);

/* How long p lived: from its creation to its exit, or to the end of the log while alive. */
int64_t ptv_describe_lifetime(const ptv_model *m, const ptv_process *p);

/* How a process ended, as a kind (for a colour) and in words. */
typedef enum ptv_status {
	PTV_STATUS_EXIT_OK,        /* "exit 0" */
	PTV_STATUS_EXIT_FAIL,      /* "exit 3" */
	PTV_STATUS_KILLED,         /* "killed: SIGPIPE", "killed: SIGSEGV (core dumped)" */
	PTV_STATUS_EXITED,         /* "exited": it ended, its code unknown (an attached zombie, a
	                            * reap without an exit record) */
	PTV_STATUS_DETACHED,       /* "detached": ptviz let go of it (attach mode) */
	PTV_STATUS_RUNNING,        /* "still running" at the end of the log */
	PTV_STATUS_COUNT
} ptv_status;

ptv_status ptv_describe_status_kind(const ptv_process *p);
const char *ptv_describe_status(const ptv_process *p, char *buf, size_t len);
/* The signal that killed p: "SIGPIPE", or "signal 9" when the log has no name for it. */
const char *ptv_describe_signal(const ptv_process *p, char *buf, size_t len);

/* Who reaped p: its name (ptv_describe_name) when the reaper is in the trace, "init", "ptviz"
 * (--subreaper, or the launched root's reap), else the pid, with "(its adopter)" or "(its
 * parent)" when the log says which. "" when p was not reaped. */
const char *ptv_describe_reaper(const ptv_model *m, const ptv_process *p, bool stable_ids,
                                char *buf, size_t len);

/* Who adopted p when it was orphaned: its name when the adopter is in the trace, "ptviz
 * (subreaper)" (--subreaper), "systemd (pid 1)" when the log names it (reparent adopter_comm),
 * else "init" (pid 1) or the adopter's pid. "" when p was never orphaned. */
const char *ptv_describe_adopter(const ptv_model *m, const ptv_process *p, bool stable_ids,
                                 char *buf, size_t len);

/* A stack frame: "main (fork_loop.c:34)", "main", "fork_loop.c:34", and for code without symbols
 * the object and the file offset ("server+0x11a9 (no symbols)", what addr2line -e takes), or the
 * address when the offset is unknown ("server@0x55d1c2a011a9 (no symbols)"). */
const char *ptv_describe_frame(const ptv_frame *f, char *buf, size_t len);
/* The frame of ptv_stack_call_site(s), or "" when the stack has none. */
const char *ptv_describe_call_site(const ptv_stack *s, char *buf, size_t len);

/* What an exec did not get because it was traced (ptv_exec.privs_dropped): "ran without its
 * setuid privileges (ptrace)", "... its setuid and setgid privileges and file capabilities
 * (ptrace)"; "" when it lost nothing. */
const char *ptv_describe_privs_dropped(const ptv_exec *e, char *buf, size_t len);

/* The program p runs at the end of the log (or ran last): its last exec's, else the one it was
 * forked running. */
const char *ptv_describe_program(const ptv_model *m, const ptv_process *p);
/* The trace's program, for headlines: the root's (ptv_describe_program), else the header argv[0]'s
 * basename, else "?". */
const char *ptv_describe_root_program(const ptv_model *m);

/* The programs p ran, in order, as the steps of a chain ("sh → ls"): the program it was forked
 * running (when it was forked in the trace, unless it exec'd at that very moment; a process that
 * never exec'd has only this step), then each exec's program (ptv_process_program at the exec:
 * its ptv_exec_name, or for an exec record the log could not name -- an attached zombie's --
 * the program it was forked running). A program repeated
 * by consecutive execs is one step, but the last exec is always a step of its own, so that
 * "sh → sh" shows a forked shell that exec'd a shell. More than max steps (max > 0) are
 * shortened in the middle to the first max - 1, "…", and the last.
 * steps must have room for max + 1 entries; returns how many it filled. */
int ptv_describe_chain_steps(const ptv_model *m, const ptv_process *p, int max, const char **steps);
/* The steps joined by " → " (max 0: every step). */
const char *ptv_describe_chain(const ptv_model *m, const ptv_process *p, int max, char *buf,
                               size_t len);

/* A process as a view's lane or track names it: "1234 sh → ps", "P3 sh → … → grep (orphan)":
 * its name, its chain of at most max steps, and "(orphan)" once it was adopted. The timeline's
 * lanes and Perfetto's tracks use PTV_DESCRIBE_LABEL_CHAIN steps. */
#define PTV_DESCRIBE_LABEL_CHAIN 3
const char *ptv_describe_label(const ptv_model *m, const ptv_process *p, bool stable_ids, int max,
                               char *buf, size_t len);

/* The traced command: argv[0]'s basename and the arguments ("fork_loop", "sh -c ls | wc"), at
 * most max characters (0: no limit) ending in "…" when cut; "(no command)" when the header has
 * none. */
const char *ptv_describe_command(const ptv_model *m, size_t max, char *buf, size_t len);
/* The trace's title: "fork_loop — 4 processes, 12.5 ms", with " (log cut short)" when the log
 * has no end record; the command cut at max_command characters. */
const char *ptv_describe_title(const ptv_model *m, size_t max_command, char *buf, size_t len);

/* The course's word for a system call a process was blocked in or that returned something worth
 * a mark: "waitpid" for wait4, "sleep" for nanosleep, "read"; the syscall itself when the table
 * (render/describe/describe_call.c) has no row; "asleep" for NULL (a block nobody named). */
const char *ptv_describe_call(const char *syscall);

#ifdef __cplusplus
}
#endif
#endif
