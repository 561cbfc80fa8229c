import { get, isObj, list, type Obj } from '../import-validate';
import type { ImportFormat } from './format';

/** Recogito's own storage shape: `bodies` instead of `body`, selectors without `type`. */
const isNative = (v: unknown): v is Obj =>
  isObj(v) &&
  Array.isArray(get(v, 'bodies')) &&
  get(v, 'body') === undefined &&
  get(v, 'type') === undefined;

/**
 * Recogito's internal annotation format (its TEI, PDF and inline-marker tools store it). It is
 * not W3C: its positions are XPaths into the TEI/XML or PDF geometry, which no plain text has.
 * Recognized only to refuse it with a message that says what to export instead.
 */
export const recogitoNative: ImportFormat = {
  id: 'recogito-native',
  name: 'Recogito (internal format)',
  recognizes: (json) => {
    const items = list(json);
    return items.length > 0 && items.every(isNative);
  },
  parse: () => ({
    ok: false,
    error:
      'this is Recogito’s internal annotation format (“bodies” and XPath positions into the original TEI or PDF), not Web Annotation JSON. In Recogito, export the annotations as W3C Web Annotation and import that file.',
  }),
};
