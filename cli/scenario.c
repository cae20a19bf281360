/*
 * scenario: the scenario file: the defaults, its sections, reading a file
 * through inih (with the checks inih would not make), and --set.  See
 * scenario.h; finishing and writing a scenario are in scenario_finish.c
 * and scenario_write.c, the keys in keys.c.
 *
 * Memory: sr_scenario_load() and sr_scenario_set() allocate their reading
 * state (struct ctx, and the line buffer) and free it before they return.
 * Depends on keys.c, values.c and inih.
 */
#include "cli/scenario.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "cli/keys.h"
#include "sim/clock.h"

/* inih's buffer must hold a line with "\r\n\0" (ini.h), so the longest
 * line it reads whole is 3 shorter. */
#define LINE_SLACK 3
/* Longest line read into memory; anything past inih's buffer is an error,
 * and the bound keeps a file without line ends from filling memory. */
#define READ_MAX 65536

/* ---- defaults --------------------------------------------------------------------- */

static void account_default(struct sr_account_config *a, const char *name)
{
	memset(a, 0, sizeof *a);
	snprintf(a->name, sizeof a->name, "%s", name);
	snprintf(a->region, sizeof a->region, "us-east-1");
	a->stage = SR_STAGE_SANDBOX;
	a->max_24h = 50000;
	a->max_rate = 14;
	a->access_at_us = 0;
	sr_access_form_default(&a->form);
	a->weight = 1;
}

void sr_scenario_default(struct sr_scenario *s)
{
	memset(s, 0, sizeof *s);
	sr_world_params_default(&s->world);
	s->world.origin_us = sr_days_from_civil(2026, 1, 5) * SR_US_PER_DAY;
	account_default(&s->world.accounts[0], "main");
	snprintf(s->name, sizeof s->name, "scenario");
	s->bucket_us = SR_US_PER_H;
	s->replications = 1;
	s->legacy_price = 0.80;
	s->ses_price = 0.10;
	s->planning.slo_us = SR_US_PER_H;
	s->planning.confidence = 0.9;
	s->planning.margin = 0.2;
}

/* The first named stream or account replaces the implicit one. */
static int add_stream(struct sr_scenario *s, const char *name)
{
	struct sr_world_params *w = &s->world;
	if (!s->named_streams) {
		s->named_streams = 1;
		w->nstreams = 0;
	}
	size_t i = w->nstreams++;
	w->synth.nstreams = w->nstreams;
	snprintf(w->stream_names[i], SR_STREAM_NAME_MAX, "%s", name);
	sr_stream_quality_default(&w->quality[i]);
	sr_synth_stream_default(&w->synth.streams[i], 10000);
	memset(s->key_line[FIRST_STREAM + i], 0, sizeof s->key_line[0]);
	return FIRST_STREAM + (int)i;
}

static int add_account(struct sr_scenario *s, const char *name)
{
	struct sr_world_params *w = &s->world;
	if (!s->named_accounts) {
		s->named_accounts = 1;
		w->naccounts = 0;
	}
	size_t i = w->naccounts++;
	account_default(&w->accounts[i], name);
	memset(s->key_line[FIRST_ACCOUNT + i], 0, sizeof s->key_line[0]);
	return FIRST_ACCOUNT + (int)i;
}

/* ---- sections -------------------------------------------------------------------- */

static int stream_or_account(struct ctx *c, const char *word, const char *name,
			     int line)
{
	int stream = !strcmp(word, "stream");
	size_t max = stream ? SR_STREAM_NAME_MAX - 1 : sizeof c->s->name - 1;
	if (!stream && strcmp(word, "account"))
		return fail_at(c, line, "[%s%s%s]: unknown section, expected one "
			       "of: %s", word, name ? " " : "", name ? name : "",
			       section_list);
	if (!name || !valid_name(name, max))
		return fail_at(c, line, "[%s%s%s]: the %s needs a name of 1 to "
			       "%zu letters, digits, '_', '-' or '.', expected "
			       "[%s NAME]", word, name ? " " : "", name ? name : "",
			       word, max, word);
	return stream;
}

