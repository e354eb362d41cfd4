/* model_call.c — the function the program called, from a blocked state's -k stack: the label a
 * course uses ("usleep", "system", "waitpid", "read") rather than the system call ptrace saw
 * (clock_nanosleep, vfork then wait4, wait4). It is the outermost libc frame: libc's frames
 * lead from the system call out to the function the program's own code called. Its name is the
 * symbol the unwinder found, which may be glibc's internal one (do_system, __nanosleep,
 * __GI___libc_read): prefixes are dropped and a few internal names mapped to the public function.
 *
 * Limits: glibc's wait() and waitpid() both end in wait4, whose symbol is what the stack shows:
 * both are told "waitpid" (wait(&s) is waitpid(-1, &s, 0)). A function inlined into the program
 * or a static binary has no libc frame: then there is no word from the stack. */
#include "model_priv.h"

#include <string.h>

/* glibc's internal names of public functions, after the prefixes are dropped. */
static const struct {
	const char *internal;
	const char *word;
} model_call_names[] = {
	{ "do_system", "system" },
	{ "spawni", "posix_spawn" },
	{ "spawnix", "posix_spawn" },
	{ "wait4", "waitpid" },       /* what waitpid() and wait() jump into */
	{ "wait", "wait" },
	{ "waitpid", "waitpid" },
	{ "read_nocancel", "read" },
	{ "clone_internal", "fork" },
	{ "clone3", "fork" },
	{ "fork", "fork" },
};

/* Drop "__GI_", leading underscores and "libc_": "__GI___libc_read" → "read". */
static const char *model_call_strip(const char *fn)
{
	if (strncmp(fn, "__GI_", 5) == 0)
		fn += 5;
	while (*fn == '_')
		fn++;
	if (strncmp(fn, "libc_", 5) == 0)
		fn += 5;
	return fn;
}

const char *ptv_stack_called(const ptv_stack *s)
{
	const ptv_frame *outer = NULL;
	if (!s || !s->frames)
		return NULL;
	for (int i = 0; i < s->nframes; i++) {
		if (!model_is_libc(s->frames[i].obj))
			break;
		if (s->frames[i].fn)
			outer = &s->frames[i];
	}
	/* no frame outside libc: a thread libc started, not a call the program made */
	if (!outer || outer == &s->frames[s->nframes - 1])
		return NULL;
	const char *name = model_call_strip(outer->fn);
	if (!*name)
		return NULL;
	for (size_t i = 0; i < sizeof model_call_names / sizeof model_call_names[0]; i++)
		if (strcmp(name, model_call_names[i].internal) == 0)
			return model_call_names[i].word;
	return name;
}
