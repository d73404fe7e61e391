/*
 * Hall plans without a database: the generator, CSV in and out, and the
 * SVG preview.  Nothing here does I/O or keeps state between calls, so the
 * unit tests and the fuzzer drive it directly; venues.c loads and stores.
 *
 * Every input has a hard bound (HP_MAX_SEATS, HP_LINE_MAX, ...): a plan is
 * at most a few hundred kilobytes whatever a file or a form asks for.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hallplan.h"
#include "lib/util.h"

/* Generator geometry, in plan units (a seat is drawn with radius 11). */
#define SEAT_PITCH	30	/* seat to seat in a row */
#define ROW_PITCH	34	/* row to row */
#define AISLE_GAP	30	/* extra room where an aisle cuts a row */
#define SECTION_GAP	80	/* last row of a section to the first of the next */
#define LEFT_MARGIN	60	/* room for the row labels */
#define TOP_MARGIN	40

const char *const hp_err_names[HP_ERR__MAX] = {
	[HP_OK] = "ok",
	[HP_ERR_EMPTY] = "empty",
	[HP_ERR_HEADER] = "header",
	[HP_ERR_LINE_LONG] = "line_long",
	[HP_ERR_ENCODING] = "encoding",
	[HP_ERR_QUOTE] = "quote",
	[HP_ERR_FIELDS] = "fields",
	[HP_ERR_SECTION_EMPTY] = "section_empty",
	[HP_ERR_SECTION_LONG] = "section_long",
	[HP_ERR_SECTION_INVALID] = "section_invalid",
	[HP_ERR_ROW_EMPTY] = "row_empty",
	[HP_ERR_ROW_LONG] = "row_long",
	[HP_ERR_ROW_INVALID] = "row_invalid",
	[HP_ERR_SEAT_EMPTY] = "seat_empty",
	[HP_ERR_SEAT_LONG] = "seat_long",
	[HP_ERR_SEAT_INVALID] = "seat_invalid",
	[HP_ERR_X] = "x",
	[HP_ERR_Y] = "y",
	[HP_ERR_CATEGORY_EMPTY] = "category_empty",
	[HP_ERR_CATEGORY_LONG] = "category_long",
	[HP_ERR_CATEGORY_INVALID] = "category_invalid",
	[HP_ERR_DUPLICATE] = "duplicate",
	[HP_ERR_TOO_MANY_SEATS] = "too_many_seats",
	[HP_ERR_TOO_MANY_SECTIONS] = "too_many_sections",
	[HP_ERR_NO_SEATS] = "no_seats",
	[HP_ERR_SECTION_DUP] = "section_dup",
	[HP_ERR_ROWS] = "rows",
	[HP_ERR_PER_ROW] = "per_row",
	[HP_ERR_RANGES] = "ranges",
	[HP_ERR_CURVE] = "curve",
	[HP_ERR_AISLE] = "aisle",
};

/*
 * Colours per price category, in the order of the sorted category names.
 * Tableau 10: told apart by most people with a colour vision deficiency;
 * each comes with the label colour that reads on it at 4.5:1 or more
 * (white on the green was 3.16:1, axe's color-contrast in the seat list).
 */
const struct hp_colour hp_palette[HP_PALETTE] = {
	{ "#4e79a7", "#ffffff" }, { "#f28e2b", "#1b1f24" }, { "#59a14f", "#000000" },
	{ "#e15759", "#000000" }, { "#76b7b2", "#1b1f24" }, { "#edc948", "#1b1f24" },
	{ "#b07aa1", "#000000" }, { "#ff9da7", "#1b1f24" }, { "#9c755f", "#000000" },
	{ "#bab0ac", "#1b1f24" },
};

/* ---- plans ------------------------------------------------------------- */

void
hp_init(struct hallplan *p)
{
	memset(p, 0, sizeof(*p));
}

void
hp_free(struct hallplan *p)
{
	size_t	 i;

	for (i = 0; i < p->nsections; i++)
		free(p->sections[i].name);
	free(p->sections);
	free(p->seats);
	hp_init(p);
}

