/*
 * core/forms.c: form and JSON field validation shared by pages and the
 * API: each check adds a (field, code) error and the page answers them
 * all at once.
 */
#ifndef KT_CORE_FORMS_H
#define KT_CORE_FORMS_H

#include "core/core.h"

#define FERR_MAX 8
struct ferrs {
	struct { const char *field, *code; } v[FERR_MAX];
	size_t n;
};
const char *req_field(struct req *, const char *name);
void	 ferr_add(struct ferrs *, const char *field, const char *code);
void	 ferr_answer(struct req *, const struct ferrs *, enum tpl);
void	 form_keep(struct req *, const char *const *names);
char	*valid_text(struct req *, struct ferrs *, const char *name, size_t max, int required);
/*
 * A text in three languages (issue 13): `field` is the one in the page's
 * language (the API's: ?lang= or Accept-Language), keys[] (field_en,
 * _ru, _kk) the others.  Each given one is kept in tr[] (enum lang's
 * order) as its translation; the text returned, which a language without
 * one falls back to, is the page language's or the first given.  NULL
 * when none is (an error on `field` when required); caller frees all.
 */
extern const char *const tr_name_keys[LANG__MAX], *const tr_desc_keys[LANG__MAX];
char	*valid_text_tr(struct req *, struct ferrs *, const char *field,
	     const char *const keys[LANG__MAX], size_t max, int lines, int required,
	     char *tr[LANG__MAX]);
char	*valid_email(struct req *, struct ferrs *, const char *name);
char	*valid_long_text(struct req *, struct ferrs *, const char *name, size_t max,
	     int required);
int	 valid_age(struct req *, struct ferrs *, const char *name);
const char *valid_password(struct req *, struct ferrs *, const char *name, const char *email);

#endif
