/* model_ipc_fds.c — the fd numbers behind the holders: one ptv_fd_use per fd lifetime (which
 * process had which end under which number, how it got it, when and how it let go), and the
 * moment a pipe or FIFO was left with writers but no reader (a dead end: writes raise SIGPIPE).
 *
 * model_ipc.c calls in here whenever a tracked fd enters or leaves a process's table, so the
 * records cost one append per fd event: linear in the log. */
#include "model_priv.h"

#include <string.h>

static const char *const fd_how_names[PTV_FD_HOW_COUNT] = {
	[PTV_FD_MADE] = "made",
	[PTV_FD_INHERITED] = "inherited",
	[PTV_FD_DUP] = "dup",
};

static const char *const fd_gone_names[PTV_FD_GONE_COUNT] = {
	[PTV_FD_CLOSED] = "closed",
	[PTV_FD_AT_EXEC] = "closed at exec",
	[PTV_FD_REPLACED] = "replaced by dup2",
	[PTV_FD_AT_EXIT] = "held until exit",
	[PTV_FD_OPEN] = "still open",
};

const char *ptv_fd_how_name(ptv_fd_how h)
{
	return (unsigned)h < PTV_FD_HOW_COUNT ? fd_how_names[h] : "?";
}

const char *ptv_fd_gone_name(ptv_fd_gone g)
{
	return (unsigned)g < PTV_FD_GONE_COUNT ? fd_gone_names[g] : "?";
}

/* Which ends an fd names: a FIFO opened O_RDWR is both. */
static bool fd_reads(const model_fd *f) { return !f->write || f->read_too; }

int model_fdu_open(ptv_model *m, int pi, model_fd *f)
{
	model_ipc *c = &m->ipcs[f->ipc];
	if (vec_reserve((void **)&c->fdu, &c->fducap, c->nfdu + 1, sizeof *c->fdu) < 0) {
		model_error(m, "out of memory");
		return -1;
	}
	f->use = c->nfdu;
	c->fdu[c->nfdu++] = (ptv_fd_use){
		.proc = pi, .fd = f->fd, .write = f->write, .read = fd_reads(f), .from = m->t, .to = -1,
		.how = f->how, .dup_of = f->how == PTV_FD_DUP ? f->dup_of : -1, .dup_via = f->dup_via,
		.gone = PTV_FD_OPEN, .exec_index = m->procs[pi].pub.nexecs - 1,
	};
	c->nr_open += fd_reads(f);
	c->nw_open += f->write;
	if (fd_reads(f))
		c->pub.t_no_reader = -1;   /* a reader again (a FIFO reopened) */
	return 0;
}

void model_fdu_close(ptv_model *m, const model_fd *f, ptv_fd_gone gone)
{
	model_ipc *c = &m->ipcs[f->ipc];
	if (f->use < 0 || f->use >= c->nfdu)
		return;
	ptv_fd_use *u = &c->fdu[f->use];
	u->to = m->t;
	u->gone = gone;
	if (gone == PTV_FD_OPEN)
		return;   /* the log ended: nobody let go */
	c->nr_open -= fd_reads(f);
	c->nw_open -= f->write;
	if (fd_reads(f) && c->nr_open == 0 && c->nw_open > 0)
		c->pub.t_no_reader = m->t;
	/* The writers went in the same instant (one process closing both ends): no dead end. */
	if (c->nw_open == 0 && c->pub.t_no_reader == m->t)
		c->pub.t_no_reader = -1;
}

void model_fdu_finish(ptv_model *m)
{
	for (int i = 0; i < m->nipcs; i++) {
		m->ipcs[i].pub.fds = m->ipcs[i].fdu;
		m->ipcs[i].pub.nfds = m->ipcs[i].nfdu;
	}
}
