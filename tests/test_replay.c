/* Replay: recorded workloads from CSV, their errors and their memory. */
#include "tests/test.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "models/replay.h"
#include "sim/clock.h"

#define SEC SR_US_PER_S
#define MIN SR_US_PER_MIN

/* 2024-01-01T00:00:00Z, the scenario start of every test. */
#define ORIGIN_S INT64_C(1704067200)
#define ORIGIN (ORIGIN_S * SEC)

static const char *const names[] = { "transactional", "marketing" };

struct tmp {
	char path[64];
};

static void tmp_write_n(struct tmp *t, const char *text, size_t len)
{
	strcpy(t->path, "/tmp/test_replay_XXXXXX");
	int fd = mkstemp(t->path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void tmp_write(struct tmp *t, const char *text)
{
	tmp_write_n(t, text, strlen(text));
}

static struct sr_replay_params params(const struct tmp *t, int skip)
{
	return (struct sr_replay_params){
		.path = t->path, .origin_us = ORIGIN, .nstreams = 2,
		.stream_names = names, .skip_bad_rows = skip,
	};
}

static struct sr_replay *open_ok(const struct tmp *t, int skip)
{
	char err[512] = "";
	struct sr_replay_params p = params(t, skip);
	struct sr_replay *r = sr_replay_open(&p, err, sizeof err);
	if (!r)
		fail_msg("open failed: %s", err);
	return r;
}

/* Replays everything and checks the batches against want[]. */
static void expect_batches(struct sr_replay *r, const struct sr_batch *want,
			   size_t n)
{
	struct sr_source src = sr_replay_source(r);
	struct sr_batch b;
	for (size_t i = 0; i < n; i++) {
		int rc = src.next(src.self, &b);
		if (rc != 1)
			fail_msg("batch %zu: next() = %d: %s", i, rc,
				 src.error(src.self));
		assert_int_equal(b.t_us, want[i].t_us);
		assert_int_equal(b.stream, want[i].stream);
		assert_int_equal(b.recipients, want[i].recipients);
	}
	assert_int_equal(src.next(src.self, &b), 0);
	assert_int_equal(src.next(src.self, &b), 0);   /* and stays at the end */
	assert_string_equal(src.error(src.self), "");
}

static void a_small_csv_replays_to_exactly_its_counts(void **state)
{
	(void)state;
	struct tmp t;
	tmp_write(&t,
		  "timestamp,count,stream,outcome\n"
		  "2024-01-01T00:00:00Z,3,transactional,send\n"
		  "2024-01-01T00:00:00Z,5,marketing,send\n"
		  "2024-01-01T00:01:00Z,2,transactional,delivery\n"
		  "2024-01-01T00:01:30Z,0,transactional,send\n"
		  "2024-01-01T00:02:00Z,,,\n"
		  "2024-01-01T00:03:00Z,1,marketing,bounce_permanent\n"
		  "2024-01-01T00:04:00Z,7,marketing,\n");
	struct sr_replay *r = open_ok(&t, 0);
	const struct sr_replay_totals *tot = sr_replay_totals(r);
	assert_int_equal(tot->rows, 7);
	assert_int_equal(tot->bad_rows, 0);
	assert_int_equal(tot->first_us, 0);
	assert_int_equal(tot->last_us, 4 * MIN);
	assert_int_equal(tot->count[0][SR_OUT_SEND], 3 + 0 + 1);
	assert_int_equal(tot->count[0][SR_OUT_DELIVERY], 2);
	assert_int_equal(tot->count[1][SR_OUT_SEND], 5 + 7);
	assert_int_equal(tot->count[1][SR_OUT_BOUNCE_PERMANENT], 1);
	assert_int_equal(tot->count[1][SR_OUT_COMPLAINT], 0);
	const struct sr_batch want[] = {
		{ 0, 0, 3 }, { 0, 1, 5 }, { 2 * MIN, 0, 1 }, { 4 * MIN, 1, 7 },
	};
	expect_batches(r, want, sizeof want / sizeof want[0]);
	sr_replay_close(r);
	unlink(t.path);
}

struct bad {
	const char *text;
	int line;
	const char *what;
};

#define HDR "timestamp,count,stream\n"
#define OK1 "2024-01-01T00:00:00Z,1,transactional\n"
#define OK2 "2024-01-01T01:00:00Z,2,marketing\n"

static const struct bad bad_files[] = {
	{ HDR OK1 OK2 "2024-01-01T00:30:00Z,1,transactional\n", 4,
	  "out of time order: 2024-01-01T00:30:00Z is before the previous "
	  "row's 2024-01-01T01:00:00Z" },
	{ HDR OK1 "2024-13-01T00:00:00Z,1,marketing\n" OK2, 3,
	  "bad timestamp '2024-13-01T00:00:00Z'" },
	{ HDR OK1 "yesterday,1,marketing\n", 3, "bad timestamp 'yesterday'" },
	{ HDR OK1 "1704067200.1234567,1,marketing\n", 3, "more than 6 decimals" },
	{ HDR OK1 "1704067200000,1,marketing\n", 3, "beyond the year 9999" },
	{ HDR OK1 ",1,marketing\n", 3, "bad timestamp '': empty" },
	{ HDR "2023-12-31T23:59:59Z,1,marketing\n", 2,
	  "2023-12-31T23:59:59Z is before the scenario start "
	  "(2024-01-01T00:00:00Z)" },
	{ HDR OK1 OK2 "2024-01-01T02:00:00Z,-3,marketing\n", 4,
	  "bad count '-3': negative" },
	{ HDR OK1 "2024-01-01T02:00:00Z,1.5,marketing\n", 3,
	  "bad count '1.5': not a whole number" },
	{ HDR OK1 "2024-01-01T02:00:00Z,ten,marketing\n", 3,
	  "bad count 'ten': not a whole number" },
	{ HDR OK1 "2024-01-01T02:00:00Z,1000000000001,marketing\n", 3,
	  "bad count '1000000000001': too large" },
	{ HDR OK1 "2024-01-01T02:00:00Z,1\n", 3,
	  "2 fields where the header has 3" },
	{ HDR OK1 "2024-01-01T02:00:00Z,1,marketing,x\n", 3,
	  "4 fields where the header has 3" },
	{ HDR OK1 "2024-01-01T02:00:00Z,1\"2,marketing\n", 3, "malformed CSV" },
	{ HDR OK1 "2024-01-01T02:00:00Z,\"1\"x,marketing\n", 3, "malformed CSV" },
	{ HDR OK1 OK2 "2024-01-01T02:00:00Z,1,\"marketing\n", 4,
	  "unclosed quote" },
	{ HDR OK1 "2024-01-01T02:00:00Z,1,newsletter\n", 3,
	  "unknown stream 'newsletter', expected one of the scenario's "
	  "streams: transactional, marketing" },
	{ HDR OK1 "2024-01-01T02:00:00Z,1,Marketing\n", 3,
	  "unknown stream 'Marketing'" },     /* names match exactly */
	{ "timestamp,outcome\n2024-01-01T00:00:00Z,open\n", 2,
	  "unknown outcome 'open'" },
	{ "when,count\n2024-01-01T00:00:00Z,1\n", 1, "no timestamp column" },
	{ "timestamp,count,COUNT\n", 1, "column count appears twice" },
	{ "", 1, "empty file" },
	{ "\n\n", 3, "empty file" },
	{ "Timestamp,DeliveryAttempts,Bounces,Complaints\n", 1,
	  "not the GetSendStatistics header" },
	{ "timestamp,stream\n2024-01-01T00:00:00Z,"
	  "ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss"
	  "ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss\n",
	  2, "the stream field is 128 bytes long" },
	/* Physical lines: a blank line and a quoted line break count. */
	{ HDR "\n" OK1 "2024-01-01T00:10:00Z,1,\"trans\nactional\"\n", 4,
	  "unknown stream 'trans\nactional'" },
	{ "timestamp,note\r\n2024-01-01T00:00:00Z,\"a\r\nb\"\r\n"
	  "2024-01-01T00:01:00Z,\"c\r\nd\",e\r\n", 4,
	  "3 fields where the header has 2" },
	{ "timestamp,count\r1704067200,1\r\r1704067200,x\r", 4,
	  "bad count 'x'" },       /* bare CR line ends, as old Macs wrote */
	{ "Timestamp,DeliveryAttempts,Bounces,Complaints,Rejects\n"
	  "2024-01-01T00:15:00Z,10,1,0,0\n2024-01-01T00:30:00Z,10,-1,0,0\n", 3,
	  "bad Bounces '-1': negative" },
};

/* Each bad file fails at open with "path:line: what", and with the same
 * line and words however the rule is broken. */
static void each_kind_of_bad_row_gives_its_file_line_error(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
		const struct bad *b = &bad_files[i];
		struct tmp t;
		tmp_write(&t, b->text);
		char err[512] = "", want[128];
		struct sr_replay_params p = params(&t, 0);
		struct sr_replay *r = sr_replay_open(&p, err, sizeof err);
		if (r)
			fail_msg("case %zu opened", i);
		snprintf(want, sizeof want, "%s:%d: ", t.path, b->line);
		if (strncmp(err, want, strlen(want)) != 0 ||
		    !strstr(err, b->what) || !strstr(err, "expected"))
			fail_msg("case %zu: want \"%s...%s\", got \"%s\"", i,
				 want, b->what, err);
		unlink(t.path);
	}
	/* A NUL byte would cut "1<NUL>2" to a valid "1". */
	static const char nul[] = "timestamp,count\n1704067200,\"1\0002\"\n";
	struct tmp t;
	tmp_write_n(&t, nul, sizeof nul - 1);
	char err[512];
	struct sr_replay_params p = params(&t, 0);
	assert_null(sr_replay_open(&p, err, sizeof err));
	assert_non_null(strstr(err, ":2: the count field holds a NUL byte"));
	unlink(t.path);
	/* An unclosed quote early in a big file stops at 64 KiB, not at the
	 * end of the file with all of it in memory. */
	size_t big = 256 << 10;
	char *text = malloc(big + 1);
	assert_non_null(text);
	int head = sprintf(text, "timestamp,note\n1704067200,ok\n"
			   "1704067201,\"oops\n");
	for (size_t i = (size_t)head; i < big; i++)
		text[i] = i % 64 == 0 ? '\n' : 'x';
	text[big] = '\0';
	tmp_write(&t, text);
	free(text);
	p = params(&t, 0);
	assert_null(sr_replay_open(&p, err, sizeof err));
	assert_non_null(strstr(err, ":3: a field longer than 64 KiB"));
	unlink(t.path);
}

/* A header alone is a valid, empty workload: an export of a quiet period
 * is not an error, and the totals say there was nothing. */
static void header_only_gives_no_batches_and_no_error(void **state)
{
	(void)state;
	struct tmp t;
	tmp_write(&t, "timestamp,count\n");
	struct sr_replay *r = open_ok(&t, 0);
	assert_int_equal(sr_replay_totals(r)->rows, 0);
	expect_batches(r, NULL, 0);
	sr_replay_close(r);
	unlink(t.path);
}

static void open_errors_name_the_file(void **state)
{
	(void)state;
	char err[512];
	struct tmp t = { .path = "/nonexistent/replay.csv" };
	struct sr_replay_params p = params(&t, 0);
	assert_null(sr_replay_open(&p, err, sizeof err));
	assert_string_equal(err, "/nonexistent/replay.csv: cannot open: "
			    "No such file or directory");
	strcpy(t.path, "/tmp");
	p = params(&t, 0);
	assert_null(sr_replay_open(&p, err, sizeof err));
	assert_string_equal(err, "/tmp: cannot open: Is a directory");
	p.nstreams = 0;
	assert_null(sr_replay_open(&p, err, sizeof err));
	assert_non_null(strstr(err, "streams must be 1 to 16"));
}

static void get_send_statistics_replays_and_sets_quality(void **state)
{
	(void)state;
	struct tmp t;
	tmp_write(&t,
		  " Timestamp , DeliveryAttempts,Bounces ,Complaints,Rejects\n"
		  "2024-01-01T00:15:00Z,1000,20,1,3\n"
		  "2024-01-01T00:30:00+00:00,0,0,0,0\n"
		  "2024-01-01T00:45:00Z,3000,10,3,0\n");
	struct sr_replay *r = open_ok(&t, 0);
	const struct sr_replay_totals *tot = sr_replay_totals(r);
	assert_int_equal(tot->rows, 3);
	assert_int_equal(tot->count[0][SR_OUT_SEND], 4000);
	assert_int_equal(tot->count[0][SR_OUT_BOUNCE_PERMANENT], 30);
	assert_int_equal(tot->count[0][SR_OUT_COMPLAINT], 4);
	assert_int_equal(tot->count[0][SR_OUT_REJECT], 3);
	assert_int_equal(tot->count[1][SR_OUT_SEND], 0);
	struct sr_stream_quality q[2] = {
		{ .hard_bounce_p = -1, .soft_bounce_p = -1, .complaint_p = -1 },
		{ .hard_bounce_p = -1, .soft_bounce_p = -1, .complaint_p = -1 },
	};
	sr_replay_quality(r, q);
	assert_true(q[0].hard_bounce_p == 30.0 / 4000);
	assert_true(q[0].complaint_p == 4.0 / 4000);
	assert_true(q[0].soft_bounce_p == -1);       /* no data: left alone */
	assert_true(q[1].hard_bounce_p == -1);
	const struct sr_batch want[] = {
		{ 15 * MIN, 0, 1000 }, { 45 * MIN, 0, 3000 },
	};
	expect_batches(r, want, 2);
	sr_replay_close(r);
	unlink(t.path);
}

static void columns_in_any_order_and_unknown_columns_ignored(void **state)
{
	(void)state;
	struct tmp t;
	tmp_write(&t,
		  "Outcome,message_id,STREAM,Recipient_Domain,Count,TimeStamp\n"
		  "send,a1,marketing,example.com,4,1704067260\n"
		  "send,\"x,\"\"y\"\"\",transactional,example.org,2,1704067320\n"
		  "complaint,a3,marketing,,1,1704067380\n");
	struct sr_replay *r = open_ok(&t, 0);
	assert_int_equal(sr_replay_totals(r)->count[1][SR_OUT_COMPLAINT], 1);
	const struct sr_batch want[] = {
		{ 1 * MIN, 1, 4 }, { 2 * MIN, 0, 2 },
	};
	expect_batches(r, want, 2);
	sr_replay_close(r);
	unlink(t.path);
}

static void crlf_and_byte_order_mark_accepted(void **state)
{
	(void)state;
	struct tmp t;
	tmp_write(&t,
		  "\xEF\xBB\xBFtimestamp,count,stream\r\n"
		  "2024-01-01T00:00:00Z,2,marketing\r\n"
		  "\r\n"
		  "2024-01-01T00:00:01Z,3,transactional\r\n");
	struct sr_replay *r = open_ok(&t, 0);
	const struct sr_batch want[] = { { 0, 1, 2 }, { SEC, 0, 3 } };
	expect_batches(r, want, 2);
	sr_replay_close(r);
	unlink(t.path);
	/* Line numbers count CR LF once. */
	tmp_write(&t, "\xEF\xBB\xBFtimestamp,count\r\n1704067200,1\r\n\r\n"
		  "1704067200,x\r\n");
	char err[512];
	struct sr_replay_params p = params(&t, 0);
	assert_null(sr_replay_open(&p, err, sizeof err));
	char want_prefix[128];
	snprintf(want_prefix, sizeof want_prefix, "%s:4: bad count 'x'", t.path);
	assert_memory_equal(err, want_prefix, strlen(want_prefix));
	unlink(t.path);
}

static void epoch_and_iso_timestamps(void **state)
{
	(void)state;
	struct tmp t;
	tmp_write(&t,
		  "timestamp\n"
		  "1704067200\n"
		  "1704067200.000001\n"
		  "1704067200.5\n"
		  "2024-01-01T00:00:01.25Z\n"
		  "2024-01-01T01:00:02+01:00\n"
		  "2024-01-01 00:00:03\n"
		  "\" 2024-01-01T00:00:04Z \"\n"
		  "1704067205\n");
	struct sr_replay *r = open_ok(&t, 0);
	const struct sr_batch want[] = {
		{ 0, 0, 1 }, { 1, 0, 1 }, { SEC / 2, 0, 1 },
		{ SEC + SEC / 4, 0, 1 }, { 2 * SEC, 0, 1 }, { 3 * SEC, 0, 1 },
		{ 4 * SEC, 0, 1 }, { 5 * SEC, 0, 1 },
	};
	expect_batches(r, want, sizeof want / sizeof want[0]);
	sr_replay_close(r);
	unlink(t.path);
	/* Other text that starts with digits is neither form. */
	const char *bad[] = { ".5", "12.", "1.2.3", "2024-01-01T00:00:00Q" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char text[128], err[512];
		snprintf(text, sizeof text, "timestamp\n%s\n", bad[i]);
		tmp_write(&t, text);
		struct sr_replay_params p = params(&t, 0);
		assert_null(sr_replay_open(&p, err, sizeof err));
		assert_non_null(strstr(err, ":2: bad timestamp"));
		unlink(t.path);
	}
}

/* The same file with and without skip_bad_rows: skipped rows are counted
 * once, and the good rows replay as if the bad ones were not there. */
static void skip_bad_rows_counts_and_skips(void **state)
{
	(void)state;
	struct tmp t;
	tmp_write(&t,
		  "timestamp,count,stream,outcome\n"
		  "2024-01-01T00:01:00Z,1,transactional,send\n"
		  "2024-01-01T00:00:30Z,9,transactional,send\n"    /* order */
		  "2024-01-01T00:02:00Z,-2,marketing,send\n"
		  "2024-01-01T00:02:00Z,2,newsletter,send\n"
		  "2024-01-01T00:02:00Z,2,marketing,open\n"
		  "2024-01-01T00:02:00Z,2\n"
		  "2024-01-01T00:02:00Z,2,mark\"eting,send\n"
		  "soon,2,marketing,send\n"
		  "2024-01-01T00:03:00Z,4,marketing,send\n"
		  "2024-01-01T00:03:00Z,1,marketing,complaint\n"
		  "2024-01-01T00:04:00Z,1,\"marketing\n");
	char err[512];
	struct sr_replay_params p = params(&t, 0);
	assert_null(sr_replay_open(&p, err, sizeof err));
	assert_non_null(strstr(err, ":3: out of time order"));
	struct sr_replay *r = open_ok(&t, 1);
	const struct sr_replay_totals *tot = sr_replay_totals(r);
	assert_int_equal(tot->bad_rows, 8);
	assert_int_equal(tot->rows, 3);
	assert_int_equal(tot->count[0][SR_OUT_SEND], 1);
	assert_int_equal(tot->count[1][SR_OUT_SEND], 4);
	assert_int_equal(tot->count[1][SR_OUT_COMPLAINT], 1);
	assert_int_equal(tot->last_us, 3 * MIN);
	const struct sr_batch want[] = { { MIN, 0, 1 }, { 3 * MIN, 1, 4 } };
	expect_batches(r, want, 2);
	assert_int_equal(tot->bad_rows, 8);     /* not counted twice */
	sr_replay_close(r);
	unlink(t.path);
}

/* Malformed lines long enough that reads of the file end inside them: each
 * is skipped to its line end, and what follows a read boundary is not taken
 * for a new row. */
static void skipped_malformed_lines_span_reads(void **state)
{
	(void)state;
	const int lines = 200, len = 1000;
	char *text = malloc((size_t)(lines * 2 * len + 64));
	assert_non_null(text);
	size_t n = (size_t)sprintf(text, "timestamp,count,stream\n");
	for (int i = 0; i < lines; i++) {
		n += (size_t)sprintf(text + n, "%" PRId64 ",1\"2,",
				     ORIGIN_S + i);
		memset(text + n, 'x', (size_t)len);
		n += (size_t)len;
		n += (size_t)sprintf(text + n, ",marketing\n%" PRId64
				     ",2,marketing\n", ORIGIN_S + i);
	}
	struct tmp t;
	tmp_write(&t, text);
	free(text);
	struct sr_replay *r = open_ok(&t, 1);
	assert_int_equal(sr_replay_totals(r)->bad_rows, lines);
	assert_int_equal(sr_replay_totals(r)->rows, lines);
	struct sr_source src = sr_replay_source(r);
	struct sr_batch b;
	int64_t k = 0;
	while (src.next(src.self, &b) == 1)
		k++;
	assert_int_equal(k, lines);
	sr_replay_close(r);
	unlink(t.path);
}

static void quality_computed_from_outcomes(void **state)
{
	(void)state;
	struct tmp t;
	tmp_write(&t,
		  "timestamp,count,stream,outcome\n"
		  "1704067200,800,transactional,send\n"
		  "1704067200,200,transactional,send\n"
		  "1704067300,790,transactional,delivery\n"
		  "1704067300,4,transactional,bounce_permanent\n"
		  "1704067300,6,transactional,BOUNCE_TRANSIENT\n"
		  "1704067300,1,transactional,Complaint\n"
		  "1704067300,3,marketing,complaint\n");
	struct sr_replay *r = open_ok(&t, 0);
	struct sr_stream_quality q[2] = {
		{ .hard_bounce_p = -1, .soft_bounce_p = -1, .complaint_p = -1 },
		{ .hard_bounce_p = -1, .soft_bounce_p = -1, .complaint_p = -1 },
	};
	sr_replay_quality(r, q);
	assert_true(q[0].hard_bounce_p == 4.0 / 1000);
	assert_true(q[0].soft_bounce_p == 6.0 / 1000);
	assert_true(q[0].complaint_p == 1.0 / 1000);
	/* Complaints come from the feedback-loop share only. */
	struct sr_stream_quality half[2];
	memcpy(half, q, sizeof half);
	half[0].fbl_share = 0.5;
	sr_replay_quality(r, half);
	assert_true(half[0].complaint_p == 2.0 / 1000);
	/* Complaints without sends say nothing about a rate. */
	assert_true(q[1].hard_bounce_p == -1);
	assert_true(q[1].soft_bounce_p == -1);
	assert_true(q[1].complaint_p == -1);
	sr_replay_close(r);
	unlink(t.path);
	/* More bounces than sends (a partial export) stays a probability. */
	tmp_write(&t, "timestamp,count,outcome\n1704067200,2,send\n"
		  "1704067200,5,bounce_permanent\n");
	r = open_ok(&t, 0);
	sr_replay_quality(r, q);
	assert_true(q[0].hard_bounce_p == 1.0);
	sr_replay_close(r);
	unlink(t.path);
}

/* The caller's names may be gone once open returns (the world passes an
 * array on its stack). */
static void stream_names_are_copied(void **state)
{
	(void)state;
	struct tmp t;
	tmp_write(&t, "timestamp,stream\n1704067200,b\n1704067201,a\n");
	char a[8] = "a", b[8] = "b";
	const char *list[] = { a, b };
	struct sr_replay_params p = params(&t, 0);
	p.stream_names = list;
	char err[512];
	struct sr_replay *r = sr_replay_open(&p, err, sizeof err);
	assert_non_null(r);
	strcpy(a, "x");
	strcpy(b, "y");
	const struct sr_batch want[] = { { 0, 1, 1 }, { SEC, 0, 1 } };
	expect_batches(r, want, 2);
	sr_replay_close(r);
	unlink(t.path);
}

/* An error only the second pass meets (the file changed after open) comes
 * out of next() as -1 with its file:line in error(). */
static void error_in_the_second_pass_comes_from_the_source(void **state)
{
	(void)state;
	struct tmp t;
	tmp_write(&t, "timestamp,count\n1704067200,1\n1704067201,2\n");
	struct sr_replay *r = open_ok(&t, 0);
	FILE *f = fopen(t.path, "wb");
	assert_non_null(f);
	assert_true(fputs("timestamp,count\n1704067200,1\n1704067201,-2\n",
			  f) >= 0);
	assert_int_equal(fclose(f), 0);
	struct sr_source src = sr_replay_source(r);
	struct sr_batch b;
	assert_int_equal(src.next(src.self, &b), 1);
	assert_int_equal(b.recipients, 1);
	assert_int_equal(src.next(src.self, &b), -1);
	assert_int_equal(src.next(src.self, &b), -1);
	char want[128];
	snprintf(want, sizeof want, "%s:3: bad count '-2': negative", t.path);
	assert_memory_equal(src.error(src.self), want, strlen(want));
	sr_replay_close(r);
	unlink(t.path);
}

/* Kilobytes of a field of /proc/self/status (VmRSS, VmHWM). */
static long status_kb(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	assert_non_null(f);
	char line[256];
	long kb = -1;
	size_t n = strlen(field);
	while (fgets(line, sizeof line, f))
		if (strncmp(line, field, n) == 0 && line[n] == ':')
			kb = strtol(line + n + 1, NULL, 10);
	assert_int_equal(fclose(f), 0);
	assert_true(kb >= 0);
	return kb;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Makes VmHWM start again from the current RSS, so that the peak is this
 * test's own (Linux 4.0 and later); 0 if it did. */
static int reset_peak_rss(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");
	if (!f)
		return -1;
	int ok = fputs("5", f) >= 0;
	return fclose(f) == 0 && ok ? 0 : -1;
}

#define BIG_ROWS 10000000L

static void ten_million_rows_replay_in_flat_memory(void **state)
{
	(void)state;
	static const char *const ab[] = { "a", "b" };
	const int64_t want_per[2] = { BIG_ROWS / 8 * 16, BIG_ROWS / 8 * 20 };
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct tmp t;
	tmp_write(&t, "timestamp,count,stream\n");
	FILE *f = fopen(t.path, "ab");
	assert_non_null(f);
	/* Eight rows a second, counts 1 to 8, alternating streams; one
	 * fprintf per second because ASan checks every format it prints. */
	for (long i = 0; i < BIG_ROWS / 8; i++) {
		long s = (long)ORIGIN_S + i;
		assert_true(fprintf(f, "%ld,1,a\n%ld,2,b\n%ld,3,a\n%ld,4,b\n"
				    "%ld,5,a\n%ld,6,b\n%ld,7,a\n%ld,8,b\n",
				    s, s, s, s, s, s, s, s) > 0);
	}
	const int64_t want_sum = BIG_ROWS / 8 * 36;
	assert_int_equal(fclose(f), 0);
	double gen_s = seconds_since(&t0);

	int peak_reset = reset_peak_rss() == 0;
	long rss_before = status_kb("VmRSS");
	struct sr_replay_params p = params(&t, 0);
	p.stream_names = ab;
	char err[512];
	struct sr_replay *r = sr_replay_open(&p, err, sizeof err);
	unlink(t.path);          /* the open file stays readable */
	if (!r)
		fail_msg("%s", err);
	long rss_open = status_kb("VmRSS"), rss_max = rss_open;
	const struct sr_replay_totals *tot = sr_replay_totals(r);
	assert_int_equal(tot->rows, BIG_ROWS);
	assert_int_equal(tot->count[0][SR_OUT_SEND], want_per[0]);
	assert_int_equal(tot->count[1][SR_OUT_SEND], want_per[1]);
	struct sr_source src = sr_replay_source(r);
	struct sr_batch b;
	int64_t sum = 0, n = 0, last = 0;
	int rc;
	while ((rc = src.next(src.self, &b)) == 1) {
		assert_true(b.t_us >= last);
		assert_int_equal(b.stream, (uint32_t)(n % 2));
		assert_int_equal(b.recipients, 1 + n % 8);
		last = b.t_us;
		sum += b.recipients;
		if (++n % 1000000 == 0) {
			long kb = status_kb("VmRSS");
			rss_max = kb > rss_max ? kb : rss_max;
		}
	}
	assert_int_equal(rc, 0);
	assert_int_equal(n, BIG_ROWS);
	assert_int_equal(sum, want_sum);
	assert_int_equal(last, (BIG_ROWS - 1) / 8 * SEC);
	long hwm = status_kb("VmHWM");
	sr_replay_close(r);
	print_message("10M rows: generate %.1f s, total %.1f s; RSS before "
		      "open %ld kB, after open %ld kB, max while replaying "
		      "%ld kB; peak (VmHWM%s) %ld kB\n", gen_s,
		      seconds_since(&t0), rss_before, rss_open, rss_max,
		      peak_reset ? " since the test began" : " of the process",
		      hwm);
	/* The reader's memory does not grow with the file. */
	assert_true(rss_open - rss_before < 1024);
	assert_true(rss_max - rss_open < 256);
	/* Under ASan too: its shadow memory stays near 13 MB when this test
	 * runs first, before ASan's quarantine holds what other tests freed. */
	assert_true(hwm < 50 * 1024);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ten_million_rows_replay_in_flat_memory),
		cmocka_unit_test(a_small_csv_replays_to_exactly_its_counts),
		cmocka_unit_test(each_kind_of_bad_row_gives_its_file_line_error),
		cmocka_unit_test(header_only_gives_no_batches_and_no_error),
		cmocka_unit_test(open_errors_name_the_file),
		cmocka_unit_test(get_send_statistics_replays_and_sets_quality),
		cmocka_unit_test(columns_in_any_order_and_unknown_columns_ignored),
		cmocka_unit_test(crlf_and_byte_order_mark_accepted),
		cmocka_unit_test(epoch_and_iso_timestamps),
		cmocka_unit_test(skip_bad_rows_counts_and_skips),
		cmocka_unit_test(skipped_malformed_lines_span_reads),
		cmocka_unit_test(quality_computed_from_outcomes),
		cmocka_unit_test(stream_names_are_copied),
		cmocka_unit_test(error_in_the_second_pass_comes_from_the_source),
	};
	return cmocka_run_group_tests_name("replay", tests, NULL, NULL);
}
