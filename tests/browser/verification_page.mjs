// The public verification page (GET /v/{id}) in headless Chromium from Debian with JavaScript
// disabled, as a phone and as a desktop, in English and in Hindi (Accept-Language: hi-IN):
// the verdict and what the printed certificate shows (issue 19: names in English and in the
// certificate's own script, Bengali and Tamil included; hours and provider of a course; NQR
// code, NSQF level, credits, grade, assessment agency and awarding body of a qualification)
// are shown; the subject's email, APAAR id, a course's score and a qualification's marks are
// not, anywhere in the HTML; the phone needs no sideways scrolling; an unknown id is a 404 in a
// warning style; GET / takes a typed certificate number (capitals and dashes allowed) to its
// page. axe-core finds no serious or critical violation on any page. Full-page screenshots go
// to ARTIFACT_DIR.
// Prints one "ok: ..." line per check passed and one "FAIL: ..." line per check failed, and
// exits 1 if any failed.
// Usage: node verification_page.mjs BASE_URL DEMO_DIR EXAMPLES_DIR ARTIFACT_DIR
//   BASE_URL      where `pramaan serve` listens, e.g. http://127.0.0.1:40123
//   DEMO_DIR      the --dir of `pramaan demo` (its credentials/*.json are the ones served)
//   EXAMPLES_DIR  the sample records the demo issued (examples/)
import {readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {chromium} from 'playwright-core';
import {check, checkAxe, finish, kChromium, kDesktop, kPhone, screenshot as screenshotIn} from
    './browser_common.mjs';

const [baseUrl, demoDir, examplesDir, artifactDir] = process.argv.slice(2);
if (!artifactDir) {
  console.error('usage: node verification_page.mjs BASE_URL DEMO_DIR EXAMPLES_DIR ARTIFACT_DIR');
  process.exit(2);
}

// From the request to the load event, on loopback. Generous, but a page that takes longer
// is broken for someone standing at a desk with a scanned QR code.
const kLoadLimitMs = 1000;
// Body text smaller than this is hard to read on a phone held at arm's length.
const kMinBodyFontPx = 14;
// No text at all (labels, footer) smaller than this.
const kMinAnyFontPx = 12;
// The verdict in each language (api/verification_page.cc, CredentialState::kValid).
const kValidEnglish = 'Valid';
const kValidHindi = 'मान्य';
const kDevanagari = /[\u0900-\u097F]/;
// The server's own font for each certificate language tested (api/page_fonts.h).
const kScriptFonts = {
  hi: 'NotoSansDevanagari-Regular.ttf',
  bn: 'NotoSansBengali-Regular.ttf',
  ta: 'NotoSansTamil-Regular.ttf',
  ur: 'NotoNastaliqUrdu-Regular.ttf',
};
// Well formed (20 characters of base32) but never issued.
const kUnknownId = 'aaaaaaaaaaaaaaaaaaaa';


function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Matches `value` only as a whole token, so "78" does not match "1978" or "7.8".
function tokenPattern(value) {
  return new RegExp(`(?<![\\p{L}\\p{N}.])${escapeRegExp(value)}(?![\\p{L}\\p{N}]|\\.\\d)`, 'u');
}

// The demo's credential whose subject is `record`'s learner, with its id (the file name) and
// its text as stored.
function findCredential(record) {
  const dir = join(demoDir, 'credentials');
  for (const file of readdirSync(dir).filter(name => name.endsWith('.json')).sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    const credential = JSON.parse(text);
    if (credential.credentialSubject?.name === record.learner.name) {
      return {id: file.slice(0, -'.json'.length), credential, text};
    }
  }
  throw new Error(`no credential in ${dir} for the learner ${record.learner.name}`);
}

// What the page must show, read from the credential (and the learner's name from the record):
// [label, what, value] for each row, as the printed certificate has them (templates/).
function publicFields(record, credential) {
  const subject = credential.credentialSubject;
  if (record) {
    check(subject.name === record.learner.name,
        `${record.source_record_id}: the credential's subject is the record's learner ` +
        `(${record.learner.name})`,
        `credentialSubject.name is ${JSON.stringify(subject.name)}`);
  }
  const achievement = subject.achievement ?? {};
  const qualification = achievement.achievementType === 'Certification';
  const title = qualification ? 'Qualification' : 'Course';
  const fields = [
    ['Name', 'the learner\'s name', subject.name],
    [title, 'the title', achievement.name],
    ['Issued by', 'the issuer name', credential.issuer?.name],
    ['Issued on', 'the date of issue', displayDate(credential.validFrom ?? '')],
  ];
  const [language, localName] = Object.entries(subject.nameLocalized ?? {})[0] ?? [];
  if (localName) fields.push(['Name', `the learner's name in ${language}`, localName]);
  const localTitle = achievement.nameLocalized?.[language];
  if (localTitle) fields.push([title, `the title in ${language}`, localTitle]);
  if (qualification) {
    const level = (achievement.alignment ?? []).find(a => a.targetType === 'ext:NSQFLevel');
    const agency = (credential.evidence ?? []).find(e => e.assessmentAgency)?.assessmentAgency;
    fields.push(
        ['NQR code', 'the NQR code', achievement.humanCode],
        ['NSQF level', 'the NSQF level', level?.targetCode],
        ['Credits', 'the credits earned of available',
          `${subject.creditsEarned} of ${achievement.creditsAvailable}`],
        ['Grade / marks', 'the grade the certificate prints', String(subject.result?.[0]?.value)],
        ['Assessed by', 'the assessment agency', agency],
        ['Awarded by', 'the awarding body', achievement.creator?.name],
        ['Date of award', 'the date of award', displayDate(subject.activityEndDate ?? '')]);
  } else {
    fields.push(
        ['Offered by', 'the course provider',
          achievement.creator?.name ?? achievement.courseProvider],
        ['Notional hours', 'the hours', String(achievement.notionalHours)],
        ['Completed on', 'the completion date', displayDate(subject.activityEndDate ?? '')]);
  }
  for (const [, what, value] of fields) {
    if (!value || value === 'undefined') throw new Error(`the credential has no ${what}`);
  }
  return {fields, language, localName};
}

// What the page must not contain: [what, needle] pairs, each first shown to be in the
// credential file (or, for the email and APAAR id in clear, in its source record, since the
// credential carries them only hashed), so that their absence from the page means something.
function privateValues(record, credential, credentialText) {
  const subject = credential.credentialSubject;
  const source = record.source_record_id;
  const values = [];
  const identifiers = subject.identifier ?? [];
  for (const [type, what, raw] of [['emailAddress', 'email', record.learner.email],
    ['ext:APAARId', 'APAAR id', record.learner.apaar_id]]) {
    const identifier = identifiers.find(i => i.identityType === type);
    check(typeof raw === 'string' && raw.length > 0 && identifier?.identityHash && identifier.salt,
        `${source}: the record has the learner's ${what} and the credential carries it ` +
        `(identifier ${type}, hashed and salted)`,
        `record ${JSON.stringify(raw)}, identifier ${JSON.stringify(identifier)}`);
    values.push([`the ${what} (${raw})`, raw, 'record']);
    if (identifier) {
      values.push([`the ${what}'s identityHash`, identifier.identityHash]);
      values.push([`the ${what}'s hash digest`, identifier.identityHash.replace(/^sha256\$/, '')]);
      values.push([`the ${what}'s salt`, identifier.salt]);
    }
  }
  values.push(['the identity type emailAddress', /emailAddress/i]);
  values.push(['the word APAAR', /APAAR/i]);
  values.push(['the word identityHash', /identityHash/i]);

  // Result values the printout does not show: a course's score; a qualification's marks (its
  // grade, the first result, is printed and shown).
  const resultValues = (subject.result ?? []).map(result => String(result.value));
  const expected = [];
  if (record.score !== undefined) expected.push(['score', String(record.score)]);
  if (record.assessment?.marks !== undefined) {
    expected.push(['marks', String(record.assessment.marks)]);
  }
  check(expected.length > 0 && expected.every(([, value]) => resultValues.includes(value)),
      `${source}: the credential carries the result values ` +
      `(${expected.map(([kind, value]) => `${kind} ${value}`).join(', ')})`,
      `credentialSubject.result values are ${JSON.stringify(resultValues)}`);
  for (const [kind, value] of expected) {
    values.push([`the ${kind} (${value})`, tokenPattern(value)]);
  }
  if (subject.achievement?.achievementType !== 'Certification') {
    values.push(['the words score, marks or grade', /\b(score|marks|grade)\b/i]);
  }

  const recordText = JSON.stringify(record);
  const absent = values.filter(([, needle, where]) =>
    !contains(where === 'record' ? recordText : credentialText, needle));
  check(absent.length === 0,
      `${source}: all ${values.length} private values looked for on the page are in the ` +
      'credential file (the email and APAAR id in clear: in its record)',
      `not found: ${absent.map(([what]) => what).join('; ')}`);
  return values.map(([what, needle]) => [what, needle]);
}

function contains(text, needle) {
  return typeof needle === 'string' ? text.includes(needle) : needle.test(text);
}

// Saves a full-page screenshot of `page` as ARTIFACT_DIR/FILE and says where.
async function screenshot(page, file) {
  await screenshotIn(page, artifactDir, file);
}

// Opens `path` in a new page of `context`, timing it from the request to the load event.
// Returns {page, response, error, ms}; `error` is set (and `response` null) if it did not load.
async function open(context, path) {
  const page = await context.newPage();
  const requests = [];
  page.on('request', request => requests.push(request.url()));
  const start = performance.now();
  let response = null;
  let error = null;
  try {
    response = await page.goto(baseUrl + path, {waitUntil: 'load', timeout: 15000});
  } catch (e) {
    error = e;
  }
  return {page, response, error, ms: Math.round(performance.now() - start), requests};
}

// Every check of the valid credential's page in one browser context.
async function checkValidPage(browser, name, options, language, subject) {
  const {id, forbidden} = subject;
  const {fields, language: local, localName} = subject.fields;
  const context = await browser.newContext({
    ...options,
    javaScriptEnabled: false,
    locale: language === 'hi' ? 'hi-IN' : 'en-IN',
  });
  try {
    const {page, response, error, ms, requests} = await open(context, `/v/${id}`);
    if (!check(response && response.status() === 200,
        `${name}: GET /v/${id} answers 200`,
        error ? String(error) : `status ${response?.status()}`)) {
      return;
    }
    // Issue 19: the learner's own script in the server's own font; nothing from elsewhere.
    await page.waitForLoadState('networkidle');
    const outside = requests.filter(url => !url.startsWith(baseUrl));
    check(outside.length === 0, `${name}: the page fetches nothing from elsewhere`,
        outside.join(' '));
    if (kScriptFonts[local]) {
      check(requests.some(url => url.includes(`/fonts/${kScriptFonts[local]}?v=`)),
          `${name}: the ${local} lines use the server's font ${kScriptFonts[local]}`,
          `requests: ${requests.join(' ')}`);
    }
    check(ms <= kLoadLimitMs, `${name}: the page loads in ${ms} ms (limit ${kLoadLimitMs} ms)`,
        'too slow');
    const html = await response.text();
    check(!/<script/i.test(html), `${name}: the page has no script (it works without JavaScript)`,
        'found <script');

    // The verdict: on the first screen, saying "valid". The page is in English and Hindi
    // together whatever Accept-Language says, so a Hindi reader looks at the Hindi line.
    const verdict = page.locator('#verdict');
    const visible = await verdict.isVisible();
    const text = visible ? (await verdict.innerText()).trim() : '';
    if (language === 'hi') {
      const hindi = visible ? (await verdict.locator('[lang="hi"]').innerText()).trim() : '';
      check(visible && hindi === kValidHindi && kDevanagari.test(hindi),
          `${name}: the verdict is visible and says ${kValidHindi} (valid) in Devanagari`,
          visible ? `the verdict's Hindi text is ${JSON.stringify(hindi)}` : 'no visible #verdict');
    } else {
      check(visible && text.split('\n')[0].trim() === kValidEnglish,
          `${name}: the verdict is visible and says ${kValidEnglish}`,
          visible ? `the verdict reads ${JSON.stringify(text)}` : 'no visible #verdict');
    }
    check(await verdict.getAttribute('data-status') === 'valid',
        `${name}: the verdict's data-status is "valid"`,
        `data-status is ${JSON.stringify(await verdict.getAttribute('data-status'))}`);
    const box = await verdict.boundingBox();
    const height = options.viewport.height;
    check(box !== null && box.y + box.height <= height,
        `${name}: the verdict is on the first screen, without scrolling`,
        `its box is ${JSON.stringify(box)} in a viewport ${height} px high`);

    // The public fields, each visible under its label.
    for (const [label, what, value] of fields) {
      const row = page.locator('dt', {hasText: label}).first()
          .locator('xpath=following-sibling::dd[1]');
      const shown = await row.isVisible() && (await row.innerText()).includes(value);
      check(shown, `${name}: ${what} is visible under "${label}" (${value})`,
          `the "${label}" row reads ${JSON.stringify(await row.innerText().catch(() => ''))}`);
    }

    // The name in the certificate's own language is marked as that language, so the browser
    // shapes it with that script's font (and writes Urdu right to left).
    if (localName) {
      const marked = page.locator(`dd [lang="${local}"]`, {hasText: localName}).first();
      check(await marked.count() === 1 && await marked.isVisible(),
          `${name}: the name in ${local} is shown in an element marked lang="${local}"`,
          `no visible [lang="${local}"] holding ${localName}`);
    }

    // Nothing private, anywhere in the HTML as served.
    for (const [what, needle] of forbidden) {
      check(!contains(html, needle), `${name}: the HTML does not contain ${what}`,
          `found ${needle} in the page`);
    }

    // Readable without zooming or sideways scrolling.
    const layout = await page.evaluate(() => {
      const sizes = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.textContent.trim()) {
          sizes.push([parseFloat(getComputedStyle(node.parentElement).fontSize),
            node.textContent.trim().slice(0, 30)]);
        }
      }
      return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        bodyFont: parseFloat(getComputedStyle(document.body).fontSize),
        smallest: sizes.sort((a, b) => a[0] - b[0])[0],
      };
    });
    check(layout.scrollWidth <= layout.innerWidth,
        `${name}: no horizontal scrolling (scrollWidth ${layout.scrollWidth} <= ` +
        `innerWidth ${layout.innerWidth})`, 'the page is wider than the screen');
    check(layout.bodyFont >= kMinBodyFontPx,
        `${name}: body text is ${layout.bodyFont} px (at least ${kMinBodyFontPx} px)`,
        'too small to read');
    check(layout.smallest[0] >= kMinAnyFontPx,
        `${name}: the smallest text is ${layout.smallest[0]} px (at least ${kMinAnyFontPx} px)`,
        `"${layout.smallest[1]}" is too small to read`);

    await screenshot(page, `${name}.png`);
  } finally {
    await context.close();
  }
  await checkAccessibility(browser, name, options, `/v/${id}`);
}

