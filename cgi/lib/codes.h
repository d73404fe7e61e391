/*
 * lib/codes.c: ticket codes.
 */
#ifndef KT_LIB_CODES_H
#define KT_LIB_CODES_H

#include <stddef.h>

/* 120 random bits as 24 Crockford base-32 characters (no I, L, O, U); caller frees. */
char	*ticket_code_new(void);
/* "ABCD-EFGH-..." for people; caller's buffer of at least 30 bytes. */
void	 ticket_code_group(const char *code, char *out, size_t len);
/* A typed code back to the stored form; -1 if not a code. */
int	 ticket_code_norm(const char *in, char out[25]);

#endif
