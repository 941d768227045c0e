/** The engine is a pure function of data: no framework, no persistence, no other src/ folder. */
module.exports = {
  forbidden: [
    {
      name: 'engine-is-pure',
      comment: 'src/engine may import only itself, zod, safe-stable-stringify, microdiff and node:crypto.',
      severity: 'error',
      from: { path: '^src/engine/', pathNot: '\\.spec\\.ts$' },
      to: {
        pathNot: ['^src/engine/', 'node_modules/(zod|safe-stable-stringify|microdiff)/', '^crypto$', '^node:crypto$'],
      },
    },
    {
      name: 'database-is-generic',
      comment: 'src/database builds connections and transactions for every feature; features register their own entities, so it never imports them.',
      severity: 'error',
      from: { path: '^src/database/' },
      to: { path: '^src/', pathNot: ['^src/database/', '^src/config/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
