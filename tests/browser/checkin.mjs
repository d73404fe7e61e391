// Check-in by the phone's camera in Chromium at 390 and 1280 px: a fake camera
// (Chromium's --use-file-for-fake-video-capture) plays a Y4M this test writes
// from the ticket's QR as the ticket page draws it.  Scanned: a valid ticket
// (valid, the count goes up), the same ticket again (already used, with the
// time and the door), a ticket of another event (wrong event).  The decoder
// that ran (BarcodeDetector or jsQR) is printed.  Then labels and contrast
// on the door and on the dashboard; screenshots of each.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  URL_BASE, VAR, WIDTHS, axeCheck, ok, diag, sql, q, demoAccount, signIn, shooter, fitsWidth,
  unlabelled, launch, fakeCameraArgs, tapEnd, qrY4m,
} from "./lib.mjs";

const TAG = `door${process.pid}${crypto.randomBytes(2).toString("hex")}`;
const shot = shooter("checkin-");
const ORG = demoAccount("organiser");
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const orgId = sql(`SELECT id FROM users WHERE email = ${q(ORG.email)}`)[0][0];

function makeEvent(name) {
  sql(`INSERT INTO events (organiser_id, location, name, description, starts_at, duration_minutes,
    seated, capacity, currency, status) VALUES (${orgId}, 'Door field', ${q(name)}, 'Door test.',
    UTC_TIMESTAMP() + INTERVAL 30 DAY, 90, 0, 50, 'KZT', 'published')`);
  return sql(`SELECT MAX(id) FROM events WHERE name = ${q(name)}`)[0][0];
}

function makeTicket(ev) {
  const code = Array.from(crypto.randomBytes(24), (b) => ALPHABET[b % 32]).join("");
  sql(`INSERT INTO orders (event_id, buyer, buyer_email, buyer_name, lang, status, total, currency)
    VALUES (${ev}, 'g:door@kametay.test', 'door@kametay.test', 'Door Guest', 'en', 'paid', 0, 'KZT')`);
  const oid = sql(`SELECT MAX(id) FROM orders WHERE event_id = ${ev}`)[0][0];
  sql(`INSERT INTO tickets (code, order_id, event_id, category, price) VALUES (${q(code)}, ${oid}, ${ev}, 'GA', 0)`);
  sql(`UPDATE events SET sold = sold + 1 WHERE id = ${ev}`);
  return code;
}

// The QR's dark modules from the ticket page's SVG (svg.qr from lib/qr.c,
// "M x yh1v1h-1z" squares; not the header's brand mark, also an SVG path).
async function qrOf(page, code) {
  await page.goto(`${URL_BASE}/tickets/${code}`);
  await axeCheck(page, "a ticket (the organiser's view)");
  const svg = await page.locator("svg.qr").first().evaluate((s) => ({
    box: s.getAttribute("viewBox"), d: s.querySelector("path").getAttribute("d"),
  }));
  const size = Number(svg.box.split(/\s+/)[2]);
  const mods = [...svg.d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => [Number(m[1]), Number(m[2])]);
  // a QR is at least 21 modules and a quiet zone, with about half of them dark
  if (!(size >= 29 && mods.length > (size - 8) ** 2 / 4)) {
    throw new Error(`ticket ${code}: no QR on its page (${size}×${size}, ${mods.length} modules)`);
  }
  return { size, mods };
}

// Contrast of an element's text with its own background (WCAG's formula).
async function contrast(page, sel) {
  return page.locator(sel).first().evaluate((el) => {
    const rgb = (c) => (c.match(/\d+(\.\d+)?/g) || []).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const cs = getComputedStyle(el);
    let bg = cs.backgroundColor, p = el;
    while (p && (bg === "rgba(0, 0, 0, 0)" || bg === "transparent")) {
      p = p.parentElement;
      bg = p ? getComputedStyle(p).backgroundColor : "rgb(255, 255, 255)";
    }
    const a = lum(rgb(cs.color)), b = lum(rgb(bg));
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}

// One scan by camera: a browser whose camera shows `qr`, on the door page.
async function scanWithCamera(qr, ev, width, step) {
  const file = path.join(VAR, `${TAG}-${step}-${width}.y4m`);
  qrY4m(file, qr.mods, qr.size);
  const browser = await launch(fakeCameraArgs(file));
  try {
    const ctx = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 }, locale: "en-GB" });
    await ctx.grantPermissions(["camera"], { origin: URL_BASE });
    const page = await ctx.newPage();
    // what the page says, for the diagnostics when no result comes
    const log = [];
    page.on("console", (m) => log.push(`console.${m.type()}: ${m.text()}`));
    page.on("pageerror", (e) => log.push(`pageerror: ${e.message}`));
    page.on("requestfailed", (r) => log.push(`requestfailed: ${r.url()} ${r.failure() && r.failure().errorText}`));
    page.on("response", (r) => { if (r.url().includes("/static/")) log.push(`${r.status()} ${r.url()} ${r.headers()["content-type"]}`); });
    // the page speaks the account's language: L, its strings
    const { L } = await signIn(page, ORG.email, ORG.password, "/");
    await page.goto(`${URL_BASE}/organiser/events/${ev}/checkin`);
    await page.locator("#door").fill("North door");
    const before = await page.locator(".checkin-count").innerText();
    await page.locator(".checkin-camera-start").click();
    try {
      await page.waitForSelector(".checkin-result[data-result]:not([data-result=''])", { timeout: 20000 });
    } catch (e) {
      await shot(page, `${step}-timeout`, width);
      const state = await page.evaluate(() => {
        const v = document.querySelector(".checkin-video");
        return {
          status: document.querySelector(".checkin-camera-status").textContent,
          decoder: document.documentElement.getAttribute("data-qr-decoder"),
          secure: window.isSecureContext,
          video: v && { readyState: v.readyState, w: v.videoWidth, h: v.videoHeight, hidden: v.hidden },
        };
      });
      throw new Error(`no result after the camera started: ${JSON.stringify(state)}\n${log.join("\n")}`);
    }
    const out = {
      L,
      result: await page.locator(".checkin-result").getAttribute("data-result"),
      text: await page.locator(".checkin-result").innerText(),
      decoder: await page.evaluate(() => document.documentElement.getAttribute("data-qr-decoder")),
      hasBD: await page.evaluate(() => "BarcodeDetector" in window),
      before, after: await page.locator(".checkin-count").innerText(),
      fits: await fitsWidth(page),
      contrast: await contrast(page, ".checkin-verdict"),
    };
    await shot(page, step, width);
    return out;
  } finally {
    await browser.close();
    fs.rmSync(file, { force: true });
  }
}

