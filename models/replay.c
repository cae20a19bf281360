/* replay: a recorded workload streamed from CSV.  See replay.h. */
#include "models/replay.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <csv.h>

#include "sim/clock.h"

/* The file is read in chunks of this size: memory does not depend on the
 * file's length. */
#define CHUNK (64 * 1024)

/* Our columns hold short values; longer text is an error, not truncated
 * into something that might still parse. */
#define VALUE_MAX 128

/* libcsv's field buffer grows with the field being read; without a limit an
 * unclosed quote would pull the rest of the file into memory.  Generous for
 * a cell (a whole SES event as JSON is a few kilobytes). */
#define FIELD_LIMIT (64 * 1024)

/* Largest count of one row: far above any real batch, and it keeps the
 * digit loop free of overflow. */
#define COUNT_MAX INT64_C(1000000000000)

#define NONE SIZE_MAX

#define GSS_HEADER "Timestamp,DeliveryAttempts,Bounces,Complaints,Rejects"

/* The columns we read.  In the GetSendStatistics form the slots hold
 * Timestamp, DeliveryAttempts, Bounces, Complaints and Rejects. */
enum slot { S_TIME, S_COUNT, S_STREAM, S_OUTCOME, S_DOMAIN, S_N };

static const char *const event_cols[S_N] = {
	"timestamp", "count", "stream", "outcome", "recipient_domain"
};

static const char *const gss_cols[S_N] = {
	"Timestamp", "DeliveryAttempts", "Bounces", "Complaints", "Rejects"
};

/* What each GetSendStatistics count is, as an outcome. */
static const enum sr_outcome gss_outcome[S_N] = {
	SR_OUT_SEND, SR_OUT_SEND, SR_OUT_BOUNCE_PERMANENT, SR_OUT_COMPLAINT,
	SR_OUT_REJECT
};

static const char *const outcome_names[SR_OUT_COUNT] = {
	"send", "delivery", "bounce_permanent", "bounce_transient",
	"complaint", "reject"
};

struct value {
	char text[VALUE_MAX];
	size_t len;                  /* >= VALUE_MAX: too long, text cut */
};

/* One valid row: the recipients of each outcome at one time and stream. */
struct row {
	int64_t t_us;
	uint32_t stream;
	int64_t count[SR_OUT_COUNT];
};

/* Everything one pass over the file changes; cleared when a pass starts. */
struct scan {
	unsigned char buf[CHUNK];
	size_t len, pos;
	int at_start;                /* nothing read yet: a BOM may come */
	unsigned char last;          /* last byte fed, so CR LF is one line end */
	int64_t line;                /* line of the next byte */
	int64_t rec_line;            /* line on which the current record began */
	int in_record;
	int skip_line;               /* after malformed CSV, up to the line end */
	int have_header;
	size_t col[S_N];             /* field index of each slot, or NONE */
	size_t nfields;
	int dup_slot;                /* header: a column named twice, or -1 */
	int gss_prefix;              /* header: the fields so far match GSS */
	int has_attempts;            /* header: a DeliveryAttempts column */
	int header_nul;              /* header: a NUL byte (binary, UTF-16) */
	int other_sep;               /* header: ';' or a tab inside a name */
	size_t field;                /* index of the field being read */
	struct value val[S_N];
	int ended;                   /* a record ended in the last slice */
	int ready;                   /* row holds a valid row not yet taken */
	struct row row;
	int have_prev;
	int64_t prev_us;
	int done, failed;
};

struct sr_replay {
	char *path;
	char *names[SR_STREAMS_MAX];
	size_t nstreams;
	int64_t origin_us;
	int skip_bad_rows;
	int gss;                     /* the GetSendStatistics form */
	int pass;                    /* 1: totals, 2: the demand */
	FILE *f;
	struct csv_parser csv;
	int csv_live;
	struct scan s;
	/* The first pass fills totals; the second repeats the same sums in
	 * again, so both passes validate and skip exactly alike. */
	struct sr_replay_totals totals, again;
	char err[1024];
};

static struct sr_replay_totals *acc(struct sr_replay *r)
{
	return r->pass == 1 ? &r->totals : &r->again;
}

static const char *colname(const struct sr_replay *r, int k)
{
	return r->gss ? gss_cols[k] : event_cols[k];
}

/* Reports an error in the current record.  With skip_bad_rows a data row
 * is counted and skipped; the header and everything else stop the replay.
 * Returns -1 either way. */
