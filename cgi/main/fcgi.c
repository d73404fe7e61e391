/*
 * kametay-fcgi: the worker pool (core/pool.c) serving the pages' route
 * table (pages/routes.c).  The only file that names both, so the request
 * core never knows a page.
 */
#include "config.h"

#include "core/core.h"
#include "pages/pages.h"

int
main(int argc, char *argv[])
{
	return pool_main(argc, argv, page_routes, page_nroutes);
}
