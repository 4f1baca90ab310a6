#!/usr/bin/env node
// `npm run bench:eligibility`: the eligibility benchmarks through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../bench/eligibility.ts');
