/*
 * notify/outbox.c: composing a mail from templates and queueing it.
 */
#ifndef KT_NOTIFY_OUTBOX_H
#define KT_NOTIFY_OUTBOX_H

#include "db/db.h"
#include "lib/app.h"
#include "lib/mail.h"
#include "lib/render.h"

/* Queues a mail job with the given rendered message. */
enum db_rc mail_queue(struct db *, const char *to, const char *message);
/*
 * Composes templates/mail/<base>.{txt,html}.cs in `lang` (with these
 * attachments) and queues it, in the caller's transaction.
 */
enum db_rc mail_compose_queue(struct app *, enum lang, HDF *hdf, const char *base,
	     const char *subject_key, const char *to);
/* The same message only composed, for the caller to keep (NULL after logging why). */
char	*mail_compose(struct app *, enum lang, HDF *hdf, const char *base,
	     const char *subject_key, const char *to, const struct mail_part *att, size_t natt);
enum db_rc mail_compose_queue_att(struct app *, enum lang, HDF *hdf, const char *base,
	     const char *subject_key, const char *to, const struct mail_part *att, size_t natt);

#endif
