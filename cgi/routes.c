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

	{ M_GET,  "/register",		h_register_form, 0,		"register" },
	{ M_POST, "/register",		h_register,	0,		"register" },
	{ M_GET,  "/login",		h_login_form,	0,		"login" },
	{ M_POST, "/login",		h_login,	0,		"login" },
	{ M_POST, "/logout",		h_logout,	0,		"logout" },
	{ M_GET,  "/verify",		h_verify,	0,		"verify" },
	{ M_GET,  "/password/forgot",	h_forgot_form,	0,		"forgot" },
	{ M_POST, "/password/forgot",	h_forgot,	0,		"forgot" },
	{ M_GET,  "/password/reset",	h_reset_form,	0,		"reset" },
	{ M_POST, "/password/reset",	h_reset,	0,		"reset" },
	{ M_GET,  "/account",		h_account_form,	R_USER,		"account" },
	{ M_POST, "/account",		h_account,	R_USER,		"account" },
	{ M_POST, "/account/password",	h_account_password, R_USER,	"account" },
	{ M_POST, "/account/delete",	h_account_delete, R_USER,	"account" },
	{ M_POST, "/account/resend-verification", h_resend_verification, R_USER, "account" },
	{ M_GET,  "/admin/users",	h_admin_users,	R_ADMIN,	"admin_users" },
	{ M_POST, "/admin/users/{id}/role", h_admin_role, R_ADMIN,	"admin_users" },
	{ M_POST, "/admin/users/{id}/block", h_admin_block, R_ADMIN,	"admin_users" },
	{ M_POST, "/admin/users/{id}/unblock", h_admin_unblock, R_ADMIN, "admin_users" },

	{ M_GET,  "/organiser/events",	h_org_events,	R_ORGANISER,	"organiser" },
	{ M_GET,  "/organiser/events/new", h_org_event_new, R_VERIFIED | R_ORGANISER, "organiser" },
	{ M_POST, "/organiser/events",	h_org_event_create, R_VERIFIED | R_ORGANISER | R_UPLOAD, "organiser" },
	{ M_GET,  "/organiser/events/{id}", h_org_event, R_USER,	"organiser" },
	{ M_POST, "/organiser/events/{id}", h_org_event_update, R_USER | R_UPLOAD, "organiser" },
	{ M_POST, "/organiser/events/{id}/publish", h_org_event_publish, R_VERIFIED | R_USER, "organiser" },
	{ M_GET,  "/organiser/events/{id}/cancel", h_org_event_cancel_form, R_USER, "organiser" },
	{ M_POST, "/organiser/events/{id}/cancel", h_org_event_cancel, R_USER, "organiser" },
	{ M_POST, "/organiser/events/{id}/staff", h_org_staff_add, R_USER, "organiser" },
	{ M_POST, "/organiser/events/{id}/staff/{id}/remove", h_org_staff_remove, R_USER, "organiser" },
	{ M_GET,  "/organiser/events/{id}/report", h_org_report, R_USER, "organiser" },
	{ M_POST, "/organiser/events/{id}/report", h_org_report_save, R_USER, "organiser" },
	{ M_GET,  "/organiser/clients",	h_clients,	R_ORGANISER,	"organiser" },
	{ M_POST, "/organiser/clients",	h_client_create, R_ORGANISER,	"organiser" },
	{ M_GET,  "/organiser/clients/{id}", h_client,	R_ORGANISER,	"organiser" },
	{ M_POST, "/organiser/clients/{id}", h_client_update, R_ORGANISER, "organiser" },
	{ M_GET,  "/admin/events",	h_admin_events,	R_ADMIN,	"admin_events" },
	{ M_GET,  "/organiser/venues",	h_venues,	R_ORGANISER,	"organiser" },
	{ M_POST, "/organiser/venues",	h_venue_create,	R_ORGANISER,	"organiser" },
	{ M_GET,  "/organiser/venues/{id}", h_venue,	R_ORGANISER,	"organiser" },
	{ M_POST, "/organiser/venues/{id}", h_venue_update, R_ORGANISER, "organiser" },
	{ M_POST, "/organiser/venues/{id}/plan/generate", h_venue_generate, R_ORGANISER, "organiser" },
	{ M_POST, "/organiser/venues/{id}/plan/import", h_venue_import, R_ORGANISER | R_UPLOAD, "organiser" },
	{ M_GET,  "/organiser/venues/{id}/plan.csv", h_venue_plan_csv, R_ORGANISER, "organiser" },
	{ M_GET,  "/organiser/venues/{id}/seats", h_venue_seat_find, R_ORGANISER, "organiser" },
	{ M_GET,  "/organiser/venues/{id}/seats/{id}", h_venue_seat, R_ORGANISER, "organiser" },
	{ M_POST, "/organiser/venues/{id}/seats/{id}", h_venue_seat_update, R_ORGANISER, "organiser" },
	{ M_POST, "/organiser/venues/{id}/seats/{id}/delete", h_venue_seat_delete, R_ORGANISER, "organiser" },

#define API_POST (R_API | R_NOCSRF | R_BODY_JSON)
	{ M_POST, "/api/events/",	h_api_event_create, API_POST | R_VERIFIED | R_ORGANISER, "api" },
	{ M_POST, "/api/events/{id}/cancel/", h_api_event_cancel, API_POST | R_USER, "api" },
	{ M_POST, "/api/register/",	h_api_register,	API_POST,	"api" },
	{ M_POST, "/api/login/",	h_api_login,	API_POST,	"api" },
	{ M_POST, "/api/token/refresh/", h_api_refresh,	API_POST,	"api" },
	{ M_GET,  "/api/me/",		h_api_me,	R_API | R_USER,	"api" },
	{ M_GET,  "/api/venues/",	h_api_venues,	R_API | R_ORGANISER, "api" },
};

const size_t nroutes = sizeof(routes) / sizeof(routes[0]);
