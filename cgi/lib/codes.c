/*
 * Ticket codes: 120 random bits as 24 Crockford base-32 characters, shown
 * to people in groups of four and read back forgivingly.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/codes.h"
#include "lib/util.h"

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* 120 random bits as 24 Crockford base-32 characters (no I, L, O, U). */
char *
ticket_code_new(void)
{
	unsigned char	 b[15];
	char		*out;
	size_t		 i, bit;

	if (rand_bytes(b, sizeof(b)) != 0 || (out = malloc(25)) == NULL)
		return NULL;
	for (i = 0; i < 24; i++) {
		unsigned v = 0;

		for (bit = 0; bit < 5; bit++) {
			size_t k = i * 5 + bit;

			v = (v << 1) | ((b[k / 8] >> (7 - k % 8)) & 1u);
		}
		out[i] = crockford[v];
	}
	out[24] = '\0';
	return out;
}

/* "ABCD-EFGH-..." for people; caller's buffer of at least 30 bytes. */
void
ticket_code_group(const char *code, char *out, size_t len)
{
	size_t i, o = 0;

	for (i = 0; code[i] != '\0' && o + 2 < len; i++) {
		if (i > 0 && i % 4 == 0)
			out[o++] = '-';
		out[o++] = code[i];
	}
	out[o] = '\0';
}

/*
 * A typed code back to the stored form: dashes and spaces dropped, upper
 * case, the look-alikes Crockford allows (O→0, I/L→1).  -1 if not a code.
 */
int
ticket_code_norm(const char *in, char out[25])
{
	size_t	 o = 0;

	if (in == NULL)
		return -1;
	for (; *in != '\0'; in++) {
		int c = toupper((unsigned char)*in);

		if (c == '-' || c == ' ')
			continue;
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		if (strchr(crockford, c) == NULL || c == '\0' || o == 24)
			return -1;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return o == 24 ? 0 : -1;
}
