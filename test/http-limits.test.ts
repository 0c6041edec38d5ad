import net from 'node:net';
import type { Test } from 'tap';
import { Problem, PROBLEM_TYPES, type ProblemType } from '../src/http/problem.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, fingerprint, organisationWithKey, PROBLEM_JSON } from './helpers/auth.js';
import { assertProblem } from './helpers/problems.js';

const URL = '/v1/organisations/armley-ballet/figures';
const TOO_DEEP = 'The JSON body is nested too deeply: at most 32 levels of arrays and objects are accepted.';
const REQUEST_TIMEOUT_MS = 1000;
/** Generous against a loaded machine, yet far below the socket idle timeout the defects ran into (75 s). */
const ANSWER_WITHIN_MS = 5000;
/** How long a raw exchange waits for the server to answer and close before giving up. */
const GIVE_UP_MS = ANSWER_WITHIN_MS + 3000;

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

type RawAnswer = { statusCode: number; headers: Record<string, string>; body: string; raw: string; elapsedMs: number };

function parseAnswer(raw: string, elapsedMs: number): RawAnswer {
  const [head = '', ...rest] = raw.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  return { statusCode: Number(statusLine.split(' ')[1] ?? 0), headers, body: rest.join('\r\n\r\n'), raw, elapsedMs };
}

/**
 * Writes `opening` on a fresh connection, then one byte every `trickleEveryMs` if asked, and
 * collects what the server says until it closes the connection.
 */
function exchange(port: number, opening: string, trickleEveryMs?: number): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const started = Date.now();
    let raw = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.write(opening));
    const trickle = trickleEveryMs ? setInterval(() => socket.writable && socket.write(' '), trickleEveryMs) : undefined;
    const giveUp = setTimeout(() => socket.destroy(), GIVE_UP_MS);
    socket.on('data', (chunk) => {
      raw += chunk.toString('utf8');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(trickle);
      clearTimeout(giveUp);
      resolve(parseAnswer(raw, Date.now() - started));
    });
  });
}

/** A problem answered on the socket before any route is known: no `instance`, and a fresh request id. */
function assertConnectionProblem(t: Test, res: RawAnswer, type: ProblemType, detail: string) {
  const { status, title } = PROBLEM_TYPES[type];
  t.equal(res.statusCode, status, `answers ${status}: ${JSON.stringify(res.raw.slice(0, 200))}`);
  t.equal(res.headers['content-type'], PROBLEM_JSON);
  t.equal(res.headers.connection, 'close');
  t.equal(Number(res.headers['content-length']), Buffer.byteLength(res.body));
  t.match(res.headers['x-request-id'], /^[0-9a-f-]{36}$/);
  t.same(JSON.parse(res.body || '{}'), { type: `/problems/${type}`, title, status, detail, requestId: res.headers['x-request-id'] });
}

function assertAnsweredInTime(t: Test, res: RawAnswer) {
  t.ok(res.elapsedMs >= REQUEST_TIMEOUT_MS - 50, `not before the timeout (${res.elapsedMs} ms)`);
  t.ok(res.elapsedMs < ANSWER_WITHIN_MS, `within ${ANSWER_WITHIN_MS} ms of a ${REQUEST_TIMEOUT_MS} ms timeout (${res.elapsedMs} ms)`);
}