// axe-core (WCAG 2 A and AA rules) on the page at `path`: no serious or critical violation.
// It runs in its own context with JavaScript on and the page's CSP bypassed, since the page
// itself allows no script.
async function checkAccessibility(browser, name, options, path) {
  const context = await browser.newContext({...options, bypassCSP: true});
  try {
    const page = await context.newPage();
    await page.goto(baseUrl + path, {waitUntil: 'load'});
    await checkAxe(page, name, path);
  } finally {
    await context.close();
  }
}

// An id that was never issued, and one that is not an id at all: a 404 that says so, with no
// verdict.
async function checkUnknownId(browser) {
  const context = await browser.newContext({...kPhone, javaScriptEnabled: false, locale: 'en-IN'});
  try {
    for (const [what, path] of [['an unknown id', `/v/${kUnknownId}`],
      ['a malformed id', '/v/..%2F..%2Fetc%2Fpasswd']]) {
      const {page, response, error} = await open(context, path);
      if (!check(response && response.status() === 404, `phone: ${what} (GET ${path}) answers 404`,
          error ? String(error) : `status ${response?.status()}`)) {
        continue;
      }
      const text = await page.locator('body').innerText();
      check(/not found/i.test(text) && /no certificate with this number/i.test(text) &&
          /contact the issuer/i.test(text),
          `phone: the 404 page for ${what} says "Not found", "no certificate with this number" ` +
          'and "contact the issuer"',
          `it reads ${JSON.stringify(text.slice(0, 200))}`);
      check(await page.locator('#verdict').count() === 0 && !text.includes(kValidEnglish) &&
          !text.includes(kValidHindi),
          `phone: the 404 page for ${what} shows no verdict`, `it reads ${JSON.stringify(text)}`);
      check((response.headers()['content-type'] ?? '').startsWith('text/html') &&
          /नहीं मिला/.test(text),
          `phone: the 404 page for ${what} is an HTML page in English and Hindi`,
          `content-type ${response.headers()['content-type']}, text ${JSON.stringify(text)}`);
      const width = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      check(width[0] <= width[1], `phone: the 404 page for ${what} fits the screen`,
          `scrollWidth ${width[0]} > innerWidth ${width[1]}`);
      if (path.includes(kUnknownId)) {
        check(await page.locator('.warning').isVisible(),
            `phone: the 404 page for ${what} is a warning, not an error`, 'no visible .warning');
        await screenshot(page, 'phone-404.png');
      }
    }
  } finally {
    await context.close();
  }
}

