/* The fuzz targets' seed and regression corpora, replayed without clang:
 * every file of tests/fuzz/corpus/NAME goes through target NAME, built with
 * its entry point renamed (see the Makefile).  A finding fails here under
 * `make sanitize`.  SR_CORPUS_VERBOSE=1 names each file before it runs, to
 * find the one a crash came from. */
#include "tests/test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SR_SOURCE
#define SR_SOURCE "."
#endif

int fuzz_scenario_one(const uint8_t *data, size_t size);
int fuzz_replay_one(const uint8_t *data, size_t size);
int fuzz_values_one(const uint8_t *data, size_t size);

typedef int (*target)(const uint8_t *data, size_t size);

/* The whole file at path, in *data (freed by the caller). */
static void read_whole(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t cap = 4096, len = 0, got;
	uint8_t *p = malloc(cap);
	assert_non_null(p);
	while ((got = fread(p + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			p = realloc(p, cap *= 2);
			assert_non_null(p);
		}
	}
	assert_false(ferror(f));
	fclose(f);
	/* Exactly len bytes, as libFuzzer gives, so that ASan sees a read
	 * past the end. */
	*data = malloc(len ? len : 1);
	assert_non_null(*data);
	memcpy(*data, p, len);
	free(p);
	*size = len;
}

static void replay(const char *name, target run)
{
	char dir[4096], path[8192];
	int verbose = getenv("SR_CORPUS_VERBOSE") != NULL;
	size_t files = 0;
	snprintf(dir, sizeof dir, SR_SOURCE "/tests/fuzz/corpus/%s", name);
	DIR *d = opendir(dir);
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		uint8_t *data;
		size_t size;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (verbose)
			fprintf(stderr, "%s\n", path);
		read_whole(path, &data, &size);
		assert_int_equal(run(data, size), 0);
		free(data);
		files++;
	}
	closedir(d);
	assert_true(files > 0);
	print_message("%s: %zu files\n", name, files);
}

static void scenario_corpus(void **state)
{
	(void)state;
	replay("scenario", fuzz_scenario_one);
}

static void replay_corpus(void **state)
{
	(void)state;
	replay("replay", fuzz_replay_one);
}

static void values_corpus(void **state)
{
	(void)state;
	replay("values", fuzz_values_one);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scenario_corpus),
		cmocka_unit_test(replay_corpus),
		cmocka_unit_test(values_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