/* ASCII-case-insensitive, as the database's collation is (mostly). */
static int
name_eq(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

/*
 * The index of section `name`, added when new.  Returns -1 when the plan
 * already has HP_MAX_SECTIONS sections.  `line` is where it first appears.
 */
long
hp_section(struct hallplan *p, const char *name, size_t line)
{
	struct hp_section	*n;
	size_t			 i;

	for (i = 0; i < p->nsections; i++)
		if (name_eq(p->sections[i].name, name))
			return (long)i;
	if (p->nsections >= HP_MAX_SECTIONS)
		return -1;
	if ((n = realloc(p->sections, (p->nsections + 1) * sizeof(*n))) == NULL)
		abort();
	p->sections = n;
	n[p->nsections].name = xstrdup(name);
	n[p->nsections].line = line;
	return (long)p->nsections++;
}

/* Copies at most `size - 1` bytes; the callers checked the length already. */
static void
copy_label(char *dst, size_t size, const char *src)
{
	size_t	 n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Adds a seat; -1 when the plan is full (HP_MAX_SEATS). */
int
hp_seat_add(struct hallplan *p, size_t section, const char *row, const char *seat,
    int x, int y, const char *category, int64_t id, size_t line)
{
	struct hp_seat	*s;

	if (p->nseats >= HP_MAX_SEATS)
		return -1;
	if (p->nseats == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;

		if (cap > HP_MAX_SEATS)
			cap = HP_MAX_SEATS;
		if ((s = realloc(p->seats, cap * sizeof(*s))) == NULL)
			abort();
		p->seats = s;
		p->cap = cap;
	}
	s = &p->seats[p->nseats++];
	memset(s, 0, sizeof(*s));
	s->id = id;
	s->section = section;
	copy_label(s->row, sizeof(s->row), row);
	copy_label(s->seat, sizeof(s->seat), seat);
	copy_label(s->category, sizeof(s->category), category);
	s->x = x;
	s->y = y;
	s->line = line;
	return 0;
}

/* ---- field checks shared with the forms -------------------------------- */

/*
 * A name or label: 1..maxchars code points of well-formed UTF-8 without
 * control characters.  A category is stricter: letters and digits (any
 * script), space, '-', '_', '+' and '.', so it can name a price.
 */
enum hp_field
hp_text_check(const char *s, size_t maxchars, int category)
{
	size_t	 i, len;

	if (s == NULL || *s == '\0')
		return HP_FIELD_EMPTY;
	len = strlen(s);
	if (!utf8_valid(s, len))
		return HP_FIELD_INVALID;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		/* C0 and C1 controls (U+0080..U+009F is 0xC2 0x80..0x9F) */
		if (c < 0x20 || c == 0x7f || (c == 0xc2 && (unsigned char)s[i + 1] < 0xa0))
			return HP_FIELD_INVALID;
		if (category && c < 0x80 && !isalnum(c) && c != ' ' && c != '-' &&
		    c != '_' && c != '+' && c != '.')
			return HP_FIELD_INVALID;
	}
	if (utf8_len(s) > maxchars)
		return HP_FIELD_LONG;
	return HP_FIELD_OK;
}

/* Maps a field check to the error for one of the CSV's columns. */
static enum hp_err
field_err(enum hp_field f, enum hp_err empty)
{
	/* the three codes of a column follow each other: EMPTY, LONG, INVALID */
	switch (f) {
	case HP_FIELD_OK:
		return HP_OK;
	case HP_FIELD_EMPTY:
		return empty;
	case HP_FIELD_LONG:
		return (enum hp_err)(empty + 1);
	default:
		return (enum hp_err)(empty + 2);
	}
}

/* ---- generator --------------------------------------------------------- */

/* Row n (1-based) as letters: A..Z, AA, AB, ... (bijective base 26). */
void
hp_row_letters(int n, char *buf, size_t len)
{
	char	 tmp[16];
	size_t	 i = 0, j;

	while (n > 0 && i < sizeof(tmp)) {
		n--;
		tmp[i++] = (char)('A' + n % 26);
		n /= 26;
	}
	for (j = 0; j < i && j + 1 < len; j++)
		buf[j] = tmp[i - 1 - j];
	buf[j < len ? j : len - 1] = '\0';
}

static int
skip_space(const char **s)
{
	while (**s == ' ' || **s == '\t')
		(*s)++;
	return 0;
}

static int
read_uint(const char **s, int *out)
{
	int	 v = 0, n = 0;

	while (isdigit((unsigned char)**s)) {
		if (v > 100000)
			return -1;
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	if (n == 0)
		return -1;
	*out = v;
	return 0;
}

/*
 * Category per row range: "6-10: B, 11-12: C" (also ';' or new lines
 * between entries, '=' or nothing for ':', an en dash for '-', "7: C" for
 * one row).  Later entries win where ranges overlap.  Fills sec->ranges.
 */
enum hp_err
hp_ranges_parse(const char *spec, struct hp_gen_section *sec)
{
	char	*copy, *tok, *save = NULL;
	enum hp_err rc = HP_OK;

	sec->nranges = 0;
	if (spec == NULL)
		return HP_OK;
	if (strlen(spec) > HP_RANGES_BYTES || !utf8_valid(spec, strlen(spec)))
		return HP_ERR_RANGES;
	copy = xstrdup(spec);
	for (tok = strtok_r(copy, ",;\n", &save); tok != NULL && rc == HP_OK;
	    tok = strtok_r(NULL, ",;\n", &save)) {
		const char		*s = tok;
		struct hp_gen_range	*g;
		char			*cat;
		int			 from, to;

		skip_space(&s);
		if (*s == '\0' || *s == '\r')
			continue;
		if (read_uint(&s, &from) != 0) {
			rc = HP_ERR_RANGES;
			break;
		}
		to = from;
		skip_space(&s);
		if (*s == '-' || strncmp(s, "\xe2\x80\x93", 3) == 0) {
			s += *s == '-' ? 1 : 3;
			skip_space(&s);
			if (read_uint(&s, &to) != 0) {
				rc = HP_ERR_RANGES;
				break;
			}
			skip_space(&s);
		}
		if (*s == ':' || *s == '=')
			s++;
		if (from < 1 || to < from || to > HP_MAX_ROWS ||
		    sec->nranges >= HP_MAX_RANGES) {
			rc = HP_ERR_RANGES;
			break;
		}
		cat = xstrdup(s);
		{
			char *t = str_trim(cat);

			enum hp_field f = hp_text_check(t, HP_CATEGORY_CHARS, 1);

			if (f != HP_FIELD_OK)
				rc = f == HP_FIELD_EMPTY ? HP_ERR_RANGES : f == HP_FIELD_LONG ?
				    HP_ERR_CATEGORY_LONG : HP_ERR_CATEGORY_INVALID;
			else {
				g = &sec->ranges[sec->nranges++];
				g->from = from;
				g->to = to;
				copy_label(g->category, sizeof(g->category), t);
			}
		}
		free(cat);
	}
	free(copy);
	if (rc != HP_OK)
		sec->nranges = 0;
	return rc;
}

/* Width of a generated row from its first seat's centre to its last's. */
static int
row_width(int per_row, int aisle_every)
{
	int	 aisles = aisle_every > 0 ? (per_row - 1) / aisle_every : 0;

	return (per_row - 1) * SEAT_PITCH + aisles * AISLE_GAP;
}

static const char *
row_category(const struct hp_gen_section *s, int row)
{
	const char	*cat = s->category;
	size_t		 i;

	for (i = 0; i < s->nranges; i++)
		if (row >= s->ranges[i].from && row <= s->ranges[i].to)
			cat = s->ranges[i].category;
	return cat;
}

/*
 * Checks a generator request; HP_OK or the first problem, with *which the
 * index of the section it is in (or -1 for the options).
 */
enum hp_err
hp_gen_check(const struct hp_gen *g, long *which)
{
	size_t	 i, j;
	long	 total = 0;

	*which = -1;
	if (g->curve < 0 || g->curve > 100)
		return HP_ERR_CURVE;
	if (g->aisle_every < 0 || g->aisle_every > HP_MAX_PER_ROW)
		return HP_ERR_AISLE;
	if (g->nsections == 0 || g->nsections > HP_GEN_SECTIONS)
		return HP_ERR_NO_SEATS;
	for (i = 0; i < g->nsections; i++) {
		const struct hp_gen_section *s = &g->sections[i];
		enum hp_err e;

		*which = (long)i;
		if ((e = field_err(hp_text_check(s->name, HP_SECTION_CHARS, 0),
		    HP_ERR_SECTION_EMPTY)) != HP_OK)
			return e;
		for (j = 0; j < i; j++)
			if (name_eq(g->sections[j].name, s->name))
				return HP_ERR_SECTION_DUP;
		if (s->rows < 1 || s->rows > HP_MAX_ROWS)
			return HP_ERR_ROWS;
		if (s->per_row < 1 || s->per_row > HP_MAX_PER_ROW)
			return HP_ERR_PER_ROW;
		if ((e = field_err(hp_text_check(s->category, HP_CATEGORY_CHARS, 1),
		    HP_ERR_CATEGORY_EMPTY)) != HP_OK)
			return e;
		for (j = 0; j < s->nranges; j++)
			if (s->ranges[j].to > s->rows)
				return HP_ERR_RANGES;
		total += (long)s->rows * s->per_row;
	}
	*which = -1;
	if (total > HP_MAX_SEATS)
		return HP_ERR_TOO_MANY_SEATS;
	return HP_OK;
}

/*
 * Builds a plan from the generator's settings into `p` (an empty plan).
 * Sections go one under the other, the stage above the first; each row is
 * centred on the widest one.  With a curve, the ends of a row come forward
 * along a parabola, as rows around a stage do: `curve` 100 brings the
 * outermost seats up to three rows forward (less in narrow sections), and
 * the section moves down by the same amount so it never meets the one
 * before.  An aisle every K seats widens the gap after seat K, 2K, ...
 */
enum hp_err
hp_generate(const struct hp_gen *g, struct hallplan *p)
{
	size_t		 i;
	long		 which;
	int		 widest = 0, y = TOP_MARGIN, r, s;
	enum hp_err	 e;
	char		 row[16], seat[16];

	if ((e = hp_gen_check(g, &which)) != HP_OK)
		return e;
	for (i = 0; i < g->nsections; i++) {
		int w = row_width(g->sections[i].per_row, g->aisle_every);

		if (w > widest)
			widest = w;
	}
	for (i = 0; i < g->nsections; i++) {
		const struct hp_gen_section *sec = &g->sections[i];
		int	 width = row_width(sec->per_row, g->aisle_every);
		int	 x0 = LEFT_MARGIN + (widest - width) / 2;
		int64_t	 bend = (int64_t)g->curve *
		    (3 * ROW_PITCH < width / 4 ? 3 * ROW_PITCH : width / 4) / 100;
		long	 idx = hp_section(p, sec->name, 0);

		if (idx < 0)
			return HP_ERR_TOO_MANY_SECTIONS;
		y += (int)bend;
		for (r = 1; r <= sec->rows; r++) {
			const char *cat = row_category(sec, r);

			if (g->letters)
				hp_row_letters(r, row, sizeof(row));
			else
				snprintf(row, sizeof(row), "%d", r);
			for (s = 1; s <= sec->per_row; s++) {
				int	 x = x0 + (s - 1) * SEAT_PITCH +
				    (g->aisle_every > 0 ? (s - 1) / g->aisle_every : 0) * AISLE_GAP;
				/* twice the distance from the row's centre, so halves stay exact */
				int64_t	 d2 = 2 * (int64_t)(x - x0) - width;
				int64_t	 dy = 0;

				if (width > 0)
					dy = (bend * d2 * d2 + (int64_t)width * width / 2) /
					    ((int64_t)width * width);
				snprintf(seat, sizeof(seat), "%d", s);
				if (hp_seat_add(p, (size_t)idx, row, seat, x, y - (int)dy, cat, 0, 0) != 0)
					return HP_ERR_TOO_MANY_SEATS;
			}
			y += ROW_PITCH;
		}
		y += SECTION_GAP - ROW_PITCH;
	}
	return HP_OK;
}

/* ---- CSV --------------------------------------------------------------- */

static const char *const csv_columns[6] = { "section", "row", "seat", "x", "y", "category" };

/*
 * Splits one line in place into at most `max` fields, undoing RFC 4180
 * quoting ("a ""b""" is a "b").  Returns the number of fields (which may
 * be more than max: the rest are not stored), or -1 for broken quoting.
 */
static int
csv_split(char *line, char sep, char **f, int max)
{
	char	*in = line, *out = line;
	int	 n = 0;

	for (;;) {
		char	*start = out;

		while (*in == ' ' || *in == '\t')
			in++;
		if (*in == '"') {
			in++;
			for (;;) {
				if (*in == '\0')
					return -1;	/* no closing quote on this line */
				if (*in == '"') {
					if (in[1] == '"') {
						*out++ = '"';
						in += 2;
						continue;
					}
					in++;
					break;
				}
				*out++ = *in++;
			}
			while (*in == ' ' || *in == '\t')
				in++;
			if (*in != sep && *in != '\0')
				return -1;	/* text after the closing quote */
		} else {
			while (*in != sep && *in != '\0') {
				if (*in == '"')
					return -1;	/* a quote inside an unquoted field */
				*out++ = *in++;
			}
		}
		if (n < max)
			f[n] = start;
		n++;
		if (*in == '\0') {
			*out = '\0';
			if (n <= max)
				csv_uninert(start);
			break;
		}
		in++;		/* the separator */
		*out++ = '\0';
		/* our export's ' before a formula-looking label comes off again */
		if (n <= max)
			csv_uninert(start);
	}
	return n;
}

static int
blank(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* The header row, spaces around names and letter case aside. */
static int
header_ok(char *line, char sep)
{
	char	*f[6];
	int	 n, i;

	if ((n = csv_split(line, sep, f, 6)) != 6)
		return 0;
	for (i = 0; i < 6; i++)
		if (strcasecmp(str_trim(f[i]), csv_columns[i]) != 0)
			return 0;
	return 1;
}

static int
seat_cmp(const void *a, const void *b)
{
	const struct hp_seat *x = *(const struct hp_seat *const *)a;
	const struct hp_seat *y = *(const struct hp_seat *const *)b;
	int c;

	if (x->section != y->section)
		return x->section < y->section ? -1 : 1;
	if ((c = strcasecmp(x->row, y->row)) != 0)
		return c;
	if ((c = strcasecmp(x->seat, y->seat)) != 0)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

/*
 * The first seat (by its line) that repeats an earlier one's section, row
 * and seat label; HP_OK when none does.
 */
static enum hp_err
find_duplicate(const struct hallplan *p, struct hp_error *e)
{
	const struct hp_seat	**v;
	size_t			 i;
	enum hp_err		 rc = HP_OK;

	if (p->nseats < 2)
		return HP_OK;
	if ((v = malloc(p->nseats * sizeof(*v))) == NULL)
		abort();
	for (i = 0; i < p->nseats; i++)
		v[i] = &p->seats[i];
	qsort(v, p->nseats, sizeof(*v), seat_cmp);
	for (i = 1; i < p->nseats; i++) {
		const struct hp_seat *a = v[i - 1], *b = v[i];

		if (a->section != b->section || strcasecmp(a->row, b->row) != 0 ||
		    strcasecmp(a->seat, b->seat) != 0)
			continue;
		/* within a group the later line is the repeat; keep the lowest such */
		if (rc == HP_OK || b->line < e->line) {
			rc = HP_ERR_DUPLICATE;
			e->line = b->line;
			e->other_line = a->line;
		}
	}
	free(v);
	return rc;
}

static int
parse_coord(const char *s, int *out)
{
	int64_t	 v;

	if (parse_int64(s, 0, HP_COORD_MAX, &v) != 0)
		return -1;
	*out = (int)v;
	return 0;
}

/*
 * Reads a plan from CSV text: a header "section,row,seat,x,y,category"
 * (';' instead of ',' is taken too, as spreadsheets in Russian locales
 * write it), then one seat per line.  A UTF-8 byte order mark, CRLF line
 * ends and blank lines are fine.  On HP_OK `p` (empty on entry) holds the
 * plan; on any error `p` is emptied again and `e` says where: e->line is
 * the 1-based line (0 for the file as a whole), e->other_line the earlier
 * line a duplicate repeats.
 */
enum hp_err
hp_csv_parse(const char *text, size_t len, struct hallplan *p, struct hp_error *e)
{
	char		 line[HP_LINE_MAX + 1], *f[6];
	size_t		 pos = 0, lineno = 0;
	char		 sep = ',';
	int		 have_header = 0, n, x, y;
	enum hp_err	 rc = HP_OK;
	long		 sec;

	memset(e, 0, sizeof(*e));
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len && rc == HP_OK) {
		const char	*start = text + pos, *nl = memchr(start, '\n', len - pos);
		size_t		 l = nl != NULL ? (size_t)(nl - start) : len - pos;
		char		*section, *row, *seat, *cat;

		pos += l + (nl != NULL);
		lineno++;
		e->line = lineno;
		if (l > 0 && start[l - 1] == '\r')
			l--;
		if (l > HP_LINE_MAX) {
			rc = HP_ERR_LINE_LONG;
			break;
		}
		if (!utf8_valid(start, l)) {
			rc = HP_ERR_ENCODING;
			break;
		}
		if (blank(start, l))
			continue;
		memcpy(line, start, l);
		line[l] = '\0';
		if (!have_header) {
			/* a header without commas but with semicolons sets the separator */
			if (strchr(line, ',') == NULL && strchr(line, ';') != NULL)
				sep = ';';
			if (!header_ok(line, sep)) {
				rc = HP_ERR_HEADER;
				break;
			}
			have_header = 1;
			continue;
		}
		if ((n = csv_split(line, sep, f, 6)) < 0) {
			rc = HP_ERR_QUOTE;
			break;
		}
		if (n != 6) {
			rc = HP_ERR_FIELDS;
			break;
		}
		section = str_trim(f[0]);
		row = str_trim(f[1]);
		seat = str_trim(f[2]);
		cat = str_trim(f[5]);
		if ((rc = field_err(hp_text_check(section, HP_SECTION_CHARS, 0),
		    HP_ERR_SECTION_EMPTY)) != HP_OK)
			break;
		if ((rc = field_err(hp_text_check(row, HP_LABEL_CHARS, 0),
		    HP_ERR_ROW_EMPTY)) != HP_OK)
			break;
		if ((rc = field_err(hp_text_check(seat, HP_LABEL_CHARS, 0),
		    HP_ERR_SEAT_EMPTY)) != HP_OK)
			break;
		if (parse_coord(str_trim(f[3]), &x) != 0) {
			rc = HP_ERR_X;
			break;
		}
		if (parse_coord(str_trim(f[4]), &y) != 0) {
			rc = HP_ERR_Y;
			break;
		}
		if ((rc = field_err(hp_text_check(cat, HP_CATEGORY_CHARS, 1),
		    HP_ERR_CATEGORY_EMPTY)) != HP_OK)
			break;
		if ((sec = hp_section(p, section, lineno)) < 0) {
			rc = HP_ERR_TOO_MANY_SECTIONS;
			break;
		}
		if (hp_seat_add(p, (size_t)sec, row, seat, x, y, cat, 0, lineno) != 0) {
			rc = HP_ERR_TOO_MANY_SEATS;
			break;
		}
	}
	if (rc == HP_OK && !have_header) {
		rc = lineno == 0 ? HP_ERR_EMPTY : HP_ERR_HEADER;
		e->line = lineno == 0 ? 0 : 1;
	} else if (rc == HP_OK && p->nseats == 0) {
		rc = HP_ERR_NO_SEATS;
		e->line = 0;
	} else if (rc == HP_OK)
		rc = find_duplicate(p, e);
	if (rc != HP_OK)
		hp_free(p);
	else
		e->line = 0;
	e->code = rc;
	return rc;
}

/* A growable string; out of memory aborts, as xstrdup does. */
struct sbuf {
	char	*s;
	size_t	 len, cap;
};

static void
sb_addn(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t	 cap = b->cap ? b->cap : 256;
		char	*ns;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((ns = realloc(b->s, cap)) == NULL)
			abort();
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
sb_add(struct sbuf *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

static void
sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char	 buf[256];
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(buf)) {
		sb_addn(b, buf, (size_t)n);
		return;
	}
	{
		char *big = malloc((size_t)n + 1);

		if (big == NULL)
			abort();
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		sb_addn(b, big, (size_t)n);
		free(big);
	}
}

/* One cell: quoted when needed, a formula-looking label made inert (util.c csv_cell). */
static void
csv_field(struct sbuf *b, const char *s)
{
	char *c = csv_cell(s);

	sb_add(b, c);
	free(c);
}

/*
 * The plan as CSV: a UTF-8 byte order mark (spreadsheets take the file for
 * a local code page without it, and Cyrillic names turn to mojibake), the
 * header, then one seat per line in plan order, CRLF line ends (RFC 4180).
 * hp_csv_parse reads it back to the same plan.  Caller frees; *len gets
 * the length.
 */
char *
hp_csv_emit(const struct hallplan *p, size_t *len)
{
	struct sbuf	 b = { 0 };
	size_t		 i;

	sb_add(&b, "\xef\xbb\xbf" "section,row,seat,x,y,category\r\n");
	for (i = 0; i < p->nseats; i++) {
		const struct hp_seat *s = &p->seats[i];

		csv_field(&b, p->sections[s->section].name);
		sb_add(&b, ",");
		csv_field(&b, s->row);
		sb_add(&b, ",");
		csv_field(&b, s->seat);
		sb_printf(&b, ",%d,%d,", s->x, s->y);
		csv_field(&b, s->category);
		sb_add(&b, "\r\n");
	}
	*len = b.len;
	return b.s;
}

/* ---- categories and SVG ------------------------------------------------ */

static int
str_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The plan's price categories, sorted, with their seat counts: names point
 * into the plan.  Returns how many there are (at most max are stored).
 */
size_t
hp_categories(const struct hallplan *p, const char **names, size_t *counts, size_t max)
{
	const char	**all;
	size_t		 i, n = 0;

	if (p->nseats == 0)
		return 0;
	if ((all = malloc(p->nseats * sizeof(*all))) == NULL)
		abort();
	for (i = 0; i < p->nseats; i++)
		all[i] = p->seats[i].category;
	qsort(all, p->nseats, sizeof(*all), str_ptr_cmp);
	for (i = 0; i < p->nseats; i++) {
		if (i > 0 && strcmp(all[i], all[i - 1]) == 0) {
			if (n - 1 < max)
				counts[n - 1]++;
			continue;
		}
		if (n < max) {
			names[n] = all[i];
			counts[n] = 1;
		}
		n++;
	}
	free(all);
	return n;
}

/*
 * Text for SVG in HTML: the five markup characters as references, control
 * characters dropped (the checks above never let them in; this function
 * does not rely on that).
 */
static void
sb_esc(struct sbuf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&': sb_add(b, "&amp;"); break;
		case '<': sb_add(b, "&lt;"); break;
		case '>': sb_add(b, "&gt;"); break;
		case '"': sb_add(b, "&quot;"); break;
		case '\'': sb_add(b, "&#39;"); break;
		default:
			if (c >= 0x20 && c != 0x7f)
				sb_addn(b, s, 1);
		}
	}
}

static int
row_first_cmp(const void *a, const void *b)
{
	const struct hp_seat *x = *(const struct hp_seat *const *)a;
	const struct hp_seat *y = *(const struct hp_seat *const *)b;
	int c;

	if (x->section != y->section)
		return x->section < y->section ? -1 : 1;
	if ((c = strcmp(x->row, y->row)) != 0)
		return c;
	if (x->x != y->x)
		return x->x < y->x ? -1 : 1;
	return x->y < y->y ? -1 : x->y > y->y;
}

#define SEAT_R 11

/*
 * The plan as an inline <svg> element: a stage marker above the seats,
 * each section's name above it, row labels left of each row, one circle
 * per seat coloured by category (hp_palette, in hp_categories' order) with
 * its label on it when short and a <title> naming it.  Every piece of plan
 * text goes through sb_esc, so the result is safe to print unescaped into
 * HTML.  With o->link, each seat links to o->link followed by its id; the
 * links are out of the tab order (a plan can have thousands), the page
 * offers a form to find a seat instead.  The seat whose id is o->current
 * gets the class hp-current.  Scales to its container: a
 * viewBox and no fixed size.  Returns NULL for a plan without seats;
 * caller frees.
 */
char *
hp_svg(const struct hallplan *p, const struct hp_svg_opts *o)
{
	struct sbuf		 b = { 0 };
	const char		*cats[HP_PALETTE * 4];
	size_t			 counts[HP_PALETTE * 4], ncat, i, j;
	const struct hp_seat	**v;
	int			 minx, maxx, miny, maxy, stage_y, vx, vy, vw, vh, sw, cx;

	if (p->nseats == 0)
		return NULL;
	ncat = hp_categories(p, cats, counts, sizeof(cats) / sizeof(cats[0]));
	if (ncat > sizeof(cats) / sizeof(cats[0]))
		ncat = sizeof(cats) / sizeof(cats[0]);
	minx = maxx = p->seats[0].x;
	miny = maxy = p->seats[0].y;
	for (i = 1; i < p->nseats; i++) {
		const struct hp_seat *s = &p->seats[i];

		minx = s->x < minx ? s->x : minx;
		maxx = s->x > maxx ? s->x : maxx;
		miny = s->y < miny ? s->y : miny;
		maxy = s->y > maxy ? s->y : maxy;
	}
	/*
	 * Room above the seats for the first section's name, then the stage,
	 * which spans 70% of the seats' width (of 300 units at least).
	 */
	stage_y = miny - 90;
	sw = (maxx - minx < 300 ? 300 : maxx - minx) * 7 / 10;
	cx = minx + (maxx - minx) / 2;
	vx = minx - 70 < cx - sw / 2 - 20 ? minx - 70 : cx - sw / 2 - 20;
	vw = (maxx + 40 > cx + sw / 2 + 20 ? maxx + 40 : cx + sw / 2 + 20) - vx;
	vy = stage_y - 20;
	vh = maxy + SEAT_R + 20 - vy;

	/*
	 * A width class, so a wide hall keeps tappable seats on a phone and
	 * scrolls sideways there instead of shrinking to dots (app.css).
	 */
	/*
	 * With links, a group: an image's content is presentational, and
	 * links (focusable even at tabindex -1) inside one are hidden from
	 * assistive technology (axe's nested-interactive).
	 */
	sb_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"hallplan-svg%s\" "
	    "viewBox=\"%d %d %d %d\" role=\"%s\" aria-label=\"",
	    vw > 1600 ? " hp-w3" : vw > 1100 ? " hp-w2" : vw > 700 ? " hp-w1" : "", vx, vy, vw, vh,
	    o->link != NULL ? "group" : "img");
	sb_esc(&b, o->title != NULL ? o->title : "");
	sb_add(&b, "\">");
	sb_printf(&b, "<rect class=\"hp-stage\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"34\" "
	    "rx=\"6\"/>", cx - sw / 2, stage_y, sw);
	sb_printf(&b, "<text class=\"hp-stage-label\" x=\"%d\" y=\"%d\" "
	    "text-anchor=\"middle\">", cx, stage_y + 23);
	sb_esc(&b, o->stage != NULL ? o->stage : "");
	sb_add(&b, "</text>");

	/* section names, centred above each section's seats */
	for (j = 0; j < p->nsections; j++) {
		int sx0 = 0, sx1 = 0, sy0 = 0, found = 0;

		for (i = 0; i < p->nseats; i++) {
			const struct hp_seat *s = &p->seats[i];

			if (s->section != j)
				continue;
			if (!found || s->x < sx0)
				sx0 = s->x;
			if (!found || s->x > sx1)
				sx1 = s->x;
			if (!found || s->y < sy0)
				sy0 = s->y;
			found = 1;
		}
		if (!found)
			continue;
		sb_printf(&b, "<text class=\"hp-section\" x=\"%d\" y=\"%d\" "
		    "text-anchor=\"middle\">", (sx0 + sx1) / 2, sy0 - SEAT_R - 14);
		sb_esc(&b, p->sections[j].name);
		sb_add(&b, "</text>");
	}

	/* row labels: left of the leftmost seat of each row */
	if ((v = malloc(p->nseats * sizeof(*v))) == NULL)
		abort();
	for (i = 0; i < p->nseats; i++)
		v[i] = &p->seats[i];
	qsort(v, p->nseats, sizeof(*v), row_first_cmp);
	for (i = 0; i < p->nseats; i++) {
		if (i > 0 && v[i]->section == v[i - 1]->section &&
		    strcmp(v[i]->row, v[i - 1]->row) == 0)
			continue;
		sb_printf(&b, "<text class=\"hp-row\" x=\"%d\" y=\"%d\" text-anchor=\"end\">",
		    v[i]->x - SEAT_R - 8, v[i]->y + 5);
		sb_esc(&b, v[i]->row);
		sb_add(&b, "</text>");
	}
	free(v);

	for (i = 0; i < p->nseats; i++) {
		const struct hp_seat	*s = &p->seats[i];
		const struct hp_colour	*c = &hp_palette[0];

		for (j = 0; j < ncat; j++)
			if (strcmp(cats[j], s->category) == 0) {
				c = &hp_palette[j % HP_PALETTE];
				break;
			}
		if (o->link != NULL && s->id > 0) {
			sb_add(&b, "<a href=\"");
			sb_esc(&b, o->link);
			sb_printf(&b, "%lld\" tabindex=\"-1\">", (long long)s->id);
		} else
			sb_add(&b, "<g>");
		sb_printf(&b, "<circle class=\"hp-seat%s\" cx=\"%d\" cy=\"%d\" r=\"%d\" "
		    "fill=\"%s\"><title>", o->current > 0 && s->id == o->current ? " hp-current" : "",
		    s->x, s->y, SEAT_R, c->fill);
		sb_esc(&b, p->sections[s->section].name);
		sb_add(&b, ", ");
		sb_esc(&b, o->row != NULL ? o->row : "");
		sb_add(&b, " ");
		sb_esc(&b, s->row);
		sb_add(&b, ", ");
		sb_esc(&b, o->seat != NULL ? o->seat : "");
		sb_add(&b, " ");
		sb_esc(&b, s->seat);
		sb_add(&b, " (");
		sb_esc(&b, s->category);
		sb_add(&b, ")</title></circle>");
		if (utf8_len(s->seat) <= 3) {
			sb_printf(&b, "<text class=\"hp-num\" x=\"%d\" y=\"%d\" fill=\"%s\" "
			    "text-anchor=\"middle\">", s->x, s->y + 4, c->text);
			sb_esc(&b, s->seat);
			sb_add(&b, "</text>");
		}
		sb_add(&b, o->link != NULL && s->id > 0 ? "</a>" : "</g>");
	}
	sb_add(&b, "</svg>");
	return b.s;
}
