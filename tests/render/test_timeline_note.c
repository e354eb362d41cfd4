/* test_timeline_note.c — the timeline's "States approximate" line (timeline_note.c): one short
 * line per reason the log gives, with the advice that fits that reason: root or the sysctl for a
 * user the paranoid level keeps out, nothing about root to root, nothing to a user who turned the
 * records off; never the tracer's long reason twice, never cut in the middle. */
#include <string.h>

#include "check.h"
#include "ptviz/lang.h"
#include "timeline.h"

/* The tracer's reasons (tracer/sched/sched.c, tracer/schedlog.c), as they are in logs. */
static const char paranoid[] =
	"perf_event_open: Permission denied: kernel.perf_event_paranoid is 3, which keeps the "
	"scheduler's records from users other than root; run as root or `sysctl "
	"kernel.perf_event_paranoid=2`";
static const char root_refused[] =
	"perf_event_open: Operation not permitted: refused even to root (a container's seccomp "
	"profile, as Docker's default one, or a security module forbids it; "
	"kernel.perf_event_paranoid is 2)";
static const char not_allowed[] =
	"perf_event_open: Permission denied: not allowed to watch pid 7880 (another user's process, "
	"a container's seccomp profile or a security module; kernel.perf_event_paranoid is 2); run "
	"as root, or with `sysctl kernel.perf_event_paranoid=2` as the process's owner";

static void test_reasons(void)
{
	char buf[400];
	ptv_lang_set(PTV_LANG_EN);
	timeline_note_text(paranoid, buf, sizeof buf);
	CHECK_STR(buf, "States approximate: kernel.perf_event_paranoid is 3; for exact ones run as "
	               "root or sysctl kernel.perf_event_paranoid=2");
	timeline_note_text(root_refused, buf, sizeof buf);
	CHECK_STR(buf, "States approximate: perf_event_open refused even to root (Operation not "
	               "permitted; seccomp or a security module)");
	CHECK(!strstr(buf, "run as root"));
	timeline_note_text(not_allowed, buf, sizeof buf);
	CHECK_STR(buf, "States approximate: not allowed to watch these processes (Permission "
	               "denied); for exact ones trace them as root");
	timeline_note_text("turned off with --no-sched", buf, sizeof buf);
	CHECK_STR(buf, "States approximate: scheduler records turned off (--no-sched)");
	timeline_note_text("turned off with PTVIZ_SCHED=off", buf, sizeof buf);
	CHECK(strstr(buf, "PTVIZ_SCHED=off") && !strstr(buf, "root"));
	timeline_note_text(NULL, buf, sizeof buf);
	CHECK_STR(buf, "States approximate: no scheduler records in this log");
	/* unknown: the first words of it, closed */
	timeline_note_text("perf_event_open: Too many open files", buf, sizeof buf);
	CHECK_STR(buf, "States approximate: no scheduler records (perf_event_open: Too many open "
	               "files)");
	/* --lang zh: the same line from the one table, the level filled in */
	ptv_lang_set(PTV_LANG_ZH);
	timeline_note_text(paranoid, buf, sizeof buf);
	CHECK(strstr(buf, "kernel.perf_event_paranoid 为 3") && strstr(buf, "root"));
	ptv_lang_set(PTV_LANG_EN);
}

/* Every line is one sentence, short enough for a picture (the renderer shrinks the font to fit
 * the width, never cuts). */
static void test_short(void)
{
	const char *all[] = { paranoid, root_refused, not_allowed, "turned off with --no-sched", NULL,
	                      "perf_event_open: No such device: this kernel has no software "
	                      "context-switch events (they need Linux 4.3 or later built with "
	                      "CONFIG_PERF_EVENTS)" };
	char buf[400];
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		timeline_note_text(all[i], buf, sizeof buf);
		CHECK(strlen(buf) < 120);
		CHECK(strncmp(buf, "States approximate: ", 20) == 0);
		CHECK(!strstr(buf + 1, "States approximate"));
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	test_reasons();
	test_short();
	return check_done(argv[0]);
}
