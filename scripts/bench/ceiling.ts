// The ceiling for the HTTP load runs: a bare Fastify route that answers a precomputed body of a
// given size, with no hooks, no logging and no database. Nothing the API does can be faster.
import Fastify from 'fastify';

const bytes = Number(process.env.BENCH_BODY_BYTES ?? 2048);
const filler = 'x'.repeat(Math.max(0, bytes - '{"data":""}'.length));
const body = `{"data":"${filler}"}`;

const app = Fastify({ logger: false });
app.get('/ceiling', async (_request, reply) => reply.type('application/json; charset=utf-8').send(body));
app.get('/ready', async () => ({ status: 'ready' }));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
