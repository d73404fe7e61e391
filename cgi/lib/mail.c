/*
 * Mail messages: build a multipart text + HTML RFC 5322 message with its
 * attachments, and (in the job runner) send one over SMTP with libcurl.
 * Composing from templates and queueing is notify/outbox.c's.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "lib/app.h"
#include "lib/conf.h"
#include "lib/mail.h"
#include "lib/util.h"

/* Standard base64 in 76-character lines, as MIME wants it. */
static void
b64_lines(STRING *out, const unsigned char *data, size_t len)
{
	unsigned char	 line[80];
	size_t		 off, n;

	for (off = 0; off < len; off += 57) {
		n = len - off < 57 ? len - off : 57;
		EVP_EncodeBlock(line, data + off, (int)n);
		str_put(out, (char *)line);
		str_put(out, "\r\n");
	}
}

/* RFC 2047 encoded-word for a UTF-8 header value (only when needed). */
static void
header_word(STRING *out, const char *s)
{
	const char	*p;
	unsigned char	 enc[512];
	size_t		 len = strlen(s), off, n;

	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80 || *p == '\r' || *p == '\n')
			break;
	if (*p == '\0') {
		str_put(out, s);
		return;
	}
	/* 45 bytes -> 60 chars per word keeps lines short; don't split a character */
	for (off = 0; off < len; off += n) {
		n = len - off < 45 ? len - off : 45;
		while (off + n < len && ((unsigned char)s[off + n] & 0xC0) == 0x80)
			n--;
		EVP_EncodeBlock(enc, (const unsigned char *)s + off, (int)n);
		if (off > 0)
			str_put(out, "\r\n ");
		str_putf(out, "=?UTF-8?B?%s?=", (char *)enc);
	}
}

static void
part_header(STRING *out, const char *boundary, const char *ctype, const char *filename)
{
	str_putf(out, "--%s\r\nContent-Type: %s\r\nContent-Transfer-Encoding: base64\r\n",
	    boundary, ctype);
	if (filename != NULL)
		str_putf(out, "Content-Disposition: attachment; filename=\"%s\"\r\n",
		    filename);
	str_put(out, "\r\n");
}

/* A part the HTML shows by its Content-ID (cid: URL, RFC 2392). */
static void
inline_header(STRING *out, const char *boundary, const struct mail_part *p)
{
	str_putf(out, "--%s\r\nContent-Type: %s\r\nContent-Transfer-Encoding: base64\r\n"
	    "Content-ID: <%s>\r\n", boundary, p->ctype, p->cid);
	if (p->filename != NULL)
		str_putf(out, "Content-Disposition: inline; filename=\"%s\"\r\n", p->filename);
	else
		str_put(out, "Content-Disposition: inline\r\n");
	str_put(out, "\r\n");
}

