import { test, expect, type Page, type Download } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  annotationIds,
  highlightText,
  noteOn,
  openApp,
  openFile,
  selectOnce,
  selectText,
  sidebar,
  toolbar,
} from './helpers';

const body = async (dl: Download) => readFileSync((await dl.path())!, 'utf8');

/** Passages of the sample (public/sample-interview.txt). */
const PROMPT = 'bloody war';
const FIRST = 'phenomenon of this war';
const SECOND = 'ZMiST had an opportunity to ask several questions';
const THIRD = 'indeed massive changes to the structure';

async function makePacket(page: Page, prompt?: RegExp): Promise<{ name: string; json: string }> {
  await page.getByRole('button', { name: 'Reading packet' }).click();
  const dlg = page.getByRole('dialog', { name: 'Create reading packet' });
  await dlg.getByLabel('Instructions for students').fill('Mark what changes.');
  if (prompt) await dlg.getByRole('checkbox', { name: prompt }).check();
  const wait = page.waitForEvent('download');
  await dlg.getByRole('button', { name: /Create packet/ }).click();
  const dl = await wait;
  return { name: dl.suggestedFilename(), json: await body(dl) };
}

/** Highlights `text` and returns the new annotation's id (the one drawn that was not before). */
async function highlight(page: Page, text: string): Promise<string> {
  const before = new Set(await annotationIds(page));
  await selectText(page, text);
  await page.keyboard.press('h');
  await expect(toolbar(page)).toBeHidden();
  await expect.poll(async () => (await annotationIds(page)).length).toBe(before.size + 1);
  return (await annotationIds(page)).find((id) => !before.has(id))!;
}

test('a teacher corrects the text and makes a new packet revision: the student gets the new text, their annotations follow and the touched ones are listed for review', async ({
  page,
  browser,
}) => {
  // The teacher hands out revision 1 with one prompt.
  await openApp(page);
  await noteOn(page, PROMPT, 'Whose war?');
  const r1 = await makePacket(page, /Whose war/);

  // A student opens it and marks three passages of their own.
  const ctx = await browser.newContext();
  const student = await ctx.newPage();
  await openApp(student);
  await openFile(student, r1.name, r1.json, 'application/json');
  const info = sidebar(student).getByRole('region', { name: 'Reading packet' });
  await expect(info).toContainText('Whose war?');
  const ids: string[] = [];
  for (const t of [FIRST, SECOND, THIRD]) ids.push(await highlight(student, t));

  // The teacher corrects the text: a word before the first passage, the second deleted, a
  // letter changed inside the third; then makes revision 2 (with the maps of the edit).
  await page.getByRole('button', { name: 'Edit text' }).click();
  await selectOnce(page, FIRST, 0);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('strange ');
  await selectOnce(page, SECOND, 0);
  await page.keyboard.press('Delete');
  await selectOnce(page, 'changes to the structure', 0);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.type('C');
  await page.getByRole('button', { name: 'Save text' }).click();
  await expect(page.locator('summary', { hasText: 'Version 2' })).toBeVisible();
  const r2 = await makePacket(page);
  expect(JSON.parse(r2.json)['marginalia:packet'].history).toHaveLength(1);

  // The student opens revision 2: the corrected text, as version 2 of their copy.
  await openFile(student, r2.name, r2.json, 'application/json');
  await expect(info).toContainText('revision 2');
  await expect(student.locator('.ProseMirror')).toContainText('a strange phenomenon of this war');
  await expect(student.locator('summary', { hasText: 'Version 2' })).toBeVisible();
  const check = async () => {
    // Their highlights followed the text through the teacher's edit, never by search.
    await expect.poll(() => highlightText(student, ids[0])).toBe(FIRST);
    await expect
      .poll(() => highlightText(student, ids[2]))
      .toBe('indeed massive Changes to the structure');
    const review = student.getByRole('region', { name: 'Changed by the edit' });
    await expect(review.getByRole('status')).toHaveText('2 annotations to review');
    await expect(review.locator(`[data-annotation="${ids[1]}"]`)).toContainText('Lost');
    await expect(review.locator(`[data-annotation="${ids[2]}"]`)).toContainText('Changed');
    await expect(sidebar(student).getByRole('heading', { name: 'Unplaced (1)' })).toBeVisible();
    // The prompt is on its words in the new text.
    await expect(info).toContainText('Whose war?');
  };
  await check();
  await student.reload();
  await check();
  await ctx.close();
});
