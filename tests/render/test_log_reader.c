/* test_log_reader.c — framing and validation of the event log: errors name the file and line,
 * a log cut short loads with a warning, and no input (truncated or mangled anywhere) crashes. */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "ptviz/model.h"

#define HDR "{\"type\":\"header\",\"format\":\"ptviz\",\"version\":1,\"t\":0,\"pid\":10,\"root\":10," \
            "\"tracer_pid\":9,\"mode\":\"launch\",\"argv\":[\"./a\"]}\n"
#define END "{\"t\":900,\"type\":\"end\",\"pid\":10,\"status\":0,\"reason\":\"exited\",\"events\":3}\n"

/* Load text as trace.jsonl: returns the load's result, diag filled. */
static int load(const char *text, ptv_diag *d, ptv_model **out)
{
	ptv_model *m = NULL;
	int rc = ptv_model_load_buffer(&m, "trace.jsonl", text, strlen(text), d);
	if (out)
		*out = m;
	else
		ptv_model_free(m);
	CHECK((rc == 0) == (m != NULL));
	return rc;
}

static void expect_error(const char *text, const char *want)
{
	ptv_diag d;
	CHECK_INT(load(text, &d, NULL), -1);
	if (!strstr(d.error, want))
		fprintf(stderr, "error \"%s\" lacks \"%s\"\n", d.error, want);
	CHECK(strstr(d.error, want) != NULL);
}

static void test_errors(void)
{
	expect_error(HDR "{\"t\":1,\"type\":\"fork\",\"pid\":10,\"child\":11}\n{bad json\n" END,
	             "trace.jsonl:3: not JSON");
	expect_error("{\"t\":1,\"type\":\"fork\",\"pid\":10,\"child\":11}\n" END,
	             "trace.jsonl:1: not a ptviz log (no header)");
	expect_error("hello world\n", "trace.jsonl:1: not a ptviz log (no header)");
	expect_error("{\"type\":\"header\",\"format\":\"ptviz\",\"version\":2,\"root\":10}\n" END,
	             "trace.jsonl:1: log version 2 is newer than this ptviz understands (1)");
	expect_error("{\"type\":\"header\",\"format\":\"other\",\"version\":1,\"root\":10}\n" END,
	             "trace.jsonl:1: not a ptviz log (no header)");
	expect_error("", "trace.jsonl: not a ptviz log (empty)");
	expect_error("\n  \n", "not a ptviz log (empty)");
	/* line numbers count blank lines and CRLF lines */
	expect_error(HDR "\n{\"t\":1,\"type\":\"exec\",\"pid\":10}\r\n\n{\"t\":2,\"type\":\"thread\",\"pid\":10,\"tid\":12}\n"
	             "{\"t\":3,\"type\":\"state\",\"pid\":10,\"state\":\"running\"}\n"
	             "{\"t\":4,\"type\":\"fork\",\"pid\":10}\n" END,
	             "trace.jsonl:7: fork event without \"child\"");
	expect_error(HDR "[1,2]\n" END, "trace.jsonl:2: not a JSON object");
	expect_error(HDR "{\"t\":1,\"pid\":10}\n" END, "trace.jsonl:2: event without \"type\"");
	expect_error(HDR "{\"t\":1,\"type\":\"exit\",\"pid\":\"ten\"}\n" END, "trace.jsonl:2: exit event: \"pid\" is not an integer");
	expect_error(HDR "{\"t\":1,\"type\":\"reap\",\"pid\":10,\"child\":\"11\"}\n" END, "trace.jsonl:2: reap event: \"child\" is not an integer");
	expect_error(HDR "{\"t\":1,\"type\":\"pipe\",\"pid\":10,\"fds\":[3],\"ino\":5}\n" END, "trace.jsonl:2: pipe event without \"fds\"");
	expect_error(HDR "{\"t\":1,\"type\":\"exit\",\"pid\":10} trailing\n" END, "trace.jsonl:2: not JSON (column 32)");

	ptv_diag d;
	CHECK_INT(ptv_model_load(&(ptv_model *){ NULL }, "data/model_does_not_exist.jsonl", &d), -1);
	CHECK(strstr(d.error, "data/model_does_not_exist.jsonl: cannot open") != NULL);
}

