/* cli/lang.c — the language of the pictures and the summary (ptviz/lang.h): --lang, else the
 * locale (LC_ALL, LC_MESSAGES, LANG), and for Chinese a font that has its glyphs, checked before
 * anything is traced or drawn. */
#include <string.h>

#include "cli.h"
#include "ptviz/lang.h"

/* --lang was given: a missing font is then an error, not a quiet fallback to English. */
static bool lang_given;

int cli_lang_option(const char *arg)
{
	int lang = ptv_lang_parse(arg);

	if (lang < 0) {
		cli_error("--lang", "unknown language '%s' (use en or zh)", arg);
		return -1;
	}
	ptv_lang_set((ptv_lang)lang);
	lang_given = true;
	return 1;
}

int cli_lang_setup(ptv_render_opts *ro, bool draws)
{
	static char family[256];
	char err[256];

	if (!lang_given)
		ptv_lang_set(ptv_lang_from_env());
	if (ptv_lang_get() != PTV_LANG_ZH || !draws)
		return 0;
	if (ptv_render_lang_font(PTV_LANG_ZH, family, sizeof family, err, sizeof err) < 0) {
		if (lang_given) {
			cli_error("--lang zh", "%s", err);
			return -1;
		}
		/* Asked by the locale only: English pictures beat pictures of empty boxes. */
		cli_warning("LANG", "%s; drawing in English", err);
		ptv_lang_set(PTV_LANG_EN);
		return 0;
	}
	if (!ro->font || strcmp(ro->font, "Helvetica") == 0)
		ro->font = family;
	return 0;
}
