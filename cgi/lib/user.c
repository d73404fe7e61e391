/*
 * The roles and the user record every layer passes around (lib/app.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "lib/app.h"

const char *const role_names[ROLE__MAX] = { "attendee", "organiser", "admin" };

int
role_parse(const char *s)
{
	int	 i;

	if (s == NULL)
		return -1;
	for (i = 0; i < ROLE__MAX; i++)
		if (strcmp(s, role_names[i]) == 0)
			return i;
	return -1;
}

void
user_clear(struct user *u)
{
	free(u->email);
	free(u->first_name);
	free(u->lang);
	memset(u, 0, sizeof(*u));
}