static int row_error(struct sr_replay *r, const char *fmt, ...)
{
	if (r->skip_bad_rows && r->s.have_header) {
		acc(r)->bad_rows++;
		return -1;
	}
	int n = snprintf(r->err, sizeof r->err, "%s:%" PRId64 ": ", r->path,
			 r->s.rec_line);
	if (n > 0 && (size_t)n < sizeof r->err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(r->err + n, sizeof r->err - (size_t)n, fmt, ap);
		va_end(ap);
	}
	r->s.failed = 1;
	return -1;
}

static int io_error(struct sr_replay *r, const char *what, const char *why)
{
	snprintf(r->err, sizeof r->err, "%s: %s: %s", r->path, what, why);
	r->s.failed = 1;
	return -1;
}

/* For messages only: an instant the calendar cannot show still reads. */
static const char *show(int64_t utc_us, char *buf)
{
	if (sr_time_format(utc_us, buf, SR_TIME_TEXT_MAX) != 0)
		return "an instant outside the years 1 to 9999";
	return buf;
}

static void trim(const char **s, size_t *n)
{
	while (*n && ((*s)[0] == ' ' || (*s)[0] == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* ASCII only, so that the locale cannot change which header matches. */
static int same_nocase(const char *s, size_t n, const char *name)
{
	size_t i = 0;
	for (; i < n && name[i]; i++)
		if (lower((unsigned char)s[i]) != lower((unsigned char)name[i]))
			return 0;
	return i == n && name[i] == '\0';
}

static int same(const char *s, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(s, name, n) == 0;
}

static void header_field(struct sr_replay *r, const char *s, size_t n)
{
	struct scan *sc = &r->s;
	if (sc->field >= S_N || !same(s, n, gss_cols[sc->field]))
		sc->gss_prefix = 0;
	if (same_nocase(s, n, "deliveryattempts"))
		sc->has_attempts = 1;
	if (memchr(s, '\0', n))
		sc->header_nul = 1;
	if (memchr(s, ';', n) || memchr(s, '\t', n))
		sc->other_sep = 1;
	for (int k = 0; k < S_N; k++) {
		if (!same_nocase(s, n, event_cols[k]))
			continue;
		if (sc->col[k] != NONE && sc->dup_slot < 0)
			sc->dup_slot = k;
		sc->col[k] = sc->field;
	}
}

static int header_end(struct sr_replay *r)
{
	struct scan *sc = &r->s;
	sc->nfields = sc->field;
	r->gss = sc->gss_prefix && sc->nfields == S_N;
	if (r->gss) {
		for (int k = 0; k < S_N; k++)
			sc->col[k] = (size_t)k;
		return 0;
	}
	if (sc->header_nul)
		return row_error(r, "the header holds a NUL byte (a binary or "
				 "UTF-16 file?), expected UTF-8 or ASCII text "
				 "with a header row such as timestamp,count,stream");
	/* A near miss would otherwise replay one recipient per row. */
	if (sc->has_attempts)
		return row_error(r, "a DeliveryAttempts column but not the "
				 "GetSendStatistics header, expected exactly "
				 GSS_HEADER);
	if (sc->dup_slot >= 0)
		return row_error(r, "column %s appears twice, expected each "
				 "column once", event_cols[sc->dup_slot]);
	if (sc->col[S_TIME] == NONE && sc->other_sep)
		return row_error(r, "no timestamp column in the header, which "
				 "holds ';' or tabs, expected columns separated "
				 "by commas, one named timestamp");
	if (sc->col[S_TIME] == NONE)
		return row_error(r, "no timestamp column in the header, "
				 "expected a column named timestamp or the "
				 "header " GSS_HEADER);
	return 0;
}

static void data_field(struct sr_replay *r, const char *s, size_t n)
{
	for (int k = 0; k < S_N; k++) {
		if (r->s.col[k] != r->s.field)
			continue;
		struct value *v = &r->s.val[k];
		size_t keep = n < VALUE_MAX ? n : VALUE_MAX - 1;
		memcpy(v->text, s, keep);
		v->text[keep] = '\0';
		v->len = n;
	}
}

static void on_field(void *data, size_t n, void *self)
{
	struct sr_replay *r = self;
	const char *s = data ? data : "";
	trim(&s, &n);
	if (r->s.have_header)
		data_field(r, s, n);
	else
		header_field(r, s, n);
	r->s.field++;
}

/* Epoch seconds: digits with up to 6 decimals. */
static int parse_epoch(const char *s, int64_t *utc_us, const char **why)
{
	const char *p = s;
	int64_t sec = 0, us = 0, scale = SR_US_PER_S;
	for (; *p >= '0' && *p <= '9'; p++) {
		sec = sec * 10 + (*p - '0');
		if (sec > SR_TIME_MAX / SR_US_PER_S) {
			*why = "epoch seconds beyond the year 9999 (milliseconds?)";
			return -1;
		}
	}
	if (p == s) {
		*why = "not a number";
		return -1;
	}
	if (*p == '.') {
		const char *frac = ++p;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (p - frac == 6) {
				*why = "more than 6 decimals";
				return -1;
			}
			scale /= 10;
			us += (*p - '0') * scale;
		}
		if (p == frac)
			p--;     /* "12." is not a number */
	}
	if (*p != '\0') {
		*why = "not a number";
		return -1;
	}
	*utc_us = sec * SR_US_PER_S + us;
	return 0;
}

static int parse_time(struct sr_replay *r, int64_t *t_us)
{
	const char *s = r->s.val[S_TIME].text;
	const char *why = "empty";
	int64_t utc = 0;
	int bad;
	if (!*s)
		bad = 1;
	else if (strspn(s, "0123456789.") == strlen(s))
		bad = parse_epoch(s, &utc, &why) != 0;
	else
		bad = sr_time_parse(s, &utc, &why) != 0;
	if (bad)
		return row_error(r, "bad %s '%.40s': %s, expected ISO 8601 such "
				 "as 2024-05-01T12:00:00Z or epoch seconds",
				 colname(r, S_TIME), s, why);
	/* Scenarios start from 1970 to 2100 (epoch seconds are never
	 * negative); a later year is a typo that would silently fall
	 * outside the run. */
	if (utc >= sr_days_from_civil(2101, 1, 1) * SR_US_PER_DAY)
		return row_error(r, "bad %s '%.40s': after 2100, expected a time "
				 "from 1970 to 2100", colname(r, S_TIME), s);
	*t_us = utc - r->origin_us;
	if (*t_us >= 0)
		return 0;
	char at[SR_TIME_TEXT_MAX], start[SR_TIME_TEXT_MAX];
	return row_error(r, "%s %s is before the scenario start (%s), expected "
			 "a time at or after it", colname(r, S_TIME),
			 show(utc, at), show(r->origin_us, start));
}

static int parse_count(struct sr_replay *r, int k, int64_t *out)
{
	const char *s = r->s.val[k].text;
	const char *why = NULL;
	int64_t v = 0;
	if (*s == '-')
		why = "negative";
	else if (!*s)
		why = "empty";
	for (const char *p = s; !why && *p; p++) {
		if (*p < '0' || *p > '9')
			why = "not a whole number";
		else if ((v = v * 10 + (*p - '0')) > COUNT_MAX)
			why = "too large";
	}
	if (why)
		return row_error(r, "bad %s '%.40s': %s, expected a whole number "
				 "from 0 to %" PRId64, colname(r, k), s, why,
				 COUNT_MAX);
	*out = v;
	return 0;
}

static int find_stream(struct sr_replay *r, uint32_t *out)
{
	const char *s = r->s.val[S_STREAM].text;
	for (size_t i = 0; i < r->nstreams; i++) {
		if (strcmp(s, r->names[i]) == 0) {
			*out = (uint32_t)i;
			return 0;
		}
	}
	char list[SR_STREAMS_MAX * 24];
	size_t n = 0;
	for (size_t i = 0; i < r->nstreams && n < sizeof list; i++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s",
				      i ? ", " : "", r->names[i]);
	return row_error(r, "unknown stream '%.40s', expected one of the "
			 "scenario's streams: %s", s, list);
}

static int find_outcome(struct sr_replay *r, enum sr_outcome *out)
{
	const struct value *v = &r->s.val[S_OUTCOME];
	for (int o = 0; o < SR_OUT_COUNT; o++) {
		if (same_nocase(v->text, v->len, outcome_names[o])) {
			*out = (enum sr_outcome)o;
			return 0;
		}
	}
	return row_error(r, "unknown outcome '%.40s', expected send, delivery, "
			 "bounce_permanent, bounce_transient, complaint or "
			 "reject", v->text);
}

/* Empty cells take the defaults, as absent columns do. */
static int parse_event(struct sr_replay *r, struct row *row)
{
	int64_t n = 1;
	uint32_t stream = 0;
	enum sr_outcome o = SR_OUT_SEND;
	if (r->s.val[S_COUNT].len && parse_count(r, S_COUNT, &n))
		return -1;
	if (r->s.val[S_STREAM].len && find_stream(r, &stream))
		return -1;
	if (r->s.val[S_OUTCOME].len && find_outcome(r, &o))
		return -1;
	row->stream = stream;
	row->count[o] = n;
	return 0;
}

static int parse_gss(struct sr_replay *r, struct row *row)
{
	for (int k = S_COUNT; k < S_N; k++)
		if (parse_count(r, k, &row->count[gss_outcome[k]]))
			return -1;
	return 0;
}

static int parse_row(struct sr_replay *r, struct row *row)
{
	const struct scan *sc = &r->s;
	if (sc->field != sc->nfields)
		return row_error(r, "%zu field%s where the header has %zu, "
				 "expected one per column (a malformed line?)",
				 sc->field, sc->field == 1 ? "" : "s",
				 sc->nfields);
	for (int k = 0; k < S_N; k++) {
		const struct value *v = &sc->val[k];
		if (k == S_DOMAIN && !r->gss)
			continue;
		if (v->len >= VALUE_MAX)
			return row_error(r, "the %s field is %zu bytes long, "
					 "expected at most %d", colname(r, k),
					 v->len, VALUE_MAX - 1);
		/* A NUL would silently cut the value short. */
		if (strlen(v->text) != v->len)
			return row_error(r, "the %s field holds a NUL byte, "
					 "expected text", colname(r, k));
	}
	*row = (struct row){0};
	if (parse_time(r, &row->t_us))
		return -1;
	return r->gss ? parse_gss(r, row) : parse_event(r, row);
}

/* Order and sums: the checks that need the rows before this one. */
static int accept(struct sr_replay *r, const struct row *row)
{
	struct scan *sc = &r->s;
	struct sr_replay_totals *t = acc(r);
	if (sc->have_prev && row->t_us < sc->prev_us) {
		char at[SR_TIME_TEXT_MAX], prev[SR_TIME_TEXT_MAX];
		return row_error(r, "out of time order: %s is before the "
				 "previous row's %s, expected rows sorted by "
				 "time", show(r->origin_us + row->t_us, at),
				 show(r->origin_us + sc->prev_us, prev));
	}
	int64_t *sum = t->count[row->stream];
	for (int o = 0; o < SR_OUT_COUNT; o++)
		if (row->count[o] > INT64_MAX - sum[o])
			return row_error(r, "the total of %s overflows, expected "
					 "fewer recipients", outcome_names[o]);
	for (int o = 0; o < SR_OUT_COUNT; o++)
		sum[o] += row->count[o];
	if (!sc->have_prev) {
		t->first_us = row->t_us;
		t->first_line = sc->rec_line;
	}
	t->last_us = row->t_us;
	t->rows++;
	sc->have_prev = 1;
	sc->prev_us = row->t_us;
	return 0;
}

static void clear_record(struct scan *sc)
{
	sc->field = 0;
	for (int k = 0; k < S_N; k++) {
		sc->val[k].text[0] = '\0';
		sc->val[k].len = 0;
	}
}

static void on_record(int c, void *self)
{
	struct sr_replay *r = self;
	struct scan *sc = &r->s;
	(void)c;
	sc->ended = 1;
	if (!sc->have_header)
		sc->have_header = header_end(r) == 0;
	else if (parse_row(r, &sc->row) == 0 && accept(r, &sc->row) == 0)
		sc->ready = 1;
	clear_record(sc);
}

static int start_csv(struct sr_replay *r)
{
	if (r->csv_live)
		csv_free(&r->csv);
	r->csv_live = csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI) == 0;
	return r->csv_live ? 0 : io_error(r, "cannot start the CSV parser",
					   strerror(ENOMEM));
}

/* A record libcsv rejected: report it, and with skip_bad_rows start afresh
 * at the next line (libcsv keeps no usable state after an error). */
static int bad_csv(struct sr_replay *r, const char *what, int line_ended)
{
	row_error(r, "%s", what);
	if (r->s.failed)
		return -1;
	clear_record(&r->s);
	r->s.in_record = 0;
	r->s.skip_line = !line_ended;
	return start_csv(r);
}

static int is_end(unsigned char c)
{
	return c == '\n' || c == '\r';
}

static int blank(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && !is_end(s[i]))
			return 0;
	return 1;
}

