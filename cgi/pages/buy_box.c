/*
 * The event page's buy box (prices, places left, whether and how to buy),
 * shown on the event page (events.c) and above the seat map (shop.c).  A
 * file of its own so neither of those two pages needs the other's.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/core.h"
#include "db/db.h"
#include "lib/util.h"
#include "pages/pages.h"

void
shop_event_fill(struct req *r, int64_t event_id)
{
	struct dbres	*ev = NULL, *pr = NULL;
	const char	*st;
	char		 key[48], buf[64];
	size_t		 i;

	if (db_query(r->app->db, STMT_TK_EVENT, &ev, "i", event_id) != DB_OK || ev->nrows == 0) {
		dbres_free(ev);
		return;
	}
	st = dbres_get(ev, 0, "status");
	if (strcmp(st, "cancelled") == 0)
		hdf_put(r->hdf, "Event.SaleError", "event_cancelled");
	else if (strcmp(st, "published") != 0 || !dbres_int(ev, 0, "future"))
		hdf_put(r->hdf, "Event.SaleError", "event_closed");
	else if (!dbres_int(ev, 0, "sales_started") || !dbres_int(ev, 0, "sales_open"))
		hdf_put(r->hdf, "Event.SaleError", "sales_closed");
	else
		hdf_put(r->hdf, "Event.OnSale", "1");
	hdf_put(r->hdf, "Event.MaxPerPerson", dbres_get(ev, 0, "max_per_person"));
	if (db_query(r->app->db, STMT_EVENT_PRICES, &pr, "i", event_id) == DB_OK) {
		for (i = 0; i < pr->nrows; i++) {
			snprintf(key, sizeof(key), "Event.Prices.%zu.Category", i);
			hdf_put(r->hdf, key, dbres_get(pr, i, "category"));
			if (dbres_get(pr, i, "category_name") != NULL) {
				snprintf(key, sizeof(key), "Event.Prices.%zu.Name", i);
				hdf_put(r->hdf, key, dbres_get(pr, i, "category_name"));
			}
			format_money(dbres_int(pr, i, "price"), buf, sizeof(buf));
			snprintf(key, sizeof(key), "Event.Prices.%zu.Price", i);
			hdf_put(r->hdf, key, buf);
		}
		dbres_free(pr);
	}
	dbres_free(ev);
}
