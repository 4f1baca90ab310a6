import Fastify from 'fastify';

// The ceiling: a bare Fastify route answering a patient-sized JSON document, no auth, no database.
const body = JSON.parse(process.env.BENCH_BODY ?? '{}') as unknown;
const app = Fastify({ logger: false });
app.get('/patient/:id', async () => body);
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${address}\n`);
