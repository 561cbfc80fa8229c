import type { Skipped, SkipReason } from './import-validate';

/** How the report names each reason, after the count ("3 not a text selector"). */
export const SKIP_LABELS: Record<SkipReason, string> = {
  'not-text': 'not a text selector',
  'other-document': 'on another document',
  'page-note': 'a page note',
  linking: 'a linking annotation',
  invalid: 'invalid',
};

/** Skipped items counted by reason, one entry per reason present, in the order of SKIP_LABELS. */
export function skipCounts(skipped: readonly Skipped[]): { reason: SkipReason; count: number }[] {
  const counts = new Map<SkipReason, number>();
  for (const s of skipped)
    counts.set(s.reason ?? 'invalid', (counts.get(s.reason ?? 'invalid') ?? 0) + 1);
  return (Object.keys(SKIP_LABELS) as SkipReason[])
    .filter((r) => counts.has(r))
    .map((reason) => ({ reason, count: counts.get(reason)! }));
}

/** One line per reason: "41 not a text selector", "1 invalid". */
export function skipLines(skipped: readonly Skipped[]): string[] {
  return skipCounts(skipped).map((c) => `${c.count} ${SKIP_LABELS[c.reason]}`);
}
