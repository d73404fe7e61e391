/*
 * The one route table: method + path pattern -> handler, with the access
 * rules the request core enforces before the handler runs.
 */
#include "config.h"

#include "kametay.h"

const struct route routes[] = {
	{ M_GET,  "/healthz",		h_healthz,	R_NOCSRF,	"healthz" },
	{ M_GET,  "/",			h_home,		0,		"home" },
	{ M_GET,  "/events/{id}",	h_event,	0,		"event" },
	{ M_GET,  "/lang",		h_lang,		0,		"lang" },
	{ M_GET,  "/api/events/",	h_api_events,	R_API,		"api" },
	{ M_GET,  "/api/events/{id}/",	h_api_event,	R_API,		"api" },
};

const size_t nroutes = sizeof(routes) / sizeof(routes[0]);
