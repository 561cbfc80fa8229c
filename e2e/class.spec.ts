import { test, expect, type Page, type Download } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp, openFile, selectText, sidebar, toolbar, noteOn, sampleText } from './helpers';

const classPanel = (page: Page) => page.getByRole('complementary', { name: 'Class view' });
const body = async (dl: Download) => readFileSync((await dl.path())!, 'utf8');

async function setName(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  const dlg = page.getByRole('dialog', { name: 'Reading settings' });
  await dlg.getByLabel(/Your name/).fill(name);
  await dlg.getByRole('button', { name: 'Done' }).click();
}

async function makePacket(
  page: Page,
  instructions: string,
  prompts: RegExp[],
): Promise<{ name: string; json: string }> {
  await page.getByRole('button', { name: 'Reading packet' }).click();
  const dlg = page.getByRole('dialog', { name: 'Create reading packet' });
  await dlg.getByLabel('Instructions for students').fill(instructions);
  await dlg.getByLabel(/Due date/).fill('2026-12-01');
  for (const p of prompts) await dlg.getByRole('checkbox', { name: p }).check();
  const wait = page.waitForEvent('download');
  await dlg.getByRole('button', { name: /Create packet/ }).click();
  const dl = await wait;
  return { name: dl.suggestedFilename(), json: await body(dl) };
}