/*
 * Finds the instance of the section "word name" (name NULL for the fixed
 * ones) into *inst.  With create (a file), a stream or account not named
 * before in the file is made; without (--set), it must exist.  Returns 0 or
 * -1 with a message.
 */
static int open_section(struct ctx *c, const char *word, const char *name,
			int create, int line, int *inst)
{
	struct sr_scenario *s = c->s;
	for (int kind = 0; kind < SEC_STREAM; kind++) {
		if (strcmp(word, sections[kind].name))
			continue;
		if (name)
			return fail_at(c, line, "[%s %s]: unexpected name '%s', "
				       "expected [%s]", word, name, name, word);
		*inst = kind;
		return 0;
	}
	int stream = stream_or_account(c, word, name, line);
	if (stream < 0)
		return -1;
	int i = stream ? find_stream(s, name) : find_account(s, name);
	int first = stream ? FIRST_STREAM : FIRST_ACCOUNT;
	if (i >= 0 && (!create || (stream ? s->named_streams : s->named_accounts))) {
		*inst = first + i;
		return 0;
	}
	if (!create)
		return fail_at(c, line, "[%s %s]: no such %s, expected the name "
			       "of one in the scenario", word, name, word);
	size_t have = stream ? s->world.nstreams : s->world.naccounts;
	size_t max = stream ? SR_STREAMS_MAX : SR_ACCOUNTS_MAX;
	if ((stream ? s->named_streams : s->named_accounts) && have == max)
		return fail_at(c, line, "[%s %s]: more than %zu %ss, expected at "
			       "most %zu", word, name, max, word, max);
	*inst = stream ? add_stream(s, name) : add_account(s, name);
	s->section_line[*inst] = 0;
	return 0;
}

/* Splits "word name" (blanks trimmed) into its two parts; -1 if there are
 * more than two words. */
static int section_words(char *text, char **word, char **name)
{
	char *p = (char *)skip(text);
	p[trimmed_len(p)] = '\0';
	*word = p;
	*name = NULL;
	while (*p && !blank(*p))
		p++;
	if (!*p)
		return 0;
	*p = '\0';
	*name = (char *)skip(p + 1);
	for (char *q = *name; *q; q++)
		if (blank(*q))
			return -1;
	return 0;
}

/* A "[...]" line: opens the section, so that one without keys counts too
 * (inih never reports an empty section). */
static int begin_section(struct ctx *c, const char *line)
{
	char buf[256], *word, *name;
	const char *close = strchr(line, ']');
	int len = close ? (int)(close - line - 1) : 0;
	int inst;
	if (!close || len >= (int)sizeof buf)
		return fail_at(c, c->lineno, "'%.60s' is not a section header, "
			       "expected [SECTION] with a closing ']'", line);
	const char *after = skip(close + 1);
	if (*after && *after != ';' && *after != '#')
		return fail_at(c, c->lineno, "[%.*s]: text after ']', expected "
			       "[SECTION] alone on its line", len, line + 1);
	memcpy(buf, line + 1, (size_t)len);
	buf[len] = '\0';
	if (section_words(buf, &word, &name))
		return fail_at(c, c->lineno, "[%.*s]: too many words, expected "
			       "[SECTION] or [SECTION NAME]", len, line + 1);
	if (open_section(c, word, name, 1, c->lineno, &inst))
		return -1;
	if (c->s->section_line[inst])
		return fail_at(c, c->lineno, "[%s%s%s]: the section appears twice "
			       "(first on line %d), expected each section once",
			       word, name ? " " : "", name ? name : "",
			       c->s->section_line[inst]);
	c->s->section_line[inst] = c->lineno;
	c->inst = inst;
	return 0;
}

/* ---- reading a file ----------------------------------------------------------------- */

