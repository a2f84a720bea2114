// The learner's own page (GET /c/{id}?expires=T&sig=S, issue 20) in headless Chromium, as a
// phone and as a desktop: the certificate under its verdict; Download PDF and Download
// credential hand out the PDF and the whole credential; Add to LinkedIn is prefilled; the
// verification link is there to copy (with the copy button where scripts run, and without
// it where they do not). A revoked or suspended certificate's page says so and offers no
// download, and its PDF is refused through every kind of link; a replaced one leads to the
// newer certificate; a PDF not made yet is said to be on its way; an expired or altered link
// is refused. Headers keep the page private; axe-core finds no serious or critical violation.
// Usage: node learner_page.mjs BASE_URL DEMO_DIR ARTIFACT_DIR, with the environment:
//   LINK_KEY       the key the server checks links with (PRAMAAN_LINK_KEY)
//   VALID_LINK, QUALIFICATION_LINK, REVOKED_LINK, SUSPENDED_LINK, SUPERSEDED_LINK,
//   PENDING_LINK   learners' links from `pramaan link`
//   SUCCESSOR_ID   the certificate that replaced SUPERSEDED_LINK's
import {createHmac} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {chromium} from 'playwright-core';
import {check, checkAxe, finish, kChromium, kDesktop, kPhone, screenshot, widths} from
    './browser_common.mjs';

const [baseUrl, demoDir, artifactDir] = process.argv.slice(2);
if (!artifactDir) {
  console.error('usage: node learner_page.mjs BASE_URL DEMO_DIR ARTIFACT_DIR');
  process.exit(2);
}
const env = process.env;
// The base URL the credentials name (the configuration's), which links and the share link use.
const configBase = JSON.parse(readFileSync(join(demoDir, 'pramaan.json'), 'utf8')).base_url;

// The path and query of a learner's link, to open on this server; and its id.
function pathOf(link) {
  const url = new URL(link);
  return url.pathname + url.search;
}
function idOf(link) {
  return new URL(link).pathname.split('/')[2];
}
function hmac(message) {
  return createHmac('sha256', env.LINK_KEY).update(message).digest('base64url');
}

async function open(context, path) {
  const page = await context.newPage();
  const requests = [];
  page.on('request', request => requests.push(request.url()));
  const response = await page.goto(baseUrl + path, {waitUntil: 'load', timeout: 15000});
  return {page, response, requests};
}

