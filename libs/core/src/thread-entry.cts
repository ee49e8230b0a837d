/**
 * The file every worker-thread pool starts (piscina): CommonJS on purpose.
 *
 * piscina loads a task file with `require()` first. On Node 20.19+ that `require()`s an ES module
 * synchronously (require(esm)), and a thread terminated while it is still linking that module
 * graph aborts the whole process (FATAL ERROR in ModuleWrap::InstantiateSync: seen when an
 * application stopped a second after it started). Here the real module is loaded with an
 * asynchronous `import()` instead, which piscina awaits before the thread takes tasks; a thread
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

// Each task is exported as a promise of its function, which piscina awaits before the thread
// reports itself ready: the module (and whatever it does when loaded, such as the verifying
// threads' warm-up) is loaded while the service starts, not when the first task arrives. piscina
// parks an idle thread in a synchronous Atomics.wait, where its event loop does not run: an
// import merely started there waited for the thread's first task, and the first verification
// after a start waited 900 ms for it (measured). A module that fails to load is reported to each
// task that asks for it.
const tasks: Record<string, Promise<Task>> = {};
for (const name of entry.tasks) {
  tasks[name] = loaded.then(
    (module) => {
      const task = module[name];
      if (typeof task !== 'function') {
        return () => {
          throw new Error(`${entry.module} has no task function "${name}".`);
        };
      }
      return task;
    },
    (error: unknown) => () => {
      throw error;
    },
  );
}

// piscina looks the task up by name on what it required ("default" unless a name is given).
export = Object.assign(Object.create(null) as object, { __esModule: true }, tasks);