static int ends_with_comma(const char *v)
{
	size_t len = trimmed_len(v);
	return len && v[len - 1] == ',';
}

/* Cuts an inline comment: ';' after a blank, as inih does. */
static void cut_comment(char *p)
{
	for (char *q = p; *q; q++) {
		if (*q == ';' && q > p && blank(q[-1])) {
			*q = '\0';
			break;
		}
	}
	p[trimmed_len(p)] = '\0';
}

/* A line while a value ends with ',': an indented line carries on. */
static char *continued(struct ctx *c, char *raw, char *str)
{
	char t[128];
	char *p = (char *)skip(raw);
	str[0] = '\0';
	if (*p == ';' || *p == '#')
		return str;
	if (p == raw || !*p) {
		fail_at(c, c->cont_line, "[%s] %s: the value ends with ',' but line "
			"%d does not continue it, expected the rest on an indented "
			"line", title(c->s, c->inst, t, sizeof t), c->cont_key->name,
			c->lineno);
		return NULL;
	}
	cut_comment(p);
	size_t len = strlen(c->value);
	if (len + 1 + strlen(p) >= sizeof c->value) {
		fail_at(c, c->cont_line, "[%s] %s: the value is too long, expected "
			"at most %zu characters", title(c->s, c->inst, t, sizeof t),
			c->cont_key->name, sizeof c->value - 1);
		return NULL;
	}
	snprintf(c->value + len, sizeof c->value - len, " %s", p);
	if (ends_with_comma(p))
		return str;
	c->cont = 0;
	return apply(c, c->inst, c->cont_key, c->value, c->cont_line) ? NULL : str;
}

/* The first '=' must come before any ':' (inih's other separator) and
 * before an inline comment, with a key in front of it. */
static int key_line_ok(const char *p)
{
	const char *q = p;
	while (*q && *q != '=' && *q != ':' && !(*q == ';' && q > p && blank(q[-1])))
		q++;
	return *q == '=' && q > p;
}

static int read_error(struct ctx *c)
{
	if (ferror(c->fp))
		return fail_at(c, 0, "cannot read: %s", strerror(errno));
	if (c->cont) {
		char t[128];
		return fail_at(c, c->cont_line, "[%s] %s: the value ends with ',' "
			       "but the file ends, expected the rest on an indented "
			       "line", title(c->s, c->inst, t, sizeof t),
			       c->cont_key->name);
	}
	return 0;
}

/*
 * One line into c->line, without its end: LF, CR LF or a lone CR (as old
 * Macs wrote, and as the CSV reader takes).  Returns its length, more than
 * READ_MAX if it is longer (the rest is left unread: the line is an error
 * anyway, and a file without line ends, binary or endless, cannot fill
 * memory), or -1 at the end of the file or on an error.
 */
static long read_line(struct ctx *c)
{
	size_t len = 0;
	int ch = EOF;
	if (!c->line && !(c->line = malloc(READ_MAX + 2))) {
		errno = ENOMEM;
		return -1;
	}
	while (len <= READ_MAX && (ch = getc(c->fp)) != EOF && ch != '\n' &&
	       ch != '\r')
		c->line[len++] = (char)ch;
	if (ch == '\r') {
		int next = getc(c->fp);
		if (next != '\n' && next != EOF)
			ungetc(next, c->fp);
	}
	if (ch == EOF && (!len || ferror(c->fp)))
		return -1;
	c->line[len] = '\0';
	return (long)len;
}

/*
 * inih's reader: one line per call, then inih handles it (and calls the
 * handler for a key), so c->lineno is the handler's line.  Checks what inih
 * would silently accept: long lines it would split, indented lines it would
 * join to the previous value, ':' separators, text after "]".
 */
