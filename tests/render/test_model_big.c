/* test_model_big.c — a generated 10,000-process, ~100k-event log loads with the right counts
 * (a binary tree of forks; every 10th child is never reaped by its parent and goes to init). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "ptviz/model.h"

#define NPROC 10000
#define PID(i) (100000 + (i))

static char *generate(size_t *len, int *nevents)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	long long t = 0;
	int n = 0;
	fprintf(f, "{\"type\":\"header\",\"format\":\"ptviz\",\"version\":1,\"t\":0,\"pid\":%d,\"root\":%d,"
	           "\"tracer_pid\":99999,\"mode\":\"launch\",\"argv\":[\"./big\"],\"options\":{\"io\":false}}\n",
	        PID(0), PID(0));
	fprintf(f, "{\"t\":%lld,\"type\":\"exec\",\"pid\":%d,\"path\":\"/bin/big\",\"argv\":[\"big\"]}\n", t += 10, PID(0));
	n++;
	for (int i = 1; i < NPROC; i++) {
		int parent = (i - 1) / 2;
		fprintf(f, "{\"t\":%lld,\"type\":\"fork\",\"pid\":%d,\"child\":%d,\"via\":\"fork\"}\n", t += 10, PID(parent), PID(i));
		fprintf(f, "{\"t\":%lld,\"type\":\"exec\",\"pid\":%d,\"path\":\"/bin/w%d\",\"argv\":[\"w%d\",\"%d\"]}\n",
		        t += 10, PID(i), i % 7, i % 7, i);
		for (int k = 0; k < 3; k++) {
			fprintf(f, "{\"t\":%lld,\"type\":\"state\",\"pid\":%d,\"state\":\"blocked\",\"on\":\"read pipe\",\"cpu_ns\":%d,\"runq_ns\":%d}\n",
			        t += 10, PID(i), 100 * k + 50, 10 * k);
			fprintf(f, "{\"t\":%lld,\"type\":\"state\",\"pid\":%d,\"state\":\"running\",\"cpu_ns\":%d,\"runq_ns\":%d}\n",
			        t += 10, PID(i), 100 * k + 60, 10 * k + 5);
		}
		n += 8;
		if (i % 100 == 0) {
			fprintf(f, "{\"t\":%lld,\"type\":\"pipe\",\"pid\":%d,\"fds\":[3,4],\"ino\":%d}\n", t += 10, PID(i), 500000 + i);
			n++;
		}
	}
	/* children end before their parents; a parent reaps all but every 10th child */
	for (int i = NPROC - 1; i >= 1; i--) {
		int parent = (i - 1) / 2;
		fprintf(f, "{\"t\":%lld,\"type\":\"exit\",\"pid\":%d,\"code\":%d}\n", t += 10, PID(i), i % 3);
		n++;
		if (i % 10 != 0) {
			fprintf(f, "{\"t\":%lld,\"type\":\"reap\",\"pid\":%d,\"child\":%d,\"via\":\"wait4\"}\n", t += 10, PID(parent), PID(i));
			n++;
		}
		/* once this process is gone, its unreaped children are adopted and collected by init */
		for (int c = 2 * i + 1; c <= 2 * i + 2 && c < NPROC; c++) {
			if (c % 10 != 0)
				continue;
			fprintf(f, "{\"t\":%lld,\"type\":\"reparent\",\"pid\":%d,\"from\":%d,\"to\":1}\n", t, PID(c), PID(i));
			fprintf(f, "{\"t\":%lld,\"type\":\"reap\",\"pid\":1,\"child\":%d,\"via\":\"init\"}\n", t += 10, PID(c));
			n += 2;
		}
	}
	fprintf(f, "{\"t\":%lld,\"type\":\"exit\",\"pid\":%d,\"code\":0}\n", t += 10, PID(0));
	fprintf(f, "{\"t\":%lld,\"type\":\"reap\",\"pid\":99999,\"child\":%d,\"via\":\"tracer\"}\n", t += 10, PID(0));
	n += 2;
	fprintf(f, "{\"t\":%lld,\"type\":\"end\",\"pid\":%d,\"status\":0,\"reason\":\"exited\",\"events\":%d}\n", t += 10, PID(0), n);
	fclose(f);
	*nevents = n;
	return buf;
}

int main(void)
{
	size_t len = 0;
	int nevents = 0;
	char *buf = generate(&len, &nevents);
	ptv_model *m = NULL;
	ptv_diag d;
	CHECK(nevents > 95000);
	CHECK_INT(ptv_model_load_buffer(&m, "big.jsonl", buf, len, &d), 0);
	if (!m) {
		fprintf(stderr, "%s\n", d.error);
		free(buf);
		return check_done("test_model_big");
	}
	CHECK_INT(d.warnings, 0);
	CHECK(ptv_model_complete(m));
	CHECK_INT(ptv_model_nprocesses(m), NPROC);
	CHECK_INT(ptv_model_nipc(m), (NPROC - 1) / 100);
	int leaked = 0, reaped = 0, orphans = 0;
	for (int i = 0; i < NPROC; i++) {
		const ptv_process *p = ptv_model_process(m, i);
		leaked += p->leaked;
		reaped += p->reaped;
		orphans += p->orphaned;
		if (i > 0) {
			CHECK_INT(p->parent, (i - 1) / 2);
			CHECK_INT(p->exit_code, i % 3);
			CHECK_INT(p->nintervals, 8);   /* running + 3 x (blocked, running) + zombie */
		}
	}
	CHECK_INT(leaked, (NPROC - 1) / 10);
	CHECK_INT(orphans, (NPROC - 1) / 10);
	CHECK_INT(reaped, NPROC);
	const ptv_process *p = ptv_model_process(m, 4321);
	CHECK_STR(ptv_process_program(m, p, ptv_model_end(m)), "w2");
	CHECK_INT(p->intervals[1].cpu_ns, 10);   /* blocked from cpu 50 to 60 */
	CHECK_INT(p->intervals[1].runq_ns, 5);
	CHECK_INT(p->intervals[0].cpu_ns, 50);
	ptv_model_free(m);
	free(buf);
	return check_done("test_model_big");
}
