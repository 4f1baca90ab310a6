import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTaxonomy } from './nucc-taxonomy.ts';

describe('NUCC taxonomy code set', () => {
  it('ships version 25.1 with the codes the demo practice uses', () => {
    const t = loadTaxonomy();
    expect(t.name('207Q00000X')).toBe('Family Medicine Physician');
    expect(t.name('208000000X')).toBe('Pediatrics Physician');
    expect(t.name('999Z00000X')).toBeNull();
  });

  it('loads a newer release by its header, whatever the column order', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nucc-')), 'next.tsv');
    writeFileSync(file, 'display_name\tcode\nNew Specialty\t123N00000X\n');
    expect(loadTaxonomy(file).name('123N00000X')).toBe('New Specialty');
    writeFileSync(file, 'name\tvalue\nx\ty\n');
    expect(() => loadTaxonomy(file)).toThrow(/header/);
  });
});
