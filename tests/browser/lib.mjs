// What the Chromium journeys (accounts.mjs, buying.mjs, organiser.mjs) share:
// the instance's environment, TAP output, the language files, the database,
// the Maildir, the common page helpers, and `journeys`, which launches
// Chromium with the flags and runs each section at each width.
//
// run.sh starts a journey (it skips when there is no stack, no Chromium or no
// node_modules).  TAP on stdout, the plan at the end, so a run that dies
// half-way is an error for the TAP driver.  Screenshots of every step go to
// $KAMETAY_VAR/artifacts/screenshots/<prefix><step>-<width>.png.

import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "playwright-core";

// axe-core's source, run inside a function whose setTimeout runs a callback
// of 0 or 1 ms as a microtask and never the longer ones (its time-outs): a
// page with JavaScript off runs no timers at all, and axe waits on them
// between rules.  The page's own setTimeout is left alone.
const axeSource = "(function (setTimeout, clearTimeout) {\n"
  + createRequire(import.meta.url)("axe-core").source
  + "\n}).call(window, function (f, ms) { var a = [].slice.call(arguments, 2);"
  + " if (!(ms > 1)) Promise.resolve().then(function () { f.apply(null, a); }); return 0; },"
  + " function () {});";

export const URL_BASE = process.env.KAMETAY_URL;
export const MAILDIR = process.env.KAMETAY_MAILDIR;
export const VAR = process.env.KAMETAY_VAR;
export const BUILD = process.env.KAMETAY_BUILD;
export const CHROMIUM = process.env.KAMETAY_CHROMIUM || "/usr/bin/chromium";
export const SHOTS = path.join(VAR, "artifacts", "screenshots");
export const ROOT = process.env.KAMETAY_ROOT
  || path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
export const WIDTHS = [390, 1280];
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

// ---------------------------------------------------------------- TAP

let n = 0;
let failed = 0;

export function diag(msg) {
  for (const line of String(msg).split("\n")) console.log("# " + line);
}

export function ok(cond, desc, info) {
  n += 1;
  console.log(`${cond ? "ok" : "not ok"} ${n} - ${desc.replace(/#/g, "\\#")}`);
  if (!cond) {
    failed += 1;
    if (info !== undefined) diag(typeof info === "string" ? info : JSON.stringify(info));
  }
  return !!cond;
}

// Launches Chromium, runs every section at every width (an exception in one
// is one failed check, and the others still run), prints the plan and exits.
export function journeys(sections, widths = WIDTHS) {
  async function main() {
    fs.mkdirSync(SHOTS, { recursive: true });
    const browser = watched(await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }));
    try {
      for (const width of widths) {
        for (const section of sections) {
          try {
            await section(browser, width);
          } catch (e) {
            ok(false, `${width} px: ${section.name} ran to the end`, e && e.stack ? e.stack : String(e));
          }
        }
      }
    } finally {
      await browser.close();
    }
    tapEnd();
  }
  main().catch((e) => {
    diag(e && e.stack ? e.stack : String(e));
    console.log(`not ok ${n + 1} - the browser tests could not run`);
    console.log(`1..${n + 1}`);
    process.exit(1);
  });
}

// ---------------------------------------------------------------- accessibility

// axe-core over the page as it is now (an open modal, an error state, a
// page without JavaScript: the script is evaluated by the driver, so it runs
// with the page's own scripts off too): one check that fails on any
// violation of the rules axe runs by default (WCAG 2.0-2.2 A/AA and axe's
// best practices), naming each rule, its impact and the elements.  Every
// journey calls it through shot() and signIn(), and on its own for states
// it does not photograph.
const checkedPages = new Set();
const visitedPages = new Map();

export async function axeCheck(page, label) {
  if (!await page.evaluate(() => typeof window.axe === "object")) await page.evaluate(axeSource);
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const found = res.violations.map((v) => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((nd) => `${nd.target.join(" ")}: ${nd.failureSummary.replace(/\s+/g, " ")}`),
    count: v.nodes.length,
  }));
  const where = pageKey(page.url());
  checkedPages.add(where);
  return ok(found.length === 0, `axe: ${label} (${where}): no violations`
    + (found.length ? ` [${found.map((v) => v.rule).join(", ")}]` : ""), JSON.stringify(found, null, 1));
}

// A page is known by its path with the numbers and codes in it made general
// (/events/12/seats and /events/13/seats are one page).
function pageKey(url) {
  const u = new URL(url);
  return u.pathname.split("/").map((p) => (/\d/.test(p) || p.length > 16 ? ":id" : p)).join("/");
}

