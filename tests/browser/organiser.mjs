// Issue 4 in Chromium, at a phone width (390 px) and a desktop width
// (1280 px): the demo organiser adds a venue and generates its hall plan on
// the venue pages, creates and publishes a seated event with a price for
// each of the plan's categories, finds it on the home page, then cancels
// another event (which the demo attendee has a ticket for) through the
// confirmation page and the attendee's mail arrives in the Maildir.
//
// Run by run.sh through lib.mjs; TAP on stdout.  Screenshots go to
// $KAMETAY_VAR/artifacts/screenshots/org-<step>-<width>.png.

import {
  LANGS, URL_BASE, axeCheck, demoAccount, fitsWidth, flashText, journeys, mailText, mailsTo, ok, shooter,
  signIn as signInAs, unique, unlabelled, waitFor,
} from "./lib.mjs";

const TAG = unique("orgbr");
const shot = shooter("org-");

// ---------------------------------------------------------------- accounts

// Signs in on the page; the site then speaks the account's language (the
// seed gives the demo organiser Russian and the attendee Kazakh): {lang, L}.
async function signIn(page, account) {
  return signInAs(page, account.email, account.password);
}

// ---------------------------------------------------------------- mail

// RFC 2047 encoded words; the space between two adjacent ones is not text.
function decodeWord(s) {
  return s.replace(/(\?=)\s+(?==\?)/g, "$1")
    .replace(/=\?utf-8\?b\?([^?]+)\?=/gi, (_, b) => Buffer.from(b, "base64").toString("utf8"));
}

// Messages to an address whose text mentions `needle`: [{subject, text}]
function mailsAbout(to, needle) {
  const out = [];
  for (const raw of mailsTo(to)) {
    const text = mailText(raw);
    if (!text.includes(needle)) continue;
    const subj = raw.match(/^Subject: (.*(?:\r?\n[ \t].*)*)/mi);
    out.push({ subject: subj ? decodeWord(subj[1].replace(/\r?\n[ \t]/g, " ")).trim() : "", text });
  }
  return out;
}

// ---------------------------------------------------------------- the API, for the attendee's ticket

