/* model_zombie.c — a zombie's time told apart: waiting for its living parent (the parent's
 * neglect) and, once orphaned, waiting for its adopter (init or a subreaper: how soon the system
 * collects it). The daemon lesson needs both stated; the log has the times. */
#include "model_priv.h"

void ptv_process_zombie_split(const ptv_model *m, const ptv_process *p, int64_t *under_parent,
                              int64_t *awaiting_adopter)
{
	*under_parent = *awaiting_adopter = 0;
	if (!p->exited || p->t_zombie < 0 || p->zombie_ns <= 0)
		return;
	if (!p->orphaned || p->t_adopted < 0) {
		*under_parent = p->zombie_ns;
		return;
	}
	int64_t split = p->t_adopted;
	const ptv_process *par = ptv_model_process(m, p->parent);
	/* The parent's exit report: the kernel hands its children over in that exit. */
	if (par && par->exited) {
		int64_t died = par->t_zombie >= 0 ? par->t_zombie : par->t_exit;
		if (died >= 0 && died < split)
			split = died;
	}
	int64_t under = split - p->t_zombie;
	*under_parent = under < 0 ? 0 : under > p->zombie_ns ? p->zombie_ns : under;
	*awaiting_adopter = p->zombie_ns - *under_parent;
}
