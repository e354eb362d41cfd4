/* ptviz/lang.h — the language the pictures and summaries speak: English, or Chinese (--lang zh,
 * or a zh_* locale) in the words of a Chinese processes course (运行/就绪/阻塞/停止/僵尸, 孤儿, 管道).
 *
 * Every view and report passes its fixed English words through ptv_tr, which looks them up in
 * one translation table (render/describe/lang.c); user text (argv, paths) is never translated.
 * The language is process-wide, like the C locale it mirrors: set it once at start.
 */
#ifndef PTVIZ_LANG_H
#define PTVIZ_LANG_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ptv_lang {
	PTV_LANG_EN,
	PTV_LANG_ZH,
} ptv_lang;

/* The language called name ("en", "zh", also "zh_CN.UTF-8"-like locale names); -1 if none. */
int ptv_lang_parse(const char *name);
/* The language the environment asks for: the first set of LC_ALL, LC_MESSAGES, LANG; zh_* is
 * Chinese, anything else English. */
ptv_lang ptv_lang_from_env(void);
void ptv_lang_set(ptv_lang lang);
ptv_lang ptv_lang_get(void);

/* The current language's words for the English text en (a fixed string of ptviz's, exactly as
 * written in the table), or en itself when the table has none: never NULL for a non-NULL en. */
const char *ptv_tr(const char *en) __attribute__((format_arg(1)));

#ifdef __cplusplus
}
#endif
#endif
