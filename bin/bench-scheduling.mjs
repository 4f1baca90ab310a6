#!/usr/bin/env node
// `npm run bench:scheduling`: the scheduling benchmarks through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../bench/scheduling.ts');