forEachDatabase(
  async (t, { app, database }) => {
    const admin = await adminKey(database.db);
    const key = await organisationWithKey(app, admin, 'armley-ballet');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as net.AddressInfo;
    const postRaw = (payload: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url: URL, headers: { ...bearer(key), 'content-type': 'application/json', ...headers }, payload });
    const figuresHead = (contentLength: number) =>
      `POST ${URL} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n`;

    t.test('refuses a figures body nested 5,000 deep with a 400 problem, and stores nothing', async (t) => {
      const before = await fingerprint(database.db);
      const res = await postRaw(`{"figures":${nested(5000)}}`);
      assertProblem(t, res, 'bad-request', URL, TOO_DEEP);
      t.same(await fingerprint(database.db), before, 'stored data unchanged');
    });

    t.test('reads 32 levels of nesting and refuses 33', async (t) => {
      // The object is level 1 and `figures` level 2, so 30 arrays inside make 32.
      const deepest = await postRaw(`{"figures":[${nested(30)}]}`);
      t.equal(deepest.statusCode, 422, 'reaches the handler, which refuses the row');
      t.match(json(deepest, Problem), { type: '/problems/unprocessable', errors: [{ pointer: '/body/figures/0' }] });
      assertProblem(t, await postRaw(`{"figures":[${nested(31)}]}`), 'bad-request', URL, TOO_DEEP);
    });

    t.test('does not count brackets inside strings, escaped quotes included', async (t) => {
      for (const activity of ['['.repeat(100), `\\"${'{'.repeat(40)}`, `\\\\${'['.repeat(40)}`]) {
        const res = await postRaw(`{"figures":[{"activity":"${activity}","area":"E05011385","period":"2025","participants":1}]}`);
        t.equal(res.statusCode, 422, activity);
        t.match(json(res, Problem), { errors: [{ pointer: '/body/figures/0/activity' }] });
      }
    });

    t.test('refuses deep JSON on admin routes with the same 400 problem, up to the body limit', async (t) => {
      const send = (payload: string) =>
        app.inject({
          method: 'POST',
          url: '/v1/organisations',
          headers: { ...bearer(admin), 'content-type': 'application/json' },
          payload,
        });
      assertProblem(t, await send(`{"id":"deep","name":${nested(5000)}}`), 'bad-request', '/v1/organisations', TOO_DEEP);
      const nearLimit = `{"id":"deep","name":${nested(500_000)}}`;
      t.ok(nearLimit.length < 1024 * 1024, 'under the default body limit');
      assertProblem(t, await send(nearLimit), 'bad-request', '/v1/organisations', TOO_DEEP);
      t.equal((await app.inject({ url: '/v1/organisations/deep', headers: bearer(admin) })).statusCode, 404, 'nothing created');
    });

    t.test('refuses a path that is not valid percent-encoding with a 400 problem', async (t) => {
      const res = await app.inject('/v1/areas/%E0%A4%A');
      assertProblem(t, res, 'bad-request', '/v1/areas/%E0%A4%A', 'The path is not valid percent-encoded UTF-8.');
    });

    t.test('refuses a path parameter over 100 characters with a 414 problem', async (t) => {
      const url = `/v1/areas/${'E'.repeat(101)}`;
      assertProblem(t, await app.inject(url), 'uri-too-long', url, 'A part of the path is longer than the 100 characters accepted.');
    });

    t.test('answers a stalled body with a 408 problem once the request time is up', async (t) => {
      const res = await exchange(port, `${figuresHead(100)}{"figures":`);
      assertProblem(t, res, 'request-timeout', URL, `The request was not received within ${REQUEST_TIMEOUT_MS} ms.`);
      t.equal(res.headers.connection, 'close');
      assertAnsweredInTime(t, res);
    });

    t.test('answers a body trickled one byte at a time with a 408 problem once the request time is up', async (t) => {
      const res = await exchange(port, `${figuresHead(100_000)}{"figures":`, 100);
      assertProblem(t, res, 'request-timeout', URL, `The request was not received within ${REQUEST_TIMEOUT_MS} ms.`);
      assertAnsweredInTime(t, res);
    });

    t.test('answers stalled headers with a 408 problem once the request time is up', async (t) => {
      const res = await exchange(port, `GET /v1/areas HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
      assertConnectionProblem(t, res, 'request-timeout', `The request was not received within ${REQUEST_TIMEOUT_MS} ms.`);
      assertAnsweredInTime(t, res);
    });

    t.test('stores a body that arrives in pieces within the request time', async (t) => {
      const body = '{"figures":[{"activity":"ballet","area":"E05011385","period":"2025","participants":3}]}';
      const socket = net.connect(port, '127.0.0.1');
      t.teardown(() => socket.destroy());
      let raw = '';
      socket.on('data', (chunk) => {
        raw += chunk.toString('utf8');
      });
      socket.write(figuresHead(Buffer.byteLength(body)));
      for (const piece of [body.slice(0, 20), body.slice(20, 60), body.slice(60)]) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        socket.write(piece);
      }
      await new Promise((resolve) => setTimeout(resolve, REQUEST_TIMEOUT_MS));
      t.match(raw, /^HTTP\/1\.1 201 /);
      t.notMatch(raw, /408/);
    });

    t.test('leaves an idle keep-alive connection open and unanswered past the request time', async (t) => {
      const socket = net.connect(port, '127.0.0.1');
      t.teardown(() => socket.destroy());
      let raw = '';
      socket.on('data', (chunk) => {
        raw += chunk.toString('utf8');
      });
      const get = 'GET /v1/activities/ballet HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
      socket.write(get);
      await new Promise((resolve) => setTimeout(resolve, REQUEST_TIMEOUT_MS * 2));
      const statusLines = () => raw.match(/HTTP\/1\.1 \d{3}/g);
      t.same(statusLines(), ['HTTP/1.1 200'], 'one answer so far');
      socket.write(get);
      await new Promise((resolve) => setTimeout(resolve, 300));
      t.same(statusLines(), ['HTTP/1.1 200', 'HTTP/1.1 200']);
    });

    t.test('answers headers over the size limit with a 431 problem', async (t) => {
      const res = await exchange(port, `GET /v1/areas HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`);
      assertConnectionProblem(t, res, 'request-header-fields-too-large', 'The request headers are larger than the 16384 bytes accepted.');
    });

    t.test('answers a request that is not HTTP with a 400 problem', async (t) => {
      const res = await exchange(port, 'HELLO THERE\r\n\r\n');
      assertConnectionProblem(t, res, 'bad-request', 'The request is not valid HTTP/1.1.');
    });
  },
  { REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
);