static void count_line(struct scan *sc, unsigned char c)
{
	if (c == '\r' || (c == '\n' && sc->last != '\r'))
		sc->line++;
	sc->last = c;
}

static int parse_slice(struct sr_replay *r, const unsigned char *s, size_t n,
		       int line_ended)
{
	struct scan *sc = &r->s;
	if (!sc->in_record)
		sc->rec_line = sc->line;
	sc->ended = 0;
	if (csv_parse(&r->csv, s, n, on_field, on_record, r) < n) {
		if (csv_error(&r->csv) != CSV_EPARSE)
			return io_error(r, "cannot parse",
					csv_strerror(csv_error(&r->csv)));
		return bad_csv(r, "malformed CSV: a quote inside an unquoted "
			       "field or text after a closing quote, expected "
			       "fields quoted as in RFC 4180", line_ended);
	}
	/* entry_pos is the length of the field libcsv is still reading. */
	if (r->csv.entry_pos > FIELD_LIMIT)
		return bad_csv(r, "a field longer than 64 KiB (an unclosed "
			       "quote?), expected fields of at most 64 KiB",
			       line_ended);
	if (sc->ended)
		sc->in_record = 0;
	else if (!blank(s, n))
		sc->in_record = 1;
	return 0;
}

/*
 * Feeds libcsv up to and including the next line end.  A record ends only
 * at a line end, so at most one ends per call, and the reader can hand out
 * rows one at a time without queueing them.
 */
