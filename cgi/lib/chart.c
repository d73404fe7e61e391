/*
 * SVG bar charts and CSV cells for the sales dashboard.  The chart is a
 * fixed viewBox that the page scales to its width; colours are
 * presentation attributes (the CSP allows no inline style) with text in
 * the page's ink colour, so the chart stays readable in high contrast.
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include "lib/chart.h"
#include "lib/util.h"

#define CW	640	/* viewBox width */
#define CH	260	/* viewBox height */
#define PAD_L	12
#define PAD_R	12
#define PAD_T	22	/* room for the values above the bars */
#define PAD_B	44	/* room for the labels below */
#define MAX_LABELS 12

void
chart_xml_escape(STRING *out, const char *text)
{
	const char *p;

	if (text == NULL)
		return;
	for (p = text; *p != '\0'; p++) {
		switch (*p) {
		case '&':
			str_put(out, "&amp;");
			break;
		case '<':
			str_put(out, "&lt;");
			break;
		case '>':
			str_put(out, "&gt;");
			break;
		case '"':
			str_put(out, "&quot;");
			break;
		case '\'':
			str_put(out, "&#39;");
			break;
		default:
			/* control characters have no place in XML 1.0 */
			if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n')
				str_putc(out, ' ');
			else
				str_putc(out, *p);
		}
	}
}

void
chart_svg(STRING *out, const char *id, const char *title, const char *desc,
    const struct chart_bar *bars, size_t n)
{
	int64_t	 max = 0, v;
	size_t	 i, every;
	double	 slot, bw, h, x, plot = CH - PAD_T - PAD_B;

	for (i = 0; i < n; i++)
		if (bars[i].value > max)
			max = bars[i].value;
	str_putf(out, "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	    "role=\"img\" aria-labelledby=\"", CW, CH);
	chart_xml_escape(out, id);
	str_put(out, "-title ");
	chart_xml_escape(out, id);
	str_put(out, "-desc\" preserveAspectRatio=\"xMidYMid meet\"><title id=\"");
	chart_xml_escape(out, id);
	str_put(out, "-title\">");
	chart_xml_escape(out, title);
	str_put(out, "</title><desc id=\"");
	chart_xml_escape(out, id);
	str_put(out, "-desc\">");
	chart_xml_escape(out, desc);
	str_put(out, "</desc>");
	str_putf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#59636e\" "
	    "stroke-width=\"1\"/>", PAD_L, CH - PAD_B, CW - PAD_R, CH - PAD_B);
	if (n == 0) {
		str_put(out, "</svg>");
		return;
	}
	slot = (double)(CW - PAD_L - PAD_R) / (double)n;
	bw = slot * 0.7;
	every = n <= MAX_LABELS ? 1 : (n + MAX_LABELS - 1) / MAX_LABELS;
	for (i = 0; i < n; i++) {
		v = bars[i].value > 0 ? bars[i].value : 0;
		h = max > 0 ? plot * (double)v / (double)max : 0;
		x = PAD_L + slot * (double)i + (slot - bw) / 2;
		str_putf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		    "fill=\"#1f5fa8\"/>", x, CH - PAD_B - h, bw, h);
		if (bars[i].shown != NULL && n <= 24 && v > 0) {
			str_putf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
			    "font-size=\"11\" fill=\"#1b1f24\">", x + bw / 2, CH - PAD_B - h - 4);
			chart_xml_escape(out, bars[i].shown);
			str_put(out, "</text>");
		}
		if (i % every == 0) {
			str_putf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\" "
			    "fill=\"#1b1f24\">", x + bw / 2, CH - PAD_B + 16);
			chart_xml_escape(out, bars[i].label);
			str_put(out, "</text>");
		}
	}
	str_put(out, "</svg>");
}

void
chart_csv_cell(STRING *out, const char *text)
{
	const char	*p;
	int		 quote;

	if (text == NULL)
		text = "";
	quote = strpbrk(text, ",\"\r\n") != NULL;
	if (quote)
		str_putc(out, '"');
	if (strchr("=+-@\t\r", text[0]) != NULL && text[0] != '\0')
		str_putc(out, '\'');
	for (p = text; *p != '\0'; p++) {
		if (*p == '"')
			str_putc(out, '"');
		str_putc(out, *p);
	}
	if (quote)
		str_putc(out, '"');
}