test('reading packet round trip: a student opens it in a fresh profile, answers a prompt and hands in; a newer revision updates prompts and tags only', async ({
  page,
  browser,
}) => {
  await openApp(page);
  await setName(page, 'Ms Rivera');
  await page.getByRole('button', { name: 'Tags', exact: true }).click();
  const tags = page.getByRole('dialog', { name: 'Tags of this document' });
  await tags.getByLabel('New tag name').fill('Evasion');
  await tags.getByRole('button', { name: 'Add tag' }).click();
  await tags.getByRole('button', { name: 'Close' }).click();
  await noteOn(page, 'bloody war', 'What does the speaker avoid saying here?');
  const packet = await makePacket(page, 'Tag every claim. Answer the question.', [
    /What does the speaker avoid/,
  ]);
  expect(packet.name).toMatch(/reading packet r1 \d{4}-\d{2}-\d{2}\.json$/);
  const json = JSON.parse(packet.json);
  expect(json.type).toBe('AnnotationCollection');
  expect(json.first.items).toHaveLength(1);

  // The student: a fresh profile, the packet opened with "Open document".
  const ctx = await browser.newContext();
  const student = await ctx.newPage();
  await openApp(student);
  await openFile(student, packet.name, packet.json, 'application/json');
  const info = sidebar(student).getByRole('region', { name: 'Reading packet' });
  await expect(info).toContainText('Reading packet from Ms Rivera');
  await expect(info).toContainText('Tag every claim. Answer the question.');
  await expect(info).toContainText('What does the speaker avoid saying here?');
  await expect(sidebar(student).getByRole('group', { name: 'Filter by tag' })).toContainText(
    'Evasion',
  );
  // The packet is a document of its own (the teacher's id, so hand-ins find it), beside the sample.
  await expect(student.getByRole('button', { name: /^Library/ })).toHaveText('Library (2)');

  // The teacher's question is read-only on the student's copy.
  const promptCard = sidebar(student)
    .locator('article')
    .filter({ hasText: 'What does the speaker avoid' });
  await expect(promptCard).toContainText('Prompt');
  await expect(promptCard.getByRole('button', { name: 'Delete annotation' })).toHaveCount(0);
  await expect(promptCard.getByRole('button', { name: /note/i })).toHaveCount(0);

  // Answer the prompt, mark a passage of one's own, set the name once and hand in.
  await info.getByRole('button', { name: 'Answer' }).click();
  await info.getByLabel('Your answer').fill('He avoids naming who started it.');
  await info.getByRole('button', { name: 'Save answer' }).click();
  await expect(info).toContainText('He avoids naming who started it.');
  await selectText(student, 'free Russian state');
  await toolbar(student).getByRole('button', { name: 'Claim' }).click();
  await student.getByRole('button', { name: 'Hand in' }).click();
  const handIn = student.getByRole('dialog', { name: 'Hand in' });
  await handIn.getByLabel('Your name').fill('Ana Lima');
  const wait = student.waitForEvent('download');
  await handIn.getByRole('button', { name: 'Hand in' }).click();
  const dl = await wait;
  expect(dl.suggestedFilename()).toMatch(/Ana Lima – hand-in \d{4}-\d{2}-\d{2}\.json$/);
  const handed = JSON.parse(await body(dl));
  expect(handed.first.items).toHaveLength(2);
  const reply = handed.first.items.find(
    (a: { motivation?: string }) => a.motivation === 'replying',
  );
  expect(reply.target).toBe(json.first.items[0].id);
  expect(
    handed.first.items.every((a: { creator: { name: string } }) => a.creator.name === 'Ana Lima'),
  ).toBe(true);

  // The teacher revises the packet: a second prompt, a renamed tag.
  await noteOn(page, 'free Russian state', 'Free for whom?');
  await page.getByRole('button', { name: 'Tags', exact: true }).click();
  await tags.getByLabel('Name of tag Evasion').fill('Avoidance');
  await tags.getByLabel('Name of tag Evasion').press('Enter');
  await tags.getByRole('button', { name: 'Close' }).click();
  const v2 = await makePacket(page, 'Tag every claim. Answer both questions.', [/Free for whom/]);
  expect(v2.name).toMatch(/reading packet r2/);

  await openFile(student, v2.name, v2.json, 'application/json');
  await expect(info).toContainText('revision 2');
  await expect(info).toContainText('Answer both questions.');
  await expect(info).toContainText('Free for whom?');
  await expect(info).toContainText('He avoids naming who started it.');
  await expect(sidebar(student).getByRole('group', { name: 'Filter by tag' })).toContainText(
    'Avoidance',
  );
  await expect(sidebar(student).getByRole('group', { name: 'Filter by tag' })).not.toContainText(
    'Evasion',
  );
  // The student's own annotations are untouched: the claim and the answer are still there.
  await expect(sidebar(student).locator('article')).toHaveCount(4);

  // The same revision again changes nothing.
  await openFile(student, v2.name, v2.json, 'application/json');
  await expect(
    student.getByRole('status').filter({ hasText: /already have revision 2/i }),
  ).toBeAttached();
  await expect(sidebar(student).locator('article')).toHaveCount(4);

  // Bad packets: named problem, library unchanged.
  const docsBefore = await student.getByRole('button', { name: /^Library/ }).textContent();
  const broken = { ...JSON.parse(v2.json) };
  delete broken['marginalia:packet'].text;
  await openFile(student, 'broken.json', JSON.stringify(broken), 'application/json');
  await expect(student.getByRole('alert').filter({ hasText: 'broken.json' })).toContainText(
    /text/i,
  );
  const other = JSON.parse(v2.json);
  other['marginalia:packet'].text = 'A different text altogether.';
  await openFile(student, 'other.json', JSON.stringify(other), 'application/json');
  await expect(student.getByRole('alert').filter({ hasText: 'other.json' })).toContainText(
    /fingerprint|different text/i,
  );
  await expect(student.getByRole('button', { name: /^Library/ })).toHaveText(docsBefore!);
  await expect(sidebar(student).locator('article')).toHaveCount(4);
  await ctx.close();
});

/**
 * Three readers' hand-ins over the sample text. Spans in code points (the sample is all BMP):
 * Ana marks A = [a, a+20) as Claim; Ben marks B = [a+10, a+30) as Claim; Cy marks C = [c, c+15)
 * as Evidence, far away. Counts by hand for "any mark", N = length of the text:
 *   Ana–Ben: both 10, only Ana 10, only Ben 10, neither N−30;
 *   Ana–Cy: both 0, only Ana 20, only Cy 15, neither N−35; Ben–Cy likewise.
 */
