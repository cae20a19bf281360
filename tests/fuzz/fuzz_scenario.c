/* libFuzzer target: any bytes as a scenario file must load or be refused
 * with a message; never crash, hang or read out of bounds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tests/fuzz/fuzz_file.h"
#include "cli/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sr_scenario s;
	char path[] = "/tmp/fuzz-scenario-XXXXXX";
	if (fuzz_write_temp(path, data, size))
		return 0;
	char err[1024];
	if (sr_scenario_load(&s, path, err, sizeof err) == 0 &&
	    sr_scenario_finish(&s, err, sizeof err) == 0) {
		FILE *out = fopen("/dev/null", "w");
		if (out) {
			sr_scenario_write(&s, out);
			fclose(out);
		}
	}
	unlink(path);
	return 0;
}
