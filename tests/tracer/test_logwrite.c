/* test_logwrite.c — the log's JSON printer prints exactly what cJSON_PrintUnformatted prints:
 * every value type, integers around the fast path's bounds (10^15, 2^53, negative, zero), the
 * fractions and huge numbers cJSON prints its own way, strings with every escape and raw UTF-8
 * bytes, nesting, empty containers, raw numbers; and a buffer too small is refused. */
#include "../check.h"
#include "logwrite.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Print o both ways and compare; frees o. */
static void same_as_cjson(cJSON *o, const char *what)
{
	char *want = cJSON_PrintUnformatted(o);
	char buf[8192];
	long n = logwrite_print(o, buf, sizeof buf);
	CHECK(n >= 0);
	if (want && n >= 0) {
		CHECK_INT(n, (long)strlen(want));
		if (strcmp(buf, want) != 0)
			fprintf(stderr, "%s: got %s, want %s\n", what, buf, want);
		CHECK_STR(buf, want);
	}
	free(want);
	cJSON_Delete(o);
}

static void test_numbers(void)
{
	static const double rows[] = {
		0, -0.0, 1, -1, 7, 42, 2147483647.0, 2147483648.0, -2147483648.0, -2147483649.0,
		1764700000123456789.0, 999999999999999.0, -999999999999999.0, 1e15, 1e15 + 1,
		-1e15, 9007199254740992.0, 9007199254740993.0, 1e17, 1e300, 123456789012.0,
		0.5, -0.25, 3.141592653589793, 0.1, 1e-7, 2.5e-300, 1.0 / 3.0,
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "n", rows[i]);
		char what[64];
		snprintf(what, sizeof what, "number %.17g", rows[i]);
		same_as_cjson(o, what);
	}
	/* The log's integers: every magnitude a t in ns, a pid or an inode takes. */
	for (long long v = 1; v < 1000000000000000LL; v = v * 7 + 3) {
		cJSON *o = cJSON_CreateArray();
		cJSON_AddItemToArray(o, cJSON_CreateNumber((double)v));
		cJSON_AddItemToArray(o, cJSON_CreateNumber((double)-v));
		same_as_cjson(o, "integer");
	}
	cJSON *o = cJSON_CreateArray();
	cJSON_AddItemToArray(o, cJSON_CreateNumber(NAN));
	cJSON_AddItemToArray(o, cJSON_CreateNumber(INFINITY));
	same_as_cjson(o, "nan, inf");
}

static void test_strings(void)
{
	static const char *const rows[] = {
		"", "plain", "quote \" backslash \\ slash /", "\b\f\n\r\t", "\x01\x1f\x7f",
		"caf\xc3\xa9 \xef\xbf\xbd \xf0\x9f\x98\x80", "</script>", "a\x02" "b\x1b[0m",
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, rows[i], rows[i]);   /* as a key too */
		same_as_cjson(o, rows[i]);
	}
}

static void test_shapes(void)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "t", 123456789);
	cJSON_AddStringToObject(o, "type", "fork");
	cJSON_AddBoolToObject(o, "yes", 1);
	cJSON_AddBoolToObject(o, "no", 0);
	cJSON_AddNullToObject(o, "nothing");
	cJSON_AddItemToObject(o, "raw", cJSON_CreateRaw("1764700000123456789"));
	cJSON_AddObjectToObject(o, "empty_obj");
	cJSON_AddArrayToObject(o, "empty_arr");
	cJSON *arr = cJSON_AddArrayToObject(o, "stack");
	for (int i = 0; i < 3; i++) {
		cJSON *fr = cJSON_CreateObject();
		cJSON_AddStringToObject(fr, "pc", "0x401000");
		cJSON_AddNumberToObject(fr, "line", i);
		cJSON_AddItemToArray(arr, fr);
	}
	cJSON *nested = cJSON_AddObjectToObject(o, "options");
	cJSON_AddItemToObject(nested, "list", cJSON_CreateIntArray((const int[]){ 1, -2, 3 }, 3));
	same_as_cjson(o, "shapes");
	same_as_cjson(cJSON_CreateString("top-level string"), "top-level string");
	same_as_cjson(cJSON_CreateArray(), "top-level array");
}

static void test_too_small(void)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "type", "a longer value than the buffer");
	char buf[16];
	CHECK_INT(logwrite_print(o, buf, sizeof buf), -1);
	char *want = cJSON_PrintUnformatted(o);
	size_t need = strlen(want) + 1;
	char *exact = malloc(need);
	CHECK_INT(logwrite_print(o, exact, need), (long)need - 1);   /* exactly enough */
	CHECK_STR(exact, want);
	CHECK_INT(logwrite_print(o, exact, need - 1), -1);            /* one byte short */
	free(exact);
	free(want);
	cJSON_Delete(o);
}

int main(void)
{
	test_numbers();
	test_strings();
	test_shapes();
	test_too_small();
	return check_done("test_logwrite");
}
