/*
 * lib/qr.c: QR codes with libqrencode, as SVG (pages) or PNG (mails).
 */
#ifndef KT_LIB_QR_H
#define KT_LIB_QR_H

#include <stddef.h>

char	*qr_svg(const char *text);
unsigned char *qr_png(const char *text, size_t *len);

#endif
