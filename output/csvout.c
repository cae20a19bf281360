/* csvout: atomic output files and CSV fields.  See csvout.h. */
#include "output/csvout.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

int sr_outfile_open(struct sr_outfile *o, const char *dir, const char *name)
{
	o->f = NULL;
	if (snprintf(o->path, sizeof o->path, "%s/%s", dir, name) >= (int)sizeof o->path ||
	    snprintf(o->tmp, sizeof o->tmp, "%s/.%s.tmp.%ld", dir, name,
		     (long)getpid()) >= (int)sizeof o->tmp)
		return -1;
	o->f = fopen(o->tmp, "w");
	return o->f ? 0 : -1;
}

int sr_outfile_commit(struct sr_outfile *o)
{
	/* On disk before the rename, so that the name never points at a
	 * file whose data a crash could lose. */
	int bad = fflush(o->f) != 0 || fsync(fileno(o->f)) != 0;
	bad |= ferror(o->f) != 0;
	bad |= fclose(o->f) != 0;
	o->f = NULL;
	if (bad || rename(o->tmp, o->path)) {
		remove(o->tmp);
		return -1;
	}
	return 0;
}

void sr_outfile_abort(struct sr_outfile *o)
{
	if (o->f)
		fclose(o->f);
	o->f = NULL;
	remove(o->tmp);
}

void sr_csv_text(FILE *f, const char *s)
{
	csv_fwrite(f, s, strlen(s));
}

void sr_csv_int(FILE *f, int64_t v)
{
	fprintf(f, "%" PRId64, v);
}

void sr_csv_num(FILE *f, double v)
{
	if (isnan(v))
		return;
	if (v == floor(v) && fabs(v) < 9e15)
		fprintf(f, "%.0f", v);
	else
		fprintf(f, "%.17g", v);
}

void sr_csv_comment(FILE *f, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		fprintf(f, "# %.*s\n", (int)n, text);
		text += n + (nl != NULL);
	}
}
