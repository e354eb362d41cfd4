/* test_model_ipc.c — pipes, FIFOs, shared mappings and signals replayed from hand-written logs:
 * "ps wrote, grep read" after dup2 + exec, FIFO by path, a region shared by two processes incl.
 * via fork, O_CLOEXEC ends dropped at exec, SIGPIPE linked to its pipe, kill sender -> receiver. */
#include <string.h>
#include "check.h"
#include "ptviz/model.h"

static ptv_model *load(const char *path)
{
	ptv_model *m = NULL;
	ptv_diag d;
	if (ptv_model_load(&m, path, &d) < 0) {
		fprintf(stderr, "%s: %s\n", path, d.error);
		CHECK(!"load failed");
		return NULL;
	}
	CHECK_INT(d.warnings, 0);
	return m;
}

static int pidx(const ptv_model *m, pid_t pid)
{
	return ptv_model_find_pid(m, pid);
}

/* The holder of process proc running exec exec_index, or NULL. */
static const ptv_holder *holder(const ptv_ipc *c, int proc, int exec_index)
{
	for (int i = 0; i < c->nholders; i++)
		if (c->holders[i].proc == proc && c->holders[i].exec_index == exec_index)
			return &c->holders[i];
	return NULL;
}

static void test_pipeline(void)
{
	ptv_model *m = load("data/model_pipeline.jsonl");
	if (!m)
		return;
	CHECK_INT(ptv_model_nipc(m), 1);
	const ptv_ipc *c = ptv_model_ipc(m, 0);
	int sh = pidx(m, 100), ps = pidx(m, 101), grep = pidx(m, 102);
	CHECK_INT(c->kind, PTV_IPC_PIPE);
	CHECK(c->ino == 5000);
	CHECK_INT(c->creator, sh);
	CHECK_INT(c->t_created, 100);

	/* ps (exec 0 of pid 101) held only the write end, from its exec to its exit; 612 bytes */
	const ptv_holder *w = holder(c, ps, 0);
	CHECK(w != NULL);
	if (w) {
		CHECK(w->write && !w->read);
		CHECK_INT(w->from, 500);
		CHECK_INT(w->to, 800);
		CHECK_INT(w->bytes, 612);
	}
	const ptv_holder *r = holder(c, grep, 0);
	CHECK(r != NULL);
	if (r) {
		CHECK(r->read && !r->write);
		CHECK_INT(r->from, 510);
		CHECK_INT(r->to, 900);
		CHECK_INT(r->bytes, 612);
	}
	CHECK_STR(ptv_process_program(m, ptv_model_process(m, ps), w ? w->from : 0), "ps");
	CHECK_STR(ptv_process_program(m, ptv_model_process(m, grep), r ? r->from : 0), "grep");

	/* the shell closed both of its ends by t=320; before exec the children held both ends */
	for (int i = 0; i < c->nholders; i++) {
		const ptv_holder *h = &c->holders[i];
		CHECK(h->to >= h->from);
		if (h->proc == sh)
			CHECK(h->to <= 320);
		if (h->exec_index == -1 && h->proc == ps)
			CHECK(h->to <= 500);
	}
	/* nobody but ps and grep holds it after the execs */
	int late = 0;
	for (int i = 0; i < c->nholders; i++)
		if (c->holders[i].to > 510)
			late++;
	CHECK_INT(late, 2);

	/* grep's output with --io */
	CHECK_INT(ptv_model_noutputs(m), 1);
	const ptv_output *o = ptv_model_output(m, 0);
	CHECK_INT(o->proc, grep);
	CHECK_INT(o->fd, 1);
	CHECK_STR(o->data, "x foo\n");
	ptv_model_free(m);
}

static void test_fifo_shm(void)
{
	ptv_model *m = load("data/model_fifo_shm.jsonl");
	if (!m)
		return;
	int parent = pidx(m, 200), child = pidx(m, 201);
	const ptv_ipc *fifo = NULL, *anon = NULL, *file = NULL;
	for (int i = 0; i < ptv_model_nipc(m); i++) {
		const ptv_ipc *c = ptv_model_ipc(m, i);
		if (c->kind == PTV_IPC_FIFO)
			fifo = c;
		else if (c->kind == PTV_IPC_SHM && c->anon)
			anon = c;
		else if (c->kind == PTV_IPC_SHM)
			file = c;
	}
	CHECK_INT(ptv_model_nipc(m), 3);
	CHECK(fifo && anon && file);
	if (!fifo || !anon || !file)
		goto out;
	CHECK_STR(fifo->path, "/tmp/x/fifo");
	CHECK(fifo->ino == 91234);
	CHECK_INT(fifo->creator, parent);
	CHECK(fifo->nonblock);
	CHECK_INT(fifo->nholders, 2);
	const ptv_holder *fw = holder(fifo, child, -1), *fr = holder(fifo, parent, 0);
	CHECK(fw && fw->write && !fw->read && fw->from == 50 && fw->to == 70);
	CHECK(fr && fr->read && !fr->write && fr->from == 51 && fr->to == 100);

	/* the anonymous region: mapped by the parent, and by the child through fork */
	CHECK_STR(anon->region, "0:1:5678");
	CHECK_INT(anon->creator, parent);
	CHECK_INT(anon->nholders, 2);
	const ptv_holder *ap = holder(anon, parent, 0), *ac = holder(anon, child, -1);
	CHECK(ap && ap->write && ap->from == 20 && ap->to == 100);
	CHECK(ac && ac->write && ac->from == 30 && ac->to == 80);

	/* a file-backed region, mapped read-only */
	CHECK_STR(file->path, "/dev/shm/x");
	CHECK_STR(file->region, "8:1:999");
	CHECK_INT(file->nholders, 1);
	CHECK(file->holders[0].read && !file->holders[0].write);
	CHECK_INT(file->holders[0].to, 90);   /* the exit unmaps everything */

	/* open on a FIFO blocks: its interval is recorded */
	const ptv_process *p = ptv_model_process(m, child);
	bool saw = false;
	for (int i = 0; i < p->nintervals; i++)
		if (p->intervals[i].state == PTV_STATE_BLOCKED && p->intervals[i].on &&
		    !strcmp(p->intervals[i].on, "open fifo"))
			saw = p->intervals[i].start == 40 && p->intervals[i].end == 50;
	CHECK(saw);
out:
	ptv_model_free(m);
}

