/*
 * hallplan.c: the generator (counts, labels, categories, curve and aisle
 * geometry), CSV in and out (a round trip, then every error with its line
 * number) and the SVG drawing's escaping.  Each test is one TAP line.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "lib/hallplan.h"
#include "lib/util.h"

/* ---- helpers ------------------------------------------------------------ */

static void
gen_section(struct hp_gen *g, const char *name, int rows, int per_row, const char *cat)
{
	struct hp_gen_section *s = &g->sections[g->nsections++];

	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->rows = rows;
	s->per_row = per_row;
	snprintf(s->category, sizeof(s->category), "%s", cat);
}

static const struct hp_seat *
find_seat(const struct hallplan *p, const char *section, const char *row, const char *seat)
{
	size_t	 i;

	for (i = 0; i < p->nseats; i++)
		if (strcmp(p->sections[p->seats[i].section].name, section) == 0 &&
		    strcmp(p->seats[i].row, row) == 0 && strcmp(p->seats[i].seat, seat) == 0)
			return &p->seats[i];
	return NULL;
}

static size_t
count_in_section(const struct hallplan *p, const char *section)
{
	size_t	 i, n = 0;

	for (i = 0; i < p->nseats; i++)
		if (strcmp(p->sections[p->seats[i].section].name, section) == 0)
			n++;
	return n;
}

/* Parses csv; returns the error code, with the line in *line. */
static enum hp_err
parse(const char *csv, size_t *line)
{
	struct hallplan	 p;
	struct hp_error	 e;
	enum hp_err	 rc;

	hp_init(&p);
	rc = hp_csv_parse(csv, strlen(csv), &p, &e);
	*line = e.line;
	ck_assert_int_eq(rc, e.code);
	if (rc != HP_OK) {
		/* nothing half-read survives an error */
		ck_assert_uint_eq(p.nseats, 0);
		ck_assert_uint_eq(p.nsections, 0);
		ck_assert_ptr_null(p.seats);
	}
	hp_free(&p);
	return rc;
}

#define HDR "section,row,seat,x,y,category\n"

static void
expect(const char *csv, enum hp_err code, size_t line)
{
	size_t	 got_line = 999;
	enum hp_err rc = parse(csv, &got_line);

	ck_assert_msg(rc == code, "wanted %s, got %s for:\n%s", hp_err_names[code],
	    hp_err_names[rc], csv);
	ck_assert_msg(got_line == line, "%s: wanted line %zu, got %zu", hp_err_names[code],
	    line, got_line);
}

