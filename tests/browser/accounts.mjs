// Issue 3 in Chromium: the account journey at a phone width (390 px) and a
// desktop width (1280 px), then keyboard-only use and form labels.
//
// Run by accounts.sh (which skips when there is no stack, no Chromium or no
// node_modules).  Prints TAP: one line per check, the plan at the end, so a
// run that dies half-way is an error for the TAP driver.  Screenshots of
// every step go to $KAMETAY_VAR/artifacts/screenshots/<step>-<width>.png.

import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const URL_BASE = process.env.KAMETAY_URL;
const MAILDIR = process.env.KAMETAY_MAILDIR;
const VAR = process.env.KAMETAY_VAR;
const CHROMIUM = process.env.KAMETAY_CHROMIUM || "/usr/bin/chromium";
const SHOTS = path.join(VAR, "artifacts", "screenshots");
const PASSWORD = "browser pass phrase";
const WIDTHS = [390, 1280];

// ---------------------------------------------------------------- TAP

let n = 0;
let failed = 0;

function diag(msg) {
  for (const line of String(msg).split("\n")) console.log("# " + line);
}

function ok(cond, desc, info) {
  n += 1;
  console.log(`${cond ? "ok" : "not ok"} ${n} - ${desc.replace(/#/g, "\\#")}`);
  if (!cond) {
    failed += 1;
    if (info !== undefined) diag(typeof info === "string" ? info : JSON.stringify(info));
  }
  return !!cond;
}

// ---------------------------------------------------------------- strings

