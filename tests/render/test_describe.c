/* test_describe.c — the words of ptviz/describe.h, one fact at a time: durations (one precision
 * rule, "12.5 ms", a unit never showing 1000), how a process ended (an attached zombie whose code
 * nobody knows "exited"), the exec chain and its shortening, names, reapers, adopters, frames,
 * the privileges an exec lost to tracing, and the trace's title. Links the describe library alone: these words need no Graphviz. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ptviz/describe.h"

#define HEADER(mode, argv) \
	"{\"type\":\"header\",\"format\":\"ptviz\",\"version\":1,\"t\":0,\"pid\":100,\"root\":100," \
	"\"tracer_pid\":99,\"mode\":\"" mode "\",\"argv\":" argv ",\"start_unix_ns\":0," \
	"\"kernel\":\"6.1\",\"clock\":\"CLOCK_MONOTONIC\"}\n"
#define END(t) "{\"t\":" #t ",\"type\":\"end\",\"pid\":100,\"status\":0,\"reason\":\"exited\"}\n"

static ptv_model *load(const char *name, const char *log)
{
	ptv_model *m = NULL;
	ptv_diag d;

	if (ptv_model_load_buffer(&m, name, log, strlen(log), &d) < 0) {
		fprintf(stderr, "%s: %s\n", name, d.error);
		CHECK(!"log loads");
		return NULL;
	}
	return m;
}

static const ptv_process *proc(const ptv_model *m, pid_t pid)
{
	return ptv_model_process(m, ptv_model_find_pid(m, pid));
}

static void test_duration(void)
{
	static const struct { int64_t ns; const char *text; } cases[] = {
		{ 0, "0 ns" }, { 850, "850 ns" }, { 999, "999 ns" },
		{ 1000, "1 µs" }, { 1100, "1.1 µs" }, { 12500, "12.5 µs" }, { 85300, "85.3 µs" },
		{ 999600, "1 ms" },                   /* 999.6 µs: rounds into the next unit */
		{ 2700000, "2.7 ms" }, { 12500000, "12.5 ms" }, { 12000000, "12 ms" },
		{ 498000000, "498 ms" }, { 999999999, "1 s" },
		{ 1170000000, "1.17 s" }, { 1500000000, "1.5 s" }, { 59400000000LL, "59.4 s" },
		{ 59996000000LL, "1 min 00 s" }, { 123000000000LL, "2 min 03 s" },
		{ 3725000000000LL, "62 min 05 s" },
		{ -1, "?" },
	};
	char buf[32], tiny[4];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK_STR(ptv_describe_duration(cases[i].ns, buf, sizeof buf), cases[i].text);
	/* Cut short, never inside the two bytes of "µ". */
	CHECK_STR(ptv_describe_duration(12500, tiny, sizeof tiny), "12.");
	CHECK_STR(ptv_describe_duration(1000, tiny, sizeof tiny), "1 ");
}

/* Every way a process ends, and the attached zombie whose code nobody knows. */
static const char status_log[] =
	HEADER("attach", "[\"server\"]")
	"{\"t\":0,\"type\":\"attach\",\"pid\":100,\"parent\":1,\"path\":\"/srv/server\",\"argv\":[\"server\"],\"state\":\"running\"}\n"
	"{\"t\":0,\"type\":\"attach\",\"pid\":101,\"parent\":100,\"argv\":[],\"state\":\"zombie\"}\n"
	"{\"t\":10,\"type\":\"fork\",\"pid\":100,\"child\":102,\"via\":\"fork\"}\n"
	"{\"t\":11,\"type\":\"fork\",\"pid\":100,\"child\":103,\"via\":\"fork\"}\n"
	"{\"t\":12,\"type\":\"fork\",\"pid\":100,\"child\":104,\"via\":\"fork\"}\n"
	"{\"t\":13,\"type\":\"fork\",\"pid\":100,\"child\":105,\"via\":\"fork\"}\n"
	"{\"t\":14,\"type\":\"fork\",\"pid\":100,\"child\":106,\"via\":\"fork\"}\n"
	"{\"t\":20,\"type\":\"exit\",\"pid\":102,\"code\":0}\n"
	"{\"t\":21,\"type\":\"exit\",\"pid\":103,\"code\":3}\n"
	"{\"t\":22,\"type\":\"exit\",\"pid\":104,\"signal\":\"SIGPIPE\",\"signo\":13,\"core\":false}\n"
	"{\"t\":23,\"type\":\"exit\",\"pid\":105,\"signal\":\"SIGSEGV\",\"signo\":11,\"core\":true}\n"
	"{\"t\":24,\"type\":\"exit\",\"pid\":106,\"signo\":9}\n"
	"{\"t\":30,\"type\":\"reap\",\"pid\":100,\"child\":102,\"via\":\"wait4\"}\n"
	"{\"t\":31,\"type\":\"reap\",\"pid\":1,\"child\":101,\"via\":\"init\"}\n"
	"{\"t\":40,\"type\":\"detach\",\"pid\":100}\n"
	END(50);

