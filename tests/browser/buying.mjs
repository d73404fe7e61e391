// Issue 5 in Chromium: the buyer's journey at a phone width (390 px) and a
// desktop width (1280 px).  A verified attendee opens a seated event, picks
// two seats on the hall plan in the modal (one with the mouse, one with the
// keyboard), checks out, finds the tickets under My tickets, and the QR code
// of a ticket page and of the mailed PNG both decode (zbarimg) to the
// ticket's URL.  Then the same purchase with JavaScript off, through the
// plain seat list.
//
// Run by run.sh through lib.mjs; TAP on stdout.  Screenshots go to
// $KAMETAY_VAR/artifacts/screenshots/buy-<step>-<width>.png.

import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  BUILD, EN, SHOTS, URL_BASE, fitsWidth, flashText, journeys, mailsTo, ok, q, shooter, signIn as signInAs, sql,
  waitFor,
} from "./lib.mjs";

const PASSWORD = "buying in the browser";
const TAG = `buybr${process.pid}${crypto.randomBytes(2).toString("hex")}`;
const shot = shooter("buy-");

// ---------------------------------------------------------------- database

const HASH = execFileSync(path.join(BUILD, "cgi", "kametay-ctl"), ["hash-password"],
  { input: PASSWORD + "\n", encoding: "utf8" }).trim();

// A verified attendee, made in the database; returns the address.
function makeUser(name) {
  const email = `${TAG}-${name}@buy.test`;
  sql(`INSERT INTO users (email, password_hash, first_name, last_name, age, role, lang, verified)
       VALUES (${q(email)}, ${q(HASH)}, ${q(name)}, 'Browser', 31, 'attendee', 'en', 1)`);
  return email;
}

let dayOffset = 2600;

// A published seated event in the demo theatre, far out, three price categories.
function makeEvent(name) {
  const org = sql("SELECT id FROM users WHERE role = 'organiser' ORDER BY id LIMIT 1")[0][0];
  const hall = sql("SELECT id FROM venues WHERE seated = 1 ORDER BY id LIMIT 1")[0][0];
  const full = `${TAG} ${name}`;
  sql(`INSERT INTO events (organiser_id, venue_id, name, description, starts_at, duration_minutes,
       seated, capacity, currency, max_per_person, status) VALUES (${org}, ${hall}, ${q(full)},
       'An evening in the browser.', UTC_TIMESTAMP() + INTERVAL ${dayOffset++} DAY, 120, 1, 320, 'KZT', 4,
       'published')`);
  const id = sql(`SELECT MAX(id) FROM events WHERE name = ${q(full)}`)[0][0];
  sql(`INSERT INTO event_prices (event_id, category, price) VALUES (${id}, 'A', 500000), (${id}, 'B', 300000),
       (${id}, 'C', 150000)`);
  return { id: Number(id), name: full };
}

// ---------------------------------------------------------------- mail and QR

// A MIME message as a tree of leaves: [{type, filename, body: Buffer}].
function mimeLeaves(raw) {
  const sep = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, sep).replace(/\r?\n[ \t]+/g, " ");
  const body = raw.slice(sep).replace(/^\r?\n\r?\n/, "");
  const header = (name) => {
    const m = head.match(new RegExp("^" + name + ":\\s*(.*)$", "mi"));
    return m ? m[1].trim() : "";
  };
  const type = header("Content-Type").toLowerCase();
  const boundary = (header("Content-Type").match(/boundary="?([^";]+)"?/i) || [])[1];
  if (type.startsWith("multipart/") && boundary) {
    const parts = body.split("--" + boundary).slice(1);
    const out = [];
    for (const p of parts) {
      if (p.startsWith("--")) break;
      out.push(...mimeLeaves(p.replace(/^\r?\n/, "")));
    }
    return out;
  }
  const b64 = /base64/i.test(header("Content-Transfer-Encoding"));
  const filename = (header("Content-Disposition").match(/filename="?([^";]+)"?/i) || [])[1] || "";
  return [{ type: type.split(";")[0], filename,
    body: b64 ? Buffer.from(body.replace(/\s+/g, ""), "base64") : Buffer.from(body, "utf8") }];
}

async function waitMail(to, pred, timeoutMs = 20000) {
  return (await waitFor(() => mailsTo(to, "latin1").find(pred), timeoutMs)) || null;
}