// "2026-11-01..." as the page shows it: "1 November 2026".
function displayDate(dateTime) {
  const [year, month, day] = dateTime.slice(0, 10).split('-').map(Number);
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  return `${day} ${months[month - 1]} ${year}`;
}

function subjectOf(recordFile) {
  const record = readJson(join(examplesDir, recordFile));
  const {id, credential, text} = findCredential(record);
  return {id, fields: publicFields(record, credential),
    forbidden: privateValues(record, credential, text)};
}

// A demo qualification whose learner's name is in `language` (the batch's Bengali and Tamil
// records), with no record to compare: only what the page must show.
function subjectInLanguage(language) {
  const dir = join(demoDir, 'credentials');
  for (const file of readdirSync(dir).filter(name => name.endsWith('.json')).sort()) {
    const credential = readJson(join(dir, file));
    if (credential.credentialSubject?.nameLocalized?.[language] &&
        credential.credentialSubject.achievement?.achievementType === 'Certification') {
      return {id: file.slice(0, -'.json'.length), fields: publicFields(null, credential),
        forbidden: []};
    }
  }
  throw new Error(`no demo credential with a name in ${language}`);
}

// A revoked or suspended certificate's page (verification_page_test.sh changes their status):
// the verdict, the reason, the date and what to do, in a page that passes axe-core.
async function checkStatusPage(browser, name, options, id, status, expected) {
  const context = await browser.newContext({...options, javaScriptEnabled: false,
    locale: 'en-IN'});
  try {
    const {page, response, error} = await open(context, `/v/${id}`);
    if (!check(response && response.status() === 200, `${name}: GET /v/${id} answers 200`,
        error ? String(error) : `status ${response?.status()}`)) {
      return;
    }
    check(await page.locator('#verdict').getAttribute('data-status') === status,
        `${name}: the verdict says ${status}`,
        `data-status ${await page.locator('#verdict').getAttribute('data-status')}`);
    const advice = await page.locator('#advice').innerText().catch(() => '');
    for (const text of expected) {
      check(advice.includes(text), `${name}: the page says "${text}"`,
          `the advice reads ${JSON.stringify(advice)}`);
    }
    const html = await response.text();
    check(!html.includes('browser-test'), `${name}: the page does not name who changed the status`,
        'found the actor');
    await screenshot(page, `${name}.png`);
  } finally {
    await context.close();
  }
  await checkAccessibility(browser, name, options, `/v/${id}`);
}