async function apiPost(p, body, token) {
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

// ---------------------------------------------------------------- pages

// YYYY-MM-DD some days from now, in the site's zone (Asia/Almaty).
function dateIn(days) {
  const d = new Date(Date.now() + days * 86400000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Almaty", year: "numeric", month: "2-digit", day: "2-digit" })
    .format(d);
}

// ---------------------------------------------------------------- the journey

async function journey(browser, width) {
  const ctx = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 }, locale: "en-GB" });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  const w = `${width} px`;
  const org = demoAccount("organiser");
  const venueName = `${TAG} Hall ${width}`;
  const eventName = `${TAG} Premiere ${width}`;
  const doomed = `${TAG} Rained off ${width}`;
  const days = width === 390 ? 70 : 71;

  try {
    // sign in: the pages are then in the organiser's language
    const { lang, L } = await signIn(page, org);
    ok(lang in LANGS, `${w}: signed in, the site speaks the organiser's language (${lang})`);

    // a venue with a generated plan, on the venue pages
    await page.goto(URL_BASE + "/organiser/venues");
    await axeCheck(page, `the venues at ${width} px`);
    await page.getByLabel(L["Lang.Venue.name"], { exact: true }).fill(venueName);
    await page.getByLabel(L["Lang.Venue.address"], { exact: true }).fill("Abay Ave 48, Almaty");
    await page.getByLabel(L["Lang.Venue.seated"], { exact: true }).check();
    await page.locator("#price").fill("50000");
    await Promise.all([
      page.waitForURL((u) => /^\/organiser\/venues\/\d+$/.test(u.pathname)),
      page.getByRole("button", { name: L["Lang.Venue.create"] }).click(),
    ]);
    const venueId = new URL(page.url()).pathname.split("/").pop();
    ok(/^\d+$/.test(venueId), `${w}: the venue is created and its page opens`, page.url());
    for (const [i, [name, rows, seats, cat]] of [["Stalls", 6, 12, "VIP"], ["Balcony", 3, 10, "STD"]].entries()) {
      await page.locator(`#s${i}_name`).fill(name);
      await page.locator(`#s${i}_rows`).fill(String(rows));
      await page.locator(`#s${i}_seats`).fill(String(seats));
      await page.locator(`#s${i}_category`).fill(cat);
    }
    await page.locator("#curve").fill("40");
    await page.locator("#aisle").fill("6");
    await Promise.all([
      page.waitForURL((u) => u.hash === "#plan" || /^\/organiser\/venues\/\d+$/.test(u.pathname)),
      page.getByRole("button", { name: L["Lang.Venue.gen_button"] }).click(),
    ]);
    await page.waitForLoadState("load");
    const seats = await page.locator("svg.hallplan-svg .hp-seat").count();
    await shot(page, "venue-plan", width);
    ok(seats === 6 * 12 + 3 * 10, `${w}: the generated plan shows 102 seats as SVG`, seats);
    ok(await fitsWidth(page), `${w}: the venue page fits the width (a wide plan scrolls in its own box)`);

    // a seated event with a price per category, saved and published at once
    await page.goto(URL_BASE + "/organiser/events/new");
    await page.locator("#name").fill(eventName);
    await page.locator("#description").fill("Opening night of the season.");
    await page.locator("#date").fill(dateIn(days));
    await page.locator("#time").fill("19:00");
    await page.locator("#duration").fill("150");
    await page.locator("#venue_id").selectOption(venueId);
    await page.getByLabel(L["Lang.OrgEv.seated"], { exact: true }).check();
    await page.getByLabel(`${L["Lang.OrgEv.price_category"]} VIP`, { exact: true }).fill("15000");
    await page.getByLabel(`${L["Lang.OrgEv.price_category"]} STD`, { exact: true }).fill("6000");
    await shot(page, "event-form", width);
    // issue 13: the name and description in the other two languages, behind one disclosure
    const others = Object.keys(LANGS).filter((l) => l !== lang);
    await page.locator("details.translations summary").click();
    for (const l of others) {
      await page.locator(`#name_${l}`).fill(`${eventName} ${l}`);
      await page.locator(`#description_${l}`).fill(`Opening night (${l}).`);
    }
    await shot(page, "event-form-langs", width);
    ok(await page.locator("details.translations[open] input[lang]").count() === 2,
      `${w}: the form has a name field for each of the other two languages (${others.join(", ")})`);
    ok(await fitsWidth(page), `${w}: the form with the translations open fits the width`);
    const bad = await unlabelled(page, { within: "main", buttons: false });
    ok(bad.length === 0, `${w}: every control of the event form has a label`, bad.join("\n"));
    ok(await fitsWidth(page), `${w}: the event form fits the width`);
    await Promise.all([
      page.waitForURL((u) => /^\/organiser\/events\/\d+$/.test(u.pathname)),
      page.getByRole("button", { name: L["Lang.OrgEv.save_publish"], exact: true }).click(),
    ]);
    const eventId = new URL(page.url()).pathname.split("/").pop();
    await shot(page, "event-published", width);
    // a visitor reads it in each language from its ?lang= link (a context of its own:
    // the link's cookie would switch the organiser's pages too)
    const visitor = await browser.newContext({ viewport: { width, height: 844 }, locale: "en-GB" });
    const vp = await visitor.newPage();
    for (const l of Object.keys(LANGS)) {
      await vp.goto(URL_BASE + `/events/${eventId}?lang=${l}`);
      const want = l === lang ? eventName : `${eventName} ${l}`;
      ok((await vp.locator("h1").first().innerText()).trim() === want,
        `${w}: the public page in ${l} has the ${l} name`, await vp.locator("h1").first().innerText());
    }
    await shot(vp, "event-public-kk", width);
    await visitor.close();
    ok((await flashText(page)) === L["Lang.Flash.event_published"], `${w}: saved and published, with the flash`,
      await flashText(page));
    ok((await page.locator(".org-status .badge").first().innerText()).trim() === L["Lang.Status.published"],
      `${w}: the status says published`);

    // an edit through the page (no new image chosen): saved
    await page.locator("#description").fill("Opening night of the season. Doors at 18:30.");
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/organiser/events/${eventId}`),
      page.getByRole("button", { name: L["Lang.OrgEv.save"], exact: true }).click(),
    ]);
    await shot(page, "event-edited", width);
    ok((await flashText(page)) === L["Lang.Flash.event_saved"], `${w}: an edit without a new image is saved`,
      await flashText(page));
    ok((await page.locator("#description").inputValue()).endsWith("Doors at 18:30."), `${w}: the form shows the edit`);

    // on the home page, through the search form
    await page.goto(URL_BASE + "/");
    await page.locator("#q").fill(eventName);
    await Promise.all([
      page.waitForURL((u) => u.searchParams.get("q") === eventName),
      page.getByRole("button", { name: L["Lang.Home.search"], exact: true }).click(),
    ]);
    await shot(page, "home", width);
    const card = page.locator(".card", { hasText: eventName });
    ok(await card.count() === 1, `${w}: the published event is on the home page`);
    ok((await card.locator(".card-price").innerText()).includes("6"),
      `${w}: its card shows the price from the cheaper category`, await card.locator(".card-price").innerText());
    ok(await fitsWidth(page), `${w}: the home page fits the width`);
    await card.getByRole("link", { name: eventName }).click();
    await page.waitForURL((u) => u.pathname === `/events/${eventId}`);
    await shot(page, "event-public", width);
    const prices = await page.locator(".price-list").innerText();
    ok(prices.includes("VIP") && prices.includes("STD"), `${w}: the public page lists both categories' prices`, prices);
    ok(await fitsWidth(page), `${w}: the public event page fits the width`);

    // another event, which the demo attendee buys a ticket for, cancelled with the confirmation page
    await page.goto(URL_BASE + "/organiser/events/new");
    await page.locator("#name").fill(doomed);
    await page.locator("#date").fill(dateIn(days + 2));
    await page.locator("#time").fill("12:00");
    await page.locator("#duration").fill("90");
    await page.locator("#location").fill("Central Park, Almaty");
    await page.locator("#capacity").fill("200");
    await page.locator("#price").fill("1500");
    await Promise.all([
      page.waitForURL((u) => /^\/organiser\/events\/\d+$/.test(u.pathname)),
      page.getByRole("button", { name: L["Lang.OrgEv.save_publish"], exact: true }).click(),
    ]);
    const doomedId = new URL(page.url()).pathname.split("/").pop();
    const att = demoAccount("attendee");
    const attCtx = await browser.newContext({ locale: "en-GB" });
    const attLang = await signIn(await attCtx.newPage(), att);
    await attCtx.close();
    const login = await apiPost("/api/login/", { email: att.email, password: att.password });
    const bought = login.status === 200
      ? await apiPost(`/api/events/${doomedId}/purchase/`, { quantity: 2 }, login.json.access) : login;
    ok(bought.status === 201, `${w}: the demo attendee buys two tickets for it`, bought);

    await page.getByRole("link", { name: L["Lang.OrgEv.cancel_link"] }).click();
    await page.waitForURL((u) => u.pathname === `/organiser/events/${doomedId}/cancel`);
    await shot(page, "cancel-confirm", width);
    ok((await page.locator(".consequences li").count()) >= 3, `${w}: the cancel page says what will happen`);
    ok(await fitsWidth(page), `${w}: the cancel page fits the width`);
    await page.getByLabel(L["Lang.OrgEv.cancel_confirm"], { exact: true }).check();
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/organiser/events/${doomedId}`),
      page.getByRole("button", { name: L["Lang.OrgEv.cancel_button"], exact: true }).click(),
    ]);
    await shot(page, "cancelled", width);
    ok((await flashText(page)) === L["Lang.Flash.event_cancelled"], `${w}: cancelled, with the flash`,
      await flashText(page));
    ok((await page.locator(".org-status .badge").first().innerText()).trim() === L["Lang.Status.cancelled"],
      `${w}: the status says cancelled`);
    ok(await page.locator("form.org-form fieldset[disabled]").count() === 1, `${w}: its form is shown disabled`);
    await page.goto(URL_BASE + `/events/${doomedId}`);
    await shot(page, "cancelled-public", width);
    ok((await page.locator(".event-head .badge-cancelled").innerText()).trim() === L["Lang.Availability.cancelled"],
      `${w}: the public page marks it cancelled`);
    const mails = await waitFor(() => {
      const m = mailsAbout(att.email, doomed);
      return m.length ? m : null;
    });
    ok(mails && mails.length === 1 && mails[0].subject === attLang.L["Lang.Mail.EventCancelled.Subject"]
      && mails[0].text.includes(attLang.L["Lang.Mail.EventCancelled.Body"]),
    `${w}: the ticket holder's cancellation mail is in the Maildir, in their language (${attLang.lang})`, mails);
    ok(errors.length === 0, `${w}: no script errors on any page`, errors.join("\n"));
  } finally {
    await ctx.close();
  }
}

// ---------------------------------------------------------------- main

journeys([journey]);
