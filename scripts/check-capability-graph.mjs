#!/usr/bin/env node
// Checks that the graph of capabilities (folders under src/core) has no cycles
// (docs/ARCHITECTURE.md rule 5). dependency-cruiser finds cycles between files only; a
// cycle between folders can pass through files that never form a file cycle.
// Usage: node scripts/check-capability-graph.mjs [--mermaid]
// Type-only imports count; *.test.ts / *.spec.ts files do not (they are not the product).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const coreDir = join(root, 'src', 'core');

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;
const isSource = (f) => /\.(ts|tsx|mts|cts)$/.test(f) && !/\.d\.ts$/.test(f);
const isTest = (f) => /\.(test|spec)\.tsx?$/.test(f);

function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (isSource(name) && !isTest(name)) out.push(path);
  }
  return out;
}

/** Capability name of an absolute path inside src/core, or undefined. */
function capabilityOf(path) {
  const rel = relative(coreDir, path);
  if (rel.startsWith('..') || !rel.includes(sep)) return undefined;
  return rel.split(sep)[0];
}

function buildGraph() {
  const graph = new Map();
  const capabilities = readdirSync(coreDir).filter((n) => statSync(join(coreDir, n)).isDirectory());
  for (const cap of capabilities) graph.set(cap, new Map());
  for (const cap of capabilities) {
    for (const file of filesUnder(join(coreDir, cap))) {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
      for (const [, spec] of text.matchAll(SPECIFIER)) {
        if (!spec.startsWith('.')) continue;
        const target = capabilityOf(resolve(dirname(file), spec));
        if (target === undefined || target === cap) continue;
        const edges = graph.get(cap);
        if (!edges.has(target)) edges.set(target, relative(root, file));
      }
    }
  }
  return graph;
}

function findCycle(graph) {
  const state = new Map(); // undefined: new, 1: on the stack, 2: done
  const stack = [];
  const visit = (node) => {
    state.set(node, 1);
    stack.push(node);
    for (const next of [...(graph.get(node)?.keys() ?? [])].sort()) {
      if (state.get(next) === 1) return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 2);
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.get(node) === undefined) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return undefined;
}

const graph = buildGraph();

if (process.argv.includes('--mermaid')) {
  console.log('```mermaid\nflowchart TD');
  for (const [from, edges] of [...graph].sort()) {
    if (edges.size === 0) console.log(`  ${from}`);
    for (const to of [...edges.keys()].sort()) console.log(`  ${from} --> ${to}`);
  }
  console.log('```');
}

const cycle = findCycle(graph);
if (cycle) {
  console.error(`capability cycle: ${cycle.join(' -> ')}`);
  for (let i = 0; i + 1 < cycle.length; i++) {
    console.error(`  ${cycle[i]} -> ${cycle[i + 1]}, e.g. in ${graph.get(cycle[i]).get(cycle[i + 1])}`);
  }
  process.exit(1);
}
const edgeCount = [...graph.values()].reduce((n, e) => n + e.size, 0);
console.log(`capability graph: ${graph.size} capabilities, ${edgeCount} edges, no cycles`);
