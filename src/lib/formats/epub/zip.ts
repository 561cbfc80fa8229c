/**
 * A guarded view of an EPUB's zip archive (fflate). Every limit is checked on the central
 * directory before anything is inflated, and only the entries asked for are ever inflated (images
 * and fonts never are). fflate inflates into a buffer of the size the directory declares, so an
 * entry that lies about its size is cut short, never grown.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';

/** Caps against zip bombs; both are checked before inflating. */
export interface ZipLimits {
  /** Sum of the declared uncompressed sizes of all entries. */
  maxTotalBytes: number;
  /** Largest uncompressed : compressed ratio for an entry bigger than `ratioFloorBytes`. */
  maxRatio: number;
  /** Entries smaller than this may compress as well as they like (tiny XML compresses well). */
  ratioFloorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 300 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 64 * 1024,
};

export type ZipFailure = 'not-zip' | 'too-large' | 'unsafe-path';

export type ZipOpenResult =
  { ok: true; value: ZipArchive } | { ok: false; error: string; reason: ZipFailure };

/** The archive's entries by name; bytes are inflated on demand, one entry at a time. */
export interface ZipArchive {
  /** Entry names as stored (directories excluded). */
  readonly names: readonly string[];
  /** Whether an entry exists (exact name, else the only case-insensitive match). */
  has(path: string): boolean;
  /** The inflated bytes of an entry, or null when it is absent or cannot be inflated. */
  bytes(path: string): Uint8Array | null;
  /** An entry decoded as text (UTF-8, or UTF-16 with a byte-order mark), or null. */
  text(path: string): string | null;
}

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** Opens the central directory and checks names and limits. Never throws for bad bytes. */
export function openZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipOpenResult {
  const entries: UnzipFileInfo[] = [];
  try {
    unzipSync(bytes, {
      filter: (info) => {
        entries.push(info);
        return false;
      },
    });
  } catch {
    return {
      ok: false,
      reason: 'not-zip',
      error: 'This EPUB is broken: it is not a readable zip archive (damaged or incomplete).',
    };
  }
  let total = 0;
  for (const entry of entries) {
    if (!isSafeEntryName(entry.name)) {
      return {
        ok: false,
        reason: 'unsafe-path',
        error: `This EPUB was not opened: its entry "${entry.name}" points outside the book's archive.`,
      };
    }
    total += entry.originalSize;
    const ratio = entry.originalSize / Math.max(1, entry.size);
    if (entry.originalSize >= limits.ratioFloorBytes && ratio > limits.maxRatio) {
      return {
        ok: false,
        reason: 'too-large',
        error:
          `This EPUB was not opened: "${entry.name}" is compressed ${Math.round(ratio)} to 1, ` +
          `beyond the limit of ${limits.maxRatio} to 1 (a zip bomb).`,
      };
    }
  }
  if (total > limits.maxTotalBytes) {
    return {
      ok: false,
      reason: 'too-large',
      error:
        `This EPUB was not opened: it would unpack to ${mb(total)}, beyond the limit of ` +
        `${mb(limits.maxTotalBytes)} in total.`,
    };
  }
  return { ok: true, value: archive(bytes, entries) };
}

function archive(bytes: Uint8Array, entries: UnzipFileInfo[]): ZipArchive {
  const names = entries.map((e) => e.name).filter((name) => !name.endsWith('/'));
  const exact = new Set(names);
  const lower = new Map<string, string[]>();
  for (const name of names)
    lower.set(name.toLowerCase(), [...(lower.get(name.toLowerCase()) ?? []), name]);
  const find = (path: string): string | null => {
    if (exact.has(path)) return path;
    const matches = lower.get(path.toLowerCase());
    return matches?.length === 1 ? matches[0] : null;
  };
  const read = (path: string): Uint8Array | null => {
    const name = find(path);
    if (name === null) return null;
    try {
      return unzipSync(bytes, { filter: (info) => info.name === name })[name] ?? null;
    } catch {
      return null;
    }
  };
  return {
    names,
    has: (path) => find(path) !== null,
    bytes: read,
    text: (path) => {
      const data = read(path);
      return data === null ? null : decodeText(data);
    },
  };
}

/** UTF-8 unless a UTF-16 byte-order mark says otherwise (the encodings EPUB allows). */
export function decodeText(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le').decode(data);
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder('utf-16be').decode(data);
  return new TextDecoder('utf-8').decode(data);
}

/** A relative path whose segments never climb above the archive root. */
function isSafeEntryName(name: string): boolean {
  if (/^[/\\]|^[a-z]:/i.test(name)) return false;
  return !name.split(/[/\\]/).includes('..');
}

/**
 * Resolves `href` (percent-encoded, relative to the file at `base`) to an archive path and a
 * fragment; null when it leaves the archive (climbs above the root, is absolute or has a scheme).
 */
export function resolveHref(base: string, href: string): { path: string; fragment: string } | null {
  const hash = href.indexOf('#');
  const rawPath = hash < 0 ? href : href.slice(0, hash);
  const fragment = hash < 0 ? '' : href.slice(hash + 1);
  if (/^[a-z][a-z0-9+.-]*:/i.test(rawPath) || rawPath.startsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    decoded = rawPath;
  }
  const segments = base.split('/').slice(0, -1);
  if (decoded === '') return { path: base, fragment };
  for (const segment of decoded.split('/')) {
    if (segment === '..') {
      if (segments.length === 0) return null;
      segments.pop();
    } else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return { path: segments.join('/'), fragment };
}
