/*
 * lib/hallplan.c: hall plans without a database — the seat generator, CSV
 * import and export, and the SVG drawing.
 */
#ifndef KT_LIB_HALLPLAN_H
#define KT_LIB_HALLPLAN_H

#include <stddef.h>
#include <stdint.h>

#define HP_MAX_SEATS		5000
#define HP_MAX_SECTIONS		64	/* in a CSV file; the generator makes HP_GEN_SECTIONS */
#define HP_GEN_SECTIONS		8
#define HP_MAX_ROWS		100	/* per generated section */
#define HP_MAX_PER_ROW		200	/* seats per generated row */
#define HP_MAX_RANGES		8	/* category ranges per generated section */
#define HP_LINE_MAX		1024	/* bytes in one CSV line */
#define HP_COORD_MAX		100000
#define HP_SECTION_CHARS	100	/* code points, as the columns allow */
#define HP_LABEL_CHARS		10
#define HP_CATEGORY_CHARS	20
#define HP_PALETTE		10
/* the generator's "categories by row" text: each range "100-100: " and a category */
#define HP_RANGES_BYTES		(HP_MAX_RANGES * (HP_CATEGORY_CHARS * 4 + 16))

/* Problems, named for Lang.Venue.Csv.<name> by hp_err_names. */
enum hp_err {
	HP_OK,
	HP_ERR_EMPTY, HP_ERR_HEADER, HP_ERR_LINE_LONG, HP_ERR_ENCODING, HP_ERR_QUOTE,
	HP_ERR_FIELDS,
	/* EMPTY, LONG, INVALID stay in this order for each column */
	HP_ERR_SECTION_EMPTY, HP_ERR_SECTION_LONG, HP_ERR_SECTION_INVALID,
	HP_ERR_ROW_EMPTY, HP_ERR_ROW_LONG, HP_ERR_ROW_INVALID,
	HP_ERR_SEAT_EMPTY, HP_ERR_SEAT_LONG, HP_ERR_SEAT_INVALID,
	HP_ERR_X, HP_ERR_Y,
	HP_ERR_CATEGORY_EMPTY, HP_ERR_CATEGORY_LONG, HP_ERR_CATEGORY_INVALID,
	HP_ERR_DUPLICATE, HP_ERR_TOO_MANY_SEATS, HP_ERR_TOO_MANY_SECTIONS, HP_ERR_NO_SEATS,
	/* the generator's */
	HP_ERR_SECTION_DUP, HP_ERR_ROWS, HP_ERR_PER_ROW, HP_ERR_RANGES, HP_ERR_CURVE,
	HP_ERR_AISLE,
	HP_ERR__MAX
};
extern const char *const hp_err_names[HP_ERR__MAX];

struct hp_error {
	enum hp_err	 code;
	size_t		 line;		/* 1-based; 0 for the file as a whole */
	size_t		 other_line;	/* HP_ERR_DUPLICATE: the line it repeats */
};

struct hp_section {
	char	*name;
	size_t	 line;		/* CSV line of its first seat, or 0 */
};

struct hp_seat {
	int64_t	 id;		/* database id; 0 for a seat not stored yet */
	size_t	 section;	/* index into hallplan.sections */
	char	 row[HP_LABEL_CHARS * 4 + 1];
	char	 seat[HP_LABEL_CHARS * 4 + 1];
	char	 category[HP_CATEGORY_CHARS * 4 + 1];
	int	 x, y;
	size_t	 line;		/* CSV line, or 0 */
};

struct hallplan {
	struct hp_section *sections;
	size_t		 nsections;
	struct hp_seat	*seats;
	size_t		 nseats, cap;
};

struct hp_gen_range {
	int	 from, to;	/* rows, 1-based, inclusive */
	char	 category[HP_CATEGORY_CHARS * 4 + 1];
};

struct hp_gen_section {
	char	 name[HP_SECTION_CHARS * 4 + 1];
	int	 rows, per_row;
	char	 category[HP_CATEGORY_CHARS * 4 + 1];	/* of every row no range names */
	struct hp_gen_range ranges[HP_MAX_RANGES];
	size_t	 nranges;
};

struct hp_gen {
	struct hp_gen_section sections[HP_GEN_SECTIONS];
	size_t	 nsections;
	int	 curve;		/* 0..100: how far the ends of a row come forward */
	int	 aisle_every;	/* an aisle after every K seats; 0 for none */
	int	 letters;	/* rows A, B, ... instead of 1, 2, ... */
};

struct hp_colour {
	const char *fill, *text;
};
extern const struct hp_colour hp_palette[HP_PALETTE];

struct hp_svg_opts {
	const char *title;	/* the drawing's accessible name */
	const char *stage;	/* the word on the stage marker */
	const char *row, *seat;	/* words for a seat's tooltip */
	const char *link;	/* seat links: this + the seat's id; NULL for none */
	int64_t	 current;	/* the id of a seat to mark as the one in hand, or 0 */
};

enum hp_field { HP_FIELD_OK, HP_FIELD_EMPTY, HP_FIELD_LONG, HP_FIELD_INVALID };

void	 hp_init(struct hallplan *);
void	 hp_free(struct hallplan *);
long	 hp_section(struct hallplan *, const char *name, size_t line);
int	 hp_seat_add(struct hallplan *, size_t section, const char *row, const char *seat,
	     int x, int y, const char *category, int64_t id, size_t line);
enum hp_field hp_text_check(const char *s, size_t maxchars, int category);
void	 hp_row_letters(int n, char *buf, size_t len);
enum hp_err hp_ranges_parse(const char *spec, struct hp_gen_section *);
enum hp_err hp_gen_check(const struct hp_gen *, long *which);
enum hp_err hp_generate(const struct hp_gen *, struct hallplan *);
enum hp_err hp_csv_parse(const char *text, size_t len, struct hallplan *, struct hp_error *);
char	*hp_csv_emit(const struct hallplan *, size_t *len);
size_t	 hp_categories(const struct hallplan *, const char **names, size_t *counts, size_t max);
char	*hp_svg(const struct hallplan *, const struct hp_svg_opts *);

#endif
