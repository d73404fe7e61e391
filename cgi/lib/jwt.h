/*
 * lib/jwt.c: HS256 JSON Web Tokens (RFC 7515/7519).
 */
#ifndef KT_LIB_JWT_H
#define KT_LIB_JWT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

char	*jwt_sign(const unsigned char *key, size_t keylen, json_t *claims);
json_t	*jwt_verify(const unsigned char *key, size_t keylen, const char *tok,
	     time_t now, const char **why);

#endif