static size_t
count_str(const char *hay, const char *needle)
{
	size_t	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* ---- generator ---------------------------------------------------------- */

START_TEST(gen_counts_three_sections)
{
	struct hp_gen	 g = { 0 };
	struct hallplan	 p;

	gen_section(&g, "Parterre", 10, 20, "A");
	gen_section(&g, "Amphitheatre", 5, 15, "B");
	gen_section(&g, "Balcony", 3, 10, "C");
	hp_init(&p);
	ck_assert_int_eq(hp_generate(&g, &p), HP_OK);
	ck_assert_uint_eq(p.nsections, 3);
	ck_assert_uint_eq(p.nseats, 200 + 75 + 30);
	ck_assert_uint_eq(count_in_section(&p, "Parterre"), 200);
	ck_assert_uint_eq(count_in_section(&p, "Amphitheatre"), 75);
	ck_assert_uint_eq(count_in_section(&p, "Balcony"), 30);
	ck_assert_str_eq(p.sections[0].name, "Parterre");
	ck_assert_str_eq(p.sections[2].name, "Balcony");
	/* numbered rows and seats, every seat there once */
	ck_assert_ptr_nonnull(find_seat(&p, "Parterre", "1", "1"));
	ck_assert_ptr_nonnull(find_seat(&p, "Parterre", "10", "20"));
	ck_assert_ptr_null(find_seat(&p, "Parterre", "11", "1"));
	ck_assert_ptr_null(find_seat(&p, "Parterre", "1", "21"));
	ck_assert_ptr_nonnull(find_seat(&p, "Balcony", "3", "10"));
	ck_assert_str_eq(find_seat(&p, "Amphitheatre", "2", "7")->category, "B");
	hp_free(&p);
}
END_TEST

START_TEST(gen_letter_labels)
{
	struct hp_gen	 g = { 0 };
	struct hallplan	 p;
	char		 buf[16];

	gen_section(&g, "Hall", 28, 2, "A");
	g.letters = 1;
	hp_init(&p);
	ck_assert_int_eq(hp_generate(&g, &p), HP_OK);
	ck_assert_ptr_nonnull(find_seat(&p, "Hall", "A", "1"));
	ck_assert_ptr_nonnull(find_seat(&p, "Hall", "Z", "2"));
	ck_assert_ptr_nonnull(find_seat(&p, "Hall", "AA", "1"));
	ck_assert_ptr_nonnull(find_seat(&p, "Hall", "AB", "2"));
	ck_assert_ptr_null(find_seat(&p, "Hall", "1", "1"));
	hp_free(&p);

	hp_row_letters(1, buf, sizeof(buf));
	ck_assert_str_eq(buf, "A");
	hp_row_letters(26, buf, sizeof(buf));
	ck_assert_str_eq(buf, "Z");
	hp_row_letters(27, buf, sizeof(buf));
	ck_assert_str_eq(buf, "AA");
	hp_row_letters(52, buf, sizeof(buf));
	ck_assert_str_eq(buf, "AZ");
	hp_row_letters(53, buf, sizeof(buf));
	ck_assert_str_eq(buf, "BA");
	hp_row_letters(702, buf, sizeof(buf));
	ck_assert_str_eq(buf, "ZZ");
	hp_row_letters(703, buf, sizeof(buf));
	ck_assert_str_eq(buf, "AAA");
}
END_TEST

START_TEST(gen_category_ranges)
{
	struct hp_gen	 g = { 0 };
	struct hallplan	 p;
	int		 r;
	char		 row[16];

	gen_section(&g, "Parterre", 14, 4, "A");
	/* en dash, '=' and a single row; the later entry wins where they overlap */
	ck_assert_int_eq(hp_ranges_parse("6-10: B; 11 \xe2\x80\x93 14 = C\n12:VIP", &g.sections[0]),
	    HP_OK);
	ck_assert_uint_eq(g.sections[0].nranges, 3);
	hp_init(&p);
	ck_assert_int_eq(hp_generate(&g, &p), HP_OK);
	for (r = 1; r <= 14; r++) {
		const char *want = r <= 5 ? "A" : r <= 10 ? "B" : r == 12 ? "VIP" : "C";

		snprintf(row, sizeof(row), "%d", r);
		ck_assert_str_eq(find_seat(&p, "Parterre", row, "3")->category, want);
	}
	hp_free(&p);
}
END_TEST

START_TEST(gen_ranges_refused)
{
	struct hp_gen_section s;

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(hp_ranges_parse("", &s), HP_OK);
	ck_assert_uint_eq(s.nranges, 0);
	ck_assert_int_eq(hp_ranges_parse(" , ;", &s), HP_OK);
	ck_assert_int_eq(hp_ranges_parse("x: B", &s), HP_ERR_RANGES);
	ck_assert_int_eq(hp_ranges_parse("5-3: B", &s), HP_ERR_RANGES);
	ck_assert_int_eq(hp_ranges_parse("0-3: B", &s), HP_ERR_RANGES);
	ck_assert_int_eq(hp_ranges_parse("1-101: B", &s), HP_ERR_RANGES);
	ck_assert_int_eq(hp_ranges_parse("1-3:", &s), HP_ERR_RANGES);
	ck_assert_int_eq(hp_ranges_parse("1-3: <b>", &s), HP_ERR_CATEGORY_INVALID);
	/* 21 characters: too long, told as such (not as bad characters) */
	ck_assert_int_eq(hp_ranges_parse("1-3: ABCDEFGHIJKLMNOPQRSTU", &s), HP_ERR_CATEGORY_LONG);
	ck_assert_int_eq(hp_ranges_parse("1-3: Партерцентральныйряды", &s), HP_ERR_CATEGORY_LONG);
	ck_assert_int_eq(hp_ranges_parse("1-3: Партерцентральныйряд", &s), HP_OK);
	ck_assert_int_eq(hp_ranges_parse("1:A,2:A,3:A,4:A,5:A,6:A,7:A,8:A", &s), HP_OK);
	ck_assert_int_eq(hp_ranges_parse("1:A,2:A,3:A,4:A,5:A,6:A,7:A,8:A,9:A", &s),
	    HP_ERR_RANGES);
	ck_assert_uint_eq(s.nranges, 0);	/* nothing kept after a refusal */
}
END_TEST

START_TEST(gen_settings_refused)
{
	struct hp_gen	 g;
	struct hallplan	 p;
	long		 which;
	int		 i;

	hp_init(&p);
	memset(&g, 0, sizeof(g));
	ck_assert_int_eq(hp_generate(&g, &p), HP_ERR_NO_SEATS);
	gen_section(&g, "Stalls", 10, 10, "A");
	gen_section(&g, "stalls", 10, 10, "A");
	ck_assert_int_eq(hp_gen_check(&g, &which), HP_ERR_SECTION_DUP);
	ck_assert_int_eq(which, 1);

	memset(&g, 0, sizeof(g));
	gen_section(&g, "", 10, 10, "A");
	ck_assert_int_eq(hp_gen_check(&g, &which), HP_ERR_SECTION_EMPTY);
	memset(&g, 0, sizeof(g));
	gen_section(&g, "S", 0, 10, "A");
	ck_assert_int_eq(hp_gen_check(&g, &which), HP_ERR_ROWS);
	memset(&g, 0, sizeof(g));
	gen_section(&g, "S", 101, 10, "A");
	ck_assert_int_eq(hp_gen_check(&g, &which), HP_ERR_ROWS);
	memset(&g, 0, sizeof(g));
	gen_section(&g, "S", 10, 201, "A");
	ck_assert_int_eq(hp_gen_check(&g, &which), HP_ERR_PER_ROW);
	memset(&g, 0, sizeof(g));
	gen_section(&g, "S", 10, 10, "A/B");
	ck_assert_int_eq(hp_gen_check(&g, &which), HP_ERR_CATEGORY_INVALID);
	memset(&g, 0, sizeof(g));
	gen_section(&g, "S", 10, 10, "A");
	g.curve = 101;
	ck_assert_int_eq(hp_gen_check(&g, &which), HP_ERR_CURVE);
	g.curve = 0;
	g.aisle_every = -1;
	ck_assert_int_eq(hp_gen_check(&g, &which), HP_ERR_AISLE);
	g.aisle_every = 0;
	ck_assert_int_eq(hp_ranges_parse("8-12: B", &g.sections[0]), HP_OK);
	ck_assert_int_eq(hp_gen_check(&g, &which), HP_ERR_RANGES);

	/* 5000 seats is the limit, one more is refused before anything is made */
	memset(&g, 0, sizeof(g));
	gen_section(&g, "A", 25, 200, "A");
	ck_assert_int_eq(hp_generate(&g, &p), HP_OK);
	ck_assert_uint_eq(p.nseats, HP_MAX_SEATS);
	hp_free(&p);
	gen_section(&g, "B", 1, 1, "A");
	ck_assert_int_eq(hp_generate(&g, &p), HP_ERR_TOO_MANY_SEATS);
	ck_assert_uint_eq(p.nseats, 0);
	memset(&g, 0, sizeof(g));
	for (i = 0; i < HP_GEN_SECTIONS; i++) {
		char name[16];

		snprintf(name, sizeof(name), "S%d", i);
		gen_section(&g, name, 100, 200, "A");
	}
	ck_assert_int_eq(hp_generate(&g, &p), HP_ERR_TOO_MANY_SEATS);
	hp_free(&p);
}
END_TEST

START_TEST(gen_straight_rows_and_aisles)
{
	struct hp_gen	 g = { 0 };
	struct hallplan	 p;
	const struct hp_seat *a, *b;
	int		 s;
	char		 seat[16], prev[16];

	gen_section(&g, "Hall", 3, 10, "A");
	g.aisle_every = 4;
	hp_init(&p);
	ck_assert_int_eq(hp_generate(&g, &p), HP_OK);
	for (s = 2; s <= 10; s++) {
		snprintf(prev, sizeof(prev), "%d", s - 1);
		snprintf(seat, sizeof(seat), "%d", s);
		a = find_seat(&p, "Hall", "2", prev);
		b = find_seat(&p, "Hall", "2", seat);
		/* an aisle after seats 4 and 8: one seat's width more */
		ck_assert_int_eq(b->x - a->x, (s == 5 || s == 9) ? 60 : 30);
		/* no curve: a straight row */
		ck_assert_int_eq(b->y, a->y);
	}
	/* rows one behind the other, the first nearest the stage (smallest y) */
	ck_assert_int_lt(find_seat(&p, "Hall", "1", "1")->y, find_seat(&p, "Hall", "2", "1")->y);
	ck_assert_int_eq(find_seat(&p, "Hall", "2", "1")->y - find_seat(&p, "Hall", "1", "1")->y, 34);
	/* same x for the same seat in every row */
	ck_assert_int_eq(find_seat(&p, "Hall", "1", "7")->x, find_seat(&p, "Hall", "3", "7")->x);
	hp_free(&p);
}
END_TEST

START_TEST(gen_curve_geometry)
{
	struct hp_gen	 g = { 0 };
	struct hallplan	 p;
	int		 s, y_mid, y_end, last_y = 0;
	char		 seat[16];
	size_t		 i;
	int		 max_y0 = -1, min_y1 = 1 << 30;

	gen_section(&g, "Parterre", 6, 21, "A");
	gen_section(&g, "Balcony", 3, 21, "B");
	g.curve = 100;
	hp_init(&p);
	ck_assert_int_eq(hp_generate(&g, &p), HP_OK);
	y_mid = find_seat(&p, "Parterre", "1", "11")->y;
	y_end = find_seat(&p, "Parterre", "1", "1")->y;
	/* the ends come forward (towards the stage) ... */
	ck_assert_int_lt(y_end, y_mid);
	/* ... symmetrically ... */
	ck_assert_int_eq(find_seat(&p, "Parterre", "1", "21")->y, y_end);
	ck_assert_int_eq(find_seat(&p, "Parterre", "1", "5")->y, find_seat(&p, "Parterre", "1", "17")->y);
	/* ... and steadily from the middle out; the middle seat does not move */
	for (s = 11; s >= 1; s--) {
		snprintf(seat, sizeof(seat), "%d", s);
		if (s < 11)
			ck_assert_int_le(find_seat(&p, "Parterre", "1", seat)->y, last_y);
		last_y = find_seat(&p, "Parterre", "1", seat)->y;
	}
	/* 21 seats: 600 units wide, so the bend is min(3 rows, 600 / 4) = 102 */
	ck_assert_int_eq(y_mid - y_end, 102);
	/* half the curve, about half the bend */
	memset(&g.sections[1], 0, sizeof(g.sections[1]));
	g.nsections = 1;
	g.curve = 50;
	hp_free(&p);
	ck_assert_int_eq(hp_generate(&g, &p), HP_OK);
	ck_assert_int_eq(find_seat(&p, "Parterre", "1", "11")->y - find_seat(&p, "Parterre", "1", "1")->y, 51);
	hp_free(&p);

	/* a curved section never reaches into the one before it */
	gen_section(&g, "Balcony", 3, 21, "B");
	g.curve = 100;
	ck_assert_int_eq(hp_generate(&g, &p), HP_OK);
	for (i = 0; i < p.nseats; i++) {
		if (p.seats[i].section == 0 && p.seats[i].y > max_y0)
			max_y0 = p.seats[i].y;
		if (p.seats[i].section == 1 && p.seats[i].y < min_y1)
			min_y1 = p.seats[i].y;
	}
	ck_assert_int_gt(min_y1 - max_y0, 34);
	for (i = 0; i < p.nseats; i++) {
		ck_assert_int_ge(p.seats[i].x, 0);
		ck_assert_int_ge(p.seats[i].y, 0);
	}
	hp_free(&p);
}
END_TEST

/* ---- CSV ------------------------------------------------------------------ */

START_TEST(csv_round_trip)
{
	struct hp_gen	 g = { 0 };
	struct hallplan	 a, b;
	struct hp_error	 e;
	char		*one, *two;
	size_t		 l1, l2, i;

	gen_section(&g, "Партер", 8, 12, "A");
	gen_section(&g, "Ложа, левая", 2, 4, "VIP");
	gen_section(&g, "Box \"A\"; east", 1, 3, "B");
	g.curve = 40;
	g.aisle_every = 6;
	g.letters = 1;
	ck_assert_int_eq(hp_ranges_parse("3-8: B", &g.sections[0]), HP_OK);
	hp_init(&a);
	hp_init(&b);
	ck_assert_int_eq(hp_generate(&g, &a), HP_OK);
	one = hp_csv_emit(&a, &l1);
	ck_assert_uint_eq(l1, strlen(one));
	/* the byte order mark, then the header the contract names */
	ck_assert(strncmp(one, "\xef\xbb\xbf" "section,row,seat,x,y,category\r\n", 34) == 0);
	ck_assert_ptr_nonnull(strstr(one, "\"Ложа, левая\",A,1,"));
	ck_assert_ptr_nonnull(strstr(one, "\"Box \"\"A\"\"; east\",A,3,"));
	ck_assert_int_eq(hp_csv_parse(one, l1, &b, &e), HP_OK);
	ck_assert_uint_eq(b.nseats, a.nseats);
	ck_assert_uint_eq(b.nsections, a.nsections);
	for (i = 0; i < a.nsections; i++)
		ck_assert_str_eq(b.sections[i].name, a.sections[i].name);
	for (i = 0; i < a.nseats; i++) {
		ck_assert_uint_eq(b.seats[i].section, a.seats[i].section);
		ck_assert_str_eq(b.seats[i].row, a.seats[i].row);
		ck_assert_str_eq(b.seats[i].seat, a.seats[i].seat);
		ck_assert_str_eq(b.seats[i].category, a.seats[i].category);
		ck_assert_int_eq(b.seats[i].x, a.seats[i].x);
		ck_assert_int_eq(b.seats[i].y, a.seats[i].y);
		ck_assert_uint_eq(b.seats[i].line, i + 2);
	}
	two = hp_csv_emit(&b, &l2);
	ck_assert_uint_eq(l2, l1);
	ck_assert(memcmp(one, two, l1) == 0);
	free(one);
	free(two);
	hp_free(&a);
	hp_free(&b);
}
END_TEST

START_TEST(csv_accepts_spreadsheet_forms)
{
	struct hallplan	 p;
	struct hp_error	 e;
	const char	*csv;

	/* semicolons (Russian-locale spreadsheets), CRLF, blank lines, spaces, header case */
	csv = "\xef\xbb\xbf Section ; Row;SEAT;x;y;Category\r\n"
	    "\r\n"
	    "Балкон; 1 ; 1 ;10;20; A \r\n"
	    "\"Балкон\";1;\"2\";40;20;A\r\n"
	    "  \r\n";
	hp_init(&p);
	ck_assert_int_eq(hp_csv_parse(csv, strlen(csv), &p, &e), HP_OK);
	ck_assert_uint_eq(p.nseats, 2);
	ck_assert_uint_eq(p.nsections, 1);
	ck_assert_str_eq(p.sections[0].name, "Балкон");
	ck_assert_str_eq(p.seats[0].row, "1");
	ck_assert_str_eq(p.seats[0].category, "A");
	ck_assert_int_eq(p.seats[1].x, 40);
	ck_assert_uint_eq(p.seats[1].line, 4);
	hp_free(&p);

	/* no newline at the end; section names match whatever the letter case */
	csv = HDR "Hall,1,1,0,0,A\nhall,1,2,30,0,A";
	ck_assert_int_eq(hp_csv_parse(csv, strlen(csv), &p, &e), HP_OK);
	ck_assert_uint_eq(p.nsections, 1);
	ck_assert_uint_eq(p.nseats, 2);
	hp_free(&p);
}
END_TEST

START_TEST(csv_file_errors)
{
	expect("", HP_ERR_EMPTY, 0);
	expect("\xef\xbb\xbf", HP_ERR_EMPTY, 0);
	expect("\n\n  \n", HP_ERR_HEADER, 1);
	expect("section,row,seat,x,y\nA,1,1,0,0\n", HP_ERR_HEADER, 1);
	expect("\n\nsection,row,place,x,y,category\n", HP_ERR_HEADER, 3);
	expect("Hall,1,1,0,0,A\n", HP_ERR_HEADER, 1);
	expect(HDR, HP_ERR_NO_SEATS, 0);
	expect(HDR "\n\n", HP_ERR_NO_SEATS, 0);
}
END_TEST

START_TEST(csv_line_errors)
{
	char	*big;
	size_t	 i;

	/* the brief's own example */
	expect(HDR "H,1,1,0,0,A\nH,1,2,30,0,A\nH,1,3,60,0,A\nH,1,4,90,0,A\nH,1,5,120,0,A\n"
	    "H,1,6,150,0,A\nH,1,7,180,0,A\nH,1,8,210,0,A\nH,1,9,240,0,A\nH,1,10,270,0,A\n"
	    "H,,11,300,0,A\n", HP_ERR_ROW_EMPTY, 12);

	big = malloc(HP_LINE_MAX + 64);
	strcpy(big, HDR "H,1,1,0,0,A\n\"");
	for (i = strlen(big); i < HP_LINE_MAX + 40; i++)
		big[i] = 'x';
	strcpy(big + i, "\",1,1,0,0,A\n");
	expect(big, HP_ERR_LINE_LONG, 3);
	free(big);

	expect(HDR "H,1,1,0,0,A\nH\xff,1,2,0,0,A\n", HP_ERR_ENCODING, 3);
	{
		/* a NUL byte in the middle of a line */
		static const char nul[] = HDR "H,1,1,0,0,A\nH,1,\0002,0,0,A\n";
		struct hallplan	 p;
		struct hp_error	 e;

		hp_init(&p);
		ck_assert_int_eq(hp_csv_parse(nul, sizeof(nul) - 1, &p, &e), HP_ERR_ENCODING);
		ck_assert_uint_eq(e.line, 3);
		ck_assert_uint_eq(p.nseats, 0);
	}
	expect(HDR "\"H,1,1,0,0,A\n", HP_ERR_QUOTE, 2);
	expect(HDR "\"H\"x,1,1,0,0,A\n", HP_ERR_QUOTE, 2);
	expect(HDR "H\"x,1,1,0,0,A\n", HP_ERR_QUOTE, 2);
	expect(HDR "H,1,1,0,0\n", HP_ERR_FIELDS, 2);
	expect(HDR "H,1,1,0,0,A,extra\n", HP_ERR_FIELDS, 2);
	expect(HDR "H,1,1,0,0,A\n,1,2,0,0,A\n", HP_ERR_SECTION_EMPTY, 3);
	expect(HDR "\"   \",1,1,0,0,A\n", HP_ERR_SECTION_EMPTY, 2);
	{
		/* 101 code points: one more than a section name may have */
		char long_name[256];

		strcpy(long_name, HDR);
		for (i = 0; i < HP_SECTION_CHARS + 1; i++)
			strcat(long_name, "S");
		strcat(long_name, ",1,1,0,0,A\n");
		expect(long_name, HP_ERR_SECTION_LONG, 2);
	}
	expect(HDR "Par\tterre,1,1,0,0,A\n", HP_ERR_SECTION_INVALID, 2);
	expect(HDR "H,12345678901,1,0,0,A\n", HP_ERR_ROW_LONG, 2);
	expect(HDR "H,1\x01,1,0,0,A\n", HP_ERR_ROW_INVALID, 2);
	expect(HDR "H,1,,0,0,A\n", HP_ERR_SEAT_EMPTY, 2);
	expect(HDR "H,1,12345678901,0,0,A\n", HP_ERR_SEAT_LONG, 2);
	expect(HDR "H,1,\xc2\x85,0,0,A\n", HP_ERR_SEAT_INVALID, 2);	/* U+0085, a C1 control */
	expect(HDR "H,1,1,abc,0,A\n", HP_ERR_X, 2);
	expect(HDR "H,1,1,-1,0,A\n", HP_ERR_X, 2);
	expect(HDR "H,1,1,1.5,0,A\n", HP_ERR_X, 2);
	expect(HDR "H,1,1,100001,0,A\n", HP_ERR_X, 2);
	expect(HDR "H,1,1,,0,A\n", HP_ERR_X, 2);
	expect(HDR "H,1,1,0,+3,A\n", HP_ERR_Y, 2);
	expect(HDR "H,1,1,0,99999999999999999999,A\n", HP_ERR_Y, 2);
	expect(HDR "H,1,1,0,0,\n", HP_ERR_CATEGORY_EMPTY, 2);
	expect(HDR "H,1,1,0,0,ABCDEFGHIJKLMNOPQRSTU\n", HP_ERR_CATEGORY_LONG, 2);
	expect(HDR "H,1,1,0,0,<b>\n", HP_ERR_CATEGORY_INVALID, 2);
	/* the coordinates' edges are fine */
	expect(HDR "H,1,1,0,100000,A\n", HP_OK, 0);
}
END_TEST

START_TEST(csv_duplicates)
{
	struct hallplan	 p;
	struct hp_error	 e;
	const char	*csv = HDR "H,1,1,0,0,A\nH,1,2,30,0,A\nH,2,1,0,34,A\nH,1,2,60,0,B\n"
	    "H,1,1,90,0,B\n";

	/* the first repeat by line, with the line it repeats */
	hp_init(&p);
	ck_assert_int_eq(hp_csv_parse(csv, strlen(csv), &p, &e), HP_ERR_DUPLICATE);
	ck_assert_uint_eq(e.line, 5);
	ck_assert_uint_eq(e.other_line, 3);
	ck_assert_uint_eq(p.nseats, 0);
	/* letter case does not make a seat different (nor does it for the database) */
	expect(HDR "H,a,1,0,0,A\nH,A,1,30,0,A\n", HP_ERR_DUPLICATE, 3);
	/* the same labels in another section are another seat */
	expect(HDR "H,1,1,0,0,A\nJ,1,1,0,40,A\n", HP_OK, 0);
}
END_TEST

START_TEST(csv_limits)
{
	size_t	 cap = 64 + (HP_MAX_SEATS + 2) * 32, n, i;
	char	*csv = malloc(cap);

	n = (size_t)snprintf(csv, cap, HDR);
	for (i = 0; i < HP_MAX_SEATS; i++)
		n += (size_t)snprintf(csv + n, cap - n, "H,%zu,%zu,%zu,0,A\n", i / 100, i % 100, i);
	expect(csv, HP_OK, 0);
	snprintf(csv + n, cap - n, "H,x,1,0,0,A\n");
	expect(csv, HP_ERR_TOO_MANY_SEATS, HP_MAX_SEATS + 2);

	n = (size_t)snprintf(csv, cap, HDR);
	for (i = 0; i < HP_MAX_SECTIONS + 1; i++)
		n += (size_t)snprintf(csv + n, cap - n, "S%zu,1,1,0,0,A\n", i);
	expect(csv, HP_ERR_TOO_MANY_SECTIONS, HP_MAX_SECTIONS + 2);
	free(csv);
}
END_TEST

START_TEST(every_error_has_a_name)
{
	int	 i;

	for (i = 0; i < HP_ERR__MAX; i++) {
		ck_assert_ptr_nonnull(hp_err_names[i]);
		ck_assert_uint_gt(strlen(hp_err_names[i]), 0);
	}
}
END_TEST

START_TEST(text_checks)
{
	ck_assert_int_eq(hp_text_check("Партер", 10, 0), HP_FIELD_OK);
	ck_assert_int_eq(hp_text_check("ПартерПарт", 10, 0), HP_FIELD_OK);	/* code points, not bytes */
	ck_assert_int_eq(hp_text_check("ПартерПарте", 10, 0), HP_FIELD_LONG);
	ck_assert_int_eq(hp_text_check("", 10, 0), HP_FIELD_EMPTY);
	ck_assert_int_eq(hp_text_check(NULL, 10, 0), HP_FIELD_EMPTY);
	ck_assert_int_eq(hp_text_check("a\x7f", 10, 0), HP_FIELD_INVALID);
	ck_assert_int_eq(hp_text_check("\xc0\xaf", 10, 0), HP_FIELD_INVALID);	/* overlong */
	ck_assert_int_eq(hp_text_check("<script>", 10, 0), HP_FIELD_OK);	/* a label is text */
	ck_assert_int_eq(hp_text_check("<script>", 20, 1), HP_FIELD_INVALID);	/* a category is not */
	ck_assert_int_eq(hp_text_check("VIP-1 Ложа_2+.", 20, 1), HP_FIELD_OK);
}
END_TEST

/* ---- categories and SVG --------------------------------------------------- */

START_TEST(categories_sorted_with_counts)
{
	struct hallplan	 p;
	const char	*names[4];
	size_t		 counts[4];
	long		 s;

	hp_init(&p);
	s = hp_section(&p, "H", 0);
	hp_seat_add(&p, (size_t)s, "1", "1", 0, 0, "B", 0, 0);
	hp_seat_add(&p, (size_t)s, "1", "2", 30, 0, "A", 0, 0);
	hp_seat_add(&p, (size_t)s, "1", "3", 60, 0, "B", 0, 0);
	hp_seat_add(&p, (size_t)s, "1", "4", 90, 0, "VIP", 0, 0);
	ck_assert_uint_eq(hp_categories(&p, names, counts, 4), 3);
	ck_assert_str_eq(names[0], "A");
	ck_assert_uint_eq(counts[0], 1);
	ck_assert_str_eq(names[1], "B");
	ck_assert_uint_eq(counts[1], 2);
	ck_assert_str_eq(names[2], "VIP");
	/* fewer slots than categories: the count is still right, nothing overflows */
	ck_assert_uint_eq(hp_categories(&p, names, counts, 1), 3);
	ck_assert_uint_eq(counts[0], 1);
	hp_free(&p);
}
END_TEST

START_TEST(svg_escapes_plan_text)
{
	struct hallplan		 p;
	struct hp_svg_opts	 o = { "Plan & <co>", "STAGE", "Row", "Seat", "/v/7/seats/", 0 };
	char			*svg;
	long			 s;

	hp_init(&p);
	ck_assert_ptr_null(hp_svg(&p, &o));	/* no seats, no drawing */
	s = hp_section(&p, "<script>alert(\"x\")</script>", 0);
	hp_seat_add(&p, (size_t)s, "\"><img>", "<script>", 60, 40, "A", 11, 0);
	hp_seat_add(&p, (size_t)s, "1", "a&b'c", 90, 40, "B", 12, 0);
	hp_seat_add(&p, (size_t)s, "2", "7", 60, 74, "A", 0, 0);
	svg = hp_svg(&p, &o);
	ck_assert_ptr_nonnull(svg);
	ck_assert(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
	ck_assert(strcmp(svg + strlen(svg) - 6, "</svg>") == 0);
	/* nothing of the plan's text becomes markup */
	ck_assert_ptr_null(strstr(svg, "<script"));
	ck_assert_ptr_null(strstr(svg, "<img"));
	ck_assert_ptr_null(strstr(svg, "<co>"));
	ck_assert_ptr_nonnull(strstr(svg, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
	ck_assert_ptr_nonnull(strstr(svg, "&quot;&gt;&lt;img&gt;"));
	ck_assert_ptr_nonnull(strstr(svg, "a&amp;b&#39;c"));
	ck_assert_ptr_nonnull(strstr(svg, "aria-label=\"Plan &amp; &lt;co&gt;\""));
	/* one circle per seat, the stage, a section label, the row labels */
	ck_assert_uint_eq(count_str(svg, "<circle "), 3);
	ck_assert_uint_eq(count_str(svg, "class=\"hp-stage\""), 1);
	ck_assert_uint_eq(count_str(svg, ">STAGE</text>"), 1);
	ck_assert_uint_eq(count_str(svg, "class=\"hp-section\""), 1);
	ck_assert_uint_eq(count_str(svg, "class=\"hp-row\""), 3);
	ck_assert_ptr_nonnull(strstr(svg, "viewBox=\""));
	/* stored seats link to their page; a seat without an id does not */
	ck_assert_ptr_nonnull(strstr(svg, "<a href=\"/v/7/seats/11\" tabindex=\"-1\">"));
	ck_assert_ptr_nonnull(strstr(svg, "<a href=\"/v/7/seats/12\""));
	ck_assert_uint_eq(count_str(svg, "<a href="), 2);
	/* categories get the palette in name order */
	ck_assert_ptr_nonnull(strstr(svg, hp_palette[0].fill));
	ck_assert_ptr_nonnull(strstr(svg, hp_palette[1].fill));
	/* no style attributes: the CSP allows only the stylesheet */
	ck_assert_ptr_null(strstr(svg, "style="));
	ck_assert_ptr_null(strstr(svg, "hp-current"));
	free(svg);
	/* the seat in hand is marked, and only that one */
	o.current = 12;
	svg = hp_svg(&p, &o);
	ck_assert_uint_eq(count_str(svg, "hp-current"), 1);
	ck_assert_ptr_nonnull(strstr(svg, "class=\"hp-seat hp-current\" cx=\"90\""));
	free(svg);
	hp_free(&p);
}
END_TEST

static Suite *
hallplan_suite(void)
{
	Suite	*s = suite_create("hallplan");
	TCase	*tc = tcase_create("hallplan");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, gen_counts_three_sections);
	tcase_add_test(tc, gen_letter_labels);
	tcase_add_test(tc, gen_category_ranges);
	tcase_add_test(tc, gen_ranges_refused);
	tcase_add_test(tc, gen_settings_refused);
	tcase_add_test(tc, gen_straight_rows_and_aisles);
	tcase_add_test(tc, gen_curve_geometry);
	tcase_add_test(tc, csv_round_trip);
	tcase_add_test(tc, csv_accepts_spreadsheet_forms);
	tcase_add_test(tc, csv_file_errors);
	tcase_add_test(tc, csv_line_errors);
	tcase_add_test(tc, csv_duplicates);
	tcase_add_test(tc, csv_limits);
	tcase_add_test(tc, every_error_has_a_name);
	tcase_add_test(tc, text_checks);
	tcase_add_test(tc, categories_sorted_with_counts);
	tcase_add_test(tc, svg_escapes_plan_text);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(hallplan_suite());
	int	 failed;

	srunner_set_tap(sr, "-");
	srunner_run_all(sr, CK_SILENT);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
