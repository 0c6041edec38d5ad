// The dependency rules (.dependency-cruiser.cjs) prove themselves on small trees made here: each
// rule must fail the tree that breaks it, and a tree that keeps the house's direction must pass.
// `npm test` also runs them over the real tree before the suite (see package.json, pretest).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const run = promisify(execFile);

type Tree = Record<string, string>;

/** The rule names the checker reports for `tree`, and whether it failed. */
async function check(tree: Tree): Promise<{ failed: boolean; rules: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'architecture-'));
  try {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
    for (const [path, text] of Object.entries(tree)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    try {
      await run(DEPCRUISE, ['src', '--config', CONFIG, '--output-type', 'err'], { cwd: dir });
      return { failed: false, rules: [] };
    } catch (error) {
      const { stdout } = error as { stdout?: string };
      const output = stdout ?? '';
      return { failed: true, rules: [...new Set([...output.matchAll(/error ([\w-]+):/g)].map((m) => m[1]!))].sort() };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const importing = (...paths: string[]) => `${paths.map((p, i) => `import { x${i} } from '${p}';`).join('\n')}\nexport const x = 1;\n`;

// A small tree that keeps every rule: app wires a plugin and a module; the module's routes use its
// service, which uses its queries and another module's service; everything may use the blocks.
const CLEAN: Tree = {
  'src/server.ts': importing('./app.js'),
  'src/app.ts': importing('./plugins/auth.js', './modules/areas/areas.routes.js', './modules/figures/figures.routes.js'),
  'src/plugins/auth.ts': importing('../http/problem.js'),
  'src/http/problem.ts': importing('../domain/period.js'),
  'src/domain/period.ts': 'export const x0 = 1;\n',
  'src/db/client.ts': 'export const x0 = 1;\n',
  'src/modules/areas/areas.routes.ts': importing('./areas.service.js', '../../plugins/auth.js'),
  'src/modules/areas/areas.service.ts': importing('./areas.queries.js'),
  'src/modules/areas/areas.queries.ts': importing('../../db/client.js'),
  'src/modules/figures/figures.routes.ts': importing('./figures.service.js'),
  'src/modules/figures/figures.service.ts': importing('../areas/areas.service.js', '../../http/problem.js'),
};

t.test('passes a tree that keeps the direction', async (t) => {
  t.same(await check(CLEAN), { failed: false, rules: [] });
});

t.test('fails on a circle between folders, even when no file imports itself', async (t) => {
  const result = await check({
    ...CLEAN,
    // areas.routes → figures.service → areas.service: no file reaches itself, but the folders do.
    'src/modules/areas/areas.routes.ts': importing('./areas.service.js', '../figures/figures.service.js'),
  });
  t.same(result, { failed: true, rules: ['no-circular-folders'] });
});

t.test("fails on a module reaching into another module's queries", async (t) => {
  const result = await check({ ...CLEAN, 'src/modules/figures/figures.service.ts': importing('../areas/areas.queries.js') });
  t.same(result.rules, ['no-other-module-internals']);
});

t.test('fails on a plugin that imports a module, and on a building block that does', async (t) => {
  const result = await check({
    ...CLEAN,
    'src/plugins/auth.ts': importing('../modules/areas/areas.service.js'),
    'src/http/problem.ts': importing('../plugins/auth.js'),
  });
  t.ok(result.rules.includes('plugins-import-no-module'), result.rules.join(', '));
  t.ok(result.rules.includes('building-blocks-import-no-room'), result.rules.join(', '));
});

t.test("fails on a start-up step or script that runs a module's SQL", async (t) => {
  const result = await check({ ...CLEAN, 'src/server.ts': importing('./app.js', './modules/areas/areas.queries.js') });
  t.same(result.rules, ['no-queries-from-outside']);
});