// Every check of a valid certificate's page, with scripts on (the copy button) and off.
async function checkValid(browser, name, options, link, expected) {
  const id = idOf(link);
  const context = await browser.newContext({...options, locale: 'en-IN'});
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin: baseUrl});
  try {
    const {page, response, requests} = await open(context, pathOf(link));
    check(response.status() === 200, `${name}: the learner's page answers 200`,
        String(response.status()));
    const headers = response.headers();
    check(headers['referrer-policy'] === 'no-referrer' &&
          headers['cache-control'] === 'private, no-store' && headers['x-robots-tag'] === 'noindex',
        `${name}: the page is private (no Referer sent on, not cached, not indexed)`,
        JSON.stringify(headers));
    check(await page.getAttribute('#verdict', 'data-status') === 'valid',
        `${name}: the verdict is valid`);
    const text = await page.innerText('main');
    for (const value of expected) {
      check(text.includes(value), `${name}: the page shows ${JSON.stringify(value)}`);
    }
    check(requests.every(url => url.startsWith(baseUrl)),
        `${name}: nothing is fetched from elsewhere`, requests.join(' '));

    const pdfHref = await page.getAttribute('#download-pdf', 'href');
    const pdf = await page.request.get(baseUrl + pdfHref);
    check(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf' &&
          (await pdf.body()).subarray(0, 5).toString() === '%PDF-' &&
          pdf.headers()['content-disposition'].startsWith('attachment'),
        `${name}: Download PDF gives the certificate PDF as a download`,
        `${pdf.status()} ${JSON.stringify(pdf.headers())}`);
    const credentialHref = await page.getAttribute('#download-credential', 'href');
    const credential = await page.request.get(baseUrl + credentialHref);
    const body = credential.status() === 200 ? await credential.json() : {};
    check(body.credentialSubject?.name === expected[0] && body.proof?.type === 'DataIntegrityProof',
        `${name}: Download credential gives the signed credential (Open Badges 3.0 JSON)`,
        `${credential.status()} ${JSON.stringify(body).slice(0, 200)}`);

    const linkedin = new URL(await page.getAttribute('#linkedin', 'href'));
    const params = linkedin.searchParams;
    check(linkedin.origin === 'https://www.linkedin.com' && linkedin.pathname === '/profile/add' &&
          params.get('startTask') === 'CERTIFICATION_NAME' &&
          params.get('name') === body.credentialSubject?.achievement?.name &&
          params.get('organizationName').length > 0 &&
          params.get('issueYear') === body.validFrom.slice(0, 4) &&
          params.get('issueMonth') === String(Number(body.validFrom.slice(5, 7))) &&
          params.get('certUrl') === `${configBase}/v/${id}` && params.get('certId') === id,
        `${name}: Add to LinkedIn is prefilled (name, organisation, month and year, URL, id)`,
        linkedin.href);

    const share = await page.inputValue('#share-link');
    check(share === `${configBase}/v/${id}`, `${name}: the verification link to share is there`,
        share);
    check(await page.isVisible('#copy'), `${name}: the copy button shows where scripts run`);
    await page.click('#copy');
    await page.waitForFunction(() => document.getElementById('copied').textContent !== '');
    check(await page.evaluate(() => navigator.clipboard.readText()) === share,
        `${name}: the copy button copies the verification link`);
    const [scrollWidth, innerWidth] = await widths(page);
    check(scrollWidth <= innerWidth, `${name}: no sideways scrolling`,
        `${scrollWidth} > ${innerWidth}`);
    await screenshot(page, artifactDir, `${name}.png`);
  } finally {
    await context.close();
  }
  // Without scripts the page still does everything but copy for you.
  const quiet = await browser.newContext({...options, javaScriptEnabled: false});
  try {
    const {page} = await open(quiet, pathOf(link));
    check(await page.isVisible('#download-pdf') && await page.isVisible('#share-link') &&
          !await page.isVisible('#copy'),
        `${name}: without scripts the downloads and the link are there, the copy button is not`);
  } finally {
    await quiet.close();
  }
  await checkAccessibility(browser, name, options, pathOf(link));
}

// axe-core in a context with the CSP bypassed (its script is injected).
async function checkAccessibility(browser, name, options, path) {
  const context = await browser.newContext({...options, bypassCSP: true});
  try {
    const page = await context.newPage();
    await page.goto(baseUrl + path, {waitUntil: 'load'});
    await checkAxe(page, name, path.split('?')[0]);
  } finally {
    await context.close();
  }
}

// A revoked or suspended certificate: said so, nothing to download, and the PDF refused
// through the learner's link and through a signed PDF link alike.
async function checkWithheld(browser, name, options, link, status, words) {
  const id = idOf(link);
  const context = await browser.newContext({...options, javaScriptEnabled: false});
  try {
    const {page, response} = await open(context, pathOf(link));
    check(response.status() === 200 &&
          await page.getAttribute('#verdict', 'data-status') === status,
        `${name}: the learner's page says ${status}`);
    const text = await page.innerText('main');
    check(text.includes(words), `${name}: the page says ${JSON.stringify(words)}`, text);
    check(await page.isVisible('#withheld') && await page.$('#download-pdf') === null &&
          await page.$('#download-credential') === null && await page.$('#linkedin') === null,
        `${name}: nothing is offered to download or share`);
    const query = new URL(link).search;
    const viaPage = await page.request.get(`${baseUrl}/c/${id}/certificate.pdf${query}`);
    const expires = new URL(link).searchParams.get('expires');
    const viaPdfLink = await page.request.get(
        `${baseUrl}/credentials/${id}.pdf?expires=${expires}&sig=${hmac(`${id}\n${expires}`)}`);
    check(viaPage.status() === 403 && viaPdfLink.status() === 403,
        `${name}: its PDF is refused through the learner's link and a signed PDF link (403)`,
        `${viaPage.status()}, ${viaPdfLink.status()}`);
    await screenshot(page, artifactDir, `${name}.png`);
  } finally {
    await context.close();
  }
  await checkAccessibility(browser, name, options, pathOf(link));
}

