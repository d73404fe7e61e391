// Issue 12 in Chromium at 390 and 1280 px: a second organiser reads the
// city's theatre (another organiser's venue) with its bookings, the event
// form shows only the fields that apply (seated: prices per category;
// general admission: capacity and one price), the orders and attendees of
// an event are searched and a ticket is cancelled for the buyer, the guest
// list prints, the event's page shows the audit log, the events list has
// upcoming/past tabs, and the hall-plan generator keeps every field after
// "Generate" — every page without horizontal scroll
// (document.documentElement.scrollWidth <= the window's width).
//
// Run by run.sh through lib.mjs; TAP on stdout.  Screenshots go to
// $KAMETAY_VAR/artifacts/screenshots/day-<step>-<width>.png.

import {
  EN, URL_BASE, axeCheck, demoAccount, flashText, journeys, ok, q, shooter, signIn, sql, unique,
} from "./lib.mjs";

const TAG = unique("daybr");
const shot = shooter("day-");

// The page is no wider than the window: nothing scrolls sideways.
async function noSideScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

async function api(p, body, token) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  const r = await fetch(URL_BASE + p, { method: "POST", headers, body: JSON.stringify(body) });
  let json = null;
  try {
    json = await r.json();
  } catch {
    json = null;
  }
  return { status: r.status, json };
}

