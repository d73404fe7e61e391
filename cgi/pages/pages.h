/*
 * The page handlers (only pages/routes.c needs their prototypes) and the
 * helpers page files share.
 */
#ifndef KT_PAGES_H
#define KT_PAGES_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "core/core.h"
#include "core/forms.h"
#include "db/db.h"
#include "lib/app.h"

/* ---- handlers ---------------------------------------------------------- */

void	 h_healthz(struct req *);
void	 h_home(struct req *);
void	 h_event(struct req *);
void	 h_lang(struct req *);
void	 h_api_events(struct req *);
void	 h_api_event(struct req *);
void	 h_register_form(struct req *);
void	 h_register(struct req *);
void	 h_api_register(struct req *);
void	 h_verify(struct req *);
void	 h_resend_verification(struct req *);
void	 h_login_form(struct req *);
void	 h_login(struct req *);
void	 h_logout(struct req *);
void	 h_forgot_form(struct req *);
void	 h_forgot(struct req *);
void	 h_reset_form(struct req *);
void	 h_reset(struct req *);
void	 h_api_login(struct req *);
void	 h_api_refresh(struct req *);
void	 h_api_me(struct req *);
void	 h_account_form(struct req *);
void	 h_account(struct req *);
void	 h_account_password(struct req *);
void	 h_account_delete(struct req *);
void	 h_admin_users(struct req *);
void	 h_admin_role(struct req *);
void	 h_admin_block(struct req *);
void	 h_admin_unblock(struct req *);

void	 h_org_events(struct req *);
void	 h_org_event_new(struct req *);
void	 h_org_event_create(struct req *);
void	 h_org_event(struct req *);
void	 h_org_event_update(struct req *);
void	 h_org_event_publish(struct req *);
void	 h_org_event_cancel_form(struct req *);
void	 h_org_event_cancel(struct req *);
void	 h_org_staff_add(struct req *);
void	 h_org_staff_remove(struct req *);
void	 h_org_staff_remove_email(struct req *);
void	 h_org_report(struct req *);
void	 h_org_report_save(struct req *);
/* attendees.c */
void	 h_org_orders(struct req *);
void	 h_org_order(struct req *);
void	 h_org_order_cancel(struct req *);
void	 h_org_order_resend(struct req *);
void	 h_org_attendees_csv(struct req *);
void	 h_org_orders_csv(struct req *);
void	 h_org_guest_list(struct req *);
void	 h_api_event_create(struct req *);
void	 h_api_event_cancel(struct req *);
void	 h_clients(struct req *);
void	 h_client_create(struct req *);
void	 h_client(struct req *);
void	 h_client_update(struct req *);
void	 h_admin_events(struct req *);


/* venues.c */
void	 h_venues(struct req *);
void	 h_venue_create(struct req *);
void	 h_venue(struct req *);
void	 h_venue_update(struct req *);
void	 h_venue_sections(struct req *);
void	 h_venue_generate(struct req *);
void	 h_venue_import(struct req *);
void	 h_venue_plan_csv(struct req *);
void	 h_venue_seat_find(struct req *);
void	 h_venue_seat(struct req *);
void	 h_venue_seat_update(struct req *);
void	 h_venue_seat_delete(struct req *);
void	 h_api_venues(struct req *);
/*
 * One venue the signed-in user may manage (its owner, or an admin), with
 * FOR UPDATE when `lock` (inside a transaction).  NULL after answering
 * 404 (also for another organiser's venue) or 503; caller frees.
 */
struct dbres *venue_load(struct req *, int64_t id, int lock);

void	 h_seats_page(struct req *);
void	 h_hold(struct req *);
void	 h_cart(struct req *);
void	 h_cart_release(struct req *);
void	 h_cart_checkout(struct req *);
void	 h_order_done(struct req *);
void	 h_order_pay(struct req *);
/* payments.c */
void	 h_stripe_webhook(struct req *);
/* api_tickets.c */
void	 h_api_order(struct req *);
void	 h_my_tickets(struct req *);
void	 h_ticket_page(struct req *);
void	 h_ticket_cancel(struct req *);
void	 h_change_seat_page(struct req *);
void	 h_change_seat(struct req *);
void	 h_find_tickets_form(struct req *);
void	 h_find_tickets(struct req *);
void	 h_guest_link(struct req *);
void	 h_guest_tickets(struct req *);
/* checkin.c */
void	 h_checkin_page(struct req *);
void	 h_checkin(struct req *);
/* sales.c */
void	 h_sales_event(struct req *);
void	 h_sales_event_csv(struct req *);
void	 h_sales_all(struct req *);
void	 h_sales_all_csv(struct req *);
/* api_tickets.c */
void	 h_api_purchase(struct req *);
void	 h_api_seats(struct req *);
void	 h_api_ticket_cancel(struct req *);
void	 h_api_ticket_change_seat(struct req *);
void	 h_api_my_tickets(struct req *);

/* waitlist_pages.c */
void	 h_waitlist_join(struct req *);
void	 h_waitlist_claim(struct req *);

void	 h_event_ics(struct req *);
void	 h_ticket_ics(struct req *);
void	 h_calendar_feed(struct req *);
void	 h_account_calendar(struct req *);
void	 h_gcal_connect(struct req *);
void	 h_gcal_callback(struct req *);
void	 h_gcal_disconnect(struct req *);
void	 h_reminders_off(struct req *);
void	 h_reminders_on(struct req *);
void	 h_account_reminders(struct req *);

/* ---- helpers shared by page files ---- */

/* events.c, shared with the API */
json_t	*event_json(struct app *, const struct dbres *, size_t row);

/* cal_links.c */
void	 cal_event_links(struct req *, const struct dbres *ev);
void	 cal_ticket_links(struct req *, const struct dbres *t);
void	 cal_account_fill(struct req *);

/* shop.c */
const char *cart_token(struct req *);
char	*guest_email(struct req *);
/* buy_box.c */
void	 shop_event_fill(struct req *, int64_t event_id);
/* A ticket the visitor may see (*who: 2 holder, 1 staff); NULL after answering 404/503. */
struct dbres *page_ticket(struct req *, int *who);


/* pages/routes.c: the route table main hands to the request core */
extern const struct route page_routes[];
extern const size_t page_nroutes;

#endif
