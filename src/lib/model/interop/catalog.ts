/**
 * What the export menu shows for each exchange format, apart from the adapters themselves, so
 * the menu can list them without loading the export code (loaded on first use).
 */
export interface ExportChoice {
  id: 'readwise' | 'obsidian' | 'zotero';
  label: string;
  description: string;
}

export const EXPORT_CHOICES: readonly ExportChoice[] = [
  {
    id: 'readwise',
    label: 'Readwise (.csv)',
    description: 'Highlights with notes and tags, for Readwise’s CSV import.',
  },
  {
    id: 'obsidian',
    label: 'Obsidian note (.md)',
    description: 'One note with properties; each annotation a linkable callout with #tags.',
  },
  {
    id: 'zotero',
    label: 'Zotero (.ris)',
    description: 'The document as a Zotero item, your annotations as its note.',
  },
];

export const choice = (id: ExportChoice['id']): ExportChoice =>
  EXPORT_CHOICES.find((c) => c.id === id)!;