static void test_truncated(void)
{
	ptv_diag d;
	ptv_model *m = NULL;
	/* a partial last line: use what came before */
	CHECK_INT(load(HDR "{\"t\":1,\"type\":\"fork\",\"pid\":10,\"child\":11}\n{\"t\":5,\"ty", &d, &m), 0);
	CHECK(d.truncated);
	CHECK(d.warnings >= 1);
	CHECK(strstr(d.warning, "trace.jsonl:3: log cut short") != NULL);
	CHECK(m && ptv_model_nprocesses(m) == 2);
	CHECK(m && !ptv_model_complete(m));
	CHECK(m && ptv_model_exit_status(m) == -1);
	ptv_model_free(m);

	/* complete lines but no end record */
	CHECK_INT(load(HDR "{\"t\":1,\"type\":\"fork\",\"pid\":10,\"child\":11}\n{\"t\":7,\"type\":\"exit\",\"pid\":11,\"code\":0}\n",
	               &d, &m), 0);
	CHECK(d.truncated);
	CHECK(strstr(d.warning, "no \"end\" record") != NULL);
	if (m) {
		const ptv_process *c = ptv_model_process(m, 1);
		CHECK(c->exited && !c->reaped);
		CHECK_INT(ptv_model_end(m), 7);
		CHECK_INT(c->zombie_ns, 0);
		CHECK(c->leaked);   /* never reaped in the log */
		/* the root is still running at the end: its interval runs to the log end */
		const ptv_process *r = ptv_model_process(m, 0);
		CHECK(!r->exited);
		CHECK_INT(r->t_exit, -1);
		CHECK_INT(r->nintervals, 1);
		CHECK_INT(r->intervals[0].end, 7);
	}
	ptv_model_free(m);

	/* the same with an end record and no final newline is complete */
	CHECK_INT(load(HDR "{\"t\":900,\"type\":\"end\",\"pid\":10,\"status\":0}", &d, &m), 0);
	CHECK(!d.truncated);
	CHECK_INT(d.warnings, 0);
	ptv_model_free(m);
}

static void test_lenient(void)
{
	ptv_diag d;
	ptv_model *m = NULL;
	/* unknown types and fields are skipped silently */
	CHECK_INT(load(HDR "{\"t\":1,\"type\":\"teleport\",\"pid\":10,\"to\":\"mars\"}\n"
	               "{\"t\":2,\"type\":\"fork\",\"pid\":10,\"child\":11,\"colour\":\"blue\"}\n" END, &d, &m), 0);
	CHECK_INT(d.warnings, 0);
	CHECK(m && ptv_model_nprocesses(m) == 2);
	ptv_model_free(m);

	/* nonsense values: a negative pid, a huge child, a time going backwards, events after end */
	CHECK_INT(load(HDR "{\"t\":5,\"type\":\"fork\",\"pid\":-3,\"child\":11}\n"
	               "{\"t\":6,\"type\":\"fork\",\"pid\":10,\"child\":1e300}\n"
	               "{\"t\":1e300,\"type\":\"exit\",\"pid\":10,\"code\":99999}\n"
	               "{\"t\":4,\"type\":\"thread\",\"pid\":10,\"tid\":12}\n"
	               "{\"t\":7,\"type\":\"reap\",\"pid\":10,\"child\":424242}\n"
	               "{\"t\":8,\"type\":\"exit\",\"pid\":10}\n" END
	               "{\"t\":9,\"type\":\"exit\",\"pid\":10}\n", &d, &m), 0);
	CHECK(d.warnings >= 5);
	CHECK(strstr(d.warning, "trace.jsonl:2:") != NULL);
	if (m) {
		CHECK_INT(ptv_model_nprocesses(m), 1);
		CHECK_INT(ptv_model_process(m, 0)->exit_code, -1);   /* 99999 is no exit code */
		CHECK_INT(ptv_model_process(m, 0)->threads, 1);
	}
	ptv_model_free(m);
}

/* Every prefix and many one-byte corruptions of a real-looking log: load or fail, never crash. */
static void test_mangled(void)
{
	FILE *f = fopen("data/model_pipeline.jsonl", "rb");
	char *buf = NULL, *copy = NULL;
	size_t len = 0;
	static const char subst[] = { '"', '}', '{', '9', '-', ' ', '\n', ',', '[', 'x', '\0' };
	int loaded = 0, failed = 0;
	CHECK(f != NULL);
	if (!f)
		return;
	buf = malloc(1 << 16);
	len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	copy = malloc(len + 1);
	for (size_t n = 0; n <= len; n++) {
		ptv_model *m = NULL;
		ptv_diag d;
		memcpy(copy, buf, n);   /* exact length, no terminator: the reader must respect len */
		if (ptv_model_load_buffer(&m, "cut", copy, n, &d) == 0)
			loaded++;
		else
			failed++, CHECK(d.error[0] != '\0');
		ptv_model_free(m);
	}
	for (size_t i = 0; i < len; i += 5) {
		for (size_t s = 0; s < sizeof subst; s++) {
			ptv_model *m = NULL;
			ptv_diag d;
			memcpy(copy, buf, len);
			copy[i] = subst[s];
			if (ptv_model_load_buffer(&m, "flip", copy, len, &d) < 0)
				CHECK(d.error[0] != '\0');
			ptv_model_free(m);
		}
	}
	/* the header alone is a loadable (cut short) log; shorter prefixes are not */
	CHECK(loaded > 0 && failed > 0);
	free(copy);
	free(buf);
}

int main(void)
{
	test_errors();
	test_truncated();
	test_lenient();
	test_mangled();
	return check_done("test_log_reader");
}
