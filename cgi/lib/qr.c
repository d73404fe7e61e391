/*
 * QR codes with libqrencode: inline SVG for the ticket page (crisp at any
 * size, printable) and PNG through libpng for mail, where SVG is not shown.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <png.h>
#include <qrencode.h>

#include "lib/qr.h"
#include "lib/util.h"

#define QUIET	4	/* modules of white border the standard asks for */

static QRcode *
encode(const char *text)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);

	if (q == NULL)
		klog("QRcode_encodeString failed for a %zu-byte text", strlen(text));
	return q;
}

/*
 * An SVG of the code: one path of unit squares on a white background.
 * The caller frees it; it holds only markup we made (no text from data),
 * which is why templates may print it unescaped.
 */
char *
qr_svg(const char *text)
{
	QRcode	*q;
	STRING	 s;
	int	 x, y, w;

	if ((q = encode(text)) == NULL)
		return NULL;
	w = q->width + 2 * QUIET;
	string_init(&s);
	str_putf(&s, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	    "shape-rendering=\"crispEdges\" class=\"qr\" aria-hidden=\"true\" focusable=\"false\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"", w, w, w, w);
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				str_putf(&s, "M%d %dh1v1h-1z", x + QUIET, y + QUIET);
	str_put(&s, "\"/></svg>");
	QRcode_free(q);
	return s.buf;
}

struct membuf {
	unsigned char	*p;
	size_t		 len, cap;
	int		 oom;
};

static void
png_write_mem(png_structp png, png_bytep data, png_size_t n)
{
	struct membuf *m = png_get_io_ptr(png);

	if (m->oom)
		return;
	if (m->len + n > m->cap) {
		size_t		 cap = (m->len + n) * 2;
		unsigned char	*p = realloc(m->p, cap);

		if (p == NULL) {
			m->oom = 1;
			return;
		}
		m->p = p;
		m->cap = cap;
	}
	memcpy(m->p + m->len, data, n);
	m->len += n;
}

static void
png_flush_mem(png_structp png)
{
	(void)png;
}

/* A black-on-white 1-bit PNG, `scale` pixels a module; caller frees. */
unsigned char *
qr_png(const char *text, size_t *len)
{
	QRcode		*q;
	png_structp	 png;
	png_infop	 info;
	struct membuf	 m = { NULL, 0, 0, 0 };
	unsigned char	*volatile row = NULL;	/* survives libpng's longjmp */
	int		 scale = 8, w, px, x, y;
	volatile int	 ok = 0;

	if ((q = encode(text)) == NULL)
		return NULL;
	w = q->width + 2 * QUIET;
	px = w * scale;
	if ((png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL)) == NULL) {
		QRcode_free(q);
		return NULL;
	}
	if ((info = png_create_info_struct(png)) == NULL ||
	    (row = malloc((size_t)(px + 7) / 8)) == NULL) {
		png_destroy_write_struct(&png, info ? &info : NULL);
		QRcode_free(q);
		free(row);
		return NULL;
	}
	if (setjmp(png_jmpbuf(png)) == 0) {
		png_set_write_fn(png, &m, png_write_mem, png_flush_mem);
		png_set_IHDR(png, info, (png_uint_32)px, (png_uint_32)px, 1, PNG_COLOR_TYPE_GRAY,
		    PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
		png_write_info(png, info);
		for (y = 0; y < px; y++) {
			int my = y / scale - QUIET;

			memset(row, 0xff, (size_t)(px + 7) / 8);
			for (x = 0; x < px; x++) {
				int mx = x / scale - QUIET;

				/* in 1-bit grey, 0 is black */
				if (mx >= 0 && my >= 0 && mx < q->width && my < q->width &&
				    (q->data[my * q->width + mx] & 1))
					row[x / 8] &= (unsigned char)~(0x80 >> (x % 8));
			}
			png_write_row(png, row);
		}
		png_write_end(png, info);
		ok = !m.oom;
	}
	png_destroy_write_struct(&png, &info);
	QRcode_free(q);
	free(row);
	if (!ok) {
		free(m.p);
		return NULL;
	}
	*len = m.len;
	return m.p;
}
