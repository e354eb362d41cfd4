/* test_tree_output.c — what reaches the files: hostile argv and paths (quotes, <, &, newlines,
 * backslashes, invalid UTF-8) are escaped in every format; svg, png, pdf and dot come out with
 * the right magic; a bad format or an unwritable path fails and leaves no file behind. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_tree.h"

/* Whether s is valid UTF-8 (no overlongs or surrogates needed here: just structure). */
static bool valid_utf8(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80 ? 1 : (*s >> 5) == 6 ? 2 : (*s >> 4) == 14 ? 3 : (*s >> 3) == 30 ? 4 : 0;
		if (n == 0)
			return false;
		for (int i = 1; i < n; i++)
			if ((s[i] & 0xc0) != 0x80)
				return false;
		s += n;
	}
	return true;
}

static void test_escaping(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_escape.jsonl");
	Agraph_t *g = tt_dot(m, dir, "escape", &opts);

	if (!g)
		goto out;
	CHECK_INT(tt_proc_nodes(g), 2);
	Agnode_t *a = tt_proc(g, 0), *b = tt_proc(g, 1);
	const char *la = tt_get(a, "label"), *ta = tt_get(a, "tooltip");
	/* The node label is HTML: markup characters of argv are entities, not markup. */
	CHECK(aghtmlstr((char *)la));
	CHECK(strstr(la, "run &quot;q&quot; a&lt;b&amp;c&gt;d") != NULL);
	CHECK(strstr(la, "line1\\\\nline2") != NULL);   /* a newline is shown, not obeyed */
	CHECK(strstr(la, "back\\\\slash \\\\N") != NULL);  /* \N is not the node's name */
	CHECK(strstr(la, "line1\nline2") == NULL);
	CHECK(valid_utf8((const unsigned char *)la));
	/* Graphviz expands tooltips twice: backslashes quadrupled so \N and \l stay text. */
	CHECK(strstr(ta, "back\\\\\\\\slash \\\\\\\\N \\\\\\\\l") != NULL);
	CHECK(strstr(ta, "bad \xef\xbf\xbd\xef\xbf\xbd utf8 \xc3\xa9") != NULL);
	CHECK(strstr(ta, "/tmp/we\"ird <dir> & co/run\\\\\\\\N") != NULL);
	CHECK(valid_utf8((const unsigned char *)ta));
	/* A program named like markup cannot close the label's table. */
	CHECK(strstr(tt_get(b, "label"), "&lt;/TD&gt;&lt;/TR&gt;&lt;/TABLE&gt;") != NULL);
	/* The birth edge names the call and its return values. */
	CHECK(tt_has(tt_edge(g, a, b, "style", NULL), "label", "1st clone() = 701"));
	agclose(g);

	/* Graphviz itself accepts the labels: every format renders without an error. */
	static const char *const names[] = { "escape.svg", "escape.png", "escape.pdf" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char path[256], err[512] = "";
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		CHECK_INT(ptv_render_tree(m, path, &opts, err, sizeof err), 0);
		if (err[0])
			fprintf(stderr, "%s: %s\n", names[i], err);
	}
	/* In the SVG the text is XML-escaped and the invalid bytes are gone. */
	char path[256], *svg = NULL;
	size_t len = 0;
	snprintf(path, sizeof path, "%s/escape.svg", dir);
	FILE *f = fopen(path, "r");
	if (f) {
		svg = calloc(1, 1 << 20);
		len = svg ? fread(svg, 1, (1 << 20) - 1, f) : 0;
		fclose(f);
	}
	CHECK(len > 0);
	if (svg) {
		CHECK(strstr(svg, "a&lt;b&amp;c&gt;d") != NULL);
		CHECK(strstr(svg, "back\\slash \\N") != NULL);   /* not "backslash n0" */
		CHECK(strstr(svg, "slash n0") == NULL);
		CHECK(valid_utf8((const unsigned char *)svg));
		free(svg);
	}
out:
	ptv_model_free(m);
}

static bool starts_with_file(const char *path, const char *magic)
{
	char buf[16] = { 0 };
	FILE *f = fopen(path, "rb");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;

	if (f)
		fclose(f);
	return n >= strlen(magic) && memcmp(buf, magic, strlen(magic)) == 0;
}

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

