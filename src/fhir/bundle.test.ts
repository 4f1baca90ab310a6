import { describe, expect, it } from 'vitest';
import { pageOf, searchsetBundle } from './bundle.ts';
import type { FhirOrganization } from './fhir-types.ts';

const org = (id: string): FhirOrganization => ({ resourceType: 'Organization', id, active: true, type: [], name: id });
const base = 'https://h.example/fhir/R4';

describe('searchsetBundle', () => {
  it.each([
    ['first page with more', 0, true, ['self', 'next'], ['_offset=0', '_offset=2']],
    ['middle page', 2, true, ['self', 'next', 'previous'], ['_offset=2', '_offset=4', '_offset=0']],
    ['last page', 4, false, ['self', 'previous'], ['_offset=4', '_offset=2']],
    ['only page', 0, false, ['self'], ['_offset=0']],
    ['offset not a multiple of count', 1, false, ['self', 'previous'], ['_offset=1', '_offset=0']],
  ])('%s', (_n, offset, hasMore, relations, offsets) => {
    const b = searchsetBundle({ base, type: 'Organization', resources: [org('a')], params: [['name', 'A b']], page: { count: 2, offset }, hasMore });
    expect(b.link.map((l) => l.relation)).toEqual(relations);
    b.link.forEach((l, i) => expect(l.url).toBe(`${base}/Organization?name=A+b&_count=2&${offsets[i]}`));
  });

  it('omits total, and entries when empty; lists the outcome last', () => {
    expect(searchsetBundle({ base, type: 'Patient', resources: [], params: [], page: { count: 20, offset: 0 }, hasMore: false })).toEqual({
      resourceType: 'Bundle', type: 'searchset', link: [{ relation: 'self', url: `${base}/Patient?_count=20&_offset=0` }],
    });
    const b = searchsetBundle({ base, type: 'Organization', resources: [org('a')], params: [], page: { count: 20, offset: 0 }, hasMore: false, total: 1, outcome: { resourceType: 'OperationOutcome', issue: [] } });
    expect(b.total).toBe(1);
    expect(b.entry?.map((e) => [e.fullUrl, e.search.mode])).toEqual([[`${base}/Organization/a`, 'match'], [undefined, 'outcome']]);
  });

  it('pageOf splits the extra row', () => {
    expect(pageOf([1, 2, 3], 2)).toEqual({ items: [1, 2], hasMore: true });
    expect(pageOf([1, 2], 2)).toEqual({ items: [1, 2], hasMore: false });
    expect(pageOf([], 2)).toEqual({ items: [], hasMore: false });
  });
});
