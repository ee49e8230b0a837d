/**
 * The file every worker-thread pool starts (piscina): CommonJS on purpose.
 *
 * piscina loads a task file with `require()` first. On Node 20.19+ that `require()`s an ES module
 * synchronously (require(esm)), and a thread terminated while it is still linking that module
 * graph aborts the whole process (FATAL ERROR in ModuleWrap::InstantiateSync: seen when an
 * application stopped a second after it started). Here the real module is loaded with an
 * asynchronous `import()` instead, started at once so the thread warms up as before; a thread
 * stopped during that import simply ends.
 *
 * The module and the names of its task functions come in `workerData.threadEntry`.
 */
import { workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

interface ThreadEntry {
  readonly module: string;
  readonly tasks: readonly string[];
}

type Task = (...args: unknown[]) => unknown;

const entry = (workerData as { threadEntry: ThreadEntry }).threadEntry;
const loaded = import(pathToFileURL(entry.module).href) as Promise<Record<string, Task>>;
// A module that fails to load is reported to each task that asks for it, not as an unhandled rejection.
loaded.catch(() => undefined);

const tasks: Record<string, Task> = {};
for (const name of entry.tasks) {
  tasks[name] = async (...args: unknown[]) => {
    const task = (await loaded)[name];
    if (typeof task !== 'function') throw new Error(`${entry.module} has no task function "${name}".`);
    return task(...args);
  };
}

// piscina looks the task up by name on what it required ("default" unless a name is given).
export = Object.assign(Object.create(null) as object, { __esModule: true }, tasks);
