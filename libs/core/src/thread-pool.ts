import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where a worker-thread pool's compiled files are. Under jest the sources are TypeScript, so
 * the compiled twin of the same path under dist/ is used (`npm test` builds first).
 */
function compiled(url: URL): string {
  const here = fileURLToPath(url);
  if (existsSync(here)) return here;
  const inDist = here.replace(/\/libs\/([a-z-]+)\/src\//, '/dist/libs/$1/src/');
  if (existsSync(inDist)) return inDist;
  throw new Error(`The thread file ${inDist} is missing: run "npm run build" first.`);
}

/**
 * The options that start a piscina pool on `moduleUrl` (a compiled ES module beside the caller,
 * e.g. `new URL('./signing-worker.js', import.meta.url)`) through the CommonJS thread entry, which
 * imports it asynchronously (see thread-entry.cts for why). `tasks` are the module's exported task
 * functions, "default" first.
 */
export function threadPoolFiles<D extends object>(
  moduleUrl: URL,
  tasks: readonly string[],
  workerData: D,
): { filename: string; workerData: D & { threadEntry: { module: string; tasks: readonly string[] } } } {
  return {
    filename: compiled(new URL('./thread-entry.cjs', import.meta.url)),
    workerData: { ...workerData, threadEntry: { module: compiled(moduleUrl), tasks } },
  };
}