async function main() {
  const ev = makeEvent(`${TAG} door`);
  const other = makeEvent(`${TAG} other`);
  const tickets = {};
  for (const width of WIDTHS) tickets[width] = makeTicket(ev);
  const wrong = makeTicket(other);
  const qrs = {};
  {
    const browser = await launch();
    const page = await (await browser.newContext()).newPage();
    await signIn(page, ORG.email, ORG.password, "/");
    for (const width of WIDTHS) qrs[width] = await qrOf(page, tickets[width]);
    qrs.wrong = await qrOf(page, wrong);
    await browser.close();
  }
  for (const width of WIDTHS) {
    try {
      const a = await scanWithCamera(qrs[width], ev, width, "valid");
      diag(`${width} px: QR decoding path: ${a.decoder} (BarcodeDetector in this Chromium: ${a.hasBD})`);
      ok(a.result === "ok" && a.text.includes(a.L["Lang.Shop.Checkin.ok"]),
        `${width} px: camera: a valid ticket → "${a.L["Lang.Shop.Checkin.ok"]}"`, { ...a, L: undefined });
      ok(Number(a.after) === Number(a.before) + 1, `${width} px: camera: the count goes up by one`, { ...a, L: undefined });
      ok(a.decoder === "jsqr" || a.decoder === "barcodedetector", `${width} px: a decoder ran (${a.decoder})`, { ...a, L: undefined });
      ok(a.fits, `${width} px: the door page fits the width`);
      ok(a.contrast >= 4.5, `${width} px: the verdict's contrast ${a.contrast.toFixed(2)} ≥ 4.5`);
      const b = await scanWithCamera(qrs[width], ev, width, "already");
      ok(b.result === "already" && b.text.includes(b.L["Lang.Shop.Checkin.already"]) &&
        /\d\d:\d\d:\d\d/.test(b.text) && b.text.includes("North door"),
      `${width} px: camera: the same ticket again → already used, with the time and the door`, { ...b, L: undefined });
      ok(b.contrast >= 4.5, `${width} px: "already" contrast ${b.contrast.toFixed(2)} ≥ 4.5`);
      const c = await scanWithCamera(qrs.wrong, ev, width, "wrong");
      ok(c.result === "wrong_event" && c.text.includes(c.L["Lang.Shop.Checkin.wrong_event"]),
        `${width} px: camera: another event's ticket → wrong event`, { ...c, L: undefined });
      ok(c.contrast >= 4.5, `${width} px: "wrong event" contrast ${c.contrast.toFixed(2)} ≥ 4.5`);
    } catch (e) {
      ok(false, `${width} px: the camera journey ran to the end`, e && e.stack ? e.stack : String(e));
    }
    try {
      const browser = await launch();
      const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
      await signIn(page, ORG.email, ORG.password, "/");
      await page.goto(`${URL_BASE}/organiser/events/${ev}/checkin`);
      ok((await unlabelled(page, { within: "main" })).length === 0, `${width} px: door: every control is labelled`,
        await unlabelled(page, { within: "main" }));
      // a keyboard-wedge scanner types the code and Enter
      const t = makeTicket(ev);
      await page.locator("#code").fill(t);
      await page.keyboard.press("Enter");
      await page.waitForSelector(".checkin-result[data-result='ok']", { timeout: 10000 });
      ok(true, `${width} px: a typed code and Enter (a keyboard-wedge scanner) → valid, without reloading`);
      await page.goto(`${URL_BASE}/organiser/events/${ev}/sales`);
      ok((await page.locator("svg.chart").count()) >= 3 && (await page.locator("table.sales-table").count()) >= 3,
        `${width} px: the dashboard shows SVG charts with tables`);
      ok((await unlabelled(page, { within: "main" })).length === 0, `${width} px: dashboard: every control is labelled`);
      ok(await fitsWidth(page), `${width} px: the dashboard fits the width`);
      ok((await contrast(page, ".sales-sold")) >= 4.5, `${width} px: dashboard figures' contrast ≥ 4.5`);
      await shot(page, "dashboard", width);
      await browser.close();
    } catch (e) {
      ok(false, `${width} px: the door and dashboard checks ran to the end`, e && e.stack ? e.stack : String(e));
    }
  }
  tapEnd();
}

main().catch((e) => {
  diag(e && e.stack ? e.stack : String(e));
  ok(false, "the check-in journey could not run");
  tapEnd();
});
