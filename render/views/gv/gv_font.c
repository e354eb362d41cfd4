/* gv_font.c — a font that has the glyphs of the pictures' language, found through fontconfig
 * (the library Graphviz's own text layout, pango, finds fonts with) before anything is drawn:
 * without one, Chinese labels would come out as empty boxes, found only by looking. */
#include <stdio.h>
#include <string.h>
#include <fontconfig/fontconfig.h>

#include "ptviz/render.h"

/* Families tried first, best for Simplified Chinese slides; else any family fontconfig says
 * covers Chinese. */
static const char *const font_zh_preferred[] = {
	"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Noto Serif CJK SC",
	"WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "AR PL UMing CN",
};

/* The family of the first font covering lang, into out; false when there is none. */
static bool font_find(FcConfig *fc, const char *lang, char *out, size_t len)
{
	FcPattern *pat = FcPatternCreate();
	FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
	FcLangSet *ls = FcLangSetCreate();
	FcFontSet *fs = NULL;
	bool found = false;

	if (!pat || !os || !ls)
		goto out;
	FcLangSetAdd(ls, (const FcChar8 *)lang);
	FcPatternAddLangSet(pat, FC_LANG, ls);
	fs = FcFontList(fc, pat, os);
	for (size_t i = 0; fs && i < sizeof font_zh_preferred / sizeof *font_zh_preferred && !found; i++)
		for (int k = 0; k < fs->nfont && !found; k++) {
			FcChar8 *fam = NULL;
			for (int j = 0; FcPatternGetString(fs->fonts[k], FC_FAMILY, j, &fam) == FcResultMatch;
			     j++)
				if (strcmp((const char *)fam, font_zh_preferred[i]) == 0) {
					snprintf(out, len, "%s", font_zh_preferred[i]);
					found = true;
					break;
				}
		}
	for (int k = 0; fs && k < fs->nfont && !found; k++) {
		FcChar8 *fam = NULL;
		if (FcPatternGetString(fs->fonts[k], FC_FAMILY, 0, &fam) == FcResultMatch) {
			snprintf(out, len, "%s", (const char *)fam);
			found = true;
		}
	}
out:
	if (fs)
		FcFontSetDestroy(fs);
	if (ls)
		FcLangSetDestroy(ls);
	if (os)
		FcObjectSetDestroy(os);
	if (pat)
		FcPatternDestroy(pat);
	return found;
}

int ptv_render_lang_font(ptv_lang lang, char *family, size_t len, char *err, size_t errlen)
{
	FcConfig *fc;
	bool found;

	family[0] = '\0';
	if (lang != PTV_LANG_ZH)
		return 0;
	if (!(fc = FcInitLoadConfigAndFonts())) {
		snprintf(err, errlen, "cannot read the font configuration (fontconfig)");
		return -1;
	}
	found = font_find(fc, "zh-cn", family, len);
	FcConfigDestroy(fc);
	if (!found) {
		snprintf(err, errlen, "no CJK font found (apt-get install fonts-noto-cjk)");
		return -1;
	}
	return 0;
}