static int feed(struct sr_replay *r)
{
	struct scan *sc = &r->s;
	const unsigned char *s = sc->buf + sc->pos;
	size_t n = 0;
	while (sc->pos + n < sc->len && !is_end(s[n]))
		n++;
	int line_ended = sc->pos + n < sc->len;
	n += (size_t)line_ended;
	sc->pos += n;
	int rc = 0;
	if (sc->skip_line)
		sc->skip_line = !line_ended;
	else
		rc = parse_slice(r, s, n, line_ended);
	count_line(sc, s[n - 1]);
	return rc;
}

static int fill(struct sr_replay *r)
{
	struct scan *sc = &r->s;
	sc->pos = 0;
	sc->len = fread(sc->buf, 1, CHUNK, r->f);
	if (sc->len < CHUNK && ferror(r->f))
		return io_error(r, "cannot read", strerror(errno));
	if (sc->at_start && sc->len >= 3 &&
	    memcmp(sc->buf, "\xEF\xBB\xBF", 3) == 0)
		sc->pos = 3;     /* a UTF-8 byte order mark */
	sc->at_start = 0;
	return 0;
}

/* At the end of the file: the last record may have no line end. */
static void finish(struct sr_replay *r)
{
	struct scan *sc = &r->s;
	sc->done = 1;
	if (!sc->in_record)
		sc->rec_line = sc->line;
	if (sc->skip_line)
		return;
	if (csv_fini(&r->csv, on_field, on_record, r) != 0) {
		row_error(r, "unclosed quote at the end of the file, expected "
			  "a closing quote");
		return;
	}
	if (!sc->have_header && !sc->failed)
		row_error(r, "empty file, expected a header row such as "
			  "timestamp,count,stream");
}

