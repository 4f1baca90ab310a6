#!/usr/bin/env node
// `npm run bench`: runs the benchmarks through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../bench/main.ts');
