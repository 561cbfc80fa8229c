import { parseW3C } from '../w3c-parse';
import type { ImportFormat } from './format';

/**
 * W3C Web Annotation JSON (ours, Recogito's, Apache Annotator's, the spec's examples): the
 * primary exchange format, and the importer for any file no other format recognizes.
 */
export const w3c: ImportFormat = {
  id: 'w3c',
  name: 'W3C Web Annotation',
  recognizes: () => true,
  parse: (json, env) => parseW3C(json, env),
};