function threeReaders(text: string) {
  const cp = (s: string) => [...s].length;
  const a = cp(text.slice(0, text.indexOf('phenomenon of this war')));
  const c = cp(text.slice(0, text.indexOf('Interfax-Ukraine headquarters')));
  const slice = (s: number, e: number) => [...text].slice(s, e).join('');
  const file = (name: string, n: number, spans: [number, number, string, string][]) => ({
    '@context': ['http://www.w3.org/ns/anno.jsonld'],
    type: 'AnnotationCollection',
    label: 'hand-in',
    first: {
      type: 'AnnotationPage',
      items: spans.map(([s, e, tag, note], i) => ({
        id: `urn:uuid:00000000-0000-4000-8000-0000000${n}${i}00`,
        type: 'Annotation',
        creator: { type: 'Person', name },
        created: '2026-11-20T10:00:00Z',
        body: [
          { type: 'TextualBody', purpose: 'tagging', value: tag },
          ...(note ? [{ type: 'TextualBody', purpose: 'commenting', value: note }] : []),
        ],
        target: {
          selector: [
            { type: 'TextQuoteSelector', exact: slice(s, e) },
            { type: 'TextPositionSelector', start: s, end: e },
          ],
        },
      })),
    },
  });
  return {
    a,
    c,
    N: cp(text),
    files: [
      { name: 'ana.json', body: file('Ana Lima', 1, [[a, a + 20, 'Claim', 'the core claim']]) },
      { name: 'ben.json', body: file('Ben Okafor', 2, [[a + 10, a + 30, 'Claim', '']]) },
      {
        name: 'cy.json',
        body: file('Cy Park', 3, [[c, c + 15, 'Evidence', 'a date and a place']]),
      },
    ],
  };
}

const kappa = (n11: number, n10: number, n01: number, n00: number) => {
  const N = n11 + n10 + n01 + n00;
  const po = (n11 + n00) / N;
  const pe = ((n11 + n10) * (n11 + n01) + (n01 + n00) * (n10 + n00)) / (N * N);
  return (po - pe) / (1 - pe);
};