char *
mail_build(const char *from, const char *to, const char *subject, const char *text,
    const char *html, const struct mail_part *att, size_t natt, const char *domain)
{
	STRING	 m;
	char	 date[64], *alt, *mixed, *id;
	time_t	 now = time(NULL);
	struct tm tm;
	size_t	 i, nin = 0;

	for (i = 0; i < natt; i++)
		if (att[i].cid != NULL)
			nin++;

	alt = random_token(18);
	mixed = random_token(18);
	id = random_token(18);
	if (alt == NULL || mixed == NULL || id == NULL) {
		free(alt);
		free(mixed);
		free(id);
		return NULL;
	}
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	string_init(&m);
	str_put(&m, "From: ");
	str_put(&m, from);
	str_putf(&m, "\r\nTo: %s\r\nSubject: ", to);
	header_word(&m, subject);
	str_putf(&m, "\r\nDate: %s\r\nMessage-ID: <%s@%s>\r\nMIME-Version: 1.0\r\n",
	    date, id, domain);
	if (natt > nin)
		str_putf(&m, "Content-Type: multipart/mixed; boundary=\"m%s\"\r\n\r\n"
		    "--m%s\r\n", mixed, mixed);
	str_putf(&m, "Content-Type: multipart/alternative; boundary=\"a%s\"\r\n\r\n", alt);
	{
		char *b = xasprintf("a%s", alt);

		part_header(&m, b, "text/plain; charset=utf-8", NULL);
		b64_lines(&m, (const unsigned char *)text, strlen(text));
		if (nin > 0) {
			/* the HTML and what it shows inline: one multipart/related */
			char *rb = xasprintf("r%s", mixed);

			str_putf(&m, "--%s\r\nContent-Type: multipart/related; type=\"text/html\"; "
			    "boundary=\"%s\"\r\n\r\n", b, rb);
			part_header(&m, rb, "text/html; charset=utf-8", NULL);
			b64_lines(&m, (const unsigned char *)html, strlen(html));
			for (i = 0; i < natt; i++)
				if (att[i].cid != NULL) {
					inline_header(&m, rb, &att[i]);
					b64_lines(&m, att[i].data, att[i].len);
				}
			str_putf(&m, "--%s--\r\n", rb);
			free(rb);
		} else {
			part_header(&m, b, "text/html; charset=utf-8", NULL);
			b64_lines(&m, (const unsigned char *)html, strlen(html));
		}
		str_putf(&m, "--%s--\r\n", b);
		free(b);
	}
	if (natt > nin) {
		char *b = xasprintf("m%s", mixed);

		for (i = 0; i < natt; i++) {
			if (att[i].cid != NULL)
				continue;
			str_put(&m, "\r\n");
			part_header(&m, b, att[i].ctype, att[i].filename);
			b64_lines(&m, att[i].data, att[i].len);
		}
		str_putf(&m, "--%s--\r\n", b);
		free(b);
	}
	free(alt);
	free(mixed);
	free(id);
	return m.buf;
}

struct upload {
	const char	*data;
	size_t		 left;
};

static size_t
read_cb(char *buf, size_t size, size_t nmemb, void *ctx)
{
	struct upload	*u = ctx;
	size_t		 n = size * nmemb;

	if (n > u->left)
		n = u->left;
	memcpy(buf, u->data, n);
	u->data += n;
	u->left -= n;
	return n;
}

/* The address inside "Name <addr>", or the whole string. */
static char *
envelope_addr(const char *from)
{
	const char *lt = strrchr(from, '<'), *gt = strrchr(from, '>');

	if (lt != NULL && gt != NULL && gt > lt)
		return xasprintf("<%.*s>", (int)(gt - lt - 1), lt + 1);
	return xasprintf("<%s>", from);
}

int
mail_send(HDF *conf, const char *to, const char *message, char *err, size_t errlen)
{
	CURL			*c;
	CURLcode		 rc;
	struct curl_slist	*rcpt = NULL;
	struct upload		 u = { message, strlen(message) };
	char			*from, *rto;
	char			 ebuf[CURL_ERROR_SIZE] = "";
	const char		*user = conf_str(conf, "SMTP.User", NULL);

	if ((c = curl_easy_init()) == NULL) {
		snprintf(err, errlen, "curl_easy_init failed");
		return -1;
	}
	from = envelope_addr(conf_str(conf, "SMTP.From", "noreply@kametay.test"));
	rto = xasprintf("<%s>", to);
	rcpt = curl_slist_append(rcpt, rto);
	curl_easy_setopt(c, CURLOPT_URL, conf_str(conf, "SMTP.URL", "smtp://127.0.0.1:25"));
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (user != NULL) {
		curl_easy_setopt(c, CURLOPT_USERNAME, user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, conf_str(conf, "SMTP.Password", ""));
	}
	if (conf_int(conf, "SMTP.StartTLS", 0))
		curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		snprintf(err, errlen, "SMTP: %s", ebuf[0] ? ebuf : curl_easy_strerror(rc));
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	free(from);
	free(rto);
	return rc == CURLE_OK ? 0 : -1;
}
