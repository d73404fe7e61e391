/*
 * lib/password.c: yescrypt through libxcrypt.
 */
#ifndef KT_LIB_PASSWORD_H
#define KT_LIB_PASSWORD_H



char	*password_hash(const char *pw);
int	 password_verify(const char *pw, const char *hash);

#endif