/* Reads on to the next valid row (1), the end (0) or an error (-1). */
static int step(struct sr_replay *r)
{
	struct scan *sc = &r->s;
	while (!sc->ready) {
		if (sc->failed)
			return -1;
		if (sc->done)
			return 0;
		if (sc->pos < sc->len) {
			if (feed(r))
				return -1;
		} else if (fill(r)) {
			return -1;
		} else if (sc->len == 0) {
			finish(r);
		}
	}
	sc->ready = 0;
	return 1;
}

static int start_pass(struct sr_replay *r, int pass)
{
	struct scan *sc = &r->s;
	memset(sc, 0, sizeof *sc);
	sc->at_start = 1;
	sc->line = 1;
	sc->rec_line = 1;
	sc->dup_slot = -1;
	sc->gss_prefix = 1;
	for (int k = 0; k < S_N; k++)
		sc->col[k] = NONE;
	r->pass = pass;
	r->again = (struct sr_replay_totals){0};
	if (fseek(r->f, 0, SEEK_SET) != 0)
		return io_error(r, "cannot rewind", strerror(errno));
	return start_csv(r);
}

static int open_file(struct sr_replay *r)
{
	struct stat st;
	r->f = fopen(r->path, "rb");
	if (!r->f)
		return io_error(r, "cannot open", strerror(errno));
	if (fstat(fileno(r->f), &st) != 0)
		return io_error(r, "cannot open", strerror(errno));
	if (S_ISDIR(st.st_mode))
		return io_error(r, "cannot open", strerror(EISDIR));
	return 0;
}

