/**
 * A live class end to end (issue #17): a real class server on loopback (started here, stopped
 * at the end), a teacher and a student in two browser contexts.
 */
import {
  test as base,
  expect,
  type Browser,
  type BrowserContext,
  type Page,
  type Locator,
} from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClassServer, type ClassServer } from '../server/class-server';
import { noteOn, openApp, openFile, selectText, sidebar, toolbar } from './helpers';

/** Loopback port of this spec's class server for the first worker; each worker starts its own
 * on the next port up (4700–4799 are the e2e class servers'), so parallel workers never
 * collide. */
const PORT = Number(process.env.E2E_CLASS_PORT ?? 4701);

const test = base.extend<object, { classServer: ClassServer }>({
  classServer: [
    // Playwright reads a fixture's dependencies from this pattern: none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use, workerInfo) => {
      const dir = mkdtempSync(join(tmpdir(), 'marginalia-e2e-class-'));
      const s = await startClassServer({
        port: PORT + workerInfo.parallelIndex,
        host: '127.0.0.1',
        dbPath: join(dir, 'class.sqlite'),
        quiet: true,
      });
      await use(s);
      await s.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 20_000 },
  ],
});

const liveBox = (page: Page) => sidebar(page).getByRole('region', { name: 'Live class' });
const classPanel = (page: Page) => page.getByRole('complementary', { name: 'Class view' });
const cards = (page: Page) => sidebar(page).locator('article');

async function highlight(page: Page, quote: string): Promise<void> {
  await selectText(page, quote);
  await toolbar(page).getByRole('button', { name: 'Highlight' }).click();
  await expect(cards(page).filter({ hasText: quote })).toHaveCount(1);
}

async function expectMarks(page: Page, readers: number, marks: number): Promise<void> {
  const heading = classPanel(page).getByRole('heading', { name: /Class view/ });
  await expect(heading).toContainText(
    `(${readers} ${readers === 1 ? 'reader' : 'readers'}, ${marks} marks)`,
  );
}

const status = (box: Locator) => box.getByRole('status');