// A browser whose contexts note every HTML page their tabs show, so that
// axeCoverage() can say which were never checked.
export function watched(browser) {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const ctx = await newContext(...args);
    ctx.on("page", (p) => p.on("response", (r) => {
      if (r.frame() !== p.mainFrame() || !r.request().isNavigationRequest()) return;
      if (r.status() >= 300 && r.status() < 400) return;
      if (!/^text\/html/.test(r.headers()["content-type"] || "")) return;
      const key = pageKey(r.url());
      if (!visitedPages.has(key)) visitedPages.set(key, r.url());
    }));
    return ctx;
  };
  return browser;
}

// One check: axe saw every page the journey's watched browsers showed.
function axeCoverage() {
  const missed = [...visitedPages.keys()].filter((k) => !checkedPages.has(k));
  ok(missed.length === 0, `axe: every page the journey showed was checked (${visitedPages.size} pages)`,
    missed.map((k) => visitedPages.get(k)).join("\n"));
}

// ---------------------------------------------------------------- strings and accounts

// The strings the checks look for, read from the language files so a
// reworded message does not break a test.
export function hdfStrings(file) {
  const out = {};
  const stack = [];
  for (const raw of fs.readFileSync(file, "utf8").split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    if (line === "}") stack.pop();
    else if (line.endsWith("{")) stack.push(line.slice(0, -1).trim());
    else if (line.includes("=")) {
      const i = line.indexOf("=");
      out[[...stack, line.slice(0, i).trim()].join(".")] = line.slice(i + 1).trim();
    }
  }
  return out;
}

export const EN = hdfStrings(path.join(ROOT, "hdf", "lang", "en.hdf"));
export const LANGS = {
  en: EN,
  ru: { ...EN, ...hdfStrings(path.join(ROOT, "hdf", "lang", "ru.hdf")) },
  kk: { ...EN, ...hdfStrings(path.join(ROOT, "hdf", "lang", "kk.hdf")) },
};

// "organiser  organiser@kametay.test  password" lines from ./dev's seed
export function demoAccount(role) {
  for (const line of fs.readFileSync(path.join(VAR, "demo-accounts.txt"), "utf8").split("\n")) {
    const w = line.trim().split(/\s+/);
    if (w.length === 3 && w[0] === role) return { email: w[1], password: w[2] };
  }
  throw new Error(`no ${role} in demo-accounts.txt`);
}

// A string no other run uses: PREFIX, the pid and four random hex digits.
export function unique(prefix) {
  return `${prefix}${process.pid}${Math.floor(Math.random() * 0xffff).toString(16)}`;
}

// ---------------------------------------------------------------- database

// Rows of a query as arrays of strings (the mariadb CLI on the instance's socket).
export function sql(query) {
  const out = execFileSync("mariadb", ["--no-defaults", `--socket=${process.env.KAMETAY_DB_SOCKET}`,
    "--user=kametay", "--database=kametay", "--batch", "--skip-column-names", "--raw"],
  { input: query, env: { ...process.env, MYSQL_PWD: process.env.KAMETAY_DB_PASSWORD }, encoding: "utf8" });
  pagesChanged();
  return out.split("\n").filter((l) => l !== "").map((l) => l.split("\t"));
}

// The database changed behind the pool's back: a value the workers' kept
// pages (core/pagecache.c) were never read at, so none of them counts.
export function pagesChanged() {
  let fd;
  try {
    fd = fs.openSync(path.join(process.env.KAMETAY_VAR || "", "pages.gen"), "r+");
  } catch {
    return;
  }
  try {
    fs.writeSync(fd, crypto.randomBytes(8), 0, 8, 0);
  } finally {
    fs.closeSync(fd);
  }
}

export const q = (s) => "'" + String(s).replace(/\\/g, "\\\\").replace(/'/g, "''") + "'";

// ---------------------------------------------------------------- mail

// The raw messages to an address ("To: ADDR" line), oldest file name first.
export function mailsTo(to, encoding = "utf8") {
  const out = [];
  const re = new RegExp("^To: " + to.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "\\r?$", "mi");
  for (const sub of ["new", "cur"]) {
    let names = [];
    try {
      names = fs.readdirSync(path.join(MAILDIR, sub));
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      try {
        const raw = fs.readFileSync(path.join(MAILDIR, sub, name), encoding);
        if (re.test(raw)) out.push(raw);
      } catch {
        // a message moved meanwhile
      }
    }
  }
  return out;
}

// The text/plain body of a stored message (base64 parts, as the mailer writes them).
export function mailText(raw) {
  const m = raw.match(/boundary="([^"]+)"/);
  if (!m) return raw;
  let text = "";
  for (const part of raw.split("--" + m[1])) {
    const sep = part.search(/\r?\n\r?\n/);
    if (sep < 0) continue;
    const head = part.slice(0, sep);
    const body = part.slice(sep).trim();
    if (!/text\/plain/i.test(head)) continue;
    text += /base64/i.test(head) ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8") : body;
  }
  return text;
}

