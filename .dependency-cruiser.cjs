// The direction of the house (docs/architecture.md): `npm test` runs this first and fails on any
// error below. Each rule says why it exists; loosen one only with a reason written here.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A file that reaches itself through its imports: split the shared part out, or hand one side what it needs.',
      from: { path: '^(src|scripts)/' },
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment:
        'Two folders that import each other are one room with a wall through it: merge them, or move the shared part into a building block both use.',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-other-module-internals',
      severity: 'error',
      comment:
        "A module's public surface is its service, schemas and types; its queries (and anything else) are its own. Call the other module's service.",
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/[^/]+/[^/]+[.](queries|context|csv|svg|validation|request|rows[.]schemas|secret|identifiers)[.]ts$',
        pathNot: '^src/modules/$1/',
      },
    },
    {
      name: 'no-queries-from-outside',
      severity: 'error',
      comment: 'Only its own module runs its SQL: start-up steps, plugins and scripts call services or are handed functions.',
      from: { path: '^(src|scripts)/', pathNot: '^src/modules/' },
      to: { path: '^src/modules/.+[.]queries[.]ts$' },
    },
    {
      name: 'plugins-import-no-module',
      severity: 'error',
      comment:
        'Plugins are cross-cutting: they are handed what they need (app.ts wires them), so a module can use a plugin without a circle.',
      from: { path: '^src/plugins/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'building-blocks-import-no-room',
      severity: 'error',
      comment: 'The database layer and the shared building blocks sit under every module and plugin, never above them.',
      from: { path: '^src/(db|http|shared)/' },
      to: { path: '^src/(modules|plugins|reference|demo|app[.]ts|server[.]ts)' },
    },
    {
      name: 'routes-no-drizzle',
      severity: 'error',
      comment: 'Handlers stay thin: SQL lives in queries files (house style).',
      from: { path: '[.]routes[.]ts$' },
      to: { path: '^node_modules/drizzle-orm' },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A source file nothing imports is dead code or a forgotten wiring.',
      from: { orphan: true, path: '^src/', pathNot: ['[.]d[.]ts$', '^src/server[.]ts$'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
