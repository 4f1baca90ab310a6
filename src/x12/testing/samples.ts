import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared X12 sample files (see PROVENANCE.md there), beside the project folder. */
export const SAMPLE_DIR = fileURLToPath(new URL('../../../../shared/data/x12/', import.meta.url));

/** Paths (relative to SAMPLE_DIR, sorted) of every sample whose name ends with `.${ext}`, searched recursively. */
export const listSamples = (ext: string): string[] => {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(`.${ext}`)) out.push(relative(SAMPLE_DIR, p));
    }
  };
  walk(SAMPLE_DIR);
  return out.sort();
};

/** The text of a sample file. */
export const readSample = (path: string): string => readFileSync(join(SAMPLE_DIR, path), 'utf8');
