import fc from 'fast-check';
import type { App } from '../src/app.js';
import {
  countsIn,
  invalidRequests,
  operations,
  parameterValue,
  responseValidator,
  servedDocument,
  validRequests,
  type Document,
  type Operation,
  type Request,
} from './helpers/contract.js';
import { Problem } from '../src/http/problem.js';
import { forEachDatabase, json } from './helpers/app.js';

const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

type Checker = (op: Operation, res: Awaited<ReturnType<App['inject']>>) => string | undefined;

function checker(document: Document): Checker {
  const validate = responseValidator(document);
  return (op, res) => {
    if (res.statusCode >= 500) return `server error ${res.statusCode}: ${res.body.slice(0, 200)}`;
    const declared = op.responses[String(res.statusCode)] ?? op.responses.default;
    if (!declared) return `undeclared status ${res.statusCode}`;
    const type = String(res.headers['content-type'] ?? '').split(';')[0]!;
    if (res.statusCode === 304 || res.statusCode === 204) return undefined;
    if (res.statusCode >= 400) {
      if (type !== 'application/problem+json') return `error without problem+json (${type})`;
      const problem = json(res, Problem);
      if (problem.status !== res.statusCode) return `problem status ${problem.status} on HTTP ${res.statusCode}`;
    }
    const media = declared.content?.[type];
    if (!media) return `undeclared content type ${type} for ${res.statusCode}`;
    // CSV and images are text the JSON schema cannot describe; they must at least not be empty.
    if (!type.endsWith('json')) return res.body.length > 0 ? undefined : `empty ${type}`;
    const body: unknown = JSON.parse(res.body);
    const invalid = validate(media.schema, body);
    if (invalid) return `body does not match its schema: ${invalid}`;
    const small = countsIn(body).filter((v) => v >= 1 && v <= 7);
    return small.length ? `public count(s) ${small.join(', ')} between 1 and 7` : undefined;
  };
}

const inject = (app: App, request: Request) =>
  app.inject({ method: request.method as 'GET', url: request.url, payload: request.payload as string, headers: request.headers });

forEachDatabase(async (t, { app }) => {
  const document = await servedDocument(app);
  const check = checker(document);
  const reads = operations(document).filter((op) => op.method === 'GET');
  t.comment(`fuzz seed ${SEED} (set FUZZ_SEED to replay), ${RUNS} runs per operation`);

  for (const op of reads) {
    t.test(`${op.operationId}: valid input never gets a 5xx and always gets a declared, well-formed answer`, async (t) => {
      await fc.assert(
        fc.asyncProperty(validRequests(document, op), async (request) => {
          const problem = check(op, await inject(app, request));
          if (problem) throw new Error(`${request.method} ${request.url}: ${problem}`);
        }),
        { numRuns: RUNS, seed: SEED },
      );
      t.pass(`${RUNS} valid requests`);
    });

    t.test(`${op.operationId}: input that breaks a declared constraint gets a 4xx problem, never a 2xx`, async (t) => {
      const base = fc.sample(fc.record(Object.fromEntries(op.parameters.map((p) => [p.name, parameterValue(document, p)]))), {
        numRuns: 1,
        seed: SEED,
      })[0]!;
      for (const { request, why } of invalidRequests(document, op, base)) {
        const res = await inject(app, request);
        t.ok(res.statusCode >= 400 && res.statusCode < 500, `${why} -> ${res.statusCode}`);
        t.notOk(check(op, res), `${why}: ${check(op, res) ?? 'well-formed'}`);
      }
    });
  }
});