static void test_status(void)
{
	static const struct { pid_t pid; ptv_status kind; const char *text; } cases[] = {
		{ 100, PTV_STATUS_DETACHED, "detached" },
		{ 101, PTV_STATUS_EXITED, "exited" },   /* an attached zombie: its code is unknown */
		{ 102, PTV_STATUS_EXIT_OK, "exit 0" },
		{ 103, PTV_STATUS_EXIT_FAIL, "exit 3" },
		{ 104, PTV_STATUS_KILLED, "killed: SIGPIPE" },
		{ 105, PTV_STATUS_KILLED, "killed: SIGSEGV (core dumped)" },
		{ 106, PTV_STATUS_KILLED, "killed: signal 9" },
	};
	ptv_model *m = load("status", status_log);
	char buf[64];

	if (!m)
		return;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const ptv_process *p = proc(m, cases[i].pid);
		CHECK_INT(ptv_describe_status_kind(p), cases[i].kind);
		CHECK_STR(ptv_describe_status(p, buf, sizeof buf), cases[i].text);
	}
	CHECK_STR(ptv_describe_signal(proc(m, 104), buf, sizeof buf), "SIGPIPE");
	/* The zombie's own record names no program: it ran what it was forked running. */
	CHECK_STR(ptv_describe_chain(m, proc(m, 101), 0, buf, sizeof buf), "server");
	CHECK_STR(ptv_describe_reaper(m, proc(m, 101), false, buf, sizeof buf), "init");
	CHECK_STR(ptv_describe_reaper(m, proc(m, 102), false, buf, sizeof buf), "100");
	CHECK_STR(ptv_describe_reaper(m, proc(m, 102), true, buf, sizeof buf), "P0");
	CHECK_STR(ptv_describe_reaper(m, proc(m, 103), false, buf, sizeof buf), "");   /* not reaped */
	CHECK_INT(ptv_describe_lifetime(m, proc(m, 103)), 21 - 11);
	CHECK_INT(ptv_describe_lifetime(m, proc(m, 100)), 50);   /* alive: to the log's end */
	ptv_model_free(m);
}

/* Chains: fork then exec, fork without exec, a shell exec'ing a shell, repeats, a long one. */
static const char chain_log[] =
	HEADER("launch", "[\"/usr/bin/make\",\"-j2\"]")
	"{\"t\":5,\"type\":\"exec\",\"pid\":100,\"path\":\"/usr/bin/make\",\"argv\":[\"make\",\"-j2\"]}\n"
	"{\"t\":10,\"type\":\"fork\",\"pid\":100,\"child\":101,\"via\":\"vfork\"}\n"
	"{\"t\":11,\"type\":\"exec\",\"pid\":101,\"path\":\"/bin/sh\",\"argv\":[\"sh\",\"-c\",\"cc x.c\"]}\n"
	"{\"t\":12,\"type\":\"fork\",\"pid\":101,\"child\":102,\"via\":\"fork\"}\n"
	"{\"t\":13,\"type\":\"exec\",\"pid\":102,\"path\":\"/bin/sh\",\"argv\":[\"sh\"]}\n"
	"{\"t\":14,\"type\":\"fork\",\"pid\":101,\"child\":103,\"via\":\"fork\"}\n"
	"{\"t\":15,\"type\":\"exec\",\"pid\":103,\"path\":\"/usr/bin/cc\",\"argv\":[\"cc\"]}\n"
	"{\"t\":16,\"type\":\"exec\",\"pid\":103,\"path\":\"/usr/bin/cc\",\"argv\":[\"cc\"]}\n"
	"{\"t\":17,\"type\":\"exec\",\"pid\":103,\"path\":\"/usr/lib/gcc/cc1\",\"argv\":[\"cc1\"]}\n"
	"{\"t\":18,\"type\":\"exec\",\"pid\":103,\"path\":\"/usr/bin/as\",\"argv\":[\"as\"]}\n"
	"{\"t\":19,\"type\":\"exec\",\"pid\":103,\"path\":\"/usr/bin/ld\",\"argv\":[\"ld\"]}\n"
	"{\"t\":20,\"type\":\"exec\",\"pid\":103,\"path\":\"/usr/bin/strip\",\"argv\":[\"strip\"]}\n"
	"{\"t\":21,\"type\":\"fork\",\"pid\":101,\"child\":104,\"via\":\"fork\"}\n"
	"{\"t\":22,\"type\":\"reparent\",\"pid\":104,\"from\":101,\"to\":1}\n"
	END(12500000);

