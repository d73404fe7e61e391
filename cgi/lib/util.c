/*
 * Small helpers: logging, randomness, encodings, hashing, validators,
 * time and money formatting.  Nothing here keeps state between calls.
 */
#include "config.h"

#include <sys/random.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "lib/util.h"

void
klog(const char *fmt, ...)
{
	char	 ts[32];
	time_t	 now = time(NULL);
	struct tm tm;
	va_list	 ap;

	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(stderr, "%s [%d] ", ts, (int)getpid());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Logs a ClearSilver error on one line and frees it (nerr_log_error does not). */
void
klog_nerr(const char *what, NEOERR **err)
{
	STRING	 s;

	if (*err == STATUS_OK)
		return;
	string_init(&s);
	nerr_error_string(*err, &s);
	klog("%s: %s", what, s.buf ? s.buf : "?");
	string_clear(&s);
	nerr_ignore(err);
}

/*
 * The writes a page or a mail makes into its HDF or STRING fail only when
 * memory runs out; the few callers that could do something else check the
 * NEOERR themselves, the rest go through these, so no error is dropped
 * silently (each is logged, and freed).
 */
void
hdf_put(HDF *hdf, const char *name, const char *value)
{
	NEOERR	*err = hdf_set_value(hdf, name, value);

	klog_nerr(name, &err);
}

void
hdf_put_int(HDF *hdf, const char *name, int value)
{
	NEOERR	*err = hdf_set_int_value(hdf, name, value);

	klog_nerr(name, &err);
}

void
str_put(STRING *s, const char *text)
{
	NEOERR	*err = string_append(s, text);

	klog_nerr("string_append", &err);
}

/*
 * text (valid UTF-8) as a JSON string, quotes included, escaped byte for
 * byte as jansson's json_dumps(JSON_ENSURE_ASCII) escapes it: a body
 * written with this reads the same as one jansson wrote.
 */
void
str_put_json(STRING *s, const char *text)
{
	const unsigned char	*p = (const unsigned char *)text;
	const unsigned char	*run;
	unsigned int		 cp;
	int			 more;
	char			 seq[16];

	str_putc(s, '"');
	while (*p != '\0') {
		for (run = p; *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\'; p++)
			;
		if (p > run)
			str_putn(s, (const char *)run, (int)(p - run));
		if (*p == '\0')
			break;
		switch (*p) {
		case '"':
			str_put(s, "\\\"");
			p++;
			continue;
		case '\\':
			str_put(s, "\\\\");
			p++;
			continue;
		case '\b':
			str_put(s, "\\b");
			p++;
			continue;
		case '\f':
			str_put(s, "\\f");
			p++;
			continue;
		case '\n':
			str_put(s, "\\n");
			p++;
			continue;
		case '\r':
			str_put(s, "\\r");
			p++;
			continue;
		case '\t':
			str_put(s, "\\t");
			p++;
			continue;
		}
		if (*p < 0x80) {
			cp = *p++;
			more = 0;
		} else if ((*p & 0xe0) == 0xc0) {
			cp = *p++ & 0x1f;
			more = 1;
		} else if ((*p & 0xf0) == 0xe0) {
			cp = *p++ & 0x0f;
			more = 2;
		} else {
			cp = *p++ & 0x07;
			more = 3;
		}
		for (; more > 0 && (*p & 0xc0) == 0x80; more--)
			cp = cp << 6 | (*p++ & 0x3f);
		if (cp < 0x10000)
			snprintf(seq, sizeof(seq), "\\u%04X", cp);
		else {
			cp -= 0x10000;
			snprintf(seq, sizeof(seq), "\\u%04X\\u%04X", 0xd800 | (cp >> 10),
			    0xdc00 | (cp & 0x3ff));
		}
		str_put(s, seq);
	}
	str_putc(s, '"');
}

void
str_putn(STRING *s, const char *text, int len)
{
	NEOERR	*err = string_appendn(s, text, len);

	klog_nerr("string_appendn", &err);
}

void
str_putc(STRING *s, char c)
{
	NEOERR	*err = string_append_char(s, c);

	klog_nerr("string_append_char", &err);
}

void
str_putf(STRING *s, const char *fmt, ...)
{
	va_list	 ap;
	NEOERR	*err;

	va_start(ap, fmt);
	err = string_appendvf(s, fmt, ap);
	va_end(ap);
	klog_nerr("string_appendf", &err);
}

int
rand_bytes(void *buf, size_t len)
{
	unsigned char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		n = getrandom(p, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			klog("getrandom: %s", strerror(errno));
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static const char b64chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

char *
b64url_encode(const unsigned char *in, size_t len)
{
	char	*out, *o;
	size_t	 i;

	out = o = malloc((len + 2) / 3 * 4 + 1);
	if (out == NULL)
		return NULL;
	for (i = 0; i + 2 < len; i += 3) {
		*o++ = b64chars[in[i] >> 2];
		*o++ = b64chars[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
		*o++ = b64chars[((in[i + 1] & 15) << 2) | (in[i + 2] >> 6)];
		*o++ = b64chars[in[i + 2] & 63];
	}
	if (len - i == 1) {
		*o++ = b64chars[in[i] >> 2];
		*o++ = b64chars[(in[i] & 3) << 4];
	} else if (len - i == 2) {
		*o++ = b64chars[in[i] >> 2];
		*o++ = b64chars[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
		*o++ = b64chars[(in[i + 1] & 15) << 2];
	}
	*o = '\0';
	return out;
}

static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

/* Strict unpadded base64url; -1 on any bad character or length. */
int
b64url_decode(const char *in, size_t inlen, unsigned char **out, size_t *outlen)
{
	unsigned char	*buf;
	size_t		 i, o = 0;
	unsigned	 acc = 0;
	int		 bits = 0, v;

	if (inlen % 4 == 1)
		return -1;
	if ((buf = malloc(inlen / 4 * 3 + 3)) == NULL)
		return -1;
	for (i = 0; i < inlen; i++) {
		if ((v = b64val((unsigned char)in[i])) < 0) {
			free(buf);
			return -1;
		}
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[o++] = (unsigned char)(acc >> bits);
			acc &= (1u << bits) - 1;
		}
	}
	/* leftover bits must be zero, else two encodings decode the same */
	if (acc != 0) {
		free(buf);
		return -1;
	}
	*out = buf;
	*outlen = o;
	return 0;
}

void
hex_encode(const unsigned char *in, size_t len, char *out)
{
	static const char hx[] = "0123456789abcdef";
	size_t	 i;

	for (i = 0; i < len; i++) {
		out[2 * i] = hx[in[i] >> 4];
		out[2 * i + 1] = hx[in[i] & 15];
	}
	out[2 * len] = '\0';
}

void
sha256(const void *in, size_t len, unsigned char out[32])
{
	unsigned int n = 32;

	if (EVP_Digest(in, len, out, &n, EVP_sha256(), NULL) != 1) {
		/* cannot happen with a built-in digest; never return garbage */
		klog("EVP_Digest failed");
		abort();
	}
}

void
hmac_sha256(const unsigned char *key, size_t keylen, const void *msg,
    size_t msglen, unsigned char out[32])
{
	unsigned int n = 32;

	if (HMAC(EVP_sha256(), key, (int)keylen, msg, msglen, out, &n) == NULL) {
		klog("HMAC failed");
		abort();
	}
}

int
ct_equal(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) == 0;
}

/* A URL-safe random token of nbytes of entropy; caller frees. */
char *
random_token(size_t nbytes)
{
	unsigned char	 buf[64];

	if (nbytes > sizeof(buf) || rand_bytes(buf, nbytes) != 0)
		return NULL;
	return b64url_encode(buf, nbytes);
}

char *
xstrdup(const char *s)
{
	char	*p;

	if (s == NULL)
		return NULL;
	if ((p = strdup(s)) == NULL) {
		klog("out of memory");
		abort();
	}
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*p;
	int	 n;

	va_start(ap, fmt);
	n = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (n < 0) {
		klog("out of memory");
		abort();
	}
	return p;
}

char *
str_trim(char *s)
{
	char	*e;

	while (*s != '\0' && isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

void
str_lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

/*
 * "%text%" for LIKE with the text's own %, _ and \ escaped, so a search
 * for "100%" finds that and not everything.  Caller frees.
 */
int
csv_formula(const char *s)
{
	return s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
}

/*
 * Whether a cell gets the inert mark: a formula-looking cell, and also one
 * that already starts with marks before one, so that csv_uninert, which
 * takes one mark off such a cell, gives back exactly what was written
 * ("'@x" goes out as "''@x").  Found by tests/fuzz/fuzz_hallplan.c's round trip.
 */
static int
csv_needs_mark(const char *s)
{
	while (s[0] == '\'')
		s++;
	return csv_formula(s);
}

/*
 * OWASP's advice for CSV injection: a leading ' makes the spreadsheet
 * show the text instead of running it, and the quotes keep the cell one
 * cell whatever it holds.
 */
char *
csv_cell(const char *s)
{
	const char	*p;
	char		*out, *o;
	int		 inert = csv_needs_mark(s);
	size_t		 n = 0;

	if (!inert && strpbrk(s, ",;\"\r\n") == NULL)
		return xstrdup(s);
	for (p = s; *p != '\0'; p++)
		n += *p == '"' ? 2 : 1;
	if ((out = malloc(n + 4)) == NULL)
		abort();
	o = out;
	*o++ = '"';
	if (inert)
		*o++ = '\'';
	for (p = s; *p != '\0'; p++) {
		*o++ = *p;
		if (*p == '"')
			*o++ = '"';	/* a quote is written twice */
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

void
csv_uninert(char *s)
{
	if (s[0] == '\'' && csv_needs_mark(s + 1))
		memmove(s, s + 1, strlen(s));
}

char *
like_contains(const char *text)
{
	char	*out, *o;
	size_t	 i;

	if ((out = o = malloc(strlen(text) * 2 + 3)) == NULL)
		abort();
	*o++ = '%';
	for (i = 0; text[i] != '\0'; i++) {
		if (text[i] == '%' || text[i] == '_' || text[i] == '\\')
			*o++ = '\\';
		*o++ = text[i];
	}
	*o++ = '%';
	*o = '\0';
	return out;
}

/* Whole decimal numbers only: no sign games, spaces or trailing junk. */
int
parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0' || isspace((unsigned char)*s) || *s == '+')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Well-formed UTF-8 without overlongs, surrogates or NUL. */
int
utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t	 i = 0, n, k;
	uint32_t cp;

	while (i < len) {
		if (s[i] == 0)
			return 0;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xE0) == 0xC0) {
			n = 1;
			cp = s[i] & 0x1F;
		} else if ((s[i] & 0xF0) == 0xE0) {
			n = 2;
			cp = s[i] & 0x0F;
		} else if ((s[i] & 0xF8) == 0xF0) {
			n = 3;
			cp = s[i] & 0x07;
		} else
			return 0;
		if (i + n >= len)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += n + 1;
	}
	return 1;
}

/* Number of code points (the unit people count characters in). */
size_t
utf8_len(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/*
 * A pragmatic address check: one @, a non-empty local part of safe
 * characters, a dotted domain of letters, digits and hyphens.  Mail
 * headers are built from it, so no spaces, quotes or control characters.
 */
int
email_valid(const char *s)
{
	const char	*at, *p, *lastdot = NULL;
	size_t		 len = strlen(s);

	if (len < 3 || len > 254 || (at = strchr(s, '@')) == NULL ||
	    strchr(at + 1, '@') != NULL || at == s || at - s > 64)
		return 0;
	for (p = s; p < at; p++)
		if (!isalnum((unsigned char)*p) &&
		    strchr(".!#$%&'*+/=?^_`{|}~-", *p) == NULL)
			return 0;
	if (s[0] == '.' || at[-1] == '.' || strstr(s, "..") != NULL)
		return 0;
	for (p = at + 1; *p != '\0'; p++) {
		if (*p == '.') {
			if (p == at + 1 || p[-1] == '.' || p[-1] == '-')
				return 0;
			lastdot = p;
		} else if (!isalnum((unsigned char)*p) && *p != '-')
			return 0;
	}
	return lastdot != NULL && p - lastdot > 2 && p[-1] != '-';
}

/*
 * Reads the 32-byte server secret, creating it on first start (O_EXCL so
 * two processes starting together agree on one).
 */
int
load_secret(const char *path, unsigned char out[32])
{
	unsigned char	 buf[32];
	int		 fd;
	ssize_t		 n;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd >= 0) {
		if (rand_bytes(buf, sizeof(buf)) != 0 ||
		    write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
			klog("%s: cannot write secret: %s", path, strerror(errno));
			close(fd);
			unlink(path);
			return -1;
		}
		close(fd);
	} else if (errno != EEXIST) {
		klog("%s: %s", path, strerror(errno));
		return -1;
	}
	if ((fd = open(path, O_RDONLY)) < 0) {
		klog("%s: %s", path, strerror(errno));
		return -1;
	}
	n = read(fd, out, 32);
	close(fd);
	if (n != 32) {
		klog("%s: secret file is not 32 bytes; delete it to make a new one", path);
		return -1;
	}
	return 0;
}

/* "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC (the connection's time zone). */
time_t
db_time_parse(const char *s)
{
	struct tm tm;

	if (s == NULL)
		return (time_t)-1;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return (time_t)-1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

/* The process runs in the site's time zone (TZ set at start). */
void
format_local(time_t t, char *buf, size_t len, const char *fmt)
{
	struct tm tm;

	localtime_r(&t, &tm);
	if (strftime(buf, len, fmt, &tm) == 0)
		buf[0] = '\0';
}

/* ISO 8601 with the site's offset, e.g. 2026-12-01T19:00:00+05:00. */
void
format_iso_local(time_t t, char *buf, size_t len)
{
	struct tm tm;
	long	 off;

	localtime_r(&t, &tm);
	off = tm.tm_gmtoff / 60;
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, off < 0 ? '-' : '+', labs(off) / 60, labs(off) % 60);
}

/*
 * Money in minor units to "12 500" or "12 500.50", grouping thousands
 * with a narrow no-break space as Kazakh and Russian typography expects.
 */
void
format_money(int64_t minor, char *buf, size_t len)
{
	char	 digits[32], out[64];
	int64_t	 major = minor / 100, frac = minor % 100;
	size_t	 n, i, o = 0;

	if (minor < 0) {
		major = -major;
		frac = -frac;
		out[o++] = '-';
	}
	n = (size_t)snprintf(digits, sizeof(digits), "%lld", (long long)major);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0) {
			/* U+202F NARROW NO-BREAK SPACE */
			out[o++] = '\xe2';
			out[o++] = '\x80';
			out[o++] = '\xaf';
		}
		out[o++] = digits[i];
	}
	out[o] = '\0';
	if (frac != 0)
		snprintf(buf, len, "%s.%02lld", out, (long long)frac);
	else
		snprintf(buf, len, "%s", out);
}
