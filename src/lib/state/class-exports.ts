import type { Env } from '../model/types';
import { exportFileName } from '../model/filenames';
import type { ClassView } from './class-view.svelte';
import type { OpenDocument } from './document.svelte';
import type { ReaderState } from './reader.svelte';
import { download } from './download';

/** Which summary of the class view to download. */
export type ClassSummaryKind = 'markdown' | 'obsidian' | 'passages' | 'readers';

/**
 * Downloads a summary of the class view: Markdown, an Obsidian note, or CSV of passages or of
 * readers. It shows
 * the figures of the open view (computed once, not again here), with names as the view shows
 * them (anonymised or not).
 */
export async function exportClassSummary(
  view: ClassView,
  doc: OpenDocument,
  session: ReaderState,
  env: Env,
  kind: ClassSummaryKind,
): Promise<void> {
  const m = await import('../model/class-summary');
  const { citeRange } = await import('../model/citation');
  const cite = (start: number, end: number) => citeRange(doc.parsed, start, end);
  const input = {
    title: doc.meta?.title ?? 'Untitled',
    generated: env.now(),
    readers: view.readers,
    tags: doc.tags,
    passages: view.passages,
    counts: view.counts,
    agreement: view.agreement.length ? view.agreement : view.computeAgreement(),
    name: view.name,
    text: doc.parsed?.plainText,
    cite,
    prompts: doc.placed
      .filter((p) => p.a.prompt)
      .map((p) => ({
        question: p.a.note,
        quote: p.a.target.quote.exact,
        cite: cite(p.start, p.end),
        answers: doc.annotations
          .filter((a) => a.replyTo === p.a.id && session.shown(a))
          .map((a) => ({ creator: a.creator, note: a.note })),
      })),
  };
  const [content, ext, suffix, type] =
    kind === 'markdown'
      ? [m.classSummaryMarkdown(input), 'md', 'class summary', 'text/markdown']
      : kind === 'obsidian'
        ? [
            (await import('../model/interop/obsidian-class')).classSummaryObsidian(input),
            'md',
            'class summary obsidian',
            'text/markdown',
          ]
        : [
            kind === 'passages' ? m.classPassagesCsv(input) : m.classReadersCsv(input),
            'csv',
            `class ${kind}`,
            'text/csv',
          ];
  const title = doc.meta?.title ?? 'Untitled';
  const name = exportFileName(
    title,
    env.now(),
    ext,
    view.anonymise ? `${suffix} (anonymised)` : suffix,
  );
  download(name, content, type);
}
