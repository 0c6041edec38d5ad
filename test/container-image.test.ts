// The image cannot be built here, so its recipe is read as the builder would read it: the server
// must be able to create its embedded database as the user it runs as, and the health check must
// ask the port the server listens on.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { loadConfig } from '../src/config.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

type Instruction = { keyword: string; args: string };

/** Instructions in order: comments dropped, continued lines joined. */
function parseDockerfile(text: string): Instruction[] {
  const logical = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return logical
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
      return { keyword: keyword!.toUpperCase(), args: args! };
    });
}

/** ENV in both forms: `KEY=value KEY2=value` and `KEY value`. */
function envOf(instructions: Instruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of instructions.filter((i) => i.keyword === 'ENV')) {
    if (!/^\w+=/.test(args)) {
      const [key, ...value] = args.split(/\s+/);
      env[key!] = value.join(' ');
      continue;
    }
    for (const [, key, quoted, bare] of args.matchAll(/(\w+)=(?:"([^"]*)"|(\S*))/g)) env[key!] = quoted ?? bare!;
  }
  return env;
}

const expand = (text: string, env: Record<string, string>) =>
  text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string | undefined, bare: string | undefined) => env[(braced ?? bare)!] ?? '');

/** The words of each command a RUN line chains, variables expanded and quotes removed. */
const commandsOf = (run: string, env: Record<string, string>) =>
  expand(run, env)
    .split(/&&|;|\|\|/)
    .map((command) =>
      command
        .trim()
        .split(/\s+/)
        .map((word) => word.replace(/^["']|["']$/g, '')),
    );

/** HEALTHCHECK's command as the argv it runs: exec form as given, shell form through sh. */
function healthcheckArgv(args: string): string[] {
  const command = args.replace(/^(--\S+\s+)*CMD\s+/, '');
  return command.startsWith('[') ? (JSON.parse(command) as string[]) : ['/bin/sh', '-c', command];
}

const dockerfile = parseDockerfile(readFileSync(`${ROOT}Dockerfile`, 'utf8'));
const env = envOf(dockerfile);
const workdir = dockerfile.filter((i) => i.keyword === 'WORKDIR').at(-1)?.args ?? '/';
const userAt = dockerfile.findIndex((i) => i.keyword === 'USER');
const user = dockerfile[userAt]?.args.split(':')[0];

t.test('runs the server as an unprivileged user', async (t) => {
  t.ok(user, 'a USER instruction');
  t.not(user, 'root');
  t.notOk(
    dockerfile.slice(userAt + 1).some((i) => i.keyword === 'USER'),
    'and never switches back',
  );
});

t.test('creates the embedded database folder that DATA_DIR names, owned by that user', async (t) => {
  const dataDir = posix.resolve(workdir, env.DATA_DIR ?? loadConfig({}).dataDir);
  t.equal(env.DATA_DIR, dataDir, 'DATA_DIR is set to an absolute folder, so the server does not depend on its working directory');
  const asRoot = dockerfile.slice(0, userAt);
  const commands = asRoot.filter((i) => i.keyword === 'RUN').flatMap((i) => commandsOf(i.args, env));
  const operands = (words: string[]) => words.slice(1).filter((w) => !w.startsWith('-'));
  const made = commands.some((words) => words[0] === 'mkdir' && operands(words).some((w) => posix.resolve(workdir, w) === dataDir));
  const chowned = commands.some((words) => {
    const [owner, ...paths] = operands(words);
    return words[0] === 'chown' && owner?.split(':')[0] === user && paths.some((w) => posix.resolve(workdir, w) === dataDir);
  });
  // COPY --chown creates its destination with that owner, which serves as well.
  const copiedOwned = asRoot.some(
    (i) =>
      i.keyword === 'COPY' &&
      new RegExp(`--chown=${user}\\b`).test(i.args) &&
      posix.resolve(workdir, expand(i.args.split(/\s+/).at(-1)!, env)) === dataDir,
  );
  t.ok(
    (made && chowned) || copiedOwned,
    `${dataDir} is created and handed to ${user} before USER ${user}, while the build still runs as root`,
  );
});

t.test('starts the server as the process the container stops, so it can shut down gracefully', async (t) => {
  const cmd = dockerfile.filter((i) => i.keyword === 'CMD').at(-1);
  t.ok(cmd?.args.startsWith('['), 'exec form: no shell between the runtime and the server');
  const argv = JSON.parse(cmd!.args) as string[];
  t.equal(argv[0], 'node', 'not npm, which exits on SIGTERM and leaves the server to be killed');
  t.ok(argv.includes('src/server.ts'), 'the server entry point');
});

t.test("leaves a host's own data folder out of the build context", async (t) => {
  const ignored = readFileSync(`${ROOT}.dockerignore`, 'utf8')
    .split('\n')
    .map((l) => l.trim().replace(/^\/|\/$/g, ''));
  t.ok(ignored.includes('data'), 'a local embedded database never ends up in the image');
  const copied = dockerfile
    .filter((i) => i.keyword === 'COPY')
    .flatMap((i) =>
      i.args
        .split(/\s+/)
        .filter((w) => !w.startsWith('--'))
        .slice(0, -1),
    );
  t.same(
    copied.filter((source) => ignored.includes(source.replace(/^\.\/|\/$/g, ''))),
    [],
    'nothing the image copies is ignored',
  );
});

t.test('checks health on the port PORT names, whatever it is', async (t) => {
  const healthcheck = dockerfile.find((i) => i.keyword === 'HEALTHCHECK');
  t.ok(healthcheck, 'a HEALTHCHECK instruction');
  const argv = healthcheckArgv(healthcheck!.args);
  t.notMatch(argv.join(' '), /:\d{2,5}\b/, 'no port written into the command');

  const ready = createServer((request, response) => response.writeHead(request.url === '/ready' ? 200 : 404).end());
  const readyPort = await listening(ready);
  t.teardown(() => new Promise<void>((resolve) => ready.close(() => resolve())));
  const closed = createServer();
  const closedPort = await listening(closed);
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const check = (port: number) => exitCode(argv, { ...process.env, ...env, PORT: String(port) });
  t.equal(await check(readyPort), 0, `healthy when the server listens on PORT=${readyPort}`);
  t.equal(await check(closedPort), 1, `unhealthy when nothing listens on PORT=${closedPort}`);
});

const listening = (server: Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

/** Runs the command as the container runtime would, without blocking the server it checks. */
const exitCode = (argv: string[], childEnv: NodeJS.ProcessEnv) =>
  new Promise<number | null>((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: childEnv, stdio: 'ignore', timeout: 10_000 });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
