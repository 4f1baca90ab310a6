import { X12Error } from './errors.ts';
import { el, locate, requireEl } from './segment.ts';
import type { Segment } from './tokenizer.ts';

/** One HL level: its HL segment, the segments up to the next HL, and its child levels. */
export interface HlNode {
  hl: Segment;
  /** HL01. */
  id: string;
  /** HL03 level code (270/271: 20 source, 21 receiver, 22 subscriber, 23 dependent). */
  levelCode: string;
  parent?: HlNode;
  segments: Segment[];
  children: HlNode[];
}

/** A transaction's hierarchy: the segments before the first HL (BHT) and the HL levels. */
export interface Hierarchy {
  head: Segment[];
  roots: HlNode[];
  /** Every level in file order. */
  nodes: HlNode[];
}

/**
 * Builds the HL tree of a transaction set (270/271, 276/277, 837). HL01 must be unique and
 * HL02 must name an earlier HL01, so the tree has no cycles; violations throw X12Error.
 */
export const readHierarchy = (segments: readonly Segment[]): Hierarchy => {
  const head: Segment[] = [];
  const roots: HlNode[] = [];
  const nodes: HlNode[] = [];
  const byId = new Map<string, HlNode>();
  let current: HlNode | undefined;
  for (const s of segments) {
    if (s.id !== 'HL') {
      (current ? current.segments : head).push(s);
      continue;
    }
    const id = requireEl(s, 1, 'HL01 hierarchical id');
    if (byId.has(id)) throw new X12Error('bad_value', locate(s, 1), 'HL01 must be unique in the transaction set');
    const parentId = el(s, 2);
    const parent = parentId === '' ? undefined : byId.get(parentId);
    if (parentId !== '' && !parent) throw new X12Error('bad_value', locate(s, 2), 'HL02 must name an earlier HL01');
    current = { hl: s, id, levelCode: requireEl(s, 3, 'HL03 level code'), segments: [], children: [], ...(parent ? { parent } : {}) };
    (parent ? parent.children : roots).push(current);
    byId.set(id, current);
    nodes.push(current);
  }
  return { head, roots, nodes };
};

/** Splits segments into loops, each starting at a segment that `isStart` accepts; `head` is what comes first. */
export const splitLoops = (segments: readonly Segment[], isStart: (s: Segment) => boolean): { head: Segment[]; loops: Segment[][] } => {
  const head: Segment[] = [];
  const loops: Segment[][] = [];
  for (const s of segments) {
    if (isStart(s)) loops.push([s]);
    else (loops.at(-1) ?? head).push(s);
  }
  return { head, loops };
};

/**
 * Separates an LS..LE bracketed loop (271 2120, 835 none yet) from the segments around it.
 * `inner` holds the segments between LS and LE; an LS without its LE throws X12Error.
 */
export const splitBracket = (segments: readonly Segment[], open = 'LS', close = 'LE'): { outside: Segment[]; inner: Segment[][] } => {
  const outside: Segment[] = [];
  const inner: Segment[][] = [];
  let openSeg: Segment | undefined;
  for (const s of segments) {
    if (s.id === open) {
      if (openSeg) throw new X12Error('unexpected_segment', locate(s), `${open} inside an open ${open}..${close} loop`);
      openSeg = s;
      inner.push([]);
    } else if (s.id === close) {
      if (!openSeg) throw new X12Error('unexpected_segment', locate(s), `${close} without ${open}`);
      if (el(s, 1) !== el(openSeg, 1)) throw new X12Error('bad_value', locate(s, 1), `${close}01 must repeat ${open}01`);
      openSeg = undefined;
    } else if (openSeg) inner.at(-1)!.push(s);
    else outside.push(s);
  }
  if (openSeg) throw new X12Error('unexpected_segment', locate(openSeg), `${open} has no matching ${close}`);
  return { outside, inner };
};
