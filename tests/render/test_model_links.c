/* test_model_links.c — the writer → reader links of pipes and FIFOs, computed once by the model
 * for every view: ps → grep through a pipeline with --io (bytes, and the programs that held the
 * ends), a parent that says "go" by closing a pipe its child reads later (sigpipe's shape: a
 * link although the two never held their single ends at once), a reader gone before the writer
 * came (no link), plumbing that holds both ends (no link), two writers into one FIFO. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ptviz/model.h"

#define HEADER(io) \
	"{\"type\":\"header\",\"format\":\"ptviz\",\"version\":1,\"t\":0,\"pid\":100,\"root\":100," \
	"\"tracer_pid\":99,\"mode\":\"launch\",\"argv\":[\"sh\"],\"start_unix_ns\":0,\"kernel\":\"6.1\"," \
	"\"clock\":\"CLOCK_MONOTONIC\",\"options\":{\"io\":" io ",\"stacks\":false,\"subreaper\":false," \
	"\"seccomp\":true}}\n"
#define END "{\"t\":1000,\"type\":\"end\",\"pid\":100,\"status\":0,\"reason\":\"exited\"}\n"

static ptv_model *load(const char *name, const char *log)
{
	ptv_model *m = NULL;
	ptv_diag d;

	if (ptv_model_load_buffer(&m, name, log, strlen(log), &d) < 0) {
		fprintf(stderr, "%s: %s\n", name, d.error);
		CHECK(!"log loads");
		return NULL;
	}
	CHECK_INT(d.warnings, 0);
	return m;
}

static int idx(const ptv_model *m, pid_t pid)
{
	return ptv_model_find_pid(m, pid);
}

/* The program a link's holder ran while it held its end. */
static const char *held_by(const ptv_model *m, const ptv_ipc *o, int holder)
{
	const ptv_holder *h = &o->holders[holder];
	const ptv_process *p = ptv_model_process(m, h->proc);

	return h->exec_index >= 0 ? ptv_exec_name(&p->execs[h->exec_index]) : "(before any exec)";
}

static const char pipeline_log[] =
	HEADER("true")
	"{\"t\":10,\"type\":\"exec\",\"pid\":100,\"path\":\"/bin/sh\",\"argv\":[\"sh\",\"-c\",\"ps | grep x\"]}\n"
	"{\"t\":20,\"type\":\"pipe\",\"pid\":100,\"fds\":[3,4],\"ino\":700,\"flags\":[]}\n"
	"{\"t\":30,\"type\":\"fork\",\"pid\":100,\"child\":101,\"via\":\"fork\"}\n"
	"{\"t\":31,\"type\":\"fork\",\"pid\":100,\"child\":102,\"via\":\"fork\"}\n"
	"{\"t\":32,\"type\":\"close\",\"pid\":100,\"fd\":3,\"ino\":700,\"via\":\"close\"}\n"
	"{\"t\":33,\"type\":\"close\",\"pid\":100,\"fd\":4,\"ino\":700,\"via\":\"close\"}\n"
	"{\"t\":40,\"type\":\"dup\",\"pid\":101,\"oldfd\":4,\"newfd\":1,\"ino\":700,\"via\":\"dup2\"}\n"
	"{\"t\":41,\"type\":\"close\",\"pid\":101,\"fd\":3,\"ino\":700,\"via\":\"close\"}\n"
	"{\"t\":42,\"type\":\"close\",\"pid\":101,\"fd\":4,\"ino\":700,\"via\":\"close\"}\n"
	"{\"t\":43,\"type\":\"exec\",\"pid\":101,\"path\":\"/bin/ps\",\"argv\":[\"ps\"]}\n"
	"{\"t\":50,\"type\":\"dup\",\"pid\":102,\"oldfd\":3,\"newfd\":0,\"ino\":700,\"via\":\"dup2\"}\n"
	"{\"t\":51,\"type\":\"close\",\"pid\":102,\"fd\":3,\"ino\":700,\"via\":\"close\"}\n"
	"{\"t\":52,\"type\":\"close\",\"pid\":102,\"fd\":4,\"ino\":700,\"via\":\"close\"}\n"
	"{\"t\":53,\"type\":\"exec\",\"pid\":102,\"path\":\"/bin/grep\",\"argv\":[\"grep\",\"x\"]}\n"
	"{\"t\":60,\"type\":\"io\",\"pid\":101,\"fd\":1,\"ino\":700,\"op\":\"write\",\"bytes\":100}\n"
	"{\"t\":61,\"type\":\"io\",\"pid\":102,\"fd\":0,\"ino\":700,\"op\":\"read\",\"bytes\":100}\n"
	"{\"t\":62,\"type\":\"io\",\"pid\":101,\"fd\":1,\"ino\":700,\"op\":\"write\",\"bytes\":50}\n"
	"{\"t\":70,\"type\":\"exit\",\"pid\":101,\"code\":0}\n"
	"{\"t\":71,\"type\":\"exit\",\"pid\":102,\"code\":0}\n"
	"{\"t\":80,\"type\":\"reap\",\"pid\":100,\"child\":101,\"via\":\"wait4\"}\n"
	"{\"t\":81,\"type\":\"reap\",\"pid\":100,\"child\":102,\"via\":\"wait4\"}\n"
	END;

