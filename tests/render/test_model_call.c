/* test_model_call.c — the function the program called, from a blocked state's -k stack
 * (model_call.c): the outermost libc frame, by its public name; wait4 is "waitpid" (glibc's
 * wait() and waitpid() both end in it); nothing without a libc frame, without a frame of the
 * program outside libc, or without a stack. The stacks are those glibc 2.36 gave on x86-64. */
#include <stddef.h>

#include "check.h"
#include "ptviz/model.h"

#define LIBC "/usr/lib/x86_64-linux-gnu/libc.so.6"
#define PROG "/tmp/call_words"

static const char *called(const ptv_frame *f, int n)
{
	ptv_stack s = { .frames = f, .nframes = n };
	return ptv_stack_called(&s);
}

int main(int argc, char **argv)
{
	(void)argc;
	const ptv_frame usleep_[] = {
		{ .fn = "clock_nanosleep", .obj = LIBC }, { .fn = "__nanosleep", .obj = LIBC },
		{ .fn = "usleep", .obj = LIBC }, { .fn = "main", .obj = PROG },
		{ .fn = "__libc_start_call_main", .obj = LIBC }, { .fn = "_start", .obj = PROG },
	};
	CHECK_STR(called(usleep_, 6), "usleep");
	const ptv_frame system_wait[] = {
		{ .fn = "wait4", .obj = LIBC }, { .fn = "do_system", .obj = LIBC },
		{ .fn = "main", .obj = PROG },
	};
	CHECK_STR(called(system_wait, 3), "system");
	const ptv_frame system_spawn[] = {
		{ .fn = "__clone3", .obj = LIBC }, { .fn = "__GI___clone_internal", .obj = LIBC },
		{ .fn = "__spawnix", .obj = LIBC }, { .fn = "__spawni", .obj = LIBC },
		{ .fn = "posix_spawn", .obj = LIBC }, { .fn = "do_system", .obj = LIBC },
		{ .fn = "main", .obj = PROG },
	};
	CHECK_STR(called(system_spawn, 7), "system");
	CHECK(called(system_spawn, 5) == NULL);   /* cut before the program: no caller seen */
	const ptv_frame waitpid_[] = { { .fn = "wait4", .obj = LIBC }, { .fn = "main", .obj = PROG } };
	CHECK_STR(called(waitpid_, 2), "waitpid");
	const ptv_frame read_[] = { { .fn = "__GI___libc_read", .obj = LIBC }, { .fn = "main", .obj = PROG } };
	CHECK_STR(called(read_, 2), "read");
	/* a stripped program (dash): its frames have no names, libc's still do */
	const ptv_frame vfork_[] = { { .fn = "__vfork", .obj = LIBC }, { .obj = "/usr/bin/dash" } };
	CHECK_STR(called(vfork_, 2), "vfork");
	/* a libc frame without a name: the named one inside it */
	const ptv_frame nameless[] = { { .fn = "__nanosleep", .obj = LIBC }, { .obj = LIBC },
	                               { .fn = "main", .obj = PROG } };
	CHECK_STR(called(nameless, 3), "nanosleep");
	/* the syscall made by the program itself (static, or inline asm): no libc frame */
	const ptv_frame direct[] = { { .fn = "main", .obj = PROG } };
	CHECK(called(direct, 1) == NULL);
	CHECK(called(NULL, 0) == NULL);
	CHECK(ptv_stack_called(NULL) == NULL);
	return check_done(argv[0]);
}