test('class view: three readers’ files imported at once give layers, heat-map, per-tag counts, agreement, anonymised summaries', async ({
  page,
}) => {
  await openApp(page);
  const { files, N } = threeReaders(sampleText());
  await page.getByLabel('Import annotations').setInputFiles(
    files.map((f) => ({
      name: f.name,
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(f.body)),
    })),
  );
  const dlg = page.getByRole('dialog');
  // The three files name no document: each is placed on the open one.
  for (let i = 0; i < 3; i++) {
    await dlg.getByRole('button', { name: 'Continue' }).click();
    await dlg.getByRole('button', { name: 'Import 1' }).click();
  }
  await expect(sidebar(page).locator('article')).toHaveCount(3);

  await page.getByRole('button', { name: 'Class view' }).click();
  const panel = classPanel(page);
  await expect(panel).toContainText('3 readers, 3 marks');
  // Layers: one per reader, with initials drawn in the text.
  const readers = panel.getByRole('group', { name: 'Readers' });
  for (const who of ['Ana Lima', 'Ben Okafor', 'Cy Park']) await expect(readers).toContainText(who);
  await expect(page.locator('.ProseMirror .mg-badge')).toHaveCount(3);
  expect((await page.locator('.ProseMirror .mg-badge').allTextContents()).sort()).toEqual([
    'AL',
    'BO',
    'CP',
  ]);
  const counts = panel.getByRole('table', { name: 'Marks per reader and tag' });
  await expect(counts.getByRole('row', { name: /Ana Lima/ })).toContainText('1');

  // Heat-map: [a, a+10) one reader, [a+10, a+20) two, [a+20, a+30) one, [c, c+15) one.
  await panel.getByRole('switch', { name: 'Heat-map in the text' }).check();
  const heat = page.locator('.ProseMirror .mg-heat');
  await expect(heat).toHaveCount(4);
  const segs = await heat.evaluateAll((els) =>
    els.map((e) => ({ text: e.textContent ?? '', label: e.getAttribute('title') })),
  );
  expect(segs.map((s) => [...s.text].length)).toEqual([10, 10, 10, 15]);
  expect(segs.map((s) => s.label)).toEqual([
    '1 of 3 readers marked this',
    '2 of 3 readers marked this',
    '1 of 3 readers marked this',
    '1 of 3 readers marked this',
  ]);
  await panel.getByRole('switch', { name: 'Heat-map in the text' }).uncheck();
  await expect(heat).toHaveCount(0);

  // By tag: Claim used by two readers on one passage; Evidence by one.
  await panel.getByRole('tab', { name: 'By tag' }).click();
  await expect(panel.getByRole('region', { name: 'Tag Claim' })).toContainText(
    '2 of 3 readers · 2 marks · 1 passage',
  );
  await expect(panel.getByRole('region', { name: 'Tag Evidence' })).toContainText(
    '1 of 3 readers · 1 mark · 1 passage',
  );
  await panel.getByRole('region', { name: 'Tag Claim' }).getByRole('button').first().click();
  const detail = panel.getByRole('region', { name: 'Passage compared' });
  await expect(detail).toContainText('Marked by 2 of 3 readers');
  await expect(detail).toContainText('the core claim');

  // Agreement, "any mark", computed by hand above.
  await panel.getByRole('tab', { name: 'Agreement' }).click();
  const ab = kappa(10, 10, 10, N - 30);
  const ac = kappa(0, 20, 15, N - 35);
  const bc = ac;
  const mean = (ab + ac + bc) / 3;
  const table = panel.getByRole('table', { name: /Agreement per tag/ });
  await expect(table.getByRole('row', { name: /Any mark/ })).toContainText(mean.toFixed(2));
  await panel.getByText('Pairs: any mark').click();
  await expect(panel.getByRole('row', { name: /Ana Lima · Ben Okafor/ })).toContainText(
    ab.toFixed(2),
  );

  // Anonymise: no real name anywhere in the panel or the text's labels; exports follow.
  await panel.getByRole('switch', { name: 'Anonymise names' }).check();
  for (const who of ['Ana Lima', 'Ben Okafor', 'Cy Park'])
    await expect(panel).not.toContainText(who);
  await expect(panel).toContainText('Student 1');
  await expect(panel).toContainText('Student 3');
  const titles = await page
    .locator('.ProseMirror [data-annotation-id]')
    .evaluateAll((els) =>
      els
        .map((e) => `${e.getAttribute('title')} ${e.getAttribute('aria-description') ?? ''}`)
        .join(' '),
    );
  expect(titles).not.toMatch(/Ana|Ben|Cy Park/);

  await panel.getByRole('button', { name: 'Export class summary' }).click();
  let wait = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Summary as Markdown' }).click();
  const md = await wait;
  expect(md.suggestedFilename()).toMatch(/class summary \(anonymised\) \d{4}-\d{2}-\d{2}\.md$/);
  const mdText = await body(md);
  expect(mdText).toContain('Student 2');
  expect(mdText).not.toMatch(/Ana|Ben|Cy Park/);
  expect(mdText).toContain('the core claim');

  await panel.getByRole('button', { name: 'Export class summary' }).click();
  wait = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Counts per reader as CSV' }).click();
  const csv = await body(await wait);
  expect(csv.split('\r\n')[0]).toMatch(/^reader,total/);
  expect(csv).toContain('Student 1');
  expect(csv).not.toMatch(/Ana|Ben|Cy Park/);

  // "Only prompts" hides every reader's marks; "Everyone" brings them back.
  await panel.getByRole('tab', { name: 'Readers' }).click();
  await panel.getByRole('radio', { name: 'Only prompts' }).check();
  await expect(page.locator('.ProseMirror [data-annotation-id]')).toHaveCount(0);
  await panel.getByRole('radio', { name: 'Everyone' }).check();
  await expect(page.locator('.ProseMirror .mg-badge')).toHaveCount(3);
});