// GET /'s list form: an employer pastes numbers and links, one per line, and gets a CSV file
// with one line per certificate and its status.
async function checkBulkForm(browser, name, options, lines) {
  const context = await browser.newContext({...options, javaScriptEnabled: false,
    locale: 'en-IN', acceptDownloads: true});
  try {
    const {page, response, error} = await open(context, '/');
    if (!check(response && response.status() === 200, `${name}: GET / answers 200`,
        error ? String(error) : `status ${response?.status()}`)) {
      return;
    }
    await page.getByLabel(/A list of certificates/).fill(lines.map(([entry]) => entry).join('\n'));
    await screenshot(page, `${name}.png`);
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.getByRole('button', {name: /Check the list/}).click()]);
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
    check(csv[0] === 'entry,id,status,name,achievement,issuer,date',
        `${name}: the list's answer is a CSV file with a header`, JSON.stringify(csv[0]));
    check(csv.length === lines.length + 1, `${name}: one line per certificate (${lines.length})`,
        `${csv.length - 1} lines`);
    lines.forEach(([entry, status], i) => {
      const cells = (csv[i + 1] ?? '').split(',');
      check(cells[2] === status, `${name}: ${entry} is ${status}`, `line ${JSON.stringify(csv[i + 1])}`);
    });
  } finally {
    await context.close();
  }
}