static void test_chain(void)
{
	ptv_model *m = load("chain", chain_log);
	const char *steps[4];
	char buf[256];

	if (!m)
		return;
	/* The launched root: its own program only, not ptviz's child before the exec. */
	CHECK_STR(ptv_describe_chain(m, proc(m, 100), 0, buf, sizeof buf), "make");
	CHECK_STR(ptv_describe_chain(m, proc(m, 101), 0, buf, sizeof buf), "make → sh");
	/* A forked shell that exec'd a shell: the exec is a step of its own. */
	CHECK_STR(ptv_describe_chain(m, proc(m, 102), 0, buf, sizeof buf), "sh → sh");
	/* Never exec'd: the program it was forked running. */
	CHECK_STR(ptv_describe_chain(m, proc(m, 104), 0, buf, sizeof buf), "sh");
	CHECK_STR(ptv_describe_program(m, proc(m, 104)), "sh");
	/* cc exec'd twice in a row is one step; the chain is sh cc cc1 as ld strip. */
	CHECK_STR(ptv_describe_chain(m, proc(m, 103), 0, buf, sizeof buf),
	          "sh → cc → cc1 → as → ld → strip");
	CHECK_STR(ptv_describe_chain(m, proc(m, 103), 6, buf, sizeof buf),
	          "sh → cc → cc1 → as → ld → strip");
	CHECK_STR(ptv_describe_chain(m, proc(m, 103), 5, buf, sizeof buf), "sh → cc → cc1 → as → … → strip");
	CHECK_STR(ptv_describe_chain(m, proc(m, 103), 3, buf, sizeof buf), "sh → cc → … → strip");
	CHECK_INT(ptv_describe_chain_steps(m, proc(m, 103), 3, steps), 4);
	CHECK_STR(steps[2], "…");
	CHECK_STR(ptv_describe_program(m, proc(m, 103)), "strip");
	/* Labels of lanes and tracks. */
	CHECK_STR(ptv_describe_label(m, proc(m, 103), false, PTV_DESCRIBE_LABEL_CHAIN, buf, sizeof buf),
	          "103 sh → cc → … → strip");
	CHECK_STR(ptv_describe_label(m, proc(m, 104), true, PTV_DESCRIBE_LABEL_CHAIN, buf, sizeof buf),
	          "P4 sh (orphan)");
	CHECK_STR(ptv_describe_adopter(m, proc(m, 104), true, buf, sizeof buf), "init");
	CHECK_STR(ptv_describe_adopter(m, proc(m, 103), true, buf, sizeof buf), "");
	CHECK_STR(ptv_describe_name(proc(m, 103), true, buf, sizeof buf), "P3");
	CHECK_STR(ptv_describe_name(proc(m, 103), false, buf, sizeof buf), "103");
	/* The title: the command (argv[0]'s basename), how many processes, how long. */
	CHECK_STR(ptv_describe_title(m, 80, buf, sizeof buf), "make -j2 — 5 processes, 12.5 ms");
	CHECK_STR(ptv_describe_title(m, 4, buf, sizeof buf), "make… — 5 processes, 12.5 ms");
	CHECK_STR(ptv_describe_command(m, 0, buf, sizeof buf), "make -j2");
	CHECK_STR(ptv_describe_root_program(m), "make");
	ptv_model_free(m);
}

/* A log cut short says so in its title; an attached root reaped by its parent says who. */
static const char attach_log[] =
	HEADER("attach", "[\"/usr/bin/python3\",\"-c\",\"x\"]")
	"{\"t\":0,\"type\":\"attach\",\"pid\":100,\"parent\":50,\"path\":\"/usr/bin/python3.11\",\"argv\":[\"python3\",\"-c\",\"x\"],\"state\":\"running\"}\n"
	"{\"t\":500,\"type\":\"exit\",\"pid\":100,\"code\":0}\n"
	"{\"t\":600,\"type\":\"reap\",\"pid\":50,\"child\":100,\"via\":\"init\"}\n";

static void test_attach_title(void)
{
	ptv_model *m = load("attach", attach_log);
	char buf[128];

	if (!m)
		return;
	CHECK_STR(ptv_describe_title(m, 80, buf, sizeof buf), "python3 -c x — 1 process, 600 ns (log cut short)");
	CHECK_STR(ptv_describe_reaper(m, proc(m, 100), false, buf, sizeof buf), "50 (its parent)");
	CHECK_STR(ptv_describe_chain(m, proc(m, 100), 0, buf, sizeof buf), "python3");
	ptv_model_free(m);
}

/* exec.privs_dropped, read by the model and said in one way; an unknown word is warned about
 * and left out. */