// zbarimg's reading of a PNG file, or "".
function zbar(file) {
  try {
    // (zbarimg says on stderr that it finds no D-Bus: not a test result)
    return execFileSync("zbarimg", ["--raw", "-q", file], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

// ---------------------------------------------------------------- pages

async function signIn(page, email, next) {
  await signInAs(page, email, PASSWORD, next);
}

function grouped(code) {
  return code.match(/.{1,4}/g).join("-");
}

// The cart, the confirmation and My tickets, the same with or without JavaScript.
// Returns the codes bought.
async function checkOutAndList(page, ev, labels, width, w, tag) {
  await Promise.all([
    page.waitForURL((u) => u.pathname === "/cart/done"),
    page.locator(`form.checkout-form:has(input[name="event_id"][value="${ev.id}"]) [data-pay]`).click(),
  ]);
  await shot(page, `${tag}done`, width);
  ok((await flashText(page)) === EN["Lang.Flash.purchased"], `${w}: checkout → the confirmation, with its flash`,
    await flashText(page));
  const codes = sql(`SELECT t.code FROM tickets t JOIN orders o ON o.id = t.order_id WHERE t.event_id = ${ev.id}
                     AND o.buyer_email = ${q(labels.email)} ORDER BY t.id`).map((r) => r[0]);
  const doneText = await page.locator("main").innerText();
  ok(codes.length === 2 && codes.every((c) => doneText.includes(grouped(c))),
    `${w}: the confirmation shows the two ticket codes`, { codes, doneText: doneText.slice(0, 400) });
  ok(labels.seats.every((s) => doneText.includes(s)), `${w}: ... and the two seats`, labels.seats);
  ok(await fitsWidth(page), `${w}: the confirmation fits the width`);

  await page.goto(URL_BASE + "/account/tickets");
  await shot(page, `${tag}my-tickets`, width);
  const cards = page.locator(".ticket-card").filter({ hasText: ev.name });
  const listText = await page.locator("main").innerText();
  ok(await cards.count() === 2 && codes.every((c) => listText.includes(grouped(c))),
    `${w}: My tickets lists both, with their codes`, listText.slice(0, 400));
  ok(await fitsWidth(page), `${w}: My tickets fits the width`);
  return codes;
}

// ---------------------------------------------------------------- with JavaScript

async function journey(browser, width) {
  const ctx = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 }, locale: "en-GB" });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  const w = `${width} px`;
  const seatPolls = [];
  page.on("response", async (r) => {
    if (r.url().includes("/api/events/") && r.url().endsWith("/seats/")) {
      seatPolls.push({ status: r.status(), etag: r.headers().etag, sent: (await r.request().allHeaders())["if-none-match"] });
    }
  });
  const email = makeUser(`js${width}`);
  const ev = makeEvent(`hall plan ${width}`);
  try {
    await signIn(page, email, `/events/${ev.id}`);
    await shot(page, "event", width);
    ok(await fitsWidth(page), `${w}: the event page fits the width`);

    // the modal
    const opener = page.getByRole("link", { name: EN["Lang.Shop.choose_seats"], exact: true });
    await opener.click();
    const dialog = page.locator("dialog.seatmap");
    await dialog.locator(".sm-seat").first().waitFor();
    const modal = await dialog.evaluate((d) => ({
      open: d.open, modal: d.matches(":modal"), label: document.getElementById(d.getAttribute("aria-labelledby"))?.textContent,
    }));
    ok(modal.open && modal.modal && modal.label === EN["Lang.Shop.choose_seats"],
      `${w}: "Choose seats" opens a modal dialog titled for it`, modal);
    const plan = await dialog.evaluate((d) => ({
      seats: d.querySelectorAll("svg .sm-seat").length,
      labelled: [...d.querySelectorAll("svg .sm-seat")].every((g) => g.getAttribute("role") === "checkbox"
        && /Row .+, Seat .+, Category /.test(g.getAttribute("aria-label") || "")),
      legend: d.querySelectorAll(".seatmap-legend li").length,
      sections: d.querySelectorAll("svg .sm-section").length,
      rows: d.querySelectorAll("svg .sm-row").length,
      dialogFits: d.getBoundingClientRect().right <= window.innerWidth + 1,
    }));
    ok(plan.seats === 320 && plan.labelled, `${w}: the plan draws the hall's 320 seats, each a labelled checkbox`, plan);
    ok(plan.legend >= 5 && plan.sections >= 2 && plan.rows >= 10,
      `${w}: with sections, row labels and a legend of the three categories`, plan);
    ok(plan.dialogFits, `${w}: the dialog fits the window`, plan);
    await shot(page, "modal", width, { fullPage: false });

    // one seat with the mouse: a free seat near the middle of the front section
    const mouseId = await dialog.evaluate((d) => {
      const seats = [...d.querySelectorAll(".sm-seat:not(.is-off)")];
      const byRow = seats.filter((g) => (g.getAttribute("aria-label") || "").includes("Row 5,"));
      const pick = (byRow.length ? byRow : seats)[Math.floor((byRow.length ? byRow : seats).length / 2)];
      return pick.getAttribute("data-id");
    });
    const seatEl = (id) => dialog.locator(`.sm-seat[data-id="${id}"]`);
    await seatEl(mouseId).click();
    ok(await seatEl(mouseId).getAttribute("aria-checked") === "true", `${w}: a click chooses a seat`);

    // one with the keyboard: leave the plan, Tab back into it, move, Space
    for (let i = 0; i < 5; i++) {
      if (!await page.evaluate(() => !!document.activeElement.closest(".sm-seat"))) break;
      await page.keyboard.press("Shift+Tab");
    }
    await page.keyboard.press("Tab");
    const tabbed = await page.evaluate(() => document.activeElement.closest(".sm-seat")?.getAttribute("data-id") || null);
    ok(tabbed === mouseId, `${w}: Tab reaches the plan at the seat last touched (one tab stop)`, { tabbed, mouseId });
    await page.keyboard.press("ArrowRight");
    const keyId = await page.evaluate(() => document.activeElement.closest(".sm-seat")?.getAttribute("data-id") || null);
    await page.keyboard.press("Space");
    ok(keyId && keyId !== mouseId && await seatEl(keyId).getAttribute("aria-checked") === "true",
      `${w}: ArrowRight moves to the next seat and Space chooses it`, { keyId });
    const summary = (await dialog.locator(".seatmap-summary").innerText()).trim();
    ok(summary.includes(EN["Lang.Shop.map_chosen"] + " 2"), `${w}: the summary says two seats are chosen`, summary);
    const chosen = await dialog.evaluate((d) => [...d.querySelectorAll('.sm-seat[aria-checked="true"]')]
      .map((g) => g.getAttribute("aria-label")));

    // the plan follows the hall while open: someone else's new hold shows up by polling
    // (a hold written straight in SQL moves the seat map's version as the app's own do, schema/009)
    const otherId = await dialog.evaluate((d) => d.querySelectorAll(".sm-seat:not(.is-off)")[40].getAttribute("data-id"));
    sql(`INSERT INTO holds (cart, event_id, seat_id, quantity, category, price, expires_at)
         SELECT ${q(crypto.randomBytes(32).toString("base64url").slice(0, 43))}, ${ev.id}, s.id, 1, s.category, 300000,
         UTC_TIMESTAMP(6) + INTERVAL 600 SECOND FROM seats s WHERE s.id = ${otherId};
         UPDATE events SET seatmap_version = seatmap_version + 1 WHERE id = ${ev.id}`);
    const polled = await seatEl(otherId).and(page.locator(".is-off")).waitFor({ timeout: 12000 }).then(() => true, () => false);
    ok(polled && /taken/i.test(await seatEl(otherId).getAttribute("aria-label")),
      `${w}: a seat held meanwhile by someone else turns unavailable while the modal is open`);
    ok(seatPolls.length >= 2 && seatPolls[0].etag && seatPolls[1].sent === seatPolls[0].etag
      && seatPolls[1].status === 200 && seatPolls[1].etag !== seatPolls[0].etag,
    `${w}: the poll sends the plan's ETag (If-None-Match) and gets the changed plan with a new one`, seatPolls);
    await shot(page, "modal-chosen", width, { fullPage: false });

    // confirm → the cart
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/cart"),
      dialog.locator(".seatmap-submit").click(),
    ]);
    await shot(page, "cart", width);
    const mine = `h.event_id = ${ev.id} AND h.user_id = (SELECT id FROM users WHERE email = ${q(email)})`;
    const held = sql(`SELECT s.row_label, s.seat_label, sec.name FROM holds h JOIN seats s ON s.id = h.seat_id
                      JOIN venue_sections sec ON sec.id = s.section_id WHERE ${mine} ORDER BY s.id`);
    const seatIds = sql(`SELECT h.seat_id FROM holds h WHERE ${mine} ORDER BY h.seat_id`).map((r) => r[0]);
    ok(seatIds.length === 2 && [mouseId, keyId].sort().join() === [...seatIds].sort().join(),
      `${w}: the two seats chosen are held in the cart`, { seatIds, mouseId, keyId });
    const rows = page.locator(".cart-items tbody tr");
    const seatLabels = held.map(([row, seat, sec]) => `${sec}, ${EN["Lang.Shop.row"]} ${row}, ${EN["Lang.Shop.seat"]} ${seat}`);
    const cartText = await page.locator(".cart").innerText();
    ok(await rows.count() === 2 && seatLabels.every((l) => cartText.includes(l)),
      `${w}: the cart lists the two seats`, { seatLabels, cartText: cartText.slice(0, 300), chosen });
    const c1 = await page.locator(".hold-clock").innerText();
    await page.waitForTimeout(2100);
    const c2 = await page.locator(".hold-clock").innerText();
    const secs = (s) => { const [m, x] = s.split(":").map(Number); return m * 60 + x; };
    ok(/^\d+:\d\d$/.test(c1) && secs(c1) > 500 && secs(c1) <= 600 && secs(c2) < secs(c1),
      `${w}: a countdown runs (${c1} → ${c2})`);
    ok(await fitsWidth(page), `${w}: the cart fits the width`);

    const codes = await checkOutAndList(page, ev, { email, seats: seatLabels }, width, w, "");

    // one ticket: its QR decodes to its URL
    await Promise.all([
      page.waitForURL((u) => u.pathname.startsWith("/tickets/")),
      page.locator(".ticket-card").filter({ hasText: ev.name }).first().getByRole("link").click(),
    ]);
    await shot(page, "ticket", width);
    const code = decodeURIComponent(new URL(page.url()).pathname.split("/").pop());
    ok(codes.includes(code), `${w}: a ticket opens from the list`, code);
    const qrFile = path.join(SHOTS, `buy-qr-${width}.png`);
    await page.locator(".ticket-qr").screenshot({ path: qrFile });
    const fromPage = zbar(qrFile);
    ok(fromPage.includes(code) && fromPage.endsWith("/tickets/" + code),
      `${w}: zbarimg decodes the ticket page's QR to the ticket's URL`, fromPage);
    const seatText = (await page.locator(".ticket-seat").innerText()).trim();
    ok(seatLabels.includes(seatText), `${w}: the ticket shows its seat`, seatText);
    ok(await fitsWidth(page), `${w}: the ticket page fits the width`);

    // the confirmation mail: a QR PNG per ticket
    const mail = await waitMail(email, (raw) => codes.every((c) => raw.includes(c)));
    ok(mail !== null, `${w}: the confirmation mail is in the Maildir`);
    if (mail !== null) {
      // attached PNGs carry a file name; the same QR shown inline by cid: has none (issue 13)
      const pngs = mimeLeaves(mail).filter((p) => p.type === "image/png" && p.filename);
      const read = pngs.map((p, i) => {
        const f = path.join(os.tmpdir(), `${TAG}-${width}-${i}.png`);
        fs.writeFileSync(f, p.body);
        const s = zbar(f);
        fs.unlinkSync(f);
        return s;
      });
      ok(pngs.length === 2 && codes.every((c) => read.some((s) => s.endsWith("/tickets/" + c))),
        `${w}: zbarimg decodes each attached QR PNG to its ticket's URL`, read);
    }
    ok(errors.length === 0, `${w}: no script errors`, errors.join("\n"));
  } finally {
    await ctx.close();
  }
}

