// Lighthouse 12.2.3 (npm, in package-lock.json) over the public pages: home,
// an event page, sign-in, registration and "Find my tickets", at the phone
// (mobile emulation) and desktop presets, in Debian's Chromium headless.  One
// check per page and category: accessibility and best practices score 100,
// and a failing audit is named with its items.  Lighthouse's HTML report of
// each run goes to $KAMETAY_VAR/artifacts/lighthouse/.
//
// Run by run.sh like the journeys; TAP on stdout.  chrome-launcher (a
// dependency of lighthouse, pinned beside it) starts the browser on a free port.

import fs from "node:fs";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { CHROMIUM, URL_BASE, VAR, diag, ok, sql, tapEnd } from "./lib.mjs";

const OUT = path.join(VAR, "artifacts", "lighthouse");
const CATEGORIES = ["accessibility", "best-practices"];

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const ev = sql(`SELECT id FROM events WHERE status = 'published' AND starts_at > UTC_TIMESTAMP()
                  ORDER BY seated DESC, id LIMIT 1`);
  const pages = { home: "/", event: ev.length ? `/events/${ev[0][0]}` : null, "sign-in": "/login",
    register: "/register", "find-tickets": "/tickets/find" };
  ok(pages.event !== null, "the demo data has a published event to audit");
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM,
    chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"] });
  try {
    for (const preset of ["mobile", "desktop"]) {
      for (const [name, p] of Object.entries(pages)) {
        if (p === null) continue;
        const flags = { port: chrome.port, output: "html", logLevel: "error", onlyCategories: CATEGORIES,
          ...(preset === "desktop" ? { formFactor: "desktop", screenEmulation: { mobile: false, width: 1280,
            height: 900, deviceScaleFactor: 1, disabled: false } } : {}) };
        const run = await lighthouse(URL_BASE + p, flags);
        fs.writeFileSync(path.join(OUT, `${name}-${preset}.html`), run.report);
        const lhr = run.lhr;
        if (lhr.runtimeError) diag(`${p}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
        for (const cat of CATEGORIES) {
          const c = lhr.categories[cat];
          const score = c && c.score !== null ? Math.round(c.score * 100) : null;
          const failing = c ? c.auditRefs.filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null
            && lhr.audits[r.id].score < 1).map((r) => {
            const a = lhr.audits[r.id];
            const items = (a.details && a.details.items) || [];
            return `${r.id}: ${a.title} ${items.slice(0, 3).map((i) => JSON.stringify(i.node ? i.node.snippet : i)).join(" ")}`;
          }) : [];
          ok(score === 100, `lighthouse ${preset}: ${p} ${cat} ${score}`, failing.join("\n"));
        }
      }
    }
  } finally {
    await chrome.kill();
  }
  tapEnd();
}

main().catch((e) => {
  diag(e && e.stack ? e.stack : String(e));
  ok(false, "the Lighthouse run could not run");
  tapEnd();
});
