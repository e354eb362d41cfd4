/* test_vocab.c — the model reads the log through ptviz/log.h: every event type in ptv_ev_names
 * has a line here and is replayed by its handler (a new type without a line fails this test),
 * every fork via, reap via, state and end reason word becomes its enum, a type from the future is
 * skipped quietly, and a word the vocabulary does not know is warned about. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "ptviz/model.h"
#include "strbuf.h"

#define HEADER \
	"{\"type\":\"header\",\"format\":\"ptviz\",\"version\":1,\"t\":0,\"pid\":100,\"root\":100," \
	"\"tracer_pid\":99,\"mode\":\"launch\",\"argv\":[\"sh\"],\"start_unix_ns\":0,\"kernel\":\"6.1\"," \
	"\"clock\":\"CLOCK_MONOTONIC\",\"options\":{\"io\":true,\"stacks\":false,\"subreaper\":false," \
	"\"seccomp\":true}}"

/* One line of every event type, in an order that makes sense as a log. */
static const struct { ptv_ev ev; const char *line; } samples[] = {
	{ PTV_EV_HEADER, HEADER },
	{ PTV_EV_FORK, "{\"t\":1,\"type\":\"fork\",\"pid\":100,\"child\":101,\"via\":\"fork\"}" },
	{ PTV_EV_THREAD, "{\"t\":2,\"type\":\"thread\",\"pid\":100,\"tid\":150}" },
	{ PTV_EV_THREAD_EXIT, "{\"t\":3,\"type\":\"thread_exit\",\"pid\":100,\"tid\":150}" },
	{ PTV_EV_EXEC, "{\"t\":4,\"type\":\"exec\",\"pid\":101,\"path\":\"/bin/ls\",\"argv\":[\"ls\"]}" },
	{ PTV_EV_STATE, "{\"t\":5,\"type\":\"state\",\"pid\":100,\"state\":\"blocked\",\"on\":\"wait4\"}" },
	{ PTV_EV_EXIT, "{\"t\":6,\"type\":\"exit\",\"pid\":101,\"code\":0}" },
	{ PTV_EV_REAP, "{\"t\":7,\"type\":\"reap\",\"pid\":100,\"child\":101,\"via\":\"wait4\"}" },
	{ PTV_EV_ATTACH, "{\"t\":8,\"type\":\"attach\",\"pid\":102,\"parent\":100,\"path\":\"/bin/x\",\"argv\":[\"x\"],\"state\":\"running\"}" },
	{ PTV_EV_REPARENT, "{\"t\":9,\"type\":\"reparent\",\"pid\":102,\"from\":100,\"to\":1}" },
	{ PTV_EV_SIGNAL, "{\"t\":10,\"type\":\"signal\",\"pid\":102,\"signal\":\"SIGTERM\",\"signo\":15,\"sender\":100,\"code\":\"SI_USER\"}" },
	{ PTV_EV_KILL, "{\"t\":11,\"type\":\"kill\",\"pid\":100,\"target\":102,\"signal\":\"SIGTERM\",\"signo\":15,\"via\":\"tgkill\"}" },
	{ PTV_EV_SETSID, "{\"t\":12,\"type\":\"setsid\",\"pid\":102,\"sid\":102}" },
	{ PTV_EV_SETPGID, "{\"t\":13,\"type\":\"setpgid\",\"pid\":100,\"target\":100,\"pgid\":77}" },
	{ PTV_EV_PIPE, "{\"t\":14,\"type\":\"pipe\",\"pid\":100,\"fds\":[3,4],\"ino\":700,\"flags\":[]}" },
	{ PTV_EV_FIFO, "{\"t\":15,\"type\":\"fifo\",\"pid\":100,\"path\":\"/tmp/f\",\"mode\":\"0600\"}" },
	{ PTV_EV_OPEN, "{\"t\":16,\"type\":\"open\",\"pid\":100,\"fd\":5,\"path\":\"/tmp/f\",\"ino\":800,\"kind\":\"fifo\",\"access\":\"readwrite\",\"nonblock\":false}" },
	{ PTV_EV_DUP, "{\"t\":17,\"type\":\"dup\",\"pid\":100,\"oldfd\":4,\"newfd\":7,\"ino\":700,\"via\":\"dup\"}" },
	{ PTV_EV_CLOSE, "{\"t\":18,\"type\":\"close\",\"pid\":100,\"fd\":7,\"ino\":700,\"via\":\"close\"}" },
	{ PTV_EV_FCNTL, "{\"t\":19,\"type\":\"fcntl\",\"pid\":100,\"fd\":5,\"ino\":800,\"nonblock\":true}" },
	{ PTV_EV_MMAP, "{\"t\":20,\"type\":\"mmap\",\"pid\":100,\"addr\":\"0x7f0000\",\"len\":4096,\"prot\":\"rw-\",\"flags\":[\"MAP_SHARED\"],\"region\":\"0:1:5\",\"anon\":true}" },
	{ PTV_EV_MUNMAP, "{\"t\":21,\"type\":\"munmap\",\"pid\":100,\"addr\":\"0x7f0000\",\"region\":\"0:1:5\",\"via\":\"munmap\"}" },
	{ PTV_EV_IO, "{\"t\":22,\"type\":\"io\",\"pid\":100,\"fd\":1,\"op\":\"write\",\"bytes\":3,\"data\":\"hi\\n\"}" },
	{ PTV_EV_WAIT, "{\"t\":22,\"type\":\"wait\",\"pid\":100,\"call\":\"wait4\",\"who\":\"any\",\"options\":\"WNOHANG\",\"ret\":0}" },
	{ PTV_EV_SCHED, "{\"t\":22,\"type\":\"sched\",\"pid\":100,\"start\":0,\"states\":\"RS\",\"durs\":[10,12],\"ns\":[10,0,12,0,0]}" },
	{ PTV_EV_SCHED_LOST, "{\"t\":22,\"type\":\"sched_lost\",\"pid\":100,\"cpu\":0,\"from\":0,\"to\":5,\"lost\":3}" },
	{ PTV_EV_SCHED_WAIT, "{\"t\":22,\"type\":\"sched_wait\",\"pid\":100,\"tid\":100,\"since\":15,\"nr\":0,\"call\":\"read\",\"args\":[\"0x0\",\"0x1000\",\"0x10\"]}" },
	{ PTV_EV_FDS, "{\"t\":22,\"type\":\"fds\",\"pid\":102,\"at\":\"poll\",\"ends\":[{\"fd\":0,\"ino\":700,\"kind\":\"pipe\",\"end\":\"read\"}]}" },
	{ PTV_EV_DETACH, "{\"t\":23,\"type\":\"detach\",\"pid\":102}" },
	{ PTV_EV_END, "{\"t\":30,\"type\":\"end\",\"pid\":100,\"status\":0,\"reason\":\"interrupted\",\"events\":28}" },
};

