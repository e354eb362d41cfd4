/* test_model_shapes.c — less common shapes: pid reuse, auto-reap, CLONE_PARENT, exec from a
 * non-leader thread, setsid, an event for an unknown pid, and attach-mode logs. */
#include <string.h>
#include "check.h"
#include "ptviz/model.h"

static void test_reuse(void)
{
	ptv_model *m = NULL;
	ptv_diag d;
	CHECK_INT(ptv_model_load(&m, "data/model_reuse.jsonl", &d), 0);
	if (!m)
		return;
	/* the state event for pid 777, never forked, made a record and a warning */
	CHECK_INT(d.warnings, 1);
	CHECK(strstr(d.warning, "model_reuse.jsonl:9:") != NULL);
	CHECK(strstr(d.warning, "777") != NULL);
	CHECK_INT(ptv_model_nprocesses(m), 5);

	/* pid 501 twice: two records, the second one is what find_pid returns */
	const ptv_process *first = ptv_model_process(m, 1), *second = ptv_model_process(m, 2);
	CHECK_INT(first->pid, 501);
	CHECK_INT(second->pid, 501);
	CHECK_INT(ptv_model_find_pid(m, 501), 2);
	CHECK_INT(first->exit_code, 1);
	CHECK_INT(first->reap_via, PTV_REAP_WAITID);
	CHECK(!first->leaked);
	CHECK(second->origin == PTV_ORIGIN_FORK && second->fork_via == PTV_FORK_CLONE);
	CHECK_INT(second->t_start, 40);
	CHECK_INT(ptv_model_process(m, 0)->nchildren, 2);   /* 504's real parent is outside */

	/* exec by thread 503 of the second 501, after setsid */
	CHECK_INT(second->threads, 1);
	CHECK_INT(second->nexecs, 1);
	CHECK_INT(second->execs[0].from_tid, 503);
	CHECK_INT(second->sid, 501);
	CHECK_INT(second->t_setsid, 45);
	/* parent ignores SIGCHLD: auto-reaped at exit, no zombie time, not a leak */
	CHECK_INT(second->reap_via, PTV_REAP_AUTO);
	CHECK_INT(second->reaper, 0);
	CHECK_INT(second->zombie_ns, 0);
	CHECK(!second->leaked);

	const ptv_process *u = ptv_model_process(m, 3);
	CHECK_INT(u->pid, 777);
	CHECK(u->unknown_origin);
	CHECK_STR(ptv_process_program(m, u, 70), "?");   /* no idea what it ran */
	CHECK_INT(u->parent, -1);
	CHECK(!u->leaked);

	/* CLONE_PARENT with a real parent outside the trace: creator 500, no birth parent here */
	const ptv_process *cp = ptv_model_process(m, 4);
	CHECK_INT(cp->pid, 504);
	CHECK_INT(cp->parent, -1);
	CHECK_INT(cp->parent_pid, 498);
	CHECK_INT(cp->creator, 0);
	CHECK_INT(cp->creator_pid, 500);
	CHECK_STR(ptv_process_via(cp), "vfork");
	CHECK_STR(ptv_process_program(m, cp, 90), "reuse");   /* its creator's program */
	ptv_model_free(m);
}

static void test_attach(void)
{
	ptv_model *m = NULL;
	ptv_diag d;
	CHECK_INT(ptv_model_load(&m, "data/model_attach.jsonl", &d), 0);
	if (!m)
		return;
	CHECK_INT(d.warnings, 0);
	CHECK_INT(ptv_model_header(m)->mode, PTV_MODE_ATTACH);
	CHECK_INT(ptv_model_end_reason(m), PTV_END_DETACHED);
	CHECK_INT(ptv_model_nprocesses(m), 5);
	CHECK_INT(ptv_model_root(m), 0);
	const ptv_process *srv = ptv_model_process(m, 0);
	CHECK(srv->attached);
	CHECK_INT(srv->parent, -1);
	CHECK_INT(srv->parent_pid, 1);
	CHECK_INT(srv->origin, PTV_ORIGIN_ATTACH);
	CHECK_INT(srv->nchildren, 3);
	CHECK(srv->detached);
	CHECK_INT(srv->t_detach, 500);
	CHECK(!srv->exited);
	CHECK_STR(ptv_process_program(m, srv, 0), "server");

	const ptv_process *zombie = ptv_model_process(m, 2);
	CHECK_INT(zombie->pid, 602);
	CHECK(zombie->exited);
	CHECK_INT(zombie->exit_code, -1);
	CHECK_INT(zombie->parent, 0);
	CHECK_STR(ptv_process_program(m, zombie, 0), "helper");
	/* a zombie its parent left unreaped all the time ptviz watched it: what a leak hunt wants */
	CHECK(zombie->leaked);
	CHECK_INT(zombie->zombie_ns, 500);

	const ptv_process *k = ptv_model_process(m, 3);
	CHECK_INT(k->pid, 603);
	CHECK_INT(k->parent, 1);
	CHECK(!k->leaked);
	CHECK_STR(ptv_process_program(m, k, 120), "server");
	const ptv_process *l = ptv_model_process(m, 4);
	CHECK(l->leaked);   /* exited at 180, still a zombie when ptviz detached at 500 */

	/* a detached process's last interval ends at the detach */
	CHECK(srv->nintervals >= 1);
	if (srv->nintervals >= 1)
		CHECK_INT(srv->intervals[srv->nintervals - 1].end, 500);
	ptv_model_free(m);
}

int main(void)
{
	test_reuse();
	test_attach();
	return check_done("test_model_shapes");
}