static const char privs_log[] =
	HEADER("launch", "[\"sh\"]")
	"{\"t\":1,\"type\":\"exec\",\"pid\":100,\"path\":\"/bin/sh\",\"argv\":[\"sh\"]}\n"
	"{\"t\":2,\"type\":\"exec\",\"pid\":100,\"path\":\"/usr/bin/passwd\",\"argv\":[\"passwd\"],"
	"\"privs_dropped\":[\"setuid\"]}\n"
	"{\"t\":3,\"type\":\"exec\",\"pid\":100,\"path\":\"/usr/bin/x\",\"argv\":[\"x\"],"
	"\"privs_dropped\":[\"setuid\",\"setgid\",\"caps\",\"root\"]}\n"
	"{\"t\":4,\"type\":\"exec\",\"pid\":100,\"path\":\"/usr/bin/ping\",\"argv\":[\"ping\"],"
	"\"privs_dropped\":[\"caps\"]}\n"
	"{\"t\":5,\"type\":\"exit\",\"pid\":100,\"code\":0}\n"
	END(6);

static void test_privs(void)
{
	ptv_model *m = NULL;
	ptv_diag d;
	char buf[128];

	CHECK_INT(ptv_model_load_buffer(&m, "privs", privs_log, strlen(privs_log), &d), 0);
	if (!m)
		return;
	const ptv_process *p = proc(m, 100);
	CHECK_INT(p->nexecs, 4);
	CHECK_INT(p->execs[0].privs_dropped, 0);
	CHECK_STR(ptv_describe_privs_dropped(&p->execs[0], buf, sizeof buf), "");
	CHECK_INT(p->execs[1].privs_dropped, 1u << PTV_PRIV_SETUID);
	CHECK_STR(ptv_describe_privs_dropped(&p->execs[1], buf, sizeof buf),
	          "ran without its setuid privileges (ptrace)");
	CHECK_STR(ptv_describe_privs_dropped(&p->execs[2], buf, sizeof buf),
	          "ran without its setuid and setgid privileges and file capabilities (ptrace)");
	CHECK_STR(ptv_describe_privs_dropped(&p->execs[3], buf, sizeof buf),
	          "ran without its file capabilities (ptrace)");
	CHECK(d.warnings == 1 && strstr(d.warning, "unknown privs_dropped \"root\"") != NULL);
	ptv_model_free(m);
}

static void test_frames(void)
{
	static const ptv_frame full = { .pc = 0x55d1c2a0119d, .fn = "main", .obj = "/src/fork_loop",
	                                .file = "/src/samples/fork_loop.c", .line = 34 };
	static const ptv_frame fn_only = { .pc = 0x1000, .fn = "handle_conn", .obj = "/srv/server" };
	static const ptv_frame line_only = { .pc = 0x1000, .file = "/src/x.c", .line = 7 };
	static const ptv_frame stripped = { .pc = 0x55d1c2a011a9, .obj = "/srv/server", .obj_off = 0x11a9 };
	static const ptv_frame no_off = { .pc = 0x55d1c2a011a9, .obj = "/srv/server" };
	static const ptv_frame libc = { .pc = 0x7f00, .fn = "__libc_fork",
	                                .obj = "/usr/lib/x86_64-linux-gnu/libc.so.6" };
	const ptv_frame frames[] = { libc, full };
	const ptv_stack st = { .frames = frames, .nframes = 2 }, none = { 0 };
	char buf[128];

	CHECK_STR(ptv_describe_frame(&full, buf, sizeof buf), "main (fork_loop.c:34)");
	CHECK_STR(ptv_describe_frame(&fn_only, buf, sizeof buf), "handle_conn");
	CHECK_STR(ptv_describe_frame(&line_only, buf, sizeof buf), "x.c:7");
	CHECK_STR(ptv_describe_frame(&stripped, buf, sizeof buf), "server+0x11a9 (no symbols)");
	CHECK_STR(ptv_describe_frame(&no_off, buf, sizeof buf), "server@0x55d1c2a011a9 (no symbols)");
	/* The call site is the program's frame, not libc's. */
	CHECK_STR(ptv_describe_call_site(&st, buf, sizeof buf), "main (fork_loop.c:34)");
	CHECK_STR(ptv_describe_call_site(&none, buf, sizeof buf), "");
	CHECK_STR(ptv_basename("/usr/bin/ls"), "ls");
	CHECK_STR(ptv_basename("ls"), "ls");
	CHECK(ptv_basename("") == NULL && ptv_basename(NULL) == NULL);
}

int main(void)
{
	test_duration();
	test_status();
	test_chain();
	test_attach_title();
	test_privs();
	test_frames();
	return check_done("test_describe");
}