async function checkSuperseded(browser, name, options) {
  const context = await browser.newContext({...options, javaScriptEnabled: false});
  try {
    const {page} = await open(context, pathOf(env.SUPERSEDED_LINK));
    check(await page.getAttribute('#verdict', 'data-status') === 'superseded' &&
          await page.isVisible('#withheld'),
        `${name}: a replaced certificate's page says so and offers no download`);
    await screenshot(page, artifactDir, `${name}.png`);
    await page.click('#newer');
    await page.waitForLoadState('load');
    check(page.url().includes(`/c/${env.SUCCESSOR_ID}?`) &&
          await page.getAttribute('#verdict', 'data-status') === 'valid' &&
          await page.isVisible('#download-pdf'),
        `${name}: "Open your new certificate" opens the newer certificate's page`, page.url());
  } finally {
    await context.close();
  }
}

async function checkPending(browser, name, options) {
  const context = await browser.newContext({...options, javaScriptEnabled: false});
  try {
    const {page} = await open(context, pathOf(env.PENDING_LINK));
    check(await page.isVisible('#pdf-pending') && await page.$('#download-pdf') === null &&
          await page.isVisible('#download-credential'),
        `${name}: while the PDF is being made the page says so; the credential is there`);
    await screenshot(page, artifactDir, `${name}.png`);
  } finally {
    await context.close();
  }
}

// A link past its time (correctly signed), and one with its signature or id altered.
async function checkRefusedLinks(browser, name, options) {
  const id = idOf(env.VALID_LINK);
  const past = Math.floor(Date.now() / 1000) - 60;
  const {searchParams} = new URL(env.VALID_LINK);
  const sig = searchParams.get('sig');
  const altered = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
  const other = idOf(env.REVOKED_LINK);
  const cases = [
    ['expired', `/c/${id}?expires=${past}&sig=${hmac(`learner\n${id}\n${past}`)}`],
    ['altered', `/c/${id}?expires=${searchParams.get('expires')}&sig=${altered}`],
    ['another id', `/c/${other}?expires=${searchParams.get('expires')}&sig=${sig}`],
    ['a PDF link\'s signature', `/c/${id}?expires=${searchParams.get('expires')}&sig=` +
        hmac(`${id}\n${searchParams.get('expires')}`)],
  ];
  const context = await browser.newContext({...options, javaScriptEnabled: false});
  try {
    for (const [what, path] of cases) {
      const {page, response} = await open(context, path);
      check(response.status() === 403 && await page.isVisible('#refused') &&
            await page.$('#verdict') === null,
          `${name}: a link with ${what} is refused (403, no certificate shown)`,
          String(response.status()));
      if (what === 'expired') await screenshot(page, artifactDir, `${name}.png`);
      await page.close();
    }
    const download = await context.request.get(
        `${baseUrl}/c/${id}/credential.json?expires=${past}&sig=${hmac(`learner\n${id}\n${past}`)}`);
    check(download.status() === 403, `${name}: an expired link downloads nothing (403)`);
  } finally {
    await context.close();
  }
  await checkAccessibility(browser, name, options, cases[0][1]);
}

const browser = await chromium.launch({executablePath: kChromium, args: ['--no-sandbox']});
try {
  for (const [options, size] of [[kPhone, 'phone'], [kDesktop, 'desktop']]) {
    await checkValid(browser, `${size}-learner`, options, env.VALID_LINK,
        ['Asha Verma', 'आशा वर्मा', 'Digital Governance Foundations', 'Download PDF']);
    await checkValid(browser, `${size}-learner-qualification`, options, env.QUALIFICATION_LINK,
        ['Sumitra Das', 'সুমিত্রা দাস', 'Public Service Delivery Associate']);
    await checkWithheld(browser, `${size}-learner-revoked`, options, env.REVOKED_LINK, 'revoked',
        'it has been revoked');
    await checkWithheld(browser, `${size}-learner-suspended`, options, env.SUSPENDED_LINK,
        'suspended', 'it is suspended');
    await checkSuperseded(browser, `${size}-learner-superseded`, options);
    await checkPending(browser, `${size}-learner-pdf-pending`, options);
    await checkRefusedLinks(browser, `${size}-learner-link-refused`, options);
  }
} finally {
  await browser.close();
}
finish();