// GET /'s PDF form: an employer uploads the certificate PDF that came by email.
async function checkPdfUpload(browser, name, options, file, status, expected) {
  // JavaScript on (the form works without it) for axe-core: a POST's answer cannot be reopened.
  const context = await browser.newContext({...options, bypassCSP: true, locale: 'en-IN'});
  try {
    const {page, response, error} = await open(context, '/');
    if (!check(response && response.status() === 200, `${name}: GET / answers 200`,
        error ? String(error) : `status ${response?.status()}`)) {
      return;
    }
    await page.getByLabel(/A certificate PDF/).setInputFiles(file);
    await Promise.all([page.waitForURL('**/v'),
      page.getByRole('button', {name: /Check the PDF/}).click()]);
    await page.waitForLoadState('load');
    check(await page.locator('#verdict').getAttribute('data-status') === status,
        `${name}: the uploaded PDF is ${status}`,
        `data-status ${await page.locator('#verdict').getAttribute('data-status')}`);
    const checks = await page.locator('#file-checks').innerText().catch(() => '');
    for (const text of expected) {
      check(checks.includes(text), `${name}: the page says "${text}"`,
          `the file's checks read ${JSON.stringify(checks)}`);
    }
    await screenshot(page, `${name}.png`);
    await checkAxe(page, name, 'POST /v');
  } finally {
    await context.close();
  }
}

