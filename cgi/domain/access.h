/*
 * domain/access.c: who may do what with an event.
 */
#ifndef KT_DOMAIN_ACCESS_H
#define KT_DOMAIN_ACCESS_H

#include <stdint.h>

#include "db/db.h"
#include "lib/app.h"

enum eaccess { EA_NONE, EA_DOOR, EA_MANAGE };

/*
 * What user `u` may do with event `id`: EA_MANAGE (owner, co-organiser,
 * admin), EA_DOOR (door staff) or EA_NONE (also for no such event).
 */
enum db_rc event_access(struct db *, const struct user *u, int64_t id, enum eaccess *out);

#endif
