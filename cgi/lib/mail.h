/*
 * lib/mail.c: RFC 5322 messages (text, HTML, attachments) and sending
 * them over SMTP with libcurl.  Queueing and composing from templates
 * is the notify layer's (notify/outbox.h).
 */
#ifndef KT_LIB_MAIL_H
#define KT_LIB_MAIL_H

#include <stddef.h>

/* ClearSilver's cs_config.h defines autoconf's PACKAGE_* macros again */
#undef PACKAGE_BUGREPORT
#undef PACKAGE_NAME
#undef PACKAGE_STRING
#undef PACKAGE_TARNAME
#undef PACKAGE_VERSION
#include <ClearSilver.h>

struct mail_part {
	const char *filename;	/* attachment name or NULL for inline body */
	const char *ctype;
	const unsigned char *data;
	size_t len;
	const char *cid;	/* set: shown in the HTML as cid:<cid>, not attached */
};

/*
 * Builds a multipart/alternative (text + HTML) RFC 5322 message, adding
 * attachments with multipart/mixed around it.  Parts with a cid go with
 * the HTML in a multipart/related (RFC 2387), each with its Content-ID,
 * so the HTML shows them inline.  Caller frees.
 */
char	*mail_build(const char *from, const char *to, const char *subject,
	     const char *text, const char *html,
	     const struct mail_part *att, size_t natt, const char *msgid_domain);
/* Sends one message over SMTP with libcurl; 0 on success, else logs. */
int	 mail_send(HDF *conf, const char *to, const char *message, char *errbuf, size_t errlen);

#endif
