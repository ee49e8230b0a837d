import { describe, expect, it } from '@jest/globals';
import { childEnv, run } from '../support/processes.js';

/**
 * A regression test for a crash seen in CI: a pool stopped while its threads were still loading
 * their modules aborted the whole process (require(esm) on Node 20.19+, FATAL ERROR in
 * ModuleWrap::InstantiateSync). Pools now start through the CommonJS thread entry, which imports
 * the module asynchronously. Run in a child process, so an abort is a failed test with its output.
 */
const script = `
import { Piscina } from 'piscina';
import { threadPoolFiles } from './dist/libs/core/src/thread-pool.js';
const modules = [
  [new URL('./dist/libs/verification/src/verify-worker.js', import.meta.url), ['default', 'pdfCredential']],
  [new URL('./dist/libs/signing/src/signing-worker.js', import.meta.url), ['default']],
  [new URL('./dist/libs/certificates/src/certificate-worker.js', import.meta.url), ['default']],
];
const data = { publicBaseUrl: 'http://localhost', masterKey: new Uint8Array(32).fill(7) };
for (let i = 0; i < 48; i++) {
  const [url, tasks] = modules[i % modules.length];
  const pool = new Piscina({ ...threadPoolFiles(url, tasks, data), minThreads: 2, maxThreads: 2 });
  // Stop at every stage of the threads' start: before, during and after their modules load.
  await new Promise((resolve) => setTimeout(resolve, 50 + ((i * 53) % 500)));
  await pool.destroy();
}
const pool = new Piscina({ ...threadPoolFiles(modules[0][0], modules[0][1], data), minThreads: 1, maxThreads: 1 });
const named = await pool.run(new Uint8Array([1, 2, 3]), { name: 'pdfCredential' });
const missing = await pool.run(null, { name: 'nothing' }).then(() => 'ran', (e) => e.message);
await pool.destroy();
// A thread loads its module while the pool starts, not when its first task arrives: an idle
// thread waits in a synchronous Atomics.wait, where an import merely started does not progress.
const { mkdtempSync, writeFileSync } = await import('node:fs');
const dir = mkdtempSync((await import('node:os')).tmpdir() + '/thread-entry-');
writeFileSync(dir + '/timed.mjs', 'const loadedAt = Date.now(); export default () => loadedAt;');
writeFileSync(dir + '/broken.mjs', 'throw new Error("broken at load");');
const timed = new Piscina({ ...threadPoolFiles(new URL('file://' + dir + '/timed.mjs'), ['default'], {}), minThreads: 1, maxThreads: 1 });
await new Promise((resolve) => setTimeout(resolve, 1500));
const sentAt = Date.now();
const loadedAt = await timed.run(null);
await timed.destroy();
const broken = new Piscina({ ...threadPoolFiles(new URL('file://' + dir + '/broken.mjs'), ['default'], {}), minThreads: 1, maxThreads: 1 });
const brokenError = await broken.run(null).then(() => 'ran', (e) => e.message);
await broken.destroy();
console.log(JSON.stringify({ named, missing, loadedBeforeTask: loadedAt < sentAt, brokenError }));
`;

describe('worker-thread pools', () => {
  it('can be stopped while their threads are still starting, load their module before the first task, and run named tasks through the entry', async () => {
    const { code, stdout, stderr } = await run(['--input-type=module', '-e', script], childEnv({}), 80_000);
    expect({ code, stderr: stderr.slice(0, 2000) }).toEqual({ code: 0, stderr: '' });
    const result = JSON.parse(stdout.trim().split('\n').pop()!);
    // The named task reached the module's own function through the entry (pdf.js refused the bytes).
    expect(result.named).toEqual({ error: 'The file is not a readable PDF.' });
    // An unknown task name is an error, not a silent success.
    expect(result.missing).toMatch(/nothing|handler/i);
    // The module was loaded before the first task was sent, and a module that fails to load
    // fails its tasks with its own error.
    expect(result.loadedBeforeTask).toBe(true);
    expect(result.brokenError).toBe('broken at load');
  }, 90_000);
});
