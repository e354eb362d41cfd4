/* cli/sanitizer_defaults.c — linked into every program of a PTVIZ_SANITIZE build.
 *
 * Graphviz 2.42 and the font stack under it (pango, fontconfig, cairo, glib) keep allocations
 * for the life of the process (plugin tables, font caches, the HTML-label parser); LeakSanitizer
 * reports them at exit although nothing of ours leaks. These suppressions name those libraries
 * only, so a leak in ptviz's own code still fails the build's tests. */

const char *__lsan_default_suppressions(void);
const char *__lsan_default_options(void);

/* Matched suppressions are expected: do not list them on stderr at every exit (that would be
 * output the programs do not make, and the tests check stderr). */
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}

const char *__lsan_default_suppressions(void)
{
	return "leak:libgvc.so\n"
	       "leak:libcgraph.so\n"
	       "leak:libcdt.so\n"
	       "leak:libpathplan.so\n"
	       "leak:libgvplugin_\n"
	       "leak:libfontconfig.so\n"
	       "leak:libpango\n"
	       "leak:libcairo.so\n"
	       "leak:libglib-2.0.so\n"
	       "leak:libgobject-2.0.so\n"
	       "leak:libharfbuzz.so\n"
	       "leak:libgd.so\n"
	       "leak:libexpat.so\n"
	       "leak:libltdl.so\n";
}