// ---------------------------------------------------------------- without JavaScript

async function noScript(browser, width) {
  const ctx = await browser.newContext({
    viewport: { width, height: width < 600 ? 844 : 900 }, locale: "en-GB", javaScriptEnabled: false,
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15000);
  const w = `${width} px, no JavaScript`;
  const email = makeUser(`nojs${width}`);
  const ev = makeEvent(`seat list ${width}`);
  try {
    await signIn(page, email, `/events/${ev.id}`);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/events/${ev.id}/seats`),
      page.getByRole("link", { name: EN["Lang.Shop.choose_seats"], exact: true }).click(),
    ]);
    await shot(page, "nojs-seats", width);
    ok(await page.locator("dialog").count() === 0 && await page.locator('input[name="seat"]').count() === 320,
      `${w}: "Choose seats" is a link to the plain list of the 320 seats`);
    ok(await fitsWidth(page), `${w}: the seat list fits the width`);
    const boxes = page.locator('input[name="seat"]:not([disabled])');
    const ids = [await boxes.nth(20).getAttribute("value"), await boxes.nth(21).getAttribute("value")];
    // each seat is a checkbox with a visible label: tick by clicking the labels
    for (const id of ids) await page.locator(`label[for="seat-${id}"]`).click();
    ok(await page.locator(`#seat-${ids[0]}`).isChecked() && await page.locator(`#seat-${ids[1]}`).isChecked(),
      `${w}: two seats ticked through their labels`);
    await shot(page, "nojs-ticked", width, { fullPage: false });
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/cart"),
      page.getByRole("button", { name: EN["Lang.Shop.add_chosen"] }).click(),
    ]);
    await shot(page, "nojs-cart", width);
    const held = sql(`SELECT s.row_label, s.seat_label, sec.name FROM holds h JOIN seats s ON s.id = h.seat_id
                      JOIN venue_sections sec ON sec.id = s.section_id WHERE h.event_id = ${ev.id} ORDER BY s.id`);
    const seatLabels = held.map(([row, seat, sec]) => `${sec}, ${EN["Lang.Shop.row"]} ${row}, ${EN["Lang.Shop.seat"]} ${seat}`);
    const cartText = await page.locator(".cart").innerText();
    ok(held.length === 2 && seatLabels.every((l) => cartText.includes(l)) && /\d+:\d\d/.test(cartText),
      `${w}: the cart lists the two seats with the time left`, cartText.slice(0, 300));
    await checkOutAndList(page, ev, { email, seats: seatLabels }, width, w, "nojs-");
  } finally {
    await ctx.close();
  }
}