static void test_sigpipe(void)
{
	ptv_model *m = load("data/model_sigpipe.jsonl");
	if (!m)
		return;
	int w = pidx(m, 400), r = pidx(m, 401);
	const ptv_ipc *c = ptv_model_ipc(m, 0);
	CHECK_INT(ptv_model_nipc(m), 1);
	/* the reader's end had O_CLOEXEC: it went at exec, so `true` (exec 0) never held it */
	CHECK(holder(c, r, 0) == NULL);
	const ptv_holder *rh = NULL;
	for (int i = 0; i < c->nholders; i++)
		if (c->holders[i].proc == r && c->holders[i].read && !c->holders[i].write)
			rh = &c->holders[i];
	CHECK(rh && rh->to == 50);

	CHECK_INT(ptv_model_nsignals(m), 3);
	const ptv_signal *k = ptv_model_signal(m, 0), *d = ptv_model_signal(m, 1), *sp = ptv_model_signal(m, 2);
	CHECK(k->is_kill);
	CHECK_INT(k->sender, w);
	CHECK_INT(k->receiver, r);
	CHECK_INT(k->signo, 10);
	CHECK_INT(k->via, PTV_KILL_KILL);
	CHECK(!d->is_kill);
	CHECK_INT(d->sender, w);
	CHECK_INT(d->sender_pid, 400);
	CHECK_INT(d->receiver, r);
	CHECK_STR(d->code, "SI_USER");
	CHECK_INT(d->ipc, -1);
	CHECK_STR(sp->name, "SIGPIPE");
	CHECK_INT(sp->receiver, w);
	CHECK_INT(sp->ipc, 0);
	CHECK_INT(sp->fd, 4);

	const ptv_process *p = ptv_model_process(m, w);
	CHECK(p->signaled);
	CHECK_INT(p->signo, 13);
	CHECK_STR(p->signame, "SIGPIPE");
	CHECK_INT(ptv_model_exit_status(m), 141);
	ptv_model_free(m);
}

/* A process holding ends of two pipes and a FIFO execs twice: every holder splits each time. */
static void test_exec_split(void)
{
	static const char log[] =
		"{\"type\":\"header\",\"format\":\"ptviz\",\"version\":1,\"t\":0,\"pid\":10,\"root\":10}\n"
		"{\"t\":1,\"type\":\"pipe\",\"pid\":10,\"fds\":[3,4],\"ino\":70}\n"
		"{\"t\":2,\"type\":\"pipe\",\"pid\":10,\"fds\":[5,6],\"ino\":71}\n"
		"{\"t\":3,\"type\":\"open\",\"pid\":10,\"fd\":7,\"path\":\"/f\",\"ino\":72,\"kind\":\"fifo\",\"access\":\"readwrite\"}\n"
		"{\"t\":4,\"type\":\"close\",\"pid\":10,\"fd\":3}\n"
		"{\"t\":5,\"type\":\"exec\",\"pid\":10,\"path\":\"/bin/a\"}\n"
		"{\"t\":6,\"type\":\"exec\",\"pid\":10,\"path\":\"/bin/b\"}\n"
		"{\"t\":7,\"type\":\"exit\",\"pid\":10,\"code\":0}\n"
		"{\"t\":8,\"type\":\"end\",\"pid\":10,\"status\":0}\n";
	ptv_model *m = NULL;
	ptv_diag d;
	CHECK_INT(ptv_model_load_buffer(&m, "split", log, sizeof log - 1, &d), 0);
	if (!m)
		return;
	CHECK_INT(ptv_model_nipc(m), 3);
	for (int i = 0; i < ptv_model_nipc(m); i++) {
		const ptv_ipc *c = ptv_model_ipc(m, i);
		const ptv_holder *a = holder(c, 0, 0), *b = holder(c, 0, 1);
		CHECK(a && a->from == 5 && a->to == 6);
		CHECK(b && b->from == 6 && b->to == 7);
		if (i == 0)
			CHECK(a && b && a->write && !a->read && b->write && !b->read);   /* read end closed at 4 */
		else
			CHECK(a && b && a->write && a->read && b->write && b->read);
	}
	/* the first pipe: read+write until the close at 4, then write only until the exec */
	const ptv_ipc *p0 = ptv_model_ipc(m, 0);
	CHECK_INT(p0->nholders, 4);
	CHECK(p0->holders[0].read && p0->holders[0].write && p0->holders[0].to == 4);
	CHECK(!p0->holders[1].read && p0->holders[1].write && p0->holders[1].to == 5);
	CHECK_INT(ptv_model_ipc(m, 2)->kind, PTV_IPC_FIFO);
	ptv_model_free(m);
}

int main(void)
{
	test_exec_split();
	test_pipeline();
	test_fifo_shm();
	test_sigpipe();
	return check_done("test_model_ipc");
}
