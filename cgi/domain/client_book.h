/*
 * domain/client_book.c: an organiser's clients — who may see one, and
 * the writes.
 */
#ifndef KT_DOMAIN_CLIENT_BOOK_H
#define KT_DOMAIN_CLIENT_BOOK_H

#include <stdint.h>

#include "db/db.h"
#include "domain/result.h"
#include "lib/app.h"

/* The client form as parsed; NULL fields are empty. */
struct client_details {
	char	*name, *email, *phone, *address, *notes, *feedback;
};

/* The client's row if the user's (an admin sees all); DOM_NOT_FOUND if not. */
enum dom_rc client_get(struct db *, const struct user *, int64_t id, struct dbres **c);
enum dom_rc client_create(struct db *, int64_t owner, const struct client_details *,
	     int64_t *id);
enum dom_rc client_update(struct db *, int64_t id, const struct client_details *);

#endif