// ---------------------------------------------------------------- a finger at whole-hall zoom

// On a touch phone the whole hall draws seats smaller than WCAG 2.2's 24 px
// target: then the first tap zooms in where it landed and says so (in the
// live summary), and chooses nothing; a tap at the new zoom, on a seat at
// least 24 px across, chooses it.
async function fingerTap(browser, width) {
  if (width >= 600) return;
  const ctx = await browser.newContext({ viewport: { width, height: 844 }, locale: "en-GB", hasTouch: true, isMobile: true });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15000);
  const w = `${width} px, touch`;
  const email = makeUser(`tap${width}`);
  const ev = makeEvent(`finger ${width}`);
  try {
    await signIn(page, email, `/events/${ev.id}`);
    await page.getByRole("link", { name: EN["Lang.Shop.choose_seats"], exact: true }).tap();
    const dialog = page.locator("dialog.seatmap");
    await dialog.locator(".sm-seat").first().waitFor();
    const seatAt = (id) => dialog.locator(`.sm-seat[data-id="${id}"] .sm-dot`);
    const id = await dialog.evaluate((d) => {
      const seats = [...d.querySelectorAll(".sm-seat:not(.is-off)")];
      return seats[Math.floor(seats.length / 2)].getAttribute("data-id");
    });
    const before = await seatAt(id).boundingBox();
    let box = before;
    if (before.width < 24) {
      await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
      const summary = (await dialog.locator(".seatmap-summary").innerText()).trim();
      box = await seatAt(id).boundingBox();
      ok(summary.startsWith(EN["Lang.Shop.map_zoomed_tap"]) && box.width >= 24
        && await dialog.locator('.sm-seat[aria-checked="true"]').count() === 0,
      `${w}: seats of ${before.width.toFixed(1)} px at whole-hall zoom: the first tap zooms to ${box.width.toFixed(1)} px, says so and chooses nothing`,
      { summary, before, box });
      await shot(page, "finger-zoomed", width, { fullPage: false });
      box = await seatAt(id).boundingBox();
    } else {
      ok(true, `${w}: seats at whole-hall zoom are ${before.width.toFixed(1)} px, at least 24`);
    }
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    ok(await dialog.locator(`.sm-seat[data-id="${id}"]`).getAttribute("aria-checked") === "true",
      `${w}: a tap on a seat of ${box.width.toFixed(1)} px chooses it`);
  } finally {
    await ctx.close();
  }
}

// ---------------------------------------------------------------- main

journeys([journey, noScript, fingerTap]);
