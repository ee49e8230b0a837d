// npm run bench — measurements on this machine, written to docs/benchmarks.md.
// Sections: `http` (framework choice and the service's read endpoints). Later capabilities add
// their own sections (CSV import, issuance, verification, PDF).
//
//   npm run bench                 every section
//   npm run bench -- http         one section
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const OUT = 'docs/benchmarks.md';
const only = process.argv[2];

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

function startProcess(args, env, readyCheck) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const stop = () =>
    new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM'))));
  return (async () => {
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) throw new Error(`process exited:\n${output}`);
      if (await readyCheck(output)) return { child, stop };
      await sleep(100);
    }
    child.kill('SIGKILL');
    throw new Error(`not ready:\n${output}`);
  })();
}

async function load(url, connections, headers = {}) {
  // Warm-up, then the measured run.
  await autocannon({ url, connections, duration: 1, headers });
  const r = await autocannon({ url, connections, duration: DURATION, headers });
  if (r.non2xx || r.errors) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99 };
}

const row = (name, c, m) => `| ${name} | ${c} | ${m.rps.toLocaleString('en-US')} | ${m.p50} | ${m.p99} |`;
const TABLE_HEAD = '| target | concurrency | requests/s | p50 ms | p99 ms |\n| --- | ---: | ---: | ---: | ---: |';

async function httpSection() {
  const lines = [];
  lines.push('### Framework: the same Nest controller on Fastify and on Express', '', TABLE_HEAD);
  for (const adapter of ['fastify', 'express']) {
    const port = await freePort();
    const server = await startProcess(['bench/framework-server.mjs', adapter, String(port)], {}, (out) => out.includes('ready'));
    try {
      for (const c of [1, 16, 64])
        lines.push(row(`Nest + ${adapter}, GET /probe (small JSON)`, c, await load(`http://127.0.0.1:${port}/probe`, c)));
    } finally {
      await server.stop();
    }
  }

  lines.push('', '### The service (built API, embedded PostgreSQL)', '', TABLE_HEAD);
  const dataDir = mkdtempSync(join(os.tmpdir(), 'cft-bench-'));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const api = await startProcess(
    ['dist/apps/api/src/main.js'],
    {
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'true',
      DATABASE_URL: '',
    },
    async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok;
      } catch {
        return false;
      }
    },
  );
  try {
    const base = `http://127.0.0.1:${port}`;
    for (const [path, label] of [
      ['/health/live', 'GET /health/live (no database)'],
      ['/frameworks/unesco-ai-cft', 'GET /frameworks/unesco-ai-cft (database read, 15 rows)'],
      ['/programmes', 'GET /programmes (database read, joins)'],
    ]) {
      for (const c of [1, 16, 64]) lines.push(row(label, c, await load(base + path, c)));
    }
  } finally {
    await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return lines.join('\n');
}

const SECTIONS = { http: { title: 'HTTP', run: httpSection } };

function machine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

function writeSection(key, title, body) {
  const start = `<!-- bench:${key}:start -->`;
  const end = `<!-- bench:${key}:end -->`;
  const block = `${start}\n## ${title}\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine()}. Load from autocannon in the same machine (it competes for the 2 cores), ${DURATION} s per row after a 1 s warm-up.\n\n${body}\n${end}`;
  let doc = existsSync(OUT)
    ? readFileSync(OUT, 'utf8')
    : '# Benchmarks\n\nWritten by `npm run bench` (bench/run.mjs); each section is replaced when its benchmark runs again.\n';
  doc = doc.includes(start) ? doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), block) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(OUT, doc);
}

for (const [key, section] of Object.entries(SECTIONS)) {
  if (only && only !== key) continue;
  process.stdout.write(`bench: ${key}...\n`);
  const body = await section.run();
  process.stdout.write(`${body}\n\n`);
  writeSection(key, section.title, body);
}
process.stdout.write(`written to ${OUT}\n`);
