/*
 * csvout: output files that appear whole or not at all, and CSV fields.
 *
 * A file is written under a temporary name in its folder
 * (".NAME.tmp.PID"), flushed to disk and renamed to NAME by
 * sr_outfile_commit(), so a failed or killed run never leaves a
 * half-written file under NAME (a killed run may leave its temporary file,
 * which the program removes on its next run in that folder).  Text fields go through
 * libcsv (csv_fwrite), so quoting is right; numbers are written with %.17g
 * (integers as integers), NaN as an empty field.
 *
 * Memory: the struct is the caller's; the FILE is closed by commit or abort.
 */
#ifndef SR_CSVOUT_H
#define SR_CSVOUT_H

#include <stdint.h>
#include <stdio.h>

struct sr_outfile {
	FILE *f;
	char tmp[4096];
	char path[4096];
};

/* Opens dir/name for writing under its temporary name. Returns 0 or -1. */
int sr_outfile_open(struct sr_outfile *o, const char *dir, const char *name);

/* Flushes, closes and renames into place. Returns 0, or -1 (the temporary
 * file is then removed). */
int sr_outfile_commit(struct sr_outfile *o);

/* Closes and removes the temporary file. */
void sr_outfile_abort(struct sr_outfile *o);

/* Field writers: a separator (',') before every field but the first of a
 * line is the caller's business. */
void sr_csv_text(FILE *f, const char *s);
void sr_csv_int(FILE *f, int64_t v);
void sr_csv_num(FILE *f, double v);

/* "# " comment lines: one per line of text (text may hold newlines). */
void sr_csv_comment(FILE *f, const char *text);

#endif
