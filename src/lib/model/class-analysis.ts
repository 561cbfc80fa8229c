/**
 * The class view's model: several readers' annotations of one document compared — where they
 * marked (heat-map), which marks touch the same part of the text (passages), how each tag was
 * used, and how far readers agree (Cohen's kappa per pair, Krippendorff's alpha for all).
 *
 * Everything here works on `Mark`s: placed annotations reduced to a code-point range
 * `[start, end)` of the document's plain text. A mark with `end <= start` covers no text: it is
 * counted as an annotation (`readerCounts`, `tagUsage().count`) but takes no part in anything
 * about coverage (heat-map, passages, agreement). All functions are pure and deterministic;
 * none of them looks at the text itself.
 *
 * This module is the one import for all of it; the parts live in `class-mark.ts` (the `Mark`,
 * name order, anonymising), `class-coverage.ts` (heat-map, passages, tag and reader counts) and
 * `class-agreement.ts` (kappa, alpha and their words).
 */
export { anonymiser, compareNames, UNKNOWN_STUDENT, type Mark } from './class-mark';
export {
  heatMap,
  passages,
  readerCounts,
  tagUsage,
  type HeatSegment,
  type Passage,
  type ReaderCounts,
  type TagUsage,
} from './class-coverage';
export {
  agreement,
  cohensKappa,
  describeAgreement,
  type PairAgreement,
  type TagAgreement,
} from './class-agreement';