static void test_pipeline(void)
{
	ptv_model *m = load("pipeline", pipeline_log);
	if (!m)
		return;
	CHECK_INT(ptv_model_nipc(m), 1);
	const ptv_ipc *o = ptv_model_ipc(m, 0);
	CHECK_INT(o->nlinks, 1);
	if (o->nlinks == 1) {
		const ptv_ipc_link *lk = &o->links[0];
		CHECK_INT(lk->writer, idx(m, 101));
		CHECK_INT(lk->reader, idx(m, 102));
		/* The ends as ps and grep held them (with --io: the holders that moved bytes), not
		 * the shell's or the children's before their exec. */
		CHECK_STR(held_by(m, o, lk->writer_holder), "ps");
		CHECK_STR(held_by(m, o, lk->reader_holder), "grep");
		CHECK_INT(lk->t, 53);        /* grep's exec: from then on both held their ends */
		CHECK_INT(lk->bytes, 150);   /* everything ps wrote */
	}
	ptv_model_free(m);
}

/* sigpipe's "go" pipe: the parent keeps the write end, closes it to say go; the child drops its
 * copy of the write end only after that. They never held one end each at the same instant, yet
 * the EOF the parent sent is what the child reads. */
static const char go_log[] =
	HEADER("false")
	"{\"t\":10,\"type\":\"pipe\",\"pid\":100,\"fds\":[3,4],\"ino\":500,\"flags\":[]}\n"
	"{\"t\":20,\"type\":\"fork\",\"pid\":100,\"child\":101,\"via\":\"fork\"}\n"
	"{\"t\":30,\"type\":\"close\",\"pid\":100,\"fd\":3,\"ino\":500,\"via\":\"close\"}\n"
	"{\"t\":40,\"type\":\"close\",\"pid\":100,\"fd\":4,\"ino\":500,\"via\":\"close\"}\n"
	"{\"t\":50,\"type\":\"close\",\"pid\":101,\"fd\":4,\"ino\":500,\"via\":\"close\"}\n"
	"{\"t\":60,\"type\":\"exit\",\"pid\":101,\"code\":0}\n"
	"{\"t\":61,\"type\":\"reap\",\"pid\":100,\"child\":101,\"via\":\"wait4\"}\n"
	END;

static void test_go_pipe(void)
{
	ptv_model *m = load("go", go_log);
	if (!m)
		return;
	const ptv_ipc *o = ptv_model_ipc(m, 0);
	CHECK(o && o->nlinks == 1);
	if (o && o->nlinks == 1) {
		CHECK_INT(o->links[0].writer, idx(m, 100));
		CHECK_INT(o->links[0].reader, idx(m, 101));
		CHECK_INT(o->links[0].t, 50);   /* when the child held the read end alone */
		CHECK_INT(o->links[0].bytes, -1);   /* no --io */
	}
	ptv_model_free(m);
}

/* The child holds the read end alone, then exits; only then does the parent hold the write end
 * alone: nothing it writes can reach the child. */