// Polls fn every 200 ms until it gives a true value or the time is up; its last value.
export async function waitFor(fn, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

// ---------------------------------------------------------------- pages

// shooter("buy-") gives shot(page, step, width), a full-page screenshot
// (with { fullPage: false } the window only, as for a modal) and axeCheck.
export function shooter(prefix = "") {
  return async (page, step, width, { fullPage = true } = {}) => {
    await page.screenshot({ path: path.join(SHOTS, `${prefix}${step}-${width}.png`), fullPage });
    await axeCheck(page, `${prefix}${step} at ${width} px`);
  };
}

export async function htmlLang(page) {
  return page.evaluate(() => document.documentElement.lang);
}

export async function flashText(page) {
  const f = page.locator(".flash p");
  return (await f.count()) ? (await f.first().innerText()).trim() : "";
}

// The page is no wider than the window (nothing to scroll sideways).
export async function fitsWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

// The visible form controls (under `within`, a CSS selector, or the whole
// page) without an accessible name from a <label>, aria-label or
// aria-labelledby, and with `buttons` also the buttons without text or
// aria-label; returns their HTML.
export async function unlabelled(page, { within = "", buttons = true } = {}) {
  return page.evaluate(({ within, buttons }) => {
    const bad = [];
    const sel = ["input", "select", "textarea"].map((t) => (within ? within + " " : "") + t).join(", ");
    for (const el of document.querySelectorAll(sel)) {
      if (el.type === "hidden") continue;
      const named = (el.labels && [...el.labels].some((l) => l.textContent.trim() !== ""))
        || (el.getAttribute("aria-label") || "").trim() !== ""
        || (el.getAttribute("aria-labelledby") || "").split(/\s+/).some((id) => id && document.getElementById(id));
      if (!named) bad.push(el.outerHTML.slice(0, 120));
    }
    if (buttons) {
      for (const el of document.querySelectorAll("button")) {
        if ((el.textContent || "").trim() === "" && !(el.getAttribute("aria-label") || "").trim()) {
          bad.push(el.outerHTML.slice(0, 120));
        }
      }
    }
    return bad;
  }, { within, buttons });
}

// Signs in on the sign-in page and waits for `next`; the site then speaks
// the account's language: {lang, L} (its strings).
export async function signIn(page, email, password, next = "/") {
  await page.goto(URL_BASE + "/login" + (next === "/" ? "" : "?next=" + encodeURIComponent(next)));
  await axeCheck(page, `sign-in at ${page.viewportSize()?.width || "default"} px`);
  await page.getByLabel(EN["Lang.Auth.email"], { exact: true }).fill(email);
  await page.getByLabel(EN["Lang.Auth.password"], { exact: true }).fill(password);
  await Promise.all([
    page.waitForURL((u) => u.pathname === next),
    page.getByRole("button", { name: EN["Lang.Auth.login_button"] }).click(),
  ]);
  await axeCheck(page, `signed in, ${next}`);
  const lang = await htmlLang(page);
  return { lang, L: LANGS[lang] || EN };
}

// ---------------------------------------------------------------- the camera

// Chromium's flags for a fake camera that plays `file` (.y4m or .mjpeg) in a
// loop: checkin.mjs gives each ticket's QR its own browser.
export function fakeCameraArgs(file) {
  return ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    `--use-file-for-fake-video-capture=${file}`];
}

export async function launch(extraArgs = []) {
  return watched(await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] }));
}

// The axe coverage check, the plan and the exit status (journeys() ends
// with it; a journey that runs without `journeys` calls it last).
export function tapEnd() {
  axeCoverage();
  console.log(`1..${n}`);
  process.exit(failed ? 1 : 0);
}

// A Y4M video (a header, then raw YUV 4:2:0 frames) of a QR code: `modules`
// the dark squares [[x, y]…] of a size×size code (quiet zone included),
// each drawn as `scale` pixels on white (fewer if the code would not fit),
// centred in a 640×480 frame.
export function qrY4m(file, modules, size, scale = 8, frames = 10) {
  const W = 640, H = 480;
  scale = Math.min(scale, Math.floor(H / size));
  if (scale < 2) throw new Error(`a ${size}-module QR does not fit a ${W}×${H} frame`);
  const y = Buffer.alloc(W * H, 235);
  const x0 = Math.floor((W - size * scale) / 2), y0 = Math.floor((H - size * scale) / 2);
  for (const [mx, my] of modules) {
    for (let dy = 0; dy < scale; dy++) {
      y.fill(16, (y0 + my * scale + dy) * W + x0 + mx * scale, (y0 + my * scale + dy) * W + x0 + (mx + 1) * scale);
    }
  }
  const uv = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const parts = [Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`)];
  for (let i = 0; i < frames; i++) parts.push(Buffer.from("FRAME\n"), y, uv);
  fs.writeFileSync(file, Buffer.concat(parts));
}
