/**
 * Loaded only when the page URL has `?bench`: gives the benchmark (bench/run.mjs) the app's own
 * model functions, so it measures production code, not a copy.
 */
export { TextIndex } from './text-index';
export { anchorAll } from './anchor';
export { describeRange } from './selectors';
export { serializeCollection, parseW3C } from './w3c';
export { planImport } from './import-plan';
export { parseDocument } from './parse';
export { heatMap, passages, agreement, tagUsage, readerCounts } from './class-analysis';
