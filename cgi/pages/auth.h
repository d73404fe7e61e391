/*
 * pages/auth.c: what the account pages share with the JSON API
 * (pages/auth_api.c) — the same registration and sign-in answers.
 */
#ifndef KT_PAGES_AUTH_H
#define KT_PAGES_AUTH_H

#include <stdint.h>

#include "core/core.h"
#include "db/db.h"

/*
 * Validates and registers.  0 when done (the caller shows success; frees
 * *email), -1 when it already answered.
 */
int	 register_answer(struct req *, int64_t *id, const char **role, char **email);
/*
 * Checks the email/password pair.  The user row (caller frees), or NULL
 * after answering: 401 bad pair, 429 throttled, 403 blocked, 503.
 */
struct dbres *login_answer(struct req *);

#endif