static void test_formats(const char *dir)
{
	static const struct { const char *ext, *magic, *alt; } cases[] = {
		{ "svg", "<?xml", "<svg" }, { "png", "\x89PNG", NULL },
		{ "pdf", "%PDF", NULL }, { "dot", "digraph", NULL },
	};
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_daemon.jsonl");
	char path[256], err[512];
	struct stat st;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (int theme = 0; theme < 3; theme++) {
			opts.theme = theme == 0 ? "light" : theme == 1 ? "dark" : "print";
			snprintf(path, sizeof path, "%s/tree-%s.%s", dir, opts.theme, cases[i].ext);
			err[0] = '\0';
			CHECK_INT(ptv_render_tree(m, path, &opts, err, sizeof err), 0);
			if (err[0])
				fprintf(stderr, "%s: %s\n", path, err);
			CHECK(stat(path, &st) == 0 && st.st_size > 200);
			CHECK(starts_with_file(path, cases[i].magic) ||
			      (cases[i].alt && starts_with_file(path, cases[i].alt)));
		}
	}
	CHECK_INT(entries(dir), 12);   /* and no temporary files beside them */

	/* Errors: unknown format (by name or extension), unwritable path; nothing is left. */
	opts.theme = "light";
	opts.format = "jpeg";
	snprintf(path, sizeof path, "%s/bad.svg", dir);
	CHECK_INT(ptv_render_tree(m, path, &opts, err, sizeof err), -1);
	CHECK_STR(err, "unknown output format 'jpeg' (use svg, png, pdf or dot)");
	opts.format = NULL;
	snprintf(path, sizeof path, "%s/bad.xyz", dir);
	CHECK_INT(ptv_render_tree(m, path, &opts, err, sizeof err), -1);
	CHECK_STR(err, "unknown output format 'xyz' (use svg, png, pdf or dot)");
	snprintf(path, sizeof path, "%s/missing/tree.svg", dir);
	CHECK_INT(ptv_render_tree(m, path, &opts, err, sizeof err), -1);
	CHECK_STR(err, "No such file or directory");   /* the caller names the file */
	snprintf(path, sizeof path, "%s/tree-light.svg/tree.svg", dir);
	CHECK_INT(ptv_render_tree(m, path, &opts, err, sizeof err), -1);
	CHECK(strstr(err, "Not a directory") != NULL);
	/* A directory that cannot be written (unless we are root, who can write anywhere). */
	char ro[200];
	snprintf(ro, sizeof ro, "%s/ro", dir);
	mkdir(ro, 0500);
	snprintf(path, sizeof path, "%s/tree.png", ro);
	if (geteuid() != 0) {
		CHECK_INT(ptv_render_tree(m, path, &opts, err, sizeof err), -1);
		CHECK(strstr(err, "Permission denied") != NULL);
		CHECK_INT(entries(ro), 0);
	}
	CHECK_INT(entries(dir), 13);   /* the 12 pictures and ro/ */
	chmod(ro, 0700);
	ptv_model_free(m);
}

/* "-" writes to stdout: capture it in a file and check it is the picture. */
static void test_stdout(const char *dir)
{
	ptv_render_opts opts = PTV_RENDER_OPTS_INIT;
	ptv_model *m = tt_load("data/tree_pipeline.jsonl");
	char path[128], err[512] = "";
	int saved = dup(STDOUT_FILENO), fd;

	snprintf(path, sizeof path, "%s/stdout.dot", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(saved >= 0 && fd >= 0);
	if (!m || saved < 0 || fd < 0)
		goto out;
	fflush(stdout);
	dup2(fd, STDOUT_FILENO);
	opts.format = "dot";
	int rc = ptv_render_tree(m, "-", &opts, err, sizeof err);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	CHECK_INT(rc, 0);
	CHECK(starts_with_file(path, "digraph"));
out:
	if (fd >= 0)
		close(fd);
	if (saved >= 0)
		close(saved);
	ptv_model_free(m);
}

int main(void)
{
	char dir[64], fmt[128];

	tt_mkdir(dir);
	test_escaping(dir);
	snprintf(fmt, sizeof fmt, "%s/formats", dir);
	mkdir(fmt, 0700);
	test_formats(fmt);
	test_stdout(dir);
	tt_rmdir(dir);
	return check_done("test_tree_output");
}
