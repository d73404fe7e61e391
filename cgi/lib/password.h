/*
 * lib/password.c: yescrypt through libxcrypt.
 */
#ifndef KT_LIB_PASSWORD_H
#define KT_LIB_PASSWORD_H



char	*password_hash(const char *pw);
int	 password_verify(const char *pw, const char *hash);
/*
 * One of n slots for hashing, shared by every process of a host through
 * flock(2) on dir/hash-slot.K (a dead process frees its slot): the slot's
 * fd, or -1 when all n are taken (or n < 1 means no limit: -2).  Give it
 * back with password_slot_give.
 */
int	 password_slot_take(const char *dir, int n);
void	 password_slot_give(int fd);

#endif