/** Serious or critical accessibility problems in the live-class box. */
async function axeLiveBox(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).include('section[aria-label="Live class"]').analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help}`);
}

test('a live class: the student joins and highlights, the teacher sees it; offline work and an offline deletion arrive on reconnect; reloads lose nothing and bring nothing back', async ({
  page: teacher,
  browser,
  classServer,
}) => {
  // Two browser contexts, a server and two reloads: long on a shared, loaded machine (no timing
  // is asserted; every step waits for its condition).
  test.setTimeout(300_000);
  const scripts: string[] = [];
  teacher.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(r.url());
  });
  // The teacher makes a reading packet of the sample and starts a live class from it.
  await openApp(teacher);
  await teacher.getByRole('button', { name: 'Reading packet' }).click();
  const dlg = teacher.getByRole('dialog', { name: 'Create reading packet' });
  await dlg.getByLabel('Instructions for students').fill('Mark what matters.');
  const wait = teacher.waitForEvent('download');
  await dlg.getByRole('button', { name: /Create packet/ }).click();
  const download = await wait;
  const packet = readFileSync((await download.path())!, 'utf8');

  // Nothing of the live mode has been fetched before a class is started.
  expect(scripts.filter((u) => /live-(class|room)/.test(u))).toEqual([]);
  await liveBox(teacher).getByRole('button', { name: 'Start live class' }).click();
  await liveBox(teacher).getByLabel('Class server address').fill(classServer.httpUrl);
  await liveBox(teacher).getByRole('button', { name: 'Start', exact: true }).click();
  await expect(status(liveBox(teacher))).toContainText('connected');
  expect(scripts.some((u) => /live-class/.test(u))).toBe(true);
  const code = (await liveBox(teacher).locator('.code').textContent())!.trim();
  expect(code).toMatch(/^[A-Z0-9]{4,}/);
  await expect(liveBox(teacher).getByLabel('Join link')).toHaveValue(/#live=.*&code=/);

  // The student opens the packet in a profile of their own and joins with the code.
  const studentCtx = await browser.newContext();
  const student = await studentCtx.newPage();
  await openApp(student);
  await openFile(student, download.suggestedFilename(), packet, 'application/json');
  await expect(sidebar(student).getByRole('region', { name: 'Reading packet' })).toBeVisible();
  await liveBox(student).getByRole('button', { name: 'Join live class' }).click();
  const form = liveBox(student).getByRole('form', { name: 'Join live class' });
  await form.getByLabel('Class server address').fill(classServer.httpUrl);
  await form.getByLabel('Join code').fill(code);
  await form.getByLabel('Your name').fill('Ada Lovelace');
  expect(await axeLiveBox(student)).toEqual([]);
  await form.getByRole('button', { name: 'Join' }).click();
  await expect(status(liveBox(student))).toContainText('connected');
  await highlight(student, 'bloody war');

  // The teacher sees who joined, and the mark in the class view.
  await expect(liveBox(teacher).getByRole('list', { name: 'Students who joined' })).toContainText(
    'Ada Lovelace',
  );
  expect(await axeLiveBox(teacher)).toEqual([]);
  await teacher.getByRole('button', { name: 'Class view' }).click();
  await expectMarks(teacher, 1, 1);
  expect(scripts.some((u) => /live-room/.test(u))).toBe(true);
  await expect(classPanel(teacher)).toContainText('Ada Lovelace');

  // Offline, the student keeps working; back online, the teacher gets it.
  await studentCtx.setOffline(true);
  await expect(status(liveBox(student))).toContainText('offline');
  await highlight(student, 'fraternal Ukraine');
  await studentCtx.setOffline(false);
  await expect(status(liveBox(student))).toContainText('connected');
  await expectMarks(teacher, 1, 2);

  // Reloads on both sides lose nothing and duplicate nothing; the sessions resume.
  await student.reload();
  await expect(cards(student)).toHaveCount(2, { timeout: 30_000 });
  await expect(status(liveBox(student))).toContainText('connected');
  await highlight(student, 'Freedom of Russia');
  await teacher.reload();
  await expect(teacher.locator('.ProseMirror p').first()).toBeVisible({ timeout: 30_000 });
  await teacher.getByRole('button', { name: 'Class view' }).click();
  await expectMarks(teacher, 1, 3);
  await teacher.getByRole('button', { name: 'Class view' }).click();
  await expect(status(liveBox(teacher))).toContainText('connected');

  // A deletion made offline, in a tab closed before it could send it (the room closed with
  // it), still reaches the teacher when the student is back, and no reload brings it back.
  await studentCtx.setOffline(true);
  await expect(status(liveBox(student))).toContainText('offline');
  await cards(student)
    .filter({ hasText: 'fraternal Ukraine' })
    .getByRole('button', { name: 'Delete annotation' })
    .click();
  await expect(cards(student)).toHaveCount(2);
  await student.close();
  await studentCtx.setOffline(false);
  const back = await studentCtx.newPage();
  await openApp(back);
  await expect(cards(back)).toHaveCount(2, { timeout: 30_000 });
  await expect(status(liveBox(back))).toContainText('connected');
  await teacher.getByRole('button', { name: 'Class view' }).click();
  await expectMarks(teacher, 1, 2);
  await back.reload();
  await expect(status(liveBox(back))).toContainText('connected', { timeout: 30_000 });
  await expect(cards(back)).toHaveCount(2);
  await expect(cards(back).filter({ hasText: 'fraternal Ukraine' })).toHaveCount(0);
  await teacher.reload();
  await expect(status(liveBox(teacher))).toContainText('connected', { timeout: 30_000 });
  await teacher.getByRole('button', { name: 'Class view' }).click();
  await expectMarks(teacher, 1, 2);
  await teacher.getByRole('button', { name: 'Class view' }).click();

  // Ending the class: the teacher keeps everything; the server takes no more writes.
  await liveBox(teacher).getByRole('button', { name: 'End class' }).click();
  await expect(liveBox(teacher)).toContainText('has ended');
  expect(classServer.db.classByCode(code.replace(/-/g, ''))?.endedAt).toBeTruthy();
  await teacher.getByRole('button', { name: 'Class view' }).click();
  await expectMarks(teacher, 1, 2);
  await studentCtx.close();
});

/** A student in a profile of their own: opens the packet and joins the class under `name`. */
async function joinAs(
  browser: Browser,
  packet: { name: string; json: string },
  server: string,
  code: string,
  name: string,
): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await openApp(page);
  await openFile(page, packet.name, packet.json, 'application/json');
  await liveBox(page).getByRole('button', { name: 'Join live class' }).click();
  const form = liveBox(page).getByRole('form', { name: 'Join live class' });
  await form.getByLabel('Class server address').fill(server);
  await form.getByLabel('Join code').fill(code);
  await form.getByLabel('Your name').fill(name);
  await form.getByRole('button', { name: 'Join' }).click();
  await expect(status(liveBox(page))).toContainText('connected');
  return { ctx, page };
}

test('sharing live: a second student sees the first’s answer by name; the teacher’s changed question reaches students', async ({
  page: teacher,
  browser,
  classServer,
}) => {
  test.setTimeout(300_000);
  const question = 'What does the speaker avoid saying here?';
  const answer = 'He avoids naming who started it.';
  await openApp(teacher);
  await noteOn(teacher, 'bloody war', question);
  await teacher.getByRole('button', { name: 'Reading packet' }).click();
  const dlg = teacher.getByRole('dialog', { name: 'Create reading packet' });
  await dlg.getByRole('checkbox', { name: /What does the speaker avoid/ }).check();
  const wait = teacher.waitForEvent('download');
  await dlg.getByRole('button', { name: /Create packet/ }).click();
  const download = await wait;
  const packet = {
    name: download.suggestedFilename(),
    json: readFileSync((await download.path())!, 'utf8'),
  };
  await liveBox(teacher).getByRole('button', { name: 'Start live class' }).click();
  await liveBox(teacher).getByLabel('Class server address').fill(classServer.httpUrl);
  await liveBox(teacher).getByRole('button', { name: 'Start', exact: true }).click();
  await expect(status(liveBox(teacher))).toContainText('connected');
  const code = (await liveBox(teacher).locator('.code').textContent())!.trim();

  const ada = await joinAs(browser, packet, classServer.httpUrl, code, 'Ada Lovelace');
  const bo = await joinAs(browser, packet, classServer.httpUrl, code, 'Bo Peep');
  const questions = (page: Page) => sidebar(page).getByRole('region', { name: 'Reading packet' });
  await questions(ada.page).getByRole('button', { name: 'Answer' }).click();
  await questions(ada.page).getByLabel('Your answer').fill(answer);
  await questions(ada.page).getByRole('button', { name: 'Save answer' }).click();

  // Private by default: the teacher has Ada's answer, Bo does not.
  await expect(questions(teacher)).toContainText(answer);
  await expect(liveBox(bo.page)).toContainText('Only your teacher sees your work.');
  await expect(questions(bo.page)).not.toContainText(answer);

  // Shared live: Bo sees it under the question, read-only, labelled with Ada's name.
  await liveBox(teacher).getByLabel('Students see each other’s answers').selectOption('live');
  const shared = questions(bo.page).getByRole('list', { name: /Classmates’ answers/ });
  await expect(shared).toContainText(`Ada Lovelace (classmate): ${answer}`);
  await expect(liveBox(bo.page)).toContainText('Your teacher shares answers');
  await expect(shared.getByRole('button')).toHaveCount(0);
  await expect(cards(bo.page).filter({ hasText: answer })).toHaveCount(0);

  // The teacher rewords the question: both students read the new wording.
  const card = cards(teacher).filter({ hasText: question });
  await card.getByRole('button', { name: 'Edit note' }).click();
  await sidebar(teacher).getByRole('textbox', { name: 'Note' }).fill('What is left unsaid?');
  await sidebar(teacher).getByRole('button', { name: 'Save note' }).click();
  await expect(questions(bo.page)).toContainText('What is left unsaid?');
  await expect(questions(ada.page)).toContainText('What is left unsaid?');
  await ada.ctx.close();
  await bo.ctx.close();
});
