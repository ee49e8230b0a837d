import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import type { RenderCertificateInput } from './render-certificate.js';

/** The compiled rendering thread (under jest, its compiled twin under dist/: `npm test` builds first). */
export function certificateWorkerFile(): string {
  const here = fileURLToPath(new URL('./certificate-worker.js', import.meta.url));
  if (existsSync(here)) return here;
  const compiled = here.replace(/\/libs\/certificates\/src\//, '/dist/libs/certificates/src/');
  if (existsSync(compiled)) return compiled;
  throw new Error(`The rendering thread ${compiled} is missing: run "npm run build" first.`);
}

/**
 * Worker threads that render PDFs (piscina), one per core, so that rendering a cohort's
 * certificates never blocks the event loop that answers HTTP requests. Threads start on demand
 * and leave after a minute idle (each holds its parsed fonts, about 20 MB).
 */
@Injectable()
export class CertificatePool implements OnApplicationShutdown {
  private readonly pool = new Piscina<RenderCertificateInput, Uint8Array>({
    filename: certificateWorkerFile(),
    minThreads: 0,
    maxThreads: availableParallelism(),
    idleTimeout: 60_000,
  });

  async render(input: RenderCertificateInput): Promise<Buffer> {
    const pdf = await this.pool.run(input);
    return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.destroy();
  }
}
