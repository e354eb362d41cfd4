/* page_words.c — the page's own words (its buttons, panes, help, details panel and cursor line)
 * in the language the pictures speak (--lang, ptviz/lang.h). A word goes through ptv_tr first,
 * so that what the pictures and reports already say (the states, for one) reads the same on the
 * page; the words only the page uses have their Chinese here. page.html asks for them as
 * {{t:English}}, page.js as T("English") and F("English with {0}", …) from the "words" object
 * of the page's facts. */
#include <string.h>

#include "page_priv.h"
#include "ptviz/lang.h"

static const struct { const char *en, *zh; } page_words[] = {
	/* The bar, the panes and the help (page.html). */
	{ "pid or program ( / )", "pid 或程序名（/）" },
	{ "Find a process by pid or program", "按 pid 或程序名查找进程" },
	{ "Find", "查找" },
	{ "Select the children never reaped by their parent, and those parents (L)",
	  "选中从未被父进程回收的子进程及其父进程（L）" },
	{ "Show leaks", "显示泄漏" },
	{ "Clear the selection (Esc)", "清除选择（Esc）" },
	{ "Clear", "清除" },
	{ "Keys (?)", "按键（?）" },
	{ "Keys", "按键" },
	{ "step the time cursor event by event", "逐个事件移动时间光标" },
	{ "first and last event", "第一个和最后一个事件" },
	{ "play or pause", "播放或暂停" },
	{ "find", "查找" },
	{ "show leaks", "显示泄漏" },
	{ "clear", "清除" },
	{ "zoom the view under the mouse (or the tree)", "缩放鼠标所在的视图（或进程树）" },
	{ "to a process and", "移到一个进程，" },
	{ "to select it.", "选中它。" },
	{ "Drag a picture or scroll to move it,", "拖动或滚动图片来移动它，" },
	{ "scroll to zoom (fit shows it whole); drag the red cursor line on the timeline to scrub time.",
	  "滚动来缩放（“适合”显示全图）；在时间线上拖动红色光标线来调整时间。" },
	{ "Process tree", "进程树" },
	{ "Zoom in", "放大" },
	{ "Zoom out", "缩小" },
	{ "Fit", "适合窗口" },
	{ "fit", "适合" },
	{ "Details", "详情" },
	{ "Click a process in the tree or a lane in the timeline.",
	  "点击进程树中的一个进程，或时间线中的一条泳道。" },
	{ "Timeline", "时间线" },
	{ "Play the trace (Space)", "播放跟踪过程（空格）" },
	{ "Play", "播放" },
	{ "Pause", "暂停" },
	{ "Time cursor: event", "时间光标：事件" },
	{ "Report", "报告" },
	/* The states at the time cursor (the legend); the pictures' words where they have them. */
	{ "not yet born", "尚未创建" },
	{ "running", "运行" },
	{ "ready (waiting for a CPU)", "就绪（等待 CPU）" },
	{ "blocked", "阻塞" },
	{ "stopped", "停止" },
	{ "zombie", "僵尸" },
	{ "gone (reaped)", "已消失（已回收）" },
	/* The cursor's line: the event at the cursor (page.js, eventWords). */
	{ "time cursor off: ← → to step", "时间光标关闭：按 ← → 逐步移动" },
	{ "{0} is born ({1} forked)", "{0} 诞生（由 {1} fork）" },
	{ "{0} is born", "{0} 诞生" },
	{ "{0} execs {1}", "{0} 执行 {1}" },
	{ "{0} exits ({1})", "{0} 退出（{1}）" },
	{ "{0} is a zombie", "{0} 成为僵尸" },
	{ "{0} reaped by {1}", "{0} 被 {1} 回收" },
	{ "{0} adopted by {1}", "{0} 被 {1} 收养" },
	{ "{0} gets {1}", "{0} 收到 {1}" },
	{ "a signal", "一个信号" },
	{ "{0}: ptviz detached", "{0}：ptviz 已脱离" },
	/* The details panel. */
	{ "outside the trace", "跟踪范围之外" },
	{ "At {0}:", "在 {0}：" },
	{ "made by", "创建方式" },
	{ "{0} at {1}", "{0}，于 {1}" },
	{ " ({0})", "（{0}）" },
	{ "status", "状态" },
	{ "end of the log", "日志结束" },
	{ "reaped by", "回收者" },
	{ "(seen going: at most {0} late)", "（观察到消失：最多晚 {0}）" },
	{ "leak", "泄漏" },
	{ "never waited for by its parent", "父进程从未等待它" },
	{ "adopted", "收养" },
	{ "orphaned; adopted by {0} at {1}", "成为孤儿；被 {0} 收养，于 {1}" },
	{ "threads", "线程" },
	{ "session", "会话" },
	{ "group", "进程组" },
	{ "Forked at", "fork 调用位置" },
	{ "Programs", "程序" },
	{ "(never exec'd: its parent's program)", "（从未 exec：沿用父进程的程序）" },
	{ "Reaped at", "回收调用位置" },
	{ "Children ({0})", "子进程（{0}）" },
	{ "never reaped", "从未被回收" },
	{ "{0} more", "另外 {0} 个" },
	{ "Pipes, FIFOs, shared memory", "管道、FIFO、共享内存" },
	{ "FIFO {0}", "FIFO {0}" },
	{ "shared mapping {0}", "共享映射 {0}" },
	{ "anonymous", "匿名" },
	{ "pipe {0}", "管道 {0}" },
	{ "mapped read-only", "只读映射" },
	{ "mapped writable", "可写映射" },
	{ "both ends", "两端" },
	{ "read end", "读端" },
	{ "write end", "写端" },
	{ "{0} bytes", "{0} 字节" },
	{ "talks with {0}", "与 {0} 通信" },
	{ "Printed", "输出" },
	{ "What it printed was not recorded (trace with --io).", "未记录它的输出（用 --io 跟踪）。" },
	{ "Signals", "信号" },
	{ "sent to {0}", "发给 {0}" },
	{ "received from {0}", "收到，来自 {0}" },
	{ "received", "收到" },
	{ "States", "状态" },
	{ "exiting", "正在退出" },
	{ "cpu {0}", "CPU {0}" },
	{ "ready {0}", "就绪 {0}" },
	/* A folded node's members. */
	{ "{0} processes", "{0} 个进程" },
	{ "{0} never reaped", "{0} 个从未被回收" },
	{ "a subtree summed up in one node", "一个子树汇总为一个节点" },
	{ "alike siblings folded into one node", "相似的兄弟进程折叠为一个节点" },
	{ "identical siblings folded into one node", "相同的兄弟进程折叠为一个节点" },
	{ "The log has every one: pick one to see its facts.", "日志中有每一个进程：选一个查看它的详情。" },
	{ "{0} more (find them by pid)", "另外 {0} 个（按 pid 查找）" },
	/* Search and leaks. */
	{ "no process {0}", "没有进程 {0}" },
	{ "1 process", "1 个进程" },
	{ "{0} of {1} processes", "第 {0} 个，共 {1} 个进程" },
	{ "Every child was reaped by its parent.", "每个子进程都被其父进程回收了。" },
	{ "{0} left {1} children unreaped:", "{0} 留下 {1} 个未回收的子进程：" },
	{ "{0} leaked", "{0} 个泄漏" },
};

static int page_word_index(const char *en)
{
	for (size_t i = 0; i < sizeof page_words / sizeof page_words[0]; i++)
		if (strcmp(page_words[i].en, en) == 0)
			return (int)i;
	return -1;
}

bool page_word_known(const char *en)
{
	return page_word_index(en) >= 0;
}

const char *page_word(const char *en)
{
	const char *tr;
	int i;

	if (ptv_lang_get() == PTV_LANG_EN)
		return en;
	if ((tr = ptv_tr(en)) != en)
		return tr;
	return (i = page_word_index(en)) >= 0 ? page_words[i].zh : en;
}

cJSON *page_words_json(void)
{
	cJSON *o = cJSON_CreateObject();

	/* English needs none: the script's words are its keys. */
	for (size_t i = 0; o && ptv_lang_get() != PTV_LANG_EN && i < sizeof page_words / sizeof page_words[0]; i++)
		cJSON_AddStringToObject(o, page_words[i].en, page_word(page_words[i].en));
	return o;
}