static ptv_model *load(const char *name, const strbuf *b, int warnings)
{
	ptv_model *m = NULL;
	ptv_diag d;

	if (ptv_model_load_buffer(&m, name, strbuf_str(b), b->len, &d) < 0) {
		fprintf(stderr, "%s: %s\n", name, d.error);
		CHECK(!"log loads");
		return NULL;
	}
	if (d.warnings != warnings)
		fprintf(stderr, "%s: %d warnings (%s)\n", name, d.warnings, d.warning);
	CHECK_INT(d.warnings, warnings);
	return m;
}

static const ptv_ipc *ipc_of(const ptv_model *m, ptv_ipc_kind kind)
{
	for (int i = 0; i < ptv_model_nipc(m); i++)
		if (ptv_model_ipc(m, i)->kind == kind)
			return ptv_model_ipc(m, i);
	return NULL;
}

/* Every ptv_ev has a sample line, and each line does what its type says. */
static void test_every_type(void)
{
	strbuf b = STRBUF_INIT;
	bool have[PTV_EV_COUNT] = { false };

	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
		have[samples[i].ev] = true;
		/* The line's type is the vocabulary's name for its ptv_ev. */
		char want[64];
		snprintf(want, sizeof want, "\"type\":\"%s\"", ptv_ev_names[samples[i].ev]);
		CHECK(strstr(samples[i].line, want) != NULL);
		strbuf_printf(&b, "%s\n", samples[i].line);
	}
	for (int e = 0; e < PTV_EV_COUNT; e++)
		if (!have[e]) {
			fprintf(stderr, "no sample line for event type \"%s\"\n", ptv_ev_names[e]);
			CHECK(!"every event type has a sample");
		}
	ptv_model *m = load("every type", &b, 0);
	strbuf_free(&b);
	if (!m)
		return;
	const ptv_process *sh = ptv_model_process(m, ptv_model_find_pid(m, 100));
	const ptv_process *ls = ptv_model_process(m, ptv_model_find_pid(m, 101));
	const ptv_process *x = ptv_model_process(m, ptv_model_find_pid(m, 102));
	CHECK(ls->origin == PTV_ORIGIN_FORK && ls->fork_via == PTV_FORK_FORK);     /* fork */
	CHECK_INT(sh->threads, 1);                                                 /* thread */
	CHECK(ls->nexecs == 1 && strcmp(ptv_exec_name(&ls->execs[0]), "ls") == 0); /* exec */
	CHECK(sh->nintervals >= 1 && sh->intervals[1].state == PTV_STATE_BLOCKED); /* state */
	CHECK(ls->exited && ls->exit_code == 0);                                   /* exit */
	CHECK(ls->reaped && ls->reap_via == PTV_REAP_WAIT4 && ls->reaper == sh->id); /* reap */
	CHECK(x->attached && x->origin == PTV_ORIGIN_ATTACH);                      /* attach */
	CHECK(x->orphaned && x->adopter_pid == 1);                                 /* reparent */
	CHECK_INT(ptv_model_nsignals(m), 2);                                       /* signal, kill */
	CHECK(ptv_model_signal(m, 1)->is_kill && ptv_model_signal(m, 1)->via == PTV_KILL_TGKILL);
	CHECK_INT(x->sid, 102);                                                    /* setsid */
	CHECK_INT(sh->pgid, 77);                                                   /* setpgid */
	const ptv_ipc *pipe = ipc_of(m, PTV_IPC_PIPE), *fifo = ipc_of(m, PTV_IPC_FIFO);
	CHECK(pipe && pipe->ino == 700);                                           /* pipe */
	CHECK(fifo && fifo->path && strcmp(fifo->path, "/tmp/f") == 0);           /* fifo */
	CHECK(fifo && fifo->nholders == 1 && fifo->holders[0].read && fifo->holders[0].write); /* open */
	CHECK(fifo && fifo->nonblock);                                             /* fcntl */
	const ptv_ipc *shm = ipc_of(m, PTV_IPC_SHM);
	CHECK(shm && shm->nholders == 1 && shm->holders[0].to == 21);              /* mmap, munmap */
	CHECK(ptv_model_noutputs(m) == 1 && strcmp(ptv_model_output(m, 0)->data, "hi\n") == 0); /* io */
	CHECK(pipe && pipe->nholders >= 2 && pipe->holders[pipe->nholders - 1].proc == x->id &&
	      pipe->holders[pipe->nholders - 1].read);                             /* fds */
	CHECK(x->detached && x->t_detach == 23);                                   /* detach */
	CHECK(ptv_model_complete(m) && ptv_model_end_reason(m) == PTV_END_INTERRUPTED); /* end */
	ptv_model_free(m);
}

