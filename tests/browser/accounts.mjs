// Issue 3 in Chromium: the account journey at a phone width (390 px) and a
// desktop width (1280 px), then keyboard-only use and form labels.
//
// Run by run.sh through lib.mjs; TAP on stdout.  Screenshots go to
// $KAMETAY_VAR/artifacts/screenshots/<step>-<width>.png.

import {
  EN, LANGS, URL_BASE, axeCheck, fitsWidth, flashText, htmlLang, journeys, mailText, mailsTo, ok, shooter, unique,
  unlabelled, waitFor,
} from "./lib.mjs";

const PASSWORD = "browser pass phrase";
const RU = LANGS.ru;
const shot = shooter("");

// ---------------------------------------------------------------- mail and addresses

async function waitLink(to, linkPath, timeoutMs = 20000) {
  const re = new RegExp("https?://[^\\s\"<>]+(" + linkPath.replace(/[/?]/g, "\\$&") + "\\?token=[A-Za-z0-9_-]+)");
  return waitFor(() => {
    for (const raw of mailsTo(to)) {
      const m = mailText(raw).match(re);
      if (m) return m[1];
    }
    return null;
  }, timeoutMs);
}

// A fresh address no other run uses.
function address(tag) {
  return `${unique(`acc-br-${tag}-`)}@example.com`;
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
  const email = address(String(width));
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
    // registering signs the visitor in (issue 13) and goes to the account page
    await Promise.all([
      page.waitForURL((u) => u.pathname === "/account"),
      page.getByRole("button", { name: EN["Lang.Auth.register_button"] }).click(),
    ]);
    await shot(page, "registered", width);
    ok((await flashText(page)) === EN["Lang.Flash.registered_in"], `${w}: register, signed in, the flash says so`,
      await flashText(page));
    // the rest of the journey is a returning visitor on another browser
    await ctx.clearCookies();

    // the link from the Maildir
    const link = await waitLink(email, "/verify");
    ok(link !== null, `${w}: the verification mail with its link is in the Maildir`);
    if (link === null) return;
    // the link confirms the address and signs its account in (issue 13), on to /account
    await page.goto(URL_BASE + link);
    await shot(page, "verified", width);
    ok(new URL(page.url()).pathname === "/account" && (await flashText(page)) === EN["Lang.Flash.verified_in"],
      `${w}: the link confirms the address and signs in`, page.url() + " " + (await flashText(page)));
    await ctx.clearCookies();	// the link signed its account in: sign in by hand below

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
      page.locator('.lang-switch button[lang="ru"]').click(),
    ]);
    await shot(page, "lang-ru", width);
    ok(await htmlLang(page) === "ru", `${w}: the switcher makes <html lang> ru and stays on the page`, await htmlLang(page));
    ok((await page.locator("h1").first().innerText()).trim() === RU["Lang.Account.heading"],
      `${w}: the account page heading is Russian`);
    ok(await page.locator('.lang-switch button[lang="ru"]').getAttribute("aria-current") === "true",
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
      await axeCheck(page, `${p} at ${width} px`);
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
    const email = address("kb" + width);
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
    await Promise.all([page.waitForURL((u) => u.pathname === "/account"), page.keyboard.press("Enter")]);
    await shot(page, "keyboard-registered", width);
    ok((await flashText(page)) === EN["Lang.Flash.registered_in"], `${w}: registration by keyboard alone`, await flashText(page));
    // signed in by registering: sign in again by keyboard, as a returning visitor
    await ctx.clearCookies();
    await page.goto(URL_BASE + "/login");

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

journeys([journey, keyboard]);
