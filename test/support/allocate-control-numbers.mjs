#!/usr/bin/env node
// A second process for the control-number test: allocates N interchange control numbers from the
// database at URL (argv[2]) as fast as it can, N = argv[3], and prints them as one JSON array.
import { register } from 'tsx/esm/api';

register();
const { openDb } = await import('../../src/store/db.ts');
const { createControlNumberSource } = await import('../../src/store/control-numbers.ts');
const db = openDb({ url: process.argv[2] });
const src = createControlNumberSource(db);
const n = Number(process.argv[3]);
const got = await Promise.all(Array.from({ length: n }, () => src.next('interchange')));
await db.close();
process.stdout.write(JSON.stringify(got));