/* Every word of fork.via, reap.via and state.state becomes its enum. */
static void test_words(void)
{
	strbuf b = STRBUF_INIT;
	int t = 1;

	strbuf_printf(&b, "%s\n", HEADER);
	for (int v = 0; v < PTV_FORK_COUNT; v++)
		strbuf_printf(&b, "{\"t\":%d,\"type\":\"fork\",\"pid\":100,\"child\":%d,\"via\":\"%s\"}\n", t++,
		              200 + v, ptv_fork_via_names[v]);
	for (int v = 0; v < PTV_REAP_COUNT; v++) {
		strbuf_printf(&b, "{\"t\":%d,\"type\":\"fork\",\"pid\":100,\"child\":%d,\"via\":\"fork\"}\n", t++,
		              300 + v);
		strbuf_printf(&b, "{\"t\":%d,\"type\":\"exit\",\"pid\":%d,\"code\":0}\n", t++, 300 + v);
		strbuf_printf(&b, "{\"t\":%d,\"type\":\"reap\",\"pid\":100,\"child\":%d,\"via\":\"%s\"}\n", t++,
		              300 + v, ptv_reap_via_names[v]);
	}
	for (int s = 0; s < PTV_STATE_COUNT; s++)
		if (s != PTV_STATE_ZOMBIE)   /* a zombie state needs an exit first */
			strbuf_printf(&b, "{\"t\":%d,\"type\":\"state\",\"pid\":200,\"state\":\"%s\",\"on\":\"x\","
			              "\"signal\":\"SIGSTOP\"}\n", t++ * 10, ptv_state_names[s]);
	strbuf_printf(&b, "{\"t\":%d,\"type\":\"end\",\"pid\":100,\"status\":0,\"reason\":\"exited\"}\n",
	              t * 10 + 10);
	ptv_model *m = load("words", &b, 0);
	strbuf_free(&b);
	if (!m)
		return;
	for (int v = 0; v < PTV_FORK_COUNT; v++)
		CHECK_INT(ptv_model_process(m, ptv_model_find_pid(m, 200 + v))->fork_via, v);
	for (int v = 0; v < PTV_REAP_COUNT; v++) {
		const ptv_process *p = ptv_model_process(m, ptv_model_find_pid(m, 300 + v));
		CHECK_INT(p->reap_via, v);
		/* the reaper is a process of the trace exactly for wait4, waitid and auto */
		CHECK_INT(p->reaper >= 0, ptv_reap_in_trace((ptv_reap_via)v));
	}
	const ptv_process *p = ptv_model_process(m, ptv_model_find_pid(m, 200));
	bool seen[PTV_STATE_COUNT] = { false };
	for (int i = 0; i < p->nintervals; i++)
		seen[p->intervals[i].state] = true;
	CHECK(seen[PTV_STATE_RUNNING] && seen[PTV_STATE_BLOCKED] && seen[PTV_STATE_STOPPED]);
	for (int s = 0; s < PTV_STATE_COUNT; s++)
		CHECK_STR(ptv_state_name((ptv_state)s), ptv_state_names[s]);
	ptv_model_free(m);

	for (int r = 0; r < PTV_END_COUNT; r++) {
		strbuf_reset(&b);
		strbuf_printf(&b, "%s\n{\"t\":5,\"type\":\"end\",\"pid\":100,\"status\":0,\"reason\":\"%s\"}\n",
		              HEADER, ptv_end_reason_names[r]);
		m = load("reason", &b, 0);
		CHECK(m && ptv_model_end_reason(m) == r);
		ptv_model_free(m);
	}
	strbuf_free(&b);
}

/* A type from the future is skipped quietly; a word nobody knows is warned about. */
static void test_unknown(void)
{
	strbuf b = STRBUF_INIT;

	strbuf_printf(&b, "%s\n"
	              "{\"t\":1,\"type\":\"teleport\",\"pid\":100,\"to\":\"mars\"}\n"
	              "{\"t\":2,\"type\":\"fork\",\"pid\":100,\"child\":101,\"via\":\"clone4\"}\n"
	              "{\"t\":3,\"type\":\"end\",\"pid\":100,\"status\":0,\"reason\":\"exited\"}\n", HEADER);
	ptv_model *m = load("unknown", &b, 1);
	strbuf_free(&b);
	if (!m)
		return;
	CHECK_INT(ptv_model_nprocesses(m), 2);
	const ptv_process *c = ptv_model_process(m, ptv_model_find_pid(m, 101));
	CHECK(c && c->origin == PTV_ORIGIN_FORK && c->fork_via == PTV_FORK_FORK);   /* taken as fork */
	ptv_model_free(m);
}

int main(void)
{
	test_every_type();
	test_words();
	test_unknown();
	return check_done("test_vocab");
}