static const char gone_log[] =
	HEADER("false")
	"{\"t\":10,\"type\":\"pipe\",\"pid\":100,\"fds\":[3,4],\"ino\":600,\"flags\":[]}\n"
	"{\"t\":20,\"type\":\"fork\",\"pid\":100,\"child\":101,\"via\":\"fork\"}\n"
	"{\"t\":30,\"type\":\"close\",\"pid\":101,\"fd\":4,\"ino\":600,\"via\":\"close\"}\n"
	"{\"t\":40,\"type\":\"exit\",\"pid\":101,\"code\":0}\n"
	"{\"t\":45,\"type\":\"reap\",\"pid\":100,\"child\":101,\"via\":\"wait4\"}\n"
	"{\"t\":50,\"type\":\"close\",\"pid\":100,\"fd\":3,\"ino\":600,\"via\":\"close\"}\n"
	/* a pipe only held whole: plumbing, no one talks */
	"{\"t\":60,\"type\":\"pipe\",\"pid\":100,\"fds\":[5,6],\"ino\":601,\"flags\":[]}\n"
	"{\"t\":70,\"type\":\"fork\",\"pid\":100,\"child\":102,\"via\":\"fork\"}\n"
	"{\"t\":80,\"type\":\"exit\",\"pid\":102,\"code\":0}\n"
	"{\"t\":85,\"type\":\"reap\",\"pid\":100,\"child\":102,\"via\":\"wait4\"}\n"
	END;

static void test_no_link(void)
{
	ptv_model *m = load("gone", gone_log);
	if (!m)
		return;
	CHECK_INT(ptv_model_nipc(m), 2);
	for (int i = 0; i < ptv_model_nipc(m); i++)
		CHECK_INT(ptv_model_ipc(m, i)->nlinks, 0);
	ptv_model_free(m);
}

/* Two unrelated writers and one reader of a FIFO: one link per writer, in holder order. */
static const char fifo_log[] =
	HEADER("false")
	"{\"t\":10,\"type\":\"fifo\",\"pid\":100,\"path\":\"/tmp/f\",\"mode\":\"0600\"}\n"
	"{\"t\":20,\"type\":\"fork\",\"pid\":100,\"child\":101,\"via\":\"fork\"}\n"
	"{\"t\":21,\"type\":\"fork\",\"pid\":100,\"child\":102,\"via\":\"fork\"}\n"
	"{\"t\":22,\"type\":\"fork\",\"pid\":100,\"child\":103,\"via\":\"fork\"}\n"
	"{\"t\":30,\"type\":\"open\",\"pid\":103,\"fd\":3,\"path\":\"/tmp/f\",\"ino\":900,\"kind\":\"fifo\",\"access\":\"read\",\"nonblock\":false}\n"
	"{\"t\":31,\"type\":\"open\",\"pid\":101,\"fd\":3,\"path\":\"/tmp/f\",\"ino\":900,\"kind\":\"fifo\",\"access\":\"write\",\"nonblock\":false}\n"
	"{\"t\":32,\"type\":\"open\",\"pid\":102,\"fd\":3,\"path\":\"/tmp/f\",\"ino\":900,\"kind\":\"fifo\",\"access\":\"write\",\"nonblock\":false}\n"
	"{\"t\":40,\"type\":\"exit\",\"pid\":101,\"code\":0}\n"
	"{\"t\":41,\"type\":\"exit\",\"pid\":102,\"code\":0}\n"
	"{\"t\":42,\"type\":\"exit\",\"pid\":103,\"code\":0}\n"
	END;

static void test_fifo(void)
{
	ptv_model *m = load("fifo", fifo_log);
	if (!m)
		return;
	const ptv_ipc *o = ptv_model_ipc(m, 0);
	CHECK(o && o->kind == PTV_IPC_FIFO && o->nlinks == 2);
	if (o && o->nlinks == 2) {
		CHECK(o->links[0].writer == idx(m, 101) && o->links[0].reader == idx(m, 103));
		CHECK(o->links[1].writer == idx(m, 102) && o->links[1].reader == idx(m, 103));
		CHECK_INT(o->links[0].t, 31);
		CHECK_INT(o->links[1].t, 32);
	}
	ptv_model_free(m);
}

int main(void)
{
	test_pipeline();
	test_go_pipe();
	test_no_link();
	test_fifo();
	return check_done("test_model_links");
}
