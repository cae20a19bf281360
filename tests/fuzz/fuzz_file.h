/* fuzz_file: the fuzz targets read their input from a file, as the program
 * does; this writes it to a fresh temporary file. */
#ifndef SR_FUZZ_FILE_H
#define SR_FUZZ_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

/* Writes data to a new file named from tmpl (ending in XXXXXX, changed in
 * place). Returns 0, or -1 with no file left behind. */
static inline int fuzz_write_temp(char *tmpl, const uint8_t *data, size_t size)
{
	int fd = mkstemp(tmpl);
	if (fd < 0)
		return -1;
	int bad = write(fd, data, size) != (ssize_t)size;
	close(fd);
	if (bad) {
		unlink(tmpl);
		return -1;
	}
	return 0;
}

#endif
