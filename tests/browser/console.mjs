// The awarding console (issue 21) in headless Chromium with JavaScript off, as its three kinds
// of staff use it: the administrator adds a clerk and a checker (each token shown once) and
// imports the catalogue; the clerk uploads results with a malformed row, which alone is
// refused; the checker sends the batch back with a reason; the clerk sees it, corrects the file
// and submits again; the checker approves; the administrator awards, watching the progress,
// and every learner's certificate then verifies on the public page. Each page is then opened
// at phone and desktop sizes: screenshots kept, no sideways scroll, axe-core clean.
// Usage: node console.mjs BASE_URL EXAMPLES_DIR WORK_DIR ARTIFACT_DIR, with ADMIN_TOKEN the
// first administrator's token (`pramaan award user add`).
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {chromium} from 'playwright-core';
import {check, checkAxe, finish, kChromium, kDesktop, kPhone, screenshot, widths} from
    './browser_common.mjs';

const [baseUrl, examplesDir, workDir, artifactDir] = process.argv.slice(2);
if (!artifactDir || !process.env.ADMIN_TOKEN) {
  console.error('usage: ADMIN_TOKEN=... node console.mjs BASE_URL EXAMPLES_DIR WORK_DIR ' +
      'ARTIFACT_DIR');
  process.exit(2);
}

// The example results (three candidates) and one more row with a cell missing; then the same
// with that row corrected.
const results = readFileSync(join(examplesDir, 'results.csv'), 'utf8').trimEnd() + '\n';
const brokenRow = 'ea-2026-0004,Kavita Nair,कविता नायर,654321098765,' +
    'QG-06-AI-00077-2025-V1.0-NCVET,2026-10-21,pass,A,71\n';
const fixedRow = 'ea-2026-0004,Kavita Nair,कविता नायर,654321098765,' +
    'QG-06-AI-00077-2025-V1.0-NCVET,2026-10-21,pass,A,71,100\n';
const firstFile = join(workDir, 'results.csv');
const fixedFile = join(workDir, 'results-corrected.csv');
writeFileSync(firstFile, results + brokenRow);
writeFileSync(fixedFile, results + fixedRow);

// A person at a desktop browser without JavaScript, signed in with `token`.
async function signIn(browser, name, token) {
  const context = await browser.newContext({...kDesktop, javaScriptEnabled: false, locale: 'en-IN'});
  const page = await context.newPage();
  const response = await page.goto(`${baseUrl}/console`, {waitUntil: 'load'});
  check(response.status() === 200 && await page.locator('#token').count() === 1,
      `${name}: /console shows the sign-in form`);
  await page.fill('#token', token);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  check(await page.locator('#sign-out').count() === 1, `${name}: signed in`,
      await page.locator('main').innerText());
  return {context, page};
}

// Submits the page's form `formSelector` and waits for the next page; returns its status.
async function submit(page, formSelector) {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.click(`${formSelector} button[type=submit]`),
  ]);
  return response;
}

async function textOf(page, selector) {
  return (await page.locator(selector).count()) ? page.locator(selector).first().innerText() : '';
}