static char *reader(char *str, int num, void *stream)
{
	struct ctx *c = stream;
	if (c->failed)
		return NULL;
	errno = 0;
	long got = read_line(c);
	if (got < 0) {
		if (!c->line)
			fail_at(c, 0, "out of memory");
		read_error(c);
		return NULL;
	}
	c->lineno++;
	size_t len = (size_t)got;
	char *p = c->line;
	if (len > READ_MAX) {
		fail_at(c, c->lineno, "the line is more than %d characters long, "
			"expected at most %d (a value ending with ',' can continue "
			"on an indented line)", READ_MAX, num - LINE_SLACK);
		return NULL;
	}
	if (c->lineno == 1 && !strncmp(p, "\xEF\xBB\xBF", 3))
		p += 3, len -= 3;
	if (c->lineno == 1 && (!strncmp(p, "\xFF\xFE", 2) ||
			       !strncmp(p, "\xFE\xFF", 2))) {
		fail_at(c, c->lineno, "the file is UTF-16 text (it begins with a "
			"UTF-16 byte order mark), expected UTF-8 or ASCII text");
		return NULL;
	}
	if (strlen(p) != len) {
		fail_at(c, c->lineno, "the line holds a NUL byte (a binary or "
			"UTF-16 file?), expected UTF-8 or ASCII text");
		return NULL;
	}
	if (num <= LINE_SLACK || len > (size_t)num - LINE_SLACK) {
		fail_at(c, c->lineno, "the line is %zu characters long, expected "
			"at most %d (a value ending with ',' can continue on an "
			"indented line)", len, num - LINE_SLACK);
		return NULL;
	}
	if (c->cont)
		return continued(c, p, str);
	p = (char *)skip(p);
	if (*p == '[' && begin_section(c, p))
		return NULL;
	if (*p && *p != '[' && *p != ';' && *p != '#' && !key_line_ok(p)) {
		fail_at(c, c->lineno, "'%.60s' is not KEY = VALUE, expected KEY = "
			"VALUE, [SECTION] or a comment", p);
		return NULL;
	}
	memcpy(str, p, strlen(p) + 1);
	return str;
}

static int handler(void *user, const char *section, const char *name,
		   const char *value)
{
	(void)section;   /* inih cuts long ones; begin_section() saw it whole */
	struct ctx *c = user;
	char t[128];
	if (c->failed)
		return 0;
	if (c->inst < 0)
		return !fail_at(c, c->lineno, "%s: the key is outside any section, "
				"expected a [SECTION] line before it", name);
	size_t i;
	const struct key *k = find_key(sec_of(c->inst, &i), name);
	if (!k)
		return !unknown_key(c, c->inst, name, c->lineno);
	int *seen = key_line(c->s, c->inst, k);
	if (*seen > 0)
		return !fail_at(c, c->lineno, "[%s] %s: set twice (first on line "
				"%d), expected each key once per section",
				title(c->s, c->inst, t, sizeof t), name, *seen);
	*seen = c->lineno;
	if (ends_with_comma(value)) {
		snprintf(c->value, sizeof c->value, "%s", value);
		c->cont = 1;
		c->cont_key = k;
		c->cont_line = c->lineno;
		return 1;
	}
	return !apply(c, c->inst, k, value, c->lineno);
}

/* The name a scenario takes from its file: "migrate.ini" -> "migrate". */
static void default_name(struct sr_scenario *s, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t len = strlen(base);
	if (len > 4 && !strcmp(base + len - 4, ".ini"))
		len -= 4;
	if (len > sizeof s->name - 1)
		len = sizeof s->name - 1;
	for (size_t i = 0; i < len; i++)
		s->name[i] = name_char((unsigned char)base[i]) ? base[i] : '_';
	s->name[len] = '\0';
	if (!len)
		snprintf(s->name, sizeof s->name, "scenario");
}

/* dir = a "/" b (b of length blen), without doubling a root "/"; -1 if it
 * does not fit. */
static int join(char *dir, size_t n, const char *a, const char *b, size_t blen)
{
	size_t alen = strlen(a);
	int sep = alen && blen && a[alen - 1] != '/';
	if (alen + (size_t)sep + blen >= n)
		return -1;
	memmove(dir, a, alen);
	if (sep)
		dir[alen] = '/';
	if (blen)
		memcpy(dir + alen + (size_t)sep, b, blen);
	dir[alen + (size_t)sep + blen] = '\0';
	return 0;
}

