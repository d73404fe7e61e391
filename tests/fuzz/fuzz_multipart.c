/*
 * libFuzzer target for core/multipart.c (tests/fuzz.sh runs it after the
 * request and hall plan targets).  The input's first line is the
 * Content-Type's boundary, the rest the body.  Besides "no crash, no
 * leak", it holds the parser to its promises and abort()s when one breaks:
 *
 *   - every part's name is non-empty UTF-8 and its data lies inside the body;
 *   - nothing survives a call: the same body parses the same after a body
 *     with a boundary of another length (ClearSilver's static did not);
 *   - an accepted body written out again with the same boundary parses to
 *     the same parts.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/multipart.h"
#include "lib/util.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PROMISE(c) do { if (!(c)) abort(); } while (0)

struct seen {
	const char	*body;
	size_t		 len;
	STRING		 out;		/* the parts, written out again */
	const char	*boundary;
	int		 n;
};

static int
record(void *arg, const struct mp_part *p)
{
	struct seen *s = arg;

	PROMISE(p->name != NULL && p->name[0] != '\0' && utf8_valid(p->name, strlen(p->name)));
	PROMISE(p->data >= s->body && p->data + p->len <= s->body + s->len);
	s->n++;
	str_putf(&s->out, "--%s\r\nContent-Disposition: form-data; name=\"%s\"", s->boundary,
	    p->name);
	if (p->filename != NULL)
		str_putf(&s->out, "; filename=\"%s\"", p->filename);
	str_putf(&s->out, "\r\n");
	if (p->type != NULL)
		str_putf(&s->out, "Content-Type: %s\r\n", p->type);
	str_putf(&s->out, "\r\n");
	str_putn(&s->out, p->data, p->len);
	str_putf(&s->out, "\r\n");
	return 0;
}

static int
ignore(void *arg, const struct mp_part *p)
{
	(void)arg;
	(void)p;
	return 0;
}

static int
parse(const char *body, size_t len, const char *boundary, struct seen *s)
{
	int rc;

	memset(s, 0, sizeof(*s));
	string_init(&s->out);
	s->body = body;
	s->len = len;
	s->boundary = boundary;
	rc = mp_parse(body, len, boundary, record, s);
	if (rc == 0)
		str_putf(&s->out, "--%s--\r\n", boundary);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*nl = memchr(data, '\n', size);
	char		*boundary, *body, *other;
	size_t		 blen, len;
	struct seen	 a, b, c;

	int		 ra, rb, rc;

	if (nl == NULL || (blen = (size_t)(nl - (const char *)data)) == 0 || blen > 70)
		return 0;
	boundary = strndup((const char *)data, blen);
	len = size - blen - 1;
	/* a copy of its own, so ASan sees a read past the end */
	body = malloc(len ? len : 1);
	memcpy(body, nl + 1, len);
	if (strlen(boundary) == blen) {
		ra = parse(body, len, boundary, &a);
		/* another body with a boundary of another length in between */
		other = xasprintf("--%sx\r\nContent-Disposition: form-data; name=\"q\"\r\n\r\nv\r\n--%sx--",
		    boundary, boundary);
		(void)mp_parse(other, strlen(other), "zz", ignore, NULL);
		(void)mp_parse(other, strlen(other), boundary, ignore, NULL);
		free(other);
		rb = parse(body, len, boundary, &b);
		PROMISE(ra == rb && a.n == b.n);
		PROMISE(a.out.len == b.out.len && (a.out.len == 0 ||
		    memcmp(a.out.buf, b.out.buf, a.out.len) == 0));
		if (ra == 0) {
			rc = parse(a.out.buf, a.out.len, boundary, &c);
			PROMISE(rc == 0 && c.n == a.n && c.out.len == a.out.len &&
			    memcmp(c.out.buf, a.out.buf, a.out.len) == 0);
			string_clear(&c.out);
		}
		string_clear(&a.out);
		string_clear(&b.out);
	}
	free(body);
	free(boundary);
	return 0;
}
