// What the browser tests share: the browser, the two screen sizes, the pass/fail count,
// screenshots and the axe-core check.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {createRequire} from 'node:module';

export const kChromium = '/usr/bin/chromium';

export const kPhone = {
  viewport: {width: 390, height: 844},
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};
export const kDesktop = {viewport: {width: 1366, height: 768}};

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
    'utf8');

let passed = 0;
let failed = 0;

// Prints "ok: WHAT" or "FAIL: WHAT: DETAIL" and counts it.
export function check(ok, what, detail = '') {
  if (ok) {
    passed += 1;
    console.log(`ok: ${what}`);
  } else {
    failed += 1;
    console.log(`FAIL: ${what}${detail ? `: ${detail}` : ''}`);
  }
  return ok;
}

// Prints the count and exits 1 if any check failed.
export function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

// Saves a full-page screenshot of `page` as DIR/FILE and says where.
export async function screenshot(page, dir, file) {
  await page.screenshot({path: join(dir, file), fullPage: true});
  console.log(`   screenshot ${join(dir, file)}`);
}

// axe-core (WCAG 2 A and AA rules) on what `page` shows (its context with JavaScript on and
// the page's CSP bypassed): no serious or critical violation.
export async function checkAxe(page, name, what) {
  await page.addScriptTag({content: axeSource});
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, {
      runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
    });
    return result.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}));
  });
  const bad = violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
  check(bad.length === 0,
      `${name}: axe-core finds no serious or critical accessibility violation on ${what} ` +
      `(${violations.length} minor)`, JSON.stringify(bad));
}

// Whether the page scrolls sideways: [scrollWidth, innerWidth].
export async function widths(page) {
  return page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
}
