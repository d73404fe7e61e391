/*
 * core/app.c: building and freeing the per-process context (lib/app.h) —
 * configuration, language trees, templates, database, secret: for the
 * worker pool (core/pool.c) and the job runner (jobs/runner.c).
 */
#ifndef KT_CORE_APP_H
#define KT_CORE_APP_H

#include "lib/app.h"

int	 app_init(struct app *, HDF *conf);
void	 app_free(struct app *);
/* 0 if the templates this configuration names all parse (errors logged). */
int	 app_check_templates(HDF *conf);

#endif
