/* lang.c — ptv_tr and the one translation table: ptviz's fixed English words and their Chinese,
 * in the terms of a Chinese Linux processes course. Views and reports pass their words through
 * ptv_tr; a string missing here stays English (so a new word is never lost, only untranslated).
 */
#include <stdlib.h>
#include <string.h>

#include "ptviz/lang.h"

/* Process-wide, like setlocale(): chosen once by the CLI before anything is drawn. */
static ptv_lang lang_current = PTV_LANG_EN;

/* English → Chinese. Sorted by nothing: looked up by a linear scan, a few hundred compares per
 * picture at most. */
static const struct { const char *en, *zh; } lang_zh[] = {
	/* The five states and the course's nouns. */
	{ "running", "运行" },
	{ "ready", "就绪" },
	{ "blocked", "阻塞" },
	{ "stopped", "停止" },
	{ "zombie", "僵尸" },
	{ "orphan", "孤儿" },
	{ "pipe", "管道" },
	{ "shared memory", "共享内存" },
	{ "signal", "信号" },
	{ "legend", "图例" },
	{ "time", "时间" },
	{ "time (compact)", "时间（压缩）" },
	/* How a process ended (describe.c). */
	{ "exit %d", "退出 %d" },
	{ "killed: %s%s", "被信号杀死：%s%s" },
	{ " (core dumped)", "（核心已转储）" },
	{ "exited", "已退出" },
	{ "detached", "已分离" },
	{ "still running", "仍在运行" },
	{ "%d (its adopter)", "%d（收养它的进程）" },
	{ "%d (its parent)", "%d（其父进程）" },
	{ "ptviz (subreaper)", "ptviz（子进程收割者）" },
	/* Titles and the summary. */
	{ " — %d process%s, %s%s", " — %d 个进程%.0s，%s%s" },
	{ " (log cut short)", "（日志不完整）" },
	{ "ptviz: %s — %d process%s", "ptviz：%s — %d 个进程%.0s" },
	{ ", %s%d zombie%s (never reaped by %s parent)%s",
	  "，%s%d 个僵尸进程%.0s（父进程从未回收%.0s）%s" },
	{ "zombie %s → reaped by %s%s", "僵尸 %s → 由 %s 回收%s" },
	{ "%s → reaped by %s%s", "%s → 由 %s 回收%s" },
	{ "%s → never reaped", "%s → 从未被回收" },
	{ ", %s%d zombie%s never waited for by %s parent (leak%s)%s",
	  "，%s%d 个僵尸进程%.0s，父进程从未等待%.0s（泄漏%.0s）%s" },
	{ "LEAK: never waited for by its parent", "泄漏：父进程从未等待它" },
	{ "never waited for by its parent (a zombie leak)", "父进程从未等待它（僵尸泄漏）" },
	{ " (orphaned)", "（成为孤儿）" },
	{ "zombie %s → never reaped", "僵尸 %s → 从未被回收" },
	{ "orphaned → adopted by %s", "成为孤儿 → 被 %s 收养" },
	{ "reaped by %s (%s)", "由 %s 回收（%s）" },
	{ "reaped by %s (observed, up to %s late)", "由 %s 回收（观察到，最多晚 %s）" },
	{ "new session", "新会话" },
	/* The tree's nodes. */
	{ "zombie ", "僵尸 " },
	{ "zombie up to ", "僵尸最长 " },
	{ " (never reaped)", "（从未被回收）" },
	{ " (not reaped yet)", "（尚未被回收）" },
	{ "reaped by %s", "由 %s 回收" },
	{ "orphan, adopted by ", "孤儿，收养者：" },
	{ "LEAK: never reaped by its parent", "泄漏：父进程从未回收它" },
	{ "auto-reaped (SIGCHLD ignored)", "自动回收（忽略 SIGCHLD）" },
	{ "init (pid 1)", "init（pid 1）" },
	{ "subreaper %d", "子进程收割者 %d" },
	{ "session %d (setsid)", "会话 %d（setsid）" },
	{ "session of P%d (setsid)", "P%d 的会话（setsid）" },
	/* The legend (gv_legend.c, tree_legend.c, the timeline's). */
	{ "fork (parent → child)", "fork（父进程 → 子进程）" },
	{ "pipe (writer → reader)", "管道（写端 → 读端）" },
	{ "FIFO (writer → reader)", "有名管道 FIFO（写端 → 读端）" },
	{ "signal (sender → receiver)", "信号（发送者 → 接收者）" },
	{ "orphan, from its adopter", "孤儿，来自收养它的进程" },
	{ "reap (by the call)", "回收（wait 调用）" },
	{ "orphan (outlined)", "孤儿（描边）" },
	{ "LEAK", "泄漏" },
	{ "never reaped by its parent", "父进程从未回收它" },
	{ "exited, reaped 20 ms or more later", "已退出，20 ms 或更久之后才被回收" },
	{ "N identical siblings, drawn once", "N 个相同的兄弟进程，只画一次" },
	{ "N siblings, same programs and end, drawn once; their subtrees differ: children merged",
	  "N 个程序和结束方式相同的兄弟进程，只画一次；子树不同：子进程合并画出" },
	{ "N processes of a subtree summed up in one node (--max-nodes)",
	  "一个子树的 N 个进程合为一个节点（--max-nodes）" },
	{ "fork", "fork" },
	{ "exec", "exec" },
	/* The timeline's legend (timeline.c). */
	{ "running (on a CPU)", "运行（在 CPU 上）" },
	{ "ready (waiting for a CPU)", "就绪（等待 CPU）" },
	{ "running per ptrace, mostly off the CPU (approx.)", "ptrace 视为运行，多数时间不在 CPU 上（近似）" },
	{ "unknown (records lost)", "未知（记录丢失）" },
	{ "holds a write end", "持有写端" },
	{ "holds a read end", "持有读端" },
	{ "maps / unmaps a shared region (ticks)", "映射 / 解除映射共享区域（刻度）" },
	{ "scheduler records lost", "调度记录丢失" },
	{ "pipe / FIFO data (write → a later read)", "管道 / FIFO 数据（写 → 之后的读）" },
	{ "WNOHANG poll: nothing to reap", "WNOHANG 轮询：没有可回收的子进程" },
	/* The timeline's "States approximate" line (timeline_note.c); %s is filled in by it. */
	{ "States approximate: scheduler records turned off (--no-sched)",
	  "状态为近似值：调度记录已关闭（--no-sched）" },
	{ "States approximate: scheduler records turned off (PTVIZ_SCHED=off)",
	  "状态为近似值：调度记录已关闭（PTVIZ_SCHED=off）" },
	{ "States approximate: perf_event_open refused even to root (%s; seccomp or a security module)",
	  "状态为近似值：perf_event_open 连 root 也被拒绝（%s；seccomp 或安全模块）" },
	{ "States approximate: not allowed to watch these processes (%s); for exact ones trace them as root",
	  "状态为近似值：无权观察这些进程（%s）；要精确状态请以 root 跟踪" },
	{ "States approximate: kernel.perf_event_paranoid is %s; for exact ones run as root or sysctl kernel.perf_event_paranoid=2",
	  "状态为近似值：kernel.perf_event_paranoid 为 %s；要精确状态请以 root 运行或 sysctl kernel.perf_event_paranoid=2" },
	{ "States approximate: this kernel has no context-switch events (Linux 4.3+, CONFIG_PERF_EVENTS)",
	  "状态为近似值：此内核没有上下文切换事件（需 Linux 4.3+、CONFIG_PERF_EVENTS）" },
	{ "States approximate: the process was gone before its records could be opened",
	  "状态为近似值：记录打开之前进程已消失" },
	{ "States approximate: no scheduler records in this log", "状态为近似值：此日志没有调度记录" },
	{ "States approximate: no scheduler records", "状态为近似值：没有调度记录" },
	/* Steps. */
	{ "%s — event %d of %d: %s", "%s — 第 %d/%d 个事件：%s" },
	/* --numbers (numbers.h). */
	{ "order of events: fork, exec, exit, adoption, reap", "事件顺序：fork、exec、退出、收养、回收" },
	{ "adopted", "被收养" },
	/* The adopter named by the log (reparent adopter_comm). */
	{ "%s (pid %d)", "%s（pid %d）" },
	{ "%s (pid 1, init)", "%s（pid 1，init）" },
	{ "%s (pid %d, subreaper)", "%s（pid %d，子进程收割者）" },
	{ "reaped by its adopter %s", "由收养它的 %s 回收" },
	/* The tree's birth edges, nodes and notes (tree.c, tree_label.c). */
	{ "%d%s %s() = %d\nin the child: 0", "第 %d 次%.0s %s() = %d\n子进程中返回 0" },
	{ "%s() = %d\nin the child: 0", "%s() = %d\n子进程中返回 0" },
	{ "forks %d–%d: %s()", "第 %d–%d 次 fork：%s()" },
	{ "%d of forks %d–%d: %s()", "第 %2$d–%3$d 次 fork 中的 %1$d 个：%4$s()" },
	{ "parent alive %s · orphaned %s", "父进程在世 %s · 成为孤儿后 %s" },
	{ "all of it after its parent died", "全部在父进程退出之后" },
	{ ", ", "，" },
	{ "write│read", "写│读" },
	{ "+%d thread%s", "+%d 个线程%.0s" },
	{ "avg ", "平均 " },
	{ "forked at ", "fork 于 " },
	{ " · subtrees merged", " · 子树合并" },
	{ "%sdrawn as %d nodes %s --max-nodes %d: %s (--max-nodes 0 draws them all)",
	  "%s画成 %d 个节点，%s --max-nodes %d：%s（--max-nodes 0 全部画出）" },
	{ "to keep within", "以不超过" },
	{ "(the fewest it can) for", "（已是最少）对于" },
	{ " (orphan)", "（孤儿）" },
	/* What the processes printed (tree_output.c). */
	{ "printed ", "输出 " },
	{ "what they printed, in order", "各进程的输出，按顺序" },
	{ "… %d more line%s not shown (the log has them)", "… 另有 %d 行%.0s未显示（日志中有）" },
	{ "%d process%s printed more than the %lld bytes recorded (--output-max)",
	  "%d 个进程%.0s的输出超过了记录的 %lld 字节（--output-max）" },
	/* Pipes, FIFOs and shared regions as objects (tree_objects.c, tree_legend.c). */
	{ "write end", "写端" },
	{ "read end", "读端" },
	{ "✕ no reader", "✕ 没有读端" },
	{ "since ", "自 " },
	{ " inherited", " 继承" },
	{ ", closed at ", "，关闭于 " },
	{ ", replaced at ", "，被替换于 " },
	{ ", until exit", "，直到退出" },
	{ " (as %s)", "（作为 %s）" },
	{ "… %d more", "… 另有 %d 个" },
	{ "none recorded", "没有记录" },
	{ "%llu bytes", "%llu 字节" },
	{ "shared region", "共享区域" },
	{ "anonymous", "匿名" },
	{ "size ?", "大小未知" },
	{ "maps rw", "映射 rw" },
	{ "maps r", "映射 r" },
	{ "%s: write on fd %d, no reader", "%s：写 fd %d，没有读端" },
	{ "%s: no reader", "%s：没有读端" },
	{ "pipe: process ─▶ write end, read end ─▶ process; the fds each held",
	  "管道：进程 ─▶ 写端，读端 ─▶ 进程；以及各自持有的 fd" },
	{ "pipe, FIFO: process ─▶ write end, read end ─▶ process; the fds each held",
	  "管道、FIFO：进程 ─▶ 写端，读端 ─▶ 进程；以及各自持有的 fd" },
	{ "FIFO: process ─▶ write end, read end ─▶ process; the fds each held",
	  "FIFO：进程 ─▶ 写端，读端 ─▶ 进程；以及各自持有的 fd" },
	{ "an end it closed early (before exiting, not held into an exec)",
	  "提前关闭的一端（在退出之前，没有带进 exec）" },
	{ "dead end: writers left, every read end closed (a write raises SIGPIPE)",
	  "断头管道：还有写端，读端全部关闭（写入会引发 SIGPIPE）" },
	{ "a MAP_SHARED mapping; ┈┈ to each process that mapped it",
	  "一个 MAP_SHARED 映射；┈┈ 连向映射它的每个进程" },
	/* The timeline (timeline.c, timeline_marks.c). */
	{ " — exact states from the scheduler; ptviz's own stops held the processes %s in all",
	  " — 状态精确取自调度器；ptviz 自身的停顿共占用进程 %s" },
	{ "%sin %d lanes (%s; --max-nodes 0 draws them all)",
	  "%s共 %d 条泳道（%s；--max-nodes 0 全部画出）" },
	{ "mostly held in ptviz's stops (tracing cost)", "多数时间停在 ptviz 的停顿中（跟踪开销）" },
	/* hover text (tooltips) of the timeline's bars and the tree's pipe ends */
	{ "; scheduler records lost here: ptrace's state", "；此处调度记录丢失：采用 ptrace 的状态" },
	{ "; exact: %s", "；精确：%s" },
	{ "; mostly held in ptviz's own ptrace stops (the cost of tracing), drawn as the state they interrupted",
	  "；多数时间停在 ptviz 自己的 ptrace 停顿中（跟踪开销），按被打断的状态绘制" },
	{ "write end: %s%s", "写端：%s%s" },
	{ "read end: %s%s", "读端：%s%s" },
	{ ", all closed before it exited, none held into an exec", "，都在退出前关闭，没有带进 exec" },
	{ "orphan → %s", "孤儿 → %s" },
	{ "never reaped", "从未被回收" },
	{ "asleep", "睡眠" },
	{ "vfork (waiting for the child's exec or exit)", "vfork（等待子进程 exec 或退出）" },
	{ "futex (a lock or a thread join)", "futex（锁或等待线程结束）" },
	{ "sleep (restarted)", "sleep（重新开始）" },
	/* The report (report.c, report_zombies.c). */
	{ "zombie %s (all of it waiting for its adopter)", "僵尸 %s（全部时间都在等待收养者）" },
	{ "zombie %s (%s under its living parent, %s waiting for its adopter)",
	  "僵尸 %s（父进程在世时 %s，等待收养者 %s）" },
	{ "zombie %s", "僵尸 %s" },
	{ ", %s%s\n", "，%s%s\n" },
	{ "%d thread%s", "%d 个线程%.0s" },
	{ "… %d more\n", "… 另有 %d 个\n" },
	{ ", reaped by %s", "，由 %s 回收" },
	{ " (observed, up to %s late)", "（观察到，最多晚 %s）" },
	{ ", never reaped", "，从未被回收" },
	{ " — never waited for by its parent (a leak)", " — 父进程从未等待它（泄漏）" },
	{ "  %-8s %-16s parent %s died; adopted by %s at %s%s\n",
	  "  %-8s %-16s 父进程 %s 已退出；被 %s 收养，时间 %s%s\n" },
	{ " (already a zombie)", "（当时已是僵尸）" },
	{ "ptviz: %s — %d zombie%s, %d orphan%s, %d leak%s\n",
	  "ptviz：%s — %d 个僵尸进程%.0s，%d 个孤儿进程%.0s，%d 个泄漏%.0s\n" },
	{ "\nZombies (time from exit to reap, 20 ms or more):\n",
	  "\n僵尸进程（从退出到被回收 20 ms 或更久）：\n" },
	{ "%s%d other child%s reaped within 20 ms of %s exit.\n",
	  "%s另有 %d 个子进程%.0s在退出后 20 ms 内被回收%.0s。\n" },
	{ "\nOrphans (parent died first):\n", "\n孤儿进程（父进程先退出）：\n" },
	{ "\nLeaks (children never waited for by their parent):\n",
	  "\n泄漏（父进程从未等待的子进程）：\n" },
	{ "  %s%s (%s %s) leaked %d child%s ", "  %s%s（%s %s）泄漏了 %d 个子进程%.0s " },
	{ "forked at %s", "fork 于 %s" },
	{ "(forked before ptviz attached: no call-site stack)", "（在 ptviz 附加之前 fork：没有调用栈）" },
	{ "(no call-site stack: unwinding failed)", "（没有调用栈：栈回溯失败）" },
	{ "(no call-site stack; record with -k)", "（没有调用栈；用 -k 记录）" },
	{ " … %d more", " … 另有 %d 个" },
	{ "\nNo leaks: every child that exited while its parent lived was waited for by it; "
	  "%d orphan%s exited after %s parent and %s reaped by %s adopter.\n",
	  "\n没有泄漏：父进程在世时退出的每个子进程都被它等待了；%d 个孤儿进程%.0s在父进程%.0s退出之后才退出，"
	  "%.0s由收养者%.0s回收。\n" },
	{ "\nNo leaks: every child that exited was waited for by its parent.\n",
	  "\n没有泄漏：每个退出的子进程都被其父进程等待了。\n" },
};

int ptv_lang_parse(const char *name)
{
	if (!name)
		return -1;
	if (strcmp(name, "en") == 0 || strncmp(name, "en_", 3) == 0 || strcmp(name, "C") == 0 ||
	    strcmp(name, "POSIX") == 0)
		return PTV_LANG_EN;
	if (strcmp(name, "zh") == 0 || strncmp(name, "zh_", 3) == 0)
		return PTV_LANG_ZH;
	return -1;
}

ptv_lang ptv_lang_from_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "zh_", 3) == 0 || strcmp(v, "zh") == 0 ? PTV_LANG_ZH : PTV_LANG_EN;
	}
	return PTV_LANG_EN;
}

void ptv_lang_set(ptv_lang lang)
{
	lang_current = lang;
}

ptv_lang ptv_lang_get(void)
{
	return lang_current;
}

const char *ptv_tr(const char *en)
{
	if (lang_current != PTV_LANG_ZH || !en)
		return en;
	for (size_t i = 0; i < sizeof lang_zh / sizeof lang_zh[0]; i++)
		if (strcmp(lang_zh[i].en, en) == 0)
			return lang_zh[i].zh;
	return en;
}
