import type { Bundle, BundleLink, FhirResource, OperationOutcome } from './fhir-types.ts';
import type { Page } from './search-params.ts';

/** Splits a page fetched with one extra row: the rows to show and whether a next page exists. */
export const pageOf = <T>(rows: T[], count: number): { items: T[]; hasMore: boolean } => ({ items: rows.slice(0, count), hasMore: rows.length > count });

const linkUrl = (base: string, type: string, params: [string, string][], count: number, offset: number): string => {
  const q = new URLSearchParams([...params, ['_count', String(count)], ['_offset', String(offset)]]);
  return `${base}/${type}?${q.toString()}`;
};

export interface SearchsetInput {
  /** Service base, e.g. `https://host/fhir/R4`. */
  base: string;
  type: string;
  resources: (FhirResource & { id: string })[];
  /** The search parameters applied (not `_count`/`_offset`), as sent. */
  params: [string, string][];
  page: Page;
  hasMore: boolean;
  /** Reported total when the service counted it; omitted otherwise (R4 Bundle.total is optional). */
  total?: number;
  /** Warnings (e.g. ignored parameters under lenient handling), as an entry with search.mode outcome. */
  outcome?: OperationOutcome;
}

/** A searchset Bundle with self, next and previous links carrying `_count` and `_offset`. */
export const searchsetBundle = (s: SearchsetInput): Bundle => {
  const { count, offset } = s.page;
  const link: BundleLink[] = [{ relation: 'self', url: linkUrl(s.base, s.type, s.params, count, offset) }];
  if (s.hasMore) link.push({ relation: 'next', url: linkUrl(s.base, s.type, s.params, count, offset + count) });
  if (offset > 0) link.push({ relation: 'previous', url: linkUrl(s.base, s.type, s.params, count, Math.max(0, offset - count)) });
  const entry: NonNullable<Bundle['entry']> = s.resources.map((resource) => ({ fullUrl: `${s.base}/${s.type}/${resource.id}`, resource, search: { mode: 'match' as const } }));
  if (s.outcome) entry.push({ resource: s.outcome, search: { mode: 'outcome' } });
  return { resourceType: 'Bundle', type: 'searchset', ...(s.total !== undefined ? { total: s.total } : {}), link, ...(entry.length ? { entry } : {}) };
};
