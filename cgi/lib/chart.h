/*
 * lib/chart.c: small SVG bar charts drawn on the server (no JavaScript), and
 * the CSV cells of the same figures.  Every text that goes into the SVG is
 * escaped here, so a page may print the result raw.
 */
#ifndef KT_LIB_CHART_H
#define KT_LIB_CHART_H

#include <stddef.h>
#include <stdint.h>

/* ClearSilver's cs_config.h defines autoconf's PACKAGE_* macros again */
#undef PACKAGE_BUGREPORT
#undef PACKAGE_NAME
#undef PACKAGE_STRING
#undef PACKAGE_TARNAME
#undef PACKAGE_VERSION
#include <ClearSilver.h>

struct chart_bar {
	const char	*label;		/* under the bar (any text: escaped) */
	int64_t		 value;		/* its height; negative counts as 0 */
	const char	*shown;		/* the value as printed above the bar, or NULL */
};

/*
 * Appends <svg role="img"> with a <title> and <desc> (ids id-title and
 * id-desc, which aria-labelledby names) and one bar per entry, scaled to
 * the largest.  With many bars only every k-th label is written.
 */
void	 chart_svg(STRING *out, const char *id, const char *title, const char *desc,
	     const struct chart_bar *bars, size_t n);
/* Appends text escaped for XML text and attribute values (& < > " '). */
void	 chart_xml_escape(STRING *out, const char *text);
/*
 * Appends one CSV cell (RFC 4180: quoted when it holds , " CR or LF, with "
 * doubled).  A cell starting with = + - @ tab or CR is made inert with a
 * leading ' so a spreadsheet shows it as text instead of running it.
 */
void	 chart_csv_cell(STRING *out, const char *text);

#endif
