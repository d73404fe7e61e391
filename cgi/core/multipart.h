/*
 * core/multipart.c: multipart/form-data (RFC 7578) over a body held in
 * memory.  No state outlives a call: ClearSilver's own parser kept the
 * previous boundary's length in a static, so in a persistent worker a
 * body whose boundary differed in length from the last one's failed.
 */
#ifndef KT_CORE_MULTIPART_H
#define KT_CORE_MULTIPART_H

#include <stddef.h>

#define MP_MAX_PARTS	256	/* parts in one body */
#define MP_MAX_HEADERS	8	/* header lines in one part */
#define MP_MAX_LINE	1024	/* bytes in one header line */
#define MP_MAX_NAME	256	/* bytes in a field name or a file name */

struct mp_part {
	const char	*name;		/* the field's name, NUL-terminated, never empty */
	const char	*filename;	/* NULL for a plain field; may be "" (no file chosen) */
	const char	*type;		/* the part's Content-Type, or NULL */
	const char	*data;		/* the content, len bytes (not NUL-terminated) */
	size_t		 len;
};

/* Called once per part, in order; a non-zero return stops the parse and is returned. */
typedef int (*mp_part_fn)(void *arg, const struct mp_part *);

/*
 * The boundary of a Content-Type "multipart/form-data; boundary=B" (1 to
 * 70 of RFC 2046's bchars without the space, optionally quoted), or NULL;
 * caller frees.
 */
char	*mp_boundary(const char *ctype);

/*
 * Parses body (len bytes) with that boundary, strictly: the body starts
 * with the first delimiter (no preamble), every line ends in CRLF, each
 * part has a Content-Disposition "form-data" with a name, at most the
 * limits above, a close delimiter at the end followed by nothing or one
 * CRLF.  Returns 0, -1 for a malformed body (the request is a 400), or
 * what fn returned.
 */
int	 mp_parse(const char *body, size_t len, const char *boundary, mp_part_fn fn,
	    void *arg);

#endif
