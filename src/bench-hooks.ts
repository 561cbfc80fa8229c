// Loaded only when the page URL has `?bench`: gives the benchmark (bench/run.mjs) the app's
// own model functions, so it measures production code, not a copy.
export { TextIndex } from './lib/model/text-index';
export { anchorAll } from './lib/model/anchor';
export { describeRange } from './lib/model/selectors';
export { serializeCollection, parseW3C } from './lib/model/w3c';
export { planImport } from './lib/model/import-plan';
export { parseDocument } from './lib/model/parse';
export { heatMap, passages, agreement, tagUsage, readerCounts } from './lib/model/class-analysis';
export { exportW3CBlob } from './lib/workers/w3c-export';