// GET /: a person types the number from the printout, in capitals with dashes, and lands on
// the certificate's page.
async function checkLookup(browser, name, options, id) {
  const context = await browser.newContext({...options, javaScriptEnabled: false,
    locale: 'en-IN'});
  try {
    const {page, response, error} = await open(context, '/');
    if (!check(response && response.status() === 200, `${name}: GET / answers 200`,
        error ? String(error) : `status ${response?.status()}`)) {
      return;
    }
    const typed = id.toUpperCase().replace(/(.{4})(?!$)/g, '$1-');
    await page.getByLabel('Certificate number').fill(typed);
    await screenshot(page, `${name}.png`);
    await Promise.all([page.waitForURL(`**/v/${id}`),
      page.getByRole('button', {name: /^Check \//}).click()]);
    check(await page.locator('#verdict').getAttribute('data-status') === 'valid',
        `${name}: the number typed as ${typed} opens /v/${id}, which says valid`,
        `landed on ${page.url()}`);
    const width = await page.evaluate(() => [document.documentElement.scrollWidth,
      window.innerWidth]);
    check(width[0] <= width[1], `${name}: the lookup page fits the screen`,
        `scrollWidth ${width[0]} > innerWidth ${width[1]}`);
  } finally {
    await context.close();
  }
  await checkAccessibility(browser, name, options, '/');
}

const completion = subjectOf('completion.json');
const qualification = subjectOf('qualification.json');

const browser = await chromium.launch({executablePath: kChromium, args: ['--no-sandbox']});
try {
  console.log(`   ${kChromium} ${browser.version()}`);
  await checkValidPage(browser, 'phone-en', kPhone, 'en', completion);
  await checkValidPage(browser, 'desktop-en', kDesktop, 'en', completion);
  await checkValidPage(browser, 'phone-hi', kPhone, 'hi', completion);
  await checkValidPage(browser, 'desktop-hi', kDesktop, 'hi', completion);
  await checkValidPage(browser, 'phone-en-qualification', kPhone, 'en', qualification);
  await checkValidPage(browser, 'desktop-en-qualification', kDesktop, 'en', qualification);
  for (const language of ['bn', 'ta', 'ur']) {
    await checkValidPage(browser, `phone-${language}`, kPhone, 'en', subjectInLanguage(language));
  }
  await checkValidPage(browser, 'desktop-ur', kDesktop, 'en', subjectInLanguage('ur'));
  for (const [options, size] of [[kPhone, 'phone'], [kDesktop, 'desktop']]) {
    await checkStatusPage(browser, `${size}-revoked`, options, process.env.REVOKED_ID, 'revoked',
        ['Revoked on', 'Issued in error / त्रुटिवश जारी किया गया (the course was not completed)',
          'Do not accept this certificate']);
    await checkStatusPage(browser, `${size}-suspended`, options, process.env.SUSPENDED_ID,
        'suspended', ['Suspended since', 'Under review by the issuer', 'Contact the issuer',
          'certificates@pramaan.example']);
    await checkStatusPage(browser, `${size}-superseded`, options, process.env.SUPERSEDED_ID,
        'superseded', ['replaced this certificate with a newer one', 'not a sign of fraud']);
    await checkStatusPage(browser, `${size}-expired`, options, process.env.EXPIRED_ID, 'expired',
        ['validity period is over']);
    await checkPdfUpload(browser, `${size}-pdf-valid`, options, process.env.VALID_PDF, 'valid',
        ['The PDF is exactly as the issuer signed it.',
          'The printed text matches the signed record.']);
    await checkPdfUpload(browser, `${size}-pdf-tampered`, options, process.env.TAMPERED_PDF,
        'invalid', ['The PDF was changed after it was signed']);
  }
  await checkLookup(browser, 'phone-lookup', kPhone, completion.id);
  await checkLookup(browser, 'desktop-lookup', kDesktop, completion.id);
  await checkBulkForm(browser, 'desktop-list', kDesktop, [
    [completion.id.toUpperCase(), 'valid'],
    [`${baseUrl}/v/${process.env.REVOKED_ID}`, 'revoked'],
    [process.env.SUSPENDED_ID, 'suspended'],
    [kUnknownId, 'not_found'],
  ]);
  // A recruiter's list of 1,000 candidates, every state among them.
  const mixed = [[completion.id, 'valid'], [process.env.REVOKED_ID, 'revoked'],
    [process.env.SUSPENDED_ID, 'suspended'], [process.env.SUPERSEDED_ID, 'superseded'],
    [process.env.EXPIRED_ID, 'expired'], [kUnknownId, 'not_found'],
    [`${baseUrl}/v/${qualification.id}`, 'valid'], [subjectInLanguage('ur').id, 'valid']];
  await checkBulkForm(browser, 'phone-list-1000', kPhone,
      Array.from({length: 1000}, (_, i) => mixed[i % mixed.length]));
  await checkUnknownId(browser);
  await checkAccessibility(browser, 'phone-404', kPhone, `/v/${kUnknownId}`);
} finally {
  await browser.close();
}
finish();
