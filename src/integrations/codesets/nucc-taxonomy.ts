import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TaxonomyCodes } from '../../core/reference/index.ts';

/** The shipped NUCC taxonomy file (see codesets/PROVENANCE.md). */
export const NUCC_TAXONOMY_FILE = resolve(import.meta.dirname, '../../../codesets/nucc_taxonomy.tsv');

/**
 * Loads a NUCC taxonomy release: a tab-separated file with a header row naming at least `code`
 * and `display_name`. A newer release with the same columns needs no code change.
 */
export const loadTaxonomy = (file = NUCC_TAXONOMY_FILE): TaxonomyCodes => {
  const [header, ...lines] = readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean);
  const cols = (header ?? '').split('\t');
  const code = cols.indexOf('code');
  const name = cols.indexOf('display_name');
  if (code < 0 || name < 0) throw new Error(`${file}: the header must name the columns code and display_name`);
  const names = new Map(lines.map((l) => l.split('\t')).map((f) => [f[code]!, f[name]!]));
  return { name: (c) => names.get(c) ?? null };
};
