import type { Converter } from './types';
import { decodeTextFile } from '../model/decode';

/** Text formats store their decoded text itself. */
export const convertText =
  (_format: 'text' | 'markdown'): Converter =>
  async (bytes, ctx) => {
    const decoded = decodeTextFile(ctx.fileName, bytes);
    if (!decoded.ok) return decoded;
    return { ok: true, value: { kind: 'text', text: decoded.value.text, leftOut: [] } };
  };