const browser = await chromium.launch({executablePath: kChromium});
// The pages to look at afterwards, at both sizes: [name, signed-in context, path].
const gallery = [];
try {
  // The administrator: users (the tokens shown once) and the catalogue.
  const admin = await signIn(browser, 'administrator', process.env.ADMIN_TOKEN);
  const tokens = {};
  for (const [user, role, agency] of [['agency-clerk', 'submitter', 'Example Assessment Agency'],
    ['checker', 'approver', '']]) {
    await admin.page.goto(`${baseUrl}/console/users`);
    await admin.page.fill('#name', user);
    await admin.page.check(`#role-${role}`);
    if (agency) await admin.page.fill('#agency', agency);
    const added = await submit(admin.page, '#add-user');
    tokens[user] = (await textOf(admin.page, '#token-value')).trim();
    check(added.status() === 201 && tokens[user].startsWith('pramaan_award_'),
        `administrator: adds ${user} (${role}) and sees the token once`, String(added.status()));
  }
  await admin.page.reload();
  check(!(await admin.page.content()).includes(tokens['agency-clerk']),
      'administrator: the token is not shown again');

  await admin.page.goto(`${baseUrl}/console/catalogue`);
  const catalogueFile = join(examplesDir, 'catalogue.csv');
  const entries = readFileSync(catalogueFile, 'utf8').trim().split('\n').length - 1;
  await admin.page.setInputFiles('#catalogue', catalogueFile);
  const imported = await submit(admin.page, '#import');
  check(imported.status() === 200 &&
      (await textOf(admin.page, '#imported')).includes(`${entries} entries imported.`),
  `administrator: imports the example catalogue (${entries} entries)`,
  await textOf(admin.page, '#imported'));
  check(await admin.page.locator('#catalogue-table tbody tr').count() === entries,
      'administrator: the catalogue lists every qualification');

  // The clerk: a file with a malformed row; the row alone is refused, with its line.
  const clerk = await signIn(browser, 'clerk', tokens['agency-clerk']);
  await clerk.page.setInputFiles('#results', firstFile);
  const uploaded = await submit(clerk.page, '#upload');
  const refused = await textOf(clerk.page, '#refused');
  check(uploaded.status() === 201 && refused.includes('results.csv:5'),
      'clerk: the malformed row is refused alone, with its line', `${uploaded.status()} ${refused}`);
  check((await textOf(clerk.page, '#submitted')).includes('with 3 results'),
      'clerk: the other three rows are submitted', await textOf(clerk.page, '#submitted'));
  const firstBatch = (await textOf(clerk.page, '#new-batch')).trim();
  await screenshot(clerk.page, artifactDir, 'desktop-submitted.png');

  // The checker: the queue, the batch as a table, a send-back with the reason.
  const checker = await signIn(browser, 'checker', tokens.checker);
  check(await checker.page.locator(`#queue tr[data-batch="${firstBatch}"]`).count() === 1,
      'checker: the batch waits in their queue');
  await checker.page.click(`#queue a[href="/console/batches/${firstBatch}"]`);
  const table = await textOf(checker.page, '#results');
  check(table.includes('Sumitra Das') && table.includes('QG-05-GE-01234-2024-V1.0-NCVET') &&
      !table.includes('987654321098') && table.includes('1098'), 'checker: the results table masks APAAR ids to their last four digits',
  table);
  check((await textOf(checker.page, '#refused')).includes('results.csv:5'),
      'checker: sees the refused row too');
  gallery.push(['review', checker.context, `/console/batches/${firstBatch}`]);
  await checker.page.fill('#send-back-reason', 'Kavita Nair is missing: her marks row is short');
  await submit(checker.page, '#send-back');
  check((await checker.page.locator('#state').getAttribute('data-state')) === 'sent_back',
      'checker: the batch is sent back');

  // The clerk sees why, on their home first, and submits the corrected file.
  await clerk.page.goto(`${baseUrl}/console`);
  check((await textOf(clerk.page, '#sent-back')).includes('Kavita Nair is missing'),
      'clerk: the sent-back batch and its reason come first on their home');
  gallery.push(['clerk-home', clerk.context, '/console']);
  await clerk.page.click(`#sent-back a[href="/console/batches/${firstBatch}"]`);
  gallery.push(['sent-back', clerk.context, `/console/batches/${firstBatch}`]);
  await clerk.page.setInputFiles('#results', fixedFile);
  const again = await submit(clerk.page, '#upload');
  const secondBatch = (await textOf(clerk.page, '#new-batch')).trim();
  check(again.status() === 201 && secondBatch && secondBatch !== firstBatch &&
      await clerk.page.locator('#refused').count() === 0,
  'clerk: the corrected file is submitted whole as a new batch', String(again.status()));
  await clerk.page.goto(`${baseUrl}/console/batches/${firstBatch}`);
  check((await textOf(clerk.page, '#corrected-by')).includes(secondBatch) &&
      await clerk.page.locator('#upload').count() === 0,
  'clerk: the batch sent back now leads to its correction');

  // The checker approves it.
  await checker.page.goto(`${baseUrl}/console/batches/${secondBatch}`);
  await checker.page.fill('#approve-reason', 'marks checked against the assessment sheets');
  await submit(checker.page, '#approve');
  check((await checker.page.locator('#state').getAttribute('data-state')) === 'approved',
      'checker: the batch is approved');
  gallery.push(['checker-home', checker.context, '/console']);

  // The administrator awards it and watches the progress until it is awarded.
  await admin.page.goto(`${baseUrl}/console`);
  check(await admin.page.locator(`#to-award tr[data-batch="${secondBatch}"]`).count() === 1,
      'administrator: the approved batch is ready to award');
  gallery.push(['admin-home', admin.context, '/console']);
  await admin.page.goto(`${baseUrl}/console/batches/${secondBatch}`);
  await submit(admin.page, '#award');
  let state = '';
  for (let i = 0; i < 100 && state !== 'awarded'; i += 1) {
    if (await admin.page.locator('#award-progress').count()) {
      await screenshot(admin.page, artifactDir, 'desktop-award-progress.png');
    }
    state = await admin.page.locator('#state').getAttribute('data-state');
    if (state !== 'awarded') {
      await admin.page.waitForTimeout(300);
      await admin.page.reload();
    }
  }
  check(state === 'awarded', 'administrator: the batch is awarded', state);
  const links = await admin.page.locator('a.certificate').evaluateAll(as => as.map(a => a.href));
  check(links.length === 3, 'administrator: three certificates, one per candidate who passed',
      links.join(' '));
  gallery.push(['awarded', admin.context, `/console/batches/${secondBatch}`]);
  await admin.page.click('#log-link');
  const log = await admin.page.locator('#log tbody tr').evaluateAll(
      rows => rows.map(row => row.dataset.action));
  check(['submit', 'review', 'approve', 'award'].every(action => log.includes(action)),
      'administrator: the audit log has every step', log.join(' '));
  gallery.push(['log', admin.context, `/console/batches/${secondBatch}/log`]);

  // Each learner's certificate verifies on the public page (a browser of its own).
  const employer = await browser.newContext({...kPhone, javaScriptEnabled: false});
  for (const link of links) {
    const page = await employer.newPage();
    const id = new URL(link).pathname.split('/').pop();
    const response = await page.goto(`${baseUrl}/v/${id}`, {waitUntil: 'load'});
    const status = await page.locator('#verdict').getAttribute('data-status');
    check(response.status() === 200 && status === 'valid',
        `the certificate ${id} verifies on the public page`, `${response.status()} ${status}`);
    await page.close();
  }
  await employer.close();
  gallery.push(['catalogue', admin.context, '/console/catalogue']);
  gallery.push(['users', admin.context, '/console/users']);
  // The users page as it shows a new token, once (the checker's: their session goes on).
  gallery.push(['users-token', admin.context, '/console/users',
    page => submit(page, 'form[action="/console/users/checker/token"]')]);

  // Every page at both sizes, as the person who sees it: screenshot, no sideways scroll, axe.
  for (const [name, signedIn, path, action] of gallery) {
    const state = await signedIn.storageState();
    for (const [size, options] of [['phone', kPhone], ['desktop', kDesktop]]) {
      const context = await browser.newContext({...options, storageState: state, bypassCSP: true});
      const page = await context.newPage();
      let response = await page.goto(baseUrl + path, {waitUntil: 'load'});
      if (action) response = await action(page);
      check(response.status() < 300, `${size} ${name}: ${path} answers`,
          String(response.status()));
      const [scroll, inner] = await widths(page);
      check(scroll <= inner, `${size} ${name}: no sideways scroll`, `${scroll} > ${inner}`);
      await screenshot(page, artifactDir, `${size}-${name}.png`);
      await checkAxe(page, `${size} ${name}`, path);
      await context.close();
    }
  }
  // The sign-in page, signed out.
  for (const [size, options] of [['phone', kPhone], ['desktop', kDesktop]]) {
    const context = await browser.newContext({...options, bypassCSP: true});
    const page = await context.newPage();
    await page.goto(`${baseUrl}/console`);
    await screenshot(page, artifactDir, `${size}-sign-in.png`);
    await checkAxe(page, `${size} sign-in`, '/console');
    await context.close();
  }
} catch (error) {
  check(false, 'the console flow ran to its end', error.stack);
} finally {
  await browser.close();
}
finish();
