import { availableParallelism } from 'node:os';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import { threadPoolFiles } from '@app/core';
import type { RenderCertificateInput } from './render-certificate.js';

/**
 * Worker threads that render PDFs (piscina), one per core, so that rendering a cohort's
 * certificates never blocks the event loop that answers HTTP requests. Threads start on demand
 * and leave after a minute idle (each holds its parsed fonts, about 20 MB).
 */
@Injectable()
export class CertificatePool implements OnApplicationShutdown {
  private readonly pool = new Piscina<RenderCertificateInput, Uint8Array>({
    ...threadPoolFiles(new URL('./certificate-worker.js', import.meta.url), ['default'], {}),
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