static const char *check_params(const struct sr_replay_params *p)
{
	if (!p || !p->path)
		return "no file given";
	if (p->nstreams < 1 || p->nstreams > SR_STREAMS_MAX)
		return "the number of streams must be 1 to 16";
	if (!p->stream_names)
		return "no stream names given";
	for (size_t i = 0; i < p->nstreams; i++)
		if (!p->stream_names[i])
			return "a stream has no name";
	return NULL;
}

/* Copies what the caller may free or reuse once open returns. */
static int copy_params(struct sr_replay *r, const struct sr_replay_params *p)
{
	r->origin_us = p->origin_us;
	r->skip_bad_rows = p->skip_bad_rows;
	r->path = strdup(p->path);
	if (!r->path)
		return -1;
	for (size_t i = 0; i < p->nstreams; i++) {
		r->names[i] = strdup(p->stream_names[i]);
		if (!r->names[i])
			return -1;
		r->nstreams = i + 1;
	}
	return 0;
}

static int first_pass(struct sr_replay *r)
{
	int rc;
	if (start_pass(r, 1))
		return -1;
	while ((rc = step(r)) == 1)
		;
	return rc;
}

struct sr_replay *sr_replay_open(const struct sr_replay_params *p, char *err,
				 size_t errlen)
{
	const char *why = check_params(p);
	if (why) {
		snprintf(err, errlen, "%s: %s",
			 p && p->path ? p->path : "replay", why);
		return NULL;
	}
	struct sr_replay *r = calloc(1, sizeof *r);
	if (!r || copy_params(r, p)) {
		snprintf(err, errlen, "%s: out of memory", p->path);
		sr_replay_close(r);
		return NULL;
	}
	if (open_file(r) || first_pass(r) || start_pass(r, 2)) {
		snprintf(err, errlen, "%s", r->err);
		sr_replay_close(r);
		return NULL;
	}
	return r;
}

void sr_replay_close(struct sr_replay *r)
{
	if (!r)
		return;
	if (r->csv_live)
		csv_free(&r->csv);
	if (r->f)
		(void)fclose(r->f);     /* only read: nothing to lose */
	for (size_t i = 0; i < r->nstreams; i++)
		free(r->names[i]);
	free(r->path);
	free(r);
}

const struct sr_replay_totals *sr_replay_totals(const struct sr_replay *r)
{
	return &r->totals;
}

static double ratio(int64_t part, int64_t whole)
{
	double x = (double)part / (double)whole;
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

void sr_replay_quality(const struct sr_replay *r, struct sr_stream_quality *q)
{
	for (size_t i = 0; i < r->nstreams; i++) {
		const int64_t *c = r->totals.count[i];
		int64_t send = c[SR_OUT_SEND];
		if (send <= 0)
			continue;
		q[i].hard_bounce_p = ratio(c[SR_OUT_BOUNCE_PERMANENT], send);
		/* complaint_p is per recipient at feedback-loop providers
		 * (stream.h): the recorded complaints came from that share. */
		double fbl = q[i].fbl_share > 0 ? q[i].fbl_share : 1;
		q[i].complaint_p = ratio(c[SR_OUT_COMPLAINT],
					 (int64_t)llround((double)send * fbl));
		/* GetSendStatistics has no transient bounces to go on. */
		if (!r->gss)
			q[i].soft_bounce_p = ratio(c[SR_OUT_BOUNCE_TRANSIENT],
						   send);
	}
}

static int source_next(void *self, struct sr_batch *out)
{
	struct sr_replay *r = self;
	int rc;
	while ((rc = step(r)) == 1) {
		const struct row *row = &r->s.row;
		if (row->count[SR_OUT_SEND] == 0)
			continue;
		*out = (struct sr_batch){
			.t_us = row->t_us, .stream = row->stream,
			.recipients = row->count[SR_OUT_SEND],
		};
		return 1;
	}
	return rc;
}

static const char *source_error(const void *self)
{
	const struct sr_replay *r = self;
	return r->err;
}

struct sr_source sr_replay_source(struct sr_replay *r)
{
	return (struct sr_source){
		.next = source_next, .error = source_error, .self = r,
	};
}
