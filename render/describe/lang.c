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
	{ "legend", "图例" },
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
