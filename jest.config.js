/**
 * jest 30 in ESM mode (run with --experimental-vm-modules), TypeScript through SWC with legacy
 * decorators and decorator metadata, as tsc emits them for Nest and TypeORM. SWC does not
 * type-check: `npm run typecheck` does.
 * @type {import('jest').Config}
 */
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

/** The web pages' views are TSX rendered to HTML on the server with Preact. */
const swcTsx = {
  ...swc,
  jsc: {
    ...swc.jsc,
    parser: { ...swc.jsc.parser, tsx: true },
    transform: { ...swc.jsc.transform, react: { runtime: 'automatic', importSource: 'preact' } },
  },
};

/**
 * A few dependencies ship ESM only and are require()d by CommonJS packages (cookie by
 * light-my-request, content-disposition by @fastify/static). Node 20.19+ loads them natively
 * (require(esm)); jest's module system does not, so the tests compile just those to CommonJS.
 */
const ESM_ONLY_DEPENDENCIES = ['cookie', 'content-disposition'];
const toCommonJs = { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } };

export default {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    '^.+\\.tsx$': ['@swc/jest', swcTsx],
    [`/node_modules/(${ESM_ONLY_DEPENDENCIES.join('|')})/.+\\.js$`]: ['@swc/jest', toCommonJs],
  },
  // (Also when npm nests them under another package's node_modules.)
  transformIgnorePatterns: [`^(?!.*/node_modules/(${ESM_ONLY_DEPENDENCIES.join('|')})/).*/node_modules/`],
  moduleNameMapper: {
    '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  reporters: ['default', '<rootDir>/test/summary-reporter.mjs'],
  testTimeout: 60_000,
  maxWorkers: process.env.CI ? 2 : '50%',
};