async function journey(browser, width) {
  const ctx = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 }, locale: "en-GB" });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("dialog", (d) => d.accept());
  const w = `${width} px`;
  const demo = demoAccount("organiser");
  const email = `${TAG}-${width}@kametay.test`;
  sql(`INSERT INTO users (email, password_hash, first_name, last_name, age, role, lang, verified) `
    + `SELECT ${q(email)}, password_hash, 'Saule', 'Test', 30, 'organiser', 'en', 1 FROM users `
    + `WHERE email = ${q(demo.email)}`);
  const uid = sql(`SELECT id FROM users WHERE email = ${q(email)}`)[0][0];
  const theatre = sql("SELECT id FROM venues WHERE seated = 1 ORDER BY id LIMIT 1")[0][0];

  try {
    const { L } = await signIn(page, email, demo.password);

    // 1. the city's venues: another organiser's theatre, read-only, with its bookings
    await page.goto(URL_BASE + "/organiser/venues");
    await shot(page, "venues", width);
    ok(await page.locator(`a[href="/organiser/venues/${theatre}"]`).count() === 1,
      `${w}: the venue list shows the city's theatre (another organiser's)`);
    ok(await noSideScroll(page), `${w}: the venue list has no horizontal scroll`);
    await page.goto(URL_BASE + `/organiser/venues/${theatre}`);
    await shot(page, "venue-readonly", width);
    ok(await page.locator("#bookings").count() === 1 && await page.locator(".venue-details form").count() === 0,
      `${w}: its page shows the bookings and no editor`);
    ok(await page.locator("svg.hallplan-svg").count() === 1, `${w}: ... and its hall plan`);
    ok(await noSideScroll(page), `${w}: the hall-plan page fits ${width} px (the plan scrolls in its box)`,
      await page.evaluate(() => document.documentElement.scrollWidth));

    // 7. the event form shows only the fields that apply
    await page.goto(URL_BASE + "/organiser/events/new");
    ok(await page.locator(`#venue_id option[value="${theatre}"]`).count() === 1,
      `${w}: the event form offers the theatre`);
    ok(await page.locator("#capacity").isVisible() && !(await page.locator(".price-cats").isVisible()),
      `${w}: general admission: capacity and one price, no category prices`);
    await page.locator("#seated").check();
    ok(!(await page.locator("#capacity").isVisible()) && await page.locator(".price-cats").isVisible()
      && !(await page.locator("#price").isVisible()),
    `${w}: seated: prices per category, no capacity or single price`);
    await shot(page, "event-form-seated", width);
    ok(await noSideScroll(page), `${w}: the event form has no horizontal scroll`);

    // 2. orders and attendees of an event with two buyers
    const name = `${TAG} Jazz ${width}`;
    sql(`INSERT INTO events (organiser_id, venue_id, location, name, description, starts_at, duration_minutes, `
      + `seated, capacity, currency, max_per_person, status) VALUES (${uid}, NULL, 'Abay Square', ${q(name)}, '', `
      + `UTC_TIMESTAMP() + INTERVAL 20 DAY, 90, 0, 50, 'KZT', 4, 'published')`);
    const eid = sql(`SELECT id FROM events WHERE name = ${q(name)}`)[0][0];
    sql(`INSERT INTO event_prices VALUES (${eid}, 'GA', 150000)`);
    const att = demoAccount("attendee");
    const login = await api("/api/login/", { email: att.email, password: att.password });
    const bought = login.status === 200
      ? await api(`/api/events/${eid}/purchase/`, { quantity: 2 }, login.json.access) : login;
    ok(bought.status === 201, `${w}: the demo attendee buys two tickets`, bought);
    const orderId = bought.json && bought.json.order_id;
    sql(`UPDATE orders SET buyer_name = ${q("=1+1 " + TAG)} WHERE id = ${Number(orderId) || 0}`);

    await page.goto(URL_BASE + `/organiser/events/${eid}/orders`);
    await page.getByLabel(L["Lang.Day.search"], { exact: true }).fill(TAG);
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get("q") === TAG),
      page.getByRole("button", { name: L["Lang.Day.search_button"] }).click(),
    ]);
    await shot(page, "orders", width);
    ok(await page.locator(".att-table tbody tr").count() === 2, `${w}: the search finds the buyer's two tickets`);
    ok(await noSideScroll(page), `${w}: the orders list has no horizontal scroll`);
    await page.locator(".att-table tbody tr").first().getByRole("link").click();
    await page.waitForURL((u) => /\/orders\/\d+$/.test(u.pathname));
    await Promise.all([
      page.waitForURL((u) => /\/orders\/\d+$/.test(u.pathname)),
      page.locator(".order-tickets li").first().getByRole("button").click(),
    ]);
    await shot(page, "order-cancelled", width);
    ok((await flashText(page)) === L["Lang.Flash.day_ticket_cancelled"], `${w}: one ticket cancelled, with the flash`,
      await flashText(page));
    ok(await page.locator(".order-tickets .badge-cancelled").count() === 1, `${w}: the order shows it cancelled`);
    ok(await noSideScroll(page), `${w}: the order page has no horizontal scroll`);

    // 3. the printable guest list
    await page.goto(URL_BASE + `/organiser/events/${eid}/guests`);
    ok(await page.locator(".guest-table tbody tr").count() === 1, `${w}: the guest list has the one valid ticket`);
    await page.emulateMedia({ media: "print" });
    ok(!(await page.locator(".site-footer, .no-print").first().isVisible()), `${w}: print hides the site around the list`);
    await shot(page, "guests-print", width);
    await page.emulateMedia({ media: "screen" });
    ok(await noSideScroll(page), `${w}: the guest list has no horizontal scroll`);

    // 6. the audit log on the event's page
    await page.goto(URL_BASE + `/organiser/events/${eid}`);
    const audit = await page.locator("#audit").innerText();
    ok(audit.includes(L["Lang.Day.Act.ticket_cancel"]) && audit.includes(email), `${w}: the event's history says who cancelled`,
      audit);
    await shot(page, "event-audit", width);
    ok(await noSideScroll(page), `${w}: the event page has no horizontal scroll`);

    // 7. the events list: upcoming and past tabs
    await page.goto(URL_BASE + "/organiser/events");
    await axeCheck(page, `the events list at ${width} px`);
    ok(await page.locator('.tabs a[aria-current="page"]').innerText() === L["Lang.Day.tab_upcoming"],
      `${w}: the events list opens on the upcoming tab`);
    ok(await page.locator(`a[href="/organiser/events/${eid}"]`).count() >= 1, `${w}: ... with the event`);
    await page.getByRole("link", { name: L["Lang.Day.tab_past"] }).click();
    await page.waitForURL((u) => u.searchParams.get("tab") === "past");
    ok(await page.locator(`a[href="/organiser/events/${eid}"]`).count() === 0, `${w}: the past tab does not list it`);
    ok(await noSideScroll(page), `${w}: the events list has no horizontal scroll`);

    // 7. the generator keeps every field after "Generate"
    await page.goto(URL_BASE + "/organiser/venues");
    await page.getByLabel(L["Lang.Venue.name"], { exact: true }).fill(`${TAG} Studio ${width}`);
    await page.getByLabel(L["Lang.Venue.address"], { exact: true }).fill("Abay Ave 1");
    await page.getByLabel(L["Lang.Venue.seated"], { exact: true }).check();
    await Promise.all([
      page.waitForURL((u) => /^\/organiser\/venues\/\d+$/.test(u.pathname)),
      page.getByRole("button", { name: L["Lang.Venue.create"] }).click(),
    ]);
    await page.locator("#s0_name").fill("Stalls");
    await page.locator("#s0_rows").fill("4");
    await page.locator("#s0_seats").fill("8");
    await page.locator("#s0_category").fill("A");
    await page.locator("#s0_ranges").fill("3-4: B");
    await page.locator("#curve").fill("30");
    await page.locator("#aisle").fill("4");
    await page.locator("#labels-letters").check();
    await Promise.all([
      page.waitForURL((u) => u.hash === "#plan"),
      page.getByRole("button", { name: L["Lang.Venue.gen_button"] }).click(),
    ]);
    await page.waitForLoadState("load");
    await shot(page, "generated", width);
    ok(await page.locator("#s0_ranges").inputValue() === "3-4: B" && await page.locator("#curve").inputValue() === "30"
      && await page.locator("#aisle").inputValue() === "4" && await page.locator("#labels-letters").isChecked(),
    `${w}: after "Generate" every field keeps what was typed`);
    ok(await noSideScroll(page), `${w}: the generated plan's page has no horizontal scroll`);
    ok(errors.length === 0, `${w}: no script errors on any page`, errors.join("\n"));
  } finally {
    await ctx.close();
  }
}

void EN;
journeys([journey]);
