import { test, expect, type Page, type Download } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { annotationIds, noteOn, openApp, openFile, selectText, sidebar, toolbar } from './helpers';
import {
  FIRST,
  SECOND,
  THIRD,
  editThreePassages,
  expectThreePassagesReviewed,
} from './edit-helpers';

const body = async (dl: Download) => readFileSync((await dl.path())!, 'utf8');

/** A passage of the sample (public/sample-interview.txt) for the teacher's prompt. */
const PROMPT = 'bloody war';

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
  await editThreePassages(page);
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
    await expectThreePassagesReviewed(student, ids);
    // The prompt is on its words in the new text.
    await expect(info).toContainText('Whose war?');
  };
  await check();
  await student.reload();
  await check();
  await ctx.close();
});
