/* sysdec.h — the decoders of the syscall table's rows (syscalls.c): what each call's entry and
 * exit stops mean. Named sysdec_<call>_enter / _exit; calls that differ only in where their
 * arguments are (open/openat, mknod/mknodat, kill/tgkill) have a decoder each around a shared
 * helper. See sc_enter_fn and sc_exit_fn in syscalls.h. */
#ifndef PTVIZ_TRACER_SYSDEC_H
#define PTVIZ_TRACER_SYSDEC_H

#include "syscalls.h"

struct ptv_tracer;
struct thread;
/* Shared by the decoders' files: t's process is blocked in `on` until the call's exit; write
 * the facts gathered, with t's stack where they carry one. */
void sysdec_block(struct ptv_tracer *tr, struct thread *t, const char *on);
void sysdec_flush(struct ptv_tracer *tr, const struct thread *t);

sc_enter_fn sysdec_exec_enter;
sc_exit_fn sysdec_exec_exit;
sc_enter_fn sysdec_wait4_enter;
sc_exit_fn sysdec_wait4_exit;
sc_enter_fn sysdec_waitid_enter;
sc_exit_fn sysdec_waitid_exit;
sc_enter_fn sysdec_sleep_enter;
sc_exit_fn sysdec_pipe_exit;
sc_exit_fn sysdec_pipe2_exit;
sc_exit_fn sysdec_mknod_exit;
sc_exit_fn sysdec_mknodat_exit;
sc_enter_fn sysdec_open_enter;
sc_enter_fn sysdec_openat_enter;
sc_exit_fn sysdec_open_exit;
sc_enter_fn sysdec_dup_enter;
sc_enter_fn sysdec_dup2_enter;
sc_exit_fn sysdec_dup_exit;
sc_exit_fn sysdec_dup3_exit;
sc_enter_fn sysdec_fcntl_enter;
sc_exit_fn sysdec_fcntl_exit;
sc_enter_fn sysdec_close_enter;
sc_enter_fn sysdec_close_range_enter;
sc_exit_fn sysdec_close_range_exit;
sc_exit_fn sysdec_mmap_exit;
sc_enter_fn sysdec_kill_enter;
sc_enter_fn sysdec_tgkill_enter;
sc_enter_fn sysdec_pidfd_send_signal_enter;
sc_enter_fn sysdec_sigaction_enter;
sc_exit_fn sysdec_setsid_exit;
sc_exit_fn sysdec_setpgid_exit;
sc_enter_fn sysdec_read_enter;
sc_enter_fn sysdec_write_enter;
sc_exit_fn sysdec_read_exit;
sc_exit_fn sysdec_write_exit;
sc_exit_fn sysdec_writev_exit;

#endif
