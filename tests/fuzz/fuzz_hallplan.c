/*
 * libFuzzer target for the hall plan parsers of hallplan.c (tests/fuzz.sh
 * builds and runs it next to fuzz_request).  The input is a CSV file for
 * hp_csv_parse, and its first line also a range list for hp_ranges_parse.
 * Besides "no crash, no leak", it holds the parser to its promises and
 * abort()s when one breaks:
 *
 *   - a refused file leaves the plan empty and names a line inside it;
 *   - an accepted one stays within the limits, and emitting it and parsing
 *     that again gives the same plan and then the same bytes;
 *   - its SVG contains only the elements hp_svg writes itself: no byte of
 *     the file becomes markup.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hallplan.h"
#include "lib/util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PROMISE(c) do { if (!(c)) abort(); } while (0)

/* Every '<' in the drawing opens or closes one of our own elements. */
static int
svg_markup_ok(const char *svg)
{
	static const char *const tags[] = {
		"<svg ", "</svg>", "<rect ", "<text ", "</text>", "<a href=", "</a>", "<g>",
		"</g>", "<circle ", "</circle>", "<title>", "</title>", NULL
	};
	const char	*p;
	size_t		 i;

	for (p = svg; (p = strchr(p, '<')) != NULL; p++) {
		for (i = 0; tags[i] != NULL; i++)
			if (strncmp(p, tags[i], strlen(tags[i])) == 0)
				break;
		if (tags[i] == NULL)
			return 0;
	}
	return 1;
}

static void
same_plan(const struct hallplan *a, const struct hallplan *b)
{
	size_t	 i;

	PROMISE(a->nseats == b->nseats && a->nsections == b->nsections);
	for (i = 0; i < a->nsections; i++)
		PROMISE(strcmp(a->sections[i].name, b->sections[i].name) == 0);
	for (i = 0; i < a->nseats; i++) {
		const struct hp_seat *x = &a->seats[i], *y = &b->seats[i];

		PROMISE(x->section == y->section && x->x == y->x && x->y == y->y);
		PROMISE(strcmp(x->row, y->row) == 0 && strcmp(x->seat, y->seat) == 0);
		PROMISE(strcmp(x->category, y->category) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hallplan		 p, q;
	struct hp_error		 e, e2;
	struct hp_gen_section	 sec;
	struct hp_svg_opts	 o = { "Plan", "STAGE", "Row", "Seat", "/s/", 0 };
	const char		*text = (const char *)data;
	char			*csv, *csv2, *svg, *first;
	size_t			 len, len2, lines = 1, i;

	/* the first line as a range list ("6-10: B, 11-12: C") */
	for (i = 0; i < size && data[i] != '\n'; i++)
		;
	first = malloc(i + 1);
	memcpy(first, data, i);
	first[i] = '\0';
	memset(&sec, 0, sizeof(sec));
	if (strlen(first) == i && hp_ranges_parse(first, &sec) == HP_OK) {
		PROMISE(sec.nranges <= HP_MAX_RANGES);
		for (i = 0; i < sec.nranges; i++)
			PROMISE(sec.ranges[i].from >= 1 && sec.ranges[i].from <= sec.ranges[i].to &&
			    sec.ranges[i].to <= HP_MAX_ROWS);
	} else
		PROMISE(sec.nranges == 0);
	free(first);

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	hp_init(&p);
	if (hp_csv_parse(text, size, &p, &e) != HP_OK) {
		PROMISE(e.code != HP_OK && e.code < HP_ERR__MAX);
		PROMISE(p.nseats == 0 && p.nsections == 0 && p.seats == NULL);
		PROMISE(e.line <= lines);
		if (e.code == HP_ERR_DUPLICATE)
			PROMISE(e.other_line >= 2 && e.other_line < e.line);
		return 0;
	}
	PROMISE(p.nseats >= 1 && p.nseats <= HP_MAX_SEATS);
	PROMISE(p.nsections >= 1 && p.nsections <= HP_MAX_SECTIONS);
	for (i = 0; i < p.nseats; i++) {
		PROMISE(p.seats[i].section < p.nsections);
		PROMISE(p.seats[i].x >= 0 && p.seats[i].x <= HP_COORD_MAX);
		PROMISE(p.seats[i].y >= 0 && p.seats[i].y <= HP_COORD_MAX);
		PROMISE(hp_text_check(p.seats[i].row, HP_LABEL_CHARS, 0) == HP_FIELD_OK);
		PROMISE(hp_text_check(p.seats[i].category, HP_CATEGORY_CHARS, 1) == HP_FIELD_OK);
	}

	csv = hp_csv_emit(&p, &len);
	hp_init(&q);
	PROMISE(hp_csv_parse(csv, len, &q, &e2) == HP_OK);
	same_plan(&p, &q);
	csv2 = hp_csv_emit(&q, &len2);
	PROMISE(len == len2 && memcmp(csv, csv2, len) == 0);

	/* give the seats ids so the links are drawn too */
	for (i = 0; i < p.nseats; i++)
		p.seats[i].id = (int64_t)i + 1;
	svg = hp_svg(&p, &o);
	PROMISE(svg != NULL && svg_markup_ok(svg));
	PROMISE(strstr(svg, "<script") == NULL);

	free(svg);
	free(csv);
	free(csv2);
	hp_free(&p);
	hp_free(&q);
	return 0;
}