// The few English strings the checks look for, read from the language file
// so a reworded message does not break the test.
function hdfStrings(file) {
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

const ROOT = process.env.KAMETAY_ROOT || path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
const EN = hdfStrings(path.join(ROOT, "hdf", "lang", "en.hdf"));
const RU = { ...EN, ...hdfStrings(path.join(ROOT, "hdf", "lang", "ru.hdf")) };

// ---------------------------------------------------------------- mail

// The text/plain body of a stored message (base64 parts, as mail.c writes them).
function mailText(raw) {
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

function mailsTo(to) {
  const out = [];
  for (const sub of ["new", "cur"]) {
    const dir = path.join(MAILDIR, sub);
    let names = [];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      let raw;
      try {
        raw = fs.readFileSync(path.join(dir, name), "utf8");
      } catch {
        continue;
      }
      const re = new RegExp("^To: " + to.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "\\r?$", "mi");
      if (re.test(raw)) out.push(raw);
    }
  }
  return out;
}

async function waitLink(to, linkPath, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  const re = new RegExp("https?://[^\\s\"<>]+(" + linkPath.replace(/[/?]/g, "\\$&") + "\\?token=[A-Za-z0-9_-]+)");
  while (Date.now() < deadline) {
    for (const raw of mailsTo(to)) {
      const m = mailText(raw).match(re);
      if (m) return m[1];
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

// ---------------------------------------------------------------- pages

async function shot(page, step, width) {
  await page.screenshot({ path: path.join(SHOTS, `${step}-${width}.png`), fullPage: true });
}

async function htmlLang(page) {
  return page.evaluate(() => document.documentElement.lang);
}

async function flashText(page) {
  const f = page.locator(".flash p");
  return (await f.count()) ? (await f.first().innerText()).trim() : "";
}

// The page is no wider than the window (nothing to scroll sideways).
async function fitsWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

// Every visible form control in <main> and the header has an accessible name
// from a <label>, aria-label or aria-labelledby; returns those that do not.
async function unlabelled(page) {
  return page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll("input, select, textarea")) {
      if (el.type === "hidden") continue;
      const named = (el.labels && el.labels.length > 0 && [...el.labels].some((l) => l.textContent.trim() !== ""))
        || (el.getAttribute("aria-label") || "").trim() !== ""
        || (el.getAttribute("aria-labelledby") || "").split(/\s+/).some((id) => id && document.getElementById(id));
      if (!named) bad.push(el.outerHTML.slice(0, 120));
    }
    for (const el of document.querySelectorAll("button")) {
      if ((el.textContent || "").trim() === "" && !(el.getAttribute("aria-label") || "").trim()) {
        bad.push(el.outerHTML.slice(0, 120));
      }
    }
    return bad;
  });
}

function unique(tag) {
  return `acc-br-${tag}-${process.pid}${Math.floor(Math.random() * 0xffff).toString(16)}@example.com`;
}

// ---------------------------------------------------------------- the journey

async function journey(browser, width) {
  const ctx = await browser.newContext({
    viewport: { width, height: width < 600 ? 844 : 900 },
    locale: "en-GB",
    deviceScaleFactor: 1,
  });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15000);
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  const email = unique(String(width));
  const w = `${width} px`;

  try {
    // register through the form
    await page.goto(URL_BASE + "/register");
    await shot(page, "register-form", width);
    ok(await fitsWidth(page), `${w}: the registration form fits the width`);
    await page.getByLabel(EN["Lang.Auth.first_name"], { exact: true }).fill("Dana");
    await page.getByLabel(EN["Lang.Auth.last_name"], { exact: true }).fill("Browser");
    await page.getByLabel(EN["Lang.Auth.age"], { exact: true }).fill("27");
    await page.getByLabel(EN["Lang.Auth.email"], { exact: true }).fill(email);
    await page.getByLabel(EN["Lang.Auth.password"], { exact: true }).fill(PASSWORD);
    await shot(page, "register-filled", width);
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/login"),
      page.getByRole("button", { name: EN["Lang.Auth.register_button"] }).click(),
    ]);
    await shot(page, "registered", width);
    ok((await flashText(page)) === EN["Lang.Flash.registered"], `${w}: register, the flash says the account is ready`,
      await flashText(page));

    // the link from the Maildir
    const link = await waitLink(email, "/verify");
    ok(link !== null, `${w}: the verification mail with its link is in the Maildir`);
    if (link === null) return;
    await page.goto(URL_BASE + link);
    await shot(page, "verified", width);
    ok((await page.locator(".alert-success").innerText()).includes(EN["Lang.Auth.verify_ok"]),
      `${w}: the link confirms the address`);

    // sign in
    await page.goto(URL_BASE + "/login");
    await page.getByLabel(EN["Lang.Auth.email"], { exact: true }).fill(email);
    await page.getByLabel(EN["Lang.Auth.password"], { exact: true }).fill(PASSWORD);
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/"),
      page.getByRole("button", { name: EN["Lang.Auth.login_button"] }).click(),
    ]);
    await shot(page, "signed-in", width);
    ok((await flashText(page)) === EN["Lang.Flash.logged_in"], `${w}: signed in, with the flash`);
    const cookies = await ctx.cookies();
    const sid = cookies.find((c) => c.name === "sid");
    ok(sid && sid.httpOnly && sid.sameSite === "Lax", `${w}: the session cookie is HttpOnly and SameSite=Lax`,
      sid || cookies.map((c) => c.name));
    // the name is hidden below 26rem (the header has no room), shown from there on
    ok((await page.locator(".user-name").textContent()).includes("Dana")
      && (width < 600 || await page.locator(".user-name").isVisible()),
    `${w}: the header carries the user's name${width < 600 ? "" : " and shows it"}`);
    ok(await page.locator(".notice").count() === 0, `${w}: no 'confirm your address' notice once verified`);
    ok(await fitsWidth(page), `${w}: the home page fits the width when signed in`);

    // edit the profile
    await page.goto(URL_BASE + "/account");
    await shot(page, "account", width);
    ok(await fitsWidth(page), `${w}: the account page fits the width`);
    await page.getByLabel(EN["Lang.Auth.first_name"], { exact: true }).fill("Dariga");
    await page.getByLabel(EN["Lang.Auth.age"], { exact: true }).fill("28");
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/account"),
      page.getByRole("button", { name: EN["Lang.Account.save"] }).click(),
    ]);
    await shot(page, "profile-saved", width);
    ok((await flashText(page)) === EN["Lang.Flash.profile_saved"], `${w}: profile saved, with the flash`);
    ok(await page.getByLabel(EN["Lang.Auth.first_name"], { exact: true }).inputValue() === "Dariga"
      && await page.getByLabel(EN["Lang.Auth.age"], { exact: true }).inputValue() === "28",
    `${w}: the form shows the saved values`);
    ok((await page.locator(".user-name").textContent()).includes("Dariga"), `${w}: the header has the new name`);

    // the language switcher
    ok(await htmlLang(page) === "en", `${w}: the page is in English first`);
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/account"),
      page.locator('.lang-switch a[hreflang="ru"]').click(),
    ]);
    await shot(page, "lang-ru", width);
    ok(await htmlLang(page) === "ru", `${w}: the switcher makes <html lang> ru and stays on the page`, await htmlLang(page));
    ok((await page.locator("h1").first().innerText()).trim() === RU["Lang.Account.heading"],
      `${w}: the account page heading is Russian`);
    ok(await page.locator('.lang-switch a[hreflang="ru"]').getAttribute("aria-current") === "true",
      `${w}: the switcher marks Russian as current`);

    // sign out (the button is Russian now)
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/"),
      page.getByRole("button", { name: RU["Lang.Nav.logout"] }).click(),
    ]);
    await shot(page, "signed-out", width);
    ok((await flashText(page)) === RU["Lang.Flash.logged_out"], `${w}: signed out, with the Russian flash`);
    ok(await page.locator(".user-box").count() === 0 && !(await ctx.cookies()).some((c) => c.name === "sid"),
      `${w}: no user box and no session cookie after signing out`);
    await page.goto(URL_BASE + "/account");
    ok(new URL(page.url()).pathname === "/login", `${w}: /account now leads to the sign-in page`, page.url());
    ok(errors.length === 0, `${w}: no script errors on any page`, errors.join("\n"));
  } finally {
    await ctx.close();
  }
}