/*
 * The absolute directory of the file at path, or the current directory if
 * path is NULL.  If the current directory is unknown or too long, the
 * relative directory stands (relative paths then stay relative to it).
 */
static void dir_of(const char *path, char *dir, size_t n)
{
	char cwd[4096];
	const char *slash = path ? strrchr(path, '/') : NULL;
	size_t len = slash ? (size_t)(slash - path) : 0;
	if (len == 1 && path[0] == '.')
		len = 0;                /* "./a.ini" */
	if (path && path[0] == '/') {
		if (join(dir, n, len ? "" : "/", path, len))
			snprintf(dir, n, "/");
		return;
	}
	if (!getcwd(cwd, sizeof cwd) || join(dir, n, cwd, path, len))
		if (join(dir, n, len ? "" : ".", path, len))
			snprintf(dir, n, ".");
}

int sr_scenario_load(struct sr_scenario *s, const char *path, char *err,
		     size_t errlen)
{
	sr_scenario_default(s);
	struct ctx *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	*c = (struct ctx){.s = s, .base = s->dir, .err = err, .errlen = errlen,
			  .inst = -1};
	snprintf(s->path, sizeof s->path, "%s", path);
	default_name(s, path);
	dir_of(path, s->dir, sizeof s->dir);
	c->fp = fopen(path, "r");
	if (!c->fp) {
		fail_at(c, 0, "cannot open: %s", strerror(errno));
	} else {
		int rc = ini_parse_stream(reader, c, handler, c);
		if (!c->failed && rc > 0)
			fail_at(c, rc, "syntax error, expected [SECTION], KEY = VALUE "
				"or a comment");
		else if (!c->failed && rc < 0)
			fail_at(c, 0, "out of memory");
		fclose(c->fp);
	}
	free(c->line);
	int failed = c->failed;
	free(c);
	return failed ? -1 : 0;
}

/* ---- --set ----------------------------------------------------------------------- */

int sr_scenario_set(struct sr_scenario *s, const char *assignment, char *err,
		    size_t errlen)
{
	char lhs[256], dir[4096], *word, *name;
	struct ctx *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(err, errlen, "--set: out of memory");
		return -1;
	}
	dir_of(NULL, dir, sizeof dir);
	*c = (struct ctx){.s = s, .base = dir, .err = err, .errlen = errlen};
	const char *eq = strchr(assignment, '=');
	char *dot = NULL;
	if (eq && (size_t)(eq - assignment) < sizeof lhs) {
		memcpy(lhs, assignment, (size_t)(eq - assignment));
		lhs[eq - assignment] = '\0';
		dot = strrchr(lhs, '.');
	}
	if (!dot) {
		fail_at(c, SR_SCENARIO_SET_LINE, "'%.60s' is not SECTION.KEY=VALUE, "
			"expected e.g. growth.cap=2M or 'stream web.volume=20k'",
			assignment);
	} else {
		*dot = '\0';
		char *key = (char *)skip(dot + 1);
		key[trimmed_len(key)] = '\0';
		int inst;
		size_t i;
		const struct key *k;
		if (section_words(lhs, &word, &name))
			fail_at(c, SR_SCENARIO_SET_LINE, "[%s]: not a section, "
				"expected one of: %s", lhs, section_list);
		else if (open_section(c, word, name, 0, SR_SCENARIO_SET_LINE, &inst))
			;   /* reported */
		else if (!(k = find_key(sec_of(inst, &i), key)))
			unknown_key(c, inst, key, SR_SCENARIO_SET_LINE);
		else
			apply(c, inst, k, eq + 1, SR_SCENARIO_SET_LINE);
	}
	int failed = c->failed;
	free(c);
	return failed ? -1 : 0;
}
