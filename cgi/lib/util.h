/*
 * lib/util.c: logging, random bytes, encodings, hashes, strings, UTF-8,
 * times and money.  The bottom of every layer: it includes nothing of ours.
 */
#ifndef KT_LIB_UTIL_H
#define KT_LIB_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* ClearSilver's cs_config.h defines autoconf's PACKAGE_* macros again */
#undef PACKAGE_BUGREPORT
#undef PACKAGE_NAME
#undef PACKAGE_STRING
#undef PACKAGE_TARNAME
#undef PACKAGE_VERSION
#include <ClearSilver.h>

void	 klog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	 klog_nerr(const char *what, NEOERR **err);
/* hdf_set_value, hdf_set_int_value, string_append* with the NEOERR logged and freed. */
void	 hdf_put(HDF *, const char *name, const char *value);
void	 hdf_put_int(HDF *, const char *name, int value);
void	 str_put(STRING *, const char *text);
void	 str_putn(STRING *, const char *text, int len);
void	 str_putc(STRING *, char c);
void	 str_putf(STRING *, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void	 str_put_json(STRING *, const char *text);
int	 rand_bytes(void *buf, size_t len);
char	*b64url_encode(const unsigned char *in, size_t len);
int	 b64url_decode(const char *in, size_t inlen, unsigned char **out, size_t *outlen);
void	 hex_encode(const unsigned char *in, size_t len, char *out);
void	 sha256(const void *in, size_t len, unsigned char out[32]);
void	 hmac_sha256(const unsigned char *key, size_t keylen,
	     const void *msg, size_t msglen, unsigned char out[32]);
int	 ct_equal(const void *a, const void *b, size_t len);
char	*random_token(size_t nbytes);
char	*xstrdup(const char *s);
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char	*str_trim(char *s);
void	 str_lower(char *s);
int	 parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);
char	*like_contains(const char *text);
/*
 * CSV (RFC 4180) for spreadsheets: 1 when a cell would run as a formula
 * (it starts with = + - @, a tab or a CR); the cell quoted when it must be,
 * a formula-looking one made inert by a leading ' (caller frees); and the
 * reader's undoing of that ' (in place).
 */
int	 csv_formula(const char *s);
char	*csv_cell(const char *s);
void	 csv_uninert(char *s);
int	 utf8_valid(const char *s, size_t len);
size_t	 utf8_len(const char *s);
int	 email_valid(const char *s);
int	 load_secret(const char *path, unsigned char out[32]);
time_t	 db_time_parse(const char *s);
void	 format_local(time_t t, char *buf, size_t len, const char *fmt);
void	 format_iso_local(time_t t, char *buf, size_t len);
void	 format_money(int64_t minor, char *buf, size_t len);

#endif