// ---------------------------------------------------------------- keyboard

async function keyboard(browser, width) {
  const ctx = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 }, locale: "en-GB" });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15000);
  const w = `${width} px`;
  try {
    for (const p of ["/", "/register", "/login", "/password/forgot"]) {
      await page.goto(URL_BASE + p);
      await page.keyboard.press("Tab");
      const first = await page.evaluate(() => {
        const a = document.activeElement;
        const r = a.getBoundingClientRect();
        return { cls: a.className, href: a.getAttribute("href"), visible: r.top >= 0 && r.bottom <= window.innerHeight && r.width > 1 };
      });
      if (p === "/register") await shot(page, "skip-link", width);
      ok(first.cls === "skip-link" && first.href === "#main" && first.visible,
        `${w}: on ${p} the first Tab reaches the skip link, and it shows`, first);
      const bad = await unlabelled(page);
      ok(bad.length === 0, `${w}: every form control on ${p} has a label`, bad.join("\n"));
    }

    // the skip link moves the focus to <main>
    await page.goto(URL_BASE + "/login");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    const inMain = await page.evaluate(() => document.activeElement.id === "main" || !!document.activeElement.closest("main"));
    ok(inMain, `${w}: Enter on the skip link puts the focus in <main>`);

    // register and sign in with the keyboard alone
    const email = unique("kb" + width);
    await page.goto(URL_BASE + "/register");
    const typed = { first_name: "Kei", last_name: "Board", age: "33", email, password: PASSWORD };
    let seen = 0;
    for (let i = 0; i < 40 && seen < Object.keys(typed).length; i++) {
      await page.keyboard.press("Tab");
      const id = await page.evaluate(() => document.activeElement.id);
      if (Object.prototype.hasOwnProperty.call(typed, id)) {
        await page.keyboard.type(typed[id]);
        seen += 1;
      }
    }
    await Promise.all([page.waitForURL((u) => u.pathname === "/login"), page.keyboard.press("Enter")]);
    await shot(page, "keyboard-registered", width);
    ok((await flashText(page)) === EN["Lang.Flash.registered"], `${w}: registration by keyboard alone`, await flashText(page));

    await page.keyboard.press("Tab");       // skip link
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(() => document.activeElement.id) === "email") break;
    }
    await page.keyboard.type(email);
    await page.keyboard.press("Tab");
    ok(await page.evaluate(() => document.activeElement.id) === "password", `${w}: Tab goes from the address to the password`);
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.keyboard.press("Enter")]);
    await shot(page, "keyboard-signed-in", width);
    ok((await flashText(page)) === EN["Lang.Flash.logged_in"], `${w}: sign in by keyboard alone`);
    // unverified: the notice and its button are reachable and labelled
    ok(await page.locator(".notice button").count() === 1, `${w}: the unverified notice offers the resend button`);
    await page.goto(URL_BASE + "/account");
    await shot(page, "keyboard-account", width);
    const bad = await unlabelled(page);
    ok(bad.length === 0, `${w}: every form control on /account has a label`, bad.join("\n"));
    const focusVisible = await page.evaluate(async () => {
      const el = document.getElementById("first_name");
      el.focus();
      const s = getComputedStyle(el);
      return s.outlineStyle !== "none" || s.boxShadow !== "none";
    });
    ok(focusVisible, `${w}: a focused field shows a focus ring`);
  } finally {
    await ctx.close();
  }
}

// ---------------------------------------------------------------- main

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    for (const width of WIDTHS) {
      for (const section of [journey, keyboard]) {
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
  console.log(`1..${n}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  diag(e && e.stack ? e.stack : String(e));
  console.log(`not ok ${n + 1} - the browser tests could not run`);
  console.log(`1..${n + 1}`);
  process.exit(1);
});
