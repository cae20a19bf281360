/* libFuzzer target: any bytes as a recorded workload must replay or be
 * refused with a file:line message; never crash or hang. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tests/fuzz/fuzz_file.h"
#include "models/replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz-replay-XXXXXX";
	if (fuzz_write_temp(path, data, size))
		return 0;
	const char *names[] = {"a", "b"};
	struct sr_replay_params p = {.path = path, .origin_us = 0, .nstreams = 2,
				     .stream_names = names, .skip_bad_rows = size % 2};
	char err[1024];
	struct sr_replay *r = sr_replay_open(&p, err, sizeof err);
	if (r) {
		struct sr_source src = sr_replay_source(r);
		struct sr_batch b;
		while (src.next(src.self, &b) > 0)
			;
		sr_replay_close(r);
	}
	unlink(path);
	return 0;
}
