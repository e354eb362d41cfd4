/* test_lang.c — --lang zh: the tree, its legend and title, and the timeline speak the course's
 * words (退出, 图例, 孤儿, 运行 ...) through the one table, user text stays as it was, English stays
 * English; the CJK font is found through fontconfig, and its absence is one clear reason. */
#define _GNU_SOURCE
#include "ptviz/lang.h"
#include "test_tree.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	size_t n = 0;

	if (!f)
		return NULL;
	if (getdelim(&s, &n, '\0', f) < 0) {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

static void test_table(void)
{
	ptv_lang_set(PTV_LANG_EN);
	CHECK_STR(ptv_tr("zombie"), "zombie");
	ptv_lang_set(PTV_LANG_ZH);
	CHECK_STR(ptv_tr("running"), "运行");
	CHECK_STR(ptv_tr("ready"), "就绪");
	CHECK_STR(ptv_tr("blocked"), "阻塞");
	CHECK_STR(ptv_tr("stopped"), "停止");
	CHECK_STR(ptv_tr("zombie"), "僵尸");
	CHECK_STR(ptv_tr("orphan"), "孤儿");
	CHECK_STR(ptv_tr("pipe"), "管道");
	CHECK_STR(ptv_tr("no such words in the table"), "no such words in the table");
	CHECK_INT(ptv_lang_parse("zh"), PTV_LANG_ZH);
	CHECK_INT(ptv_lang_parse("zh_CN.UTF-8"), PTV_LANG_ZH);
	CHECK_INT(ptv_lang_parse("en"), PTV_LANG_EN);
	CHECK_INT(ptv_lang_parse("fr"), -1);
	setenv("LC_ALL", "", 1);
	setenv("LC_MESSAGES", "", 1);
	setenv("LANG", "zh_TW.UTF-8", 1);
	CHECK_INT(ptv_lang_from_env(), PTV_LANG_ZH);
	setenv("LC_ALL", "C.UTF-8", 1);   /* LC_ALL wins */
	CHECK_INT(ptv_lang_from_env(), PTV_LANG_EN);
}

static void test_pictures(const char *dir)
{
	ptv_render_opts o = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_orphan.jsonl");
	char path[256], err[512] = "", family[128];
	char *s;

	ptv_lang_set(PTV_LANG_ZH);
	CHECK_INT(ptv_render_lang_font(PTV_LANG_ZH, family, sizeof family, err, sizeof err), 0);
	CHECK(strstr(family, "CJK") || strstr(family, "Hei") || strstr(family, "Han"));
	o.font = family;
	snprintf(path, sizeof path, "%s/zh-tree.svg", dir);
	CHECK_INT(ptv_render_tree(m, path, &o, err, sizeof err), 0);
	s = slurp(path);
	CHECK(s && strstr(s, "退出 0") != NULL);                 /* how it ended */
	CHECK(s && strstr(s, "图例") != NULL);                   /* the legend's heading */
	CHECK(s && strstr(s, "孤儿") != NULL);                   /* the orphan, adopted */
	CHECK(s && strstr(s, "fork（父进程 → 子进程）") != NULL);
	CHECK(s && strstr(s, "个进程") != NULL);                 /* the title */
	CHECK(s && strstr(s, family) != NULL);                   /* drawn in the CJK font */
	CHECK(s && strstr(s, "exit 0") == NULL);                 /* no English left there */
	free(s);
	snprintf(path, sizeof path, "%s/zh-timeline.svg", dir);
	CHECK_INT(ptv_render_timeline(m, path, &o, err, sizeof err), 0);
	s = slurp(path);
	CHECK(s && strstr(s, "运行") != NULL);
	CHECK(s && strstr(s, "时间") != NULL);
	free(s);
	/* English again: the same picture in English words. */
	ptv_lang_set(PTV_LANG_EN);
	o.font = NULL;
	snprintf(path, sizeof path, "%s/en-tree.svg", dir);
	CHECK_INT(ptv_render_tree(m, path, &o, err, sizeof err), 0);
	s = slurp(path);
	CHECK(s && strstr(s, "exit 0") != NULL && strstr(s, "退出") == NULL);
	free(s);
	ptv_model_free(m);
}

/* Without any CJK font (an empty font configuration), one reason naming the package. */
static void test_no_font(const char *dir)
{
	char conf[256], family[128], err[512] = "";
	FILE *f;

	snprintf(conf, sizeof conf, "%s/fonts.conf", dir);
	f = fopen(conf, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs("<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n", f);
	fclose(f);
	setenv("FONTCONFIG_FILE", conf, 1);
	CHECK_INT(ptv_render_lang_font(PTV_LANG_ZH, family, sizeof family, err, sizeof err), -1);
	CHECK_STR(err, "no CJK font found (apt-get install fonts-noto-cjk)");
	CHECK_INT(ptv_render_lang_font(PTV_LANG_EN, family, sizeof family, err, sizeof err), 0);
	unsetenv("FONTCONFIG_FILE");
}

int main(void)
{
	char dir[64];

	tt_mkdir(dir);
	test_table();
	test_pictures(dir);
	test_no_font(dir);
	tt_rmdir(dir);
	return check_failures ? 1 : 0;
}
