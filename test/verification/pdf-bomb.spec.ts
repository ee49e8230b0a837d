import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createDeflate, deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import type { AppConfig } from '@app/config';
import {
  boundDecoding,
  boundedPdfjs,
  embeddedFilePdf,
  patchWorkerSource,
  PDF_DECODE_LIMIT_ERROR,
  PDF_DECODER_REFUSED_ERROR,
  pdfDecodeRefusal,
  PdfReaderMismatch,
  VerifyPool,
} from '@app/verification';

const MiB = 1024 * 1024;

/** A zlib stream of `size` spaces, made a chunk at a time (the test never holds them all). */
async function deflatedSpaces(size: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const chunk = Buffer.alloc(Math.min(size, 8 * MiB), 0x20);
  for (let left = size; left > 0; left -= chunk.length) {
    if (!deflate.write(chunk.subarray(0, Math.min(left, chunk.length)))) {
      await new Promise((resolve) => deflate.once('drain', resolve));
    }
  }
  deflate.end();
  await done;
  return Buffer.concat(out);
}

/** A PDF as this service makes them (pdfkit, compressed), with a credential.json and a credential.jwt. */
async function certificate(json: string, jwt: string): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', compress: true, pdfVersion: '1.7', subset: 'PDF/A-3b' });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => doc.on('end', resolve));
  doc.text('Certificate');
  doc.file(Buffer.from(json), { name: 'credential.json', type: 'application/vc+ld+json' });
  doc.file(Buffer.from(jwt), { name: 'credential.jwt', type: 'application/jwt' });
  doc.end();
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}

const pdfjsWorkerSource = (): string =>
  readFileSync(createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs'), 'utf8');

// pdf.js decodes every stream in full; the reader bounds them by patching pdf.js's worker module,
// and refuses every PDF (never reads one unbounded) if that patch does not fit the installed pdf.js.
describe('PDF reader: fails closed when pdf.js is not the version it patches', () => {
  const source = pdfjsWorkerSource();

  it('patches the installed pdf.js', () => {
    expect(patchWorkerSource(source)).toContain('export { WorkerMessageHandler, DecodeStream, ');
  });

  it('refuses a worker module without the export line, with a decoder renamed, or with a new decoder', () => {
    const mutilated = [
      source.replace('export { WorkerMessageHandler };', 'export { WorkerMessageHandler as Handler };'),
      source.replace('class FlateStream extends DecodeStream {', 'class InflateStream extends DecodeStream {'),
      source.replace('class BrotliStream extends DecodeStream {', 'class BrotliStream extends BaseStream {'),
      source.replace(
        'class LZWStream extends DecodeStream {',
        'class ZstdStream extends DecodeStream {}\nclass LZWStream extends DecodeStream {',
      ),
      source.replace('class DecodeStream extends BaseStream {', 'class DecoderStream extends BaseStream {'),
    ];
    for (const text of mutilated) {
      expect(text).not.toBe(source);
      expect(() => patchWorkerSource(text)).toThrow(PdfReaderMismatch);
    }
  });

  it('refuses decoder classes not shaped as expected', () => {
    class DecodeStream {
      ensureBuffer(): void {}
      asyncGetBytesFromDecompressionStream(): void {}
    }
    const decoder = (own: Record<string, () => void>) => {
      const cls = class extends DecodeStream {
        readBlock(): void {}
      };
      Object.assign(cls.prototype, own);
      return cls;
    };
    const names = ['FlateStream', 'LZWStream', 'PredictorStream', 'Ascii85Stream', 'AsciiHexStream', 'RunLengthStream'];
    const more = [
      'DecryptStream',
      'StreamsSequenceStream',
      'BrotliStream',
      'JpegStream',
      'JpxStream',
      'Jbig2Stream',
      'CCITTFaxStream',
    ];
    const worker = (overrides: Record<string, unknown>) => ({
      WorkerMessageHandler: class {},
      DecodeStream,
      ...Object.fromEntries([...names, ...more].map((name) => [name, decoder({})])),
      ...overrides,
    });
    // A bounded decoder that grows its buffer itself, one missing, a refused one that is not a DecodeStream.
    expect(() => boundDecoding(worker({ FlateStream: decoder({ ensureBuffer: () => {} }) }))).toThrow(PdfReaderMismatch);
    expect(() => boundDecoding(worker({ LZWStream: undefined }))).toThrow(PdfReaderMismatch);
    expect(() =>
      boundDecoding(
        worker({
          JpegStream: class {
            readBlock(): void {}
          },
        }),
      ),
    ).toThrow(PdfReaderMismatch);
  });
});

describe('PDF reader: bounded decoding through the verifying threads', () => {
  it('refuses PDFs whose attachment expands to 256 MiB, or is an image, and still reads certificates', async () => {
    const pool = new VerifyPool({ http: { publicBaseUrl: 'http://localhost' }, verification: { threads: 1 } } as AppConfig);
    try {
      const spaces = await deflatedSpaces(256 * MiB);
      const bombs = {
        flate: embeddedFilePdf(spaces, '/Filter /FlateDecode'),
        doubleFlate: embeddedFilePdf(deflateSync(spaces, { level: 9 }), '/Filter [/FlateDecode /FlateDecode]'),
        dct: embeddedFilePdf(Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0, 17, 8, 0xff, 0xff, 0xff, 0xff, 3]), '/Filter /DCTDecode'),
        brotli: embeddedFilePdf(Buffer.from([0x1b, 0xff, 0xff, 0xff, 0x07]), '/Filter /BrotliDecode'),
        // One file of 1 MiB listed under 40 names: each is decoded anew, 40 MiB in all.
        listed40: embeddedFilePdf(
          deflateSync(Buffer.alloc(MiB, 0x20)),
          '/Filter /FlateDecode',
          Array.from({ length: 40 }, (_, i) => `credential-${String(i).padStart(2, '0')}.json`),
        ),
      };
      // The thread is started and pdf.js loaded (and checked) before measuring.
      await pool.pdfCredential(await certificate('{}', 'x'));

      const before = process.resourceUsage().maxRSS;
      const answers = {
        flate: await pool.pdfCredential(new Uint8Array(bombs.flate)),
        doubleFlate: await pool.pdfCredential(new Uint8Array(bombs.doubleFlate)),
        dct: await pool.pdfCredential(new Uint8Array(bombs.dct)),
        brotli: await pool.pdfCredential(new Uint8Array(bombs.brotli)),
        listed40: await pool.pdfCredential(new Uint8Array(bombs.listed40)),
      };
      const grownMB = (process.resourceUsage().maxRSS - before) / 1024;
      expect(answers).toEqual({
        flate: { error: PDF_DECODE_LIMIT_ERROR },
        doubleFlate: { error: PDF_DECODE_LIMIT_ERROR },
        dct: { error: PDF_DECODER_REFUSED_ERROR },
        brotli: { error: PDF_DECODER_REFUSED_ERROR },
        listed40: { error: PDF_DECODE_LIMIT_ERROR },
      });
      // Unbounded, the two Flate bombs took the process's peak RSS up by 800 MB or more.
      expect(grownMB).toBeLessThan(300);

      // A certificate as this service makes them still gives its attachments, byte for byte.
      const json = JSON.stringify({ '@context': ['https://www.w3.org/ns/credentials/v2'], name: 'Zoë – محمد' }, null, 2);
      await expect(pool.pdfCredential(await certificate(json, 'eyJ.a.b'))).resolves.toEqual({ json, jwt: 'eyJ.a.b' });
      // So does an attachment of 1 MiB, the largest read (MAX_ATTACHMENT_BYTES).
      const large = `"${'a'.repeat(MiB - 2)}"`;
      await expect(
        pool.pdfCredential(new Uint8Array(embeddedFilePdf(deflateSync(large), '/Filter /FlateDecode'))),
      ).resolves.toEqual({
        json: large,
      });
    } finally {
      await pool.onApplicationShutdown();
    }
  }, 120_000);
});

describe('PDF reader: in this process (jest loads the patched module from its data: URL)', () => {
  it('loads the bounded pdf.js and refuses a 32 MiB attachment', async () => {
    const pdfjs = await boundedPdfjs();
    expect(pdfjs).toBeDefined();
    const task = pdfjs!.getDocument({
      data: new Uint8Array(embeddedFilePdf(deflateSync(Buffer.alloc(32 * MiB)), '/Filter /FlateDecode')),
      verbosity: 0,
    });
    try {
      const refused = await (await task.promise).getAttachments().then(
        () => undefined,
        (error: unknown) => pdfDecodeRefusal(error),
      );
      expect(refused).toBe(PDF_DECODE_LIMIT_ERROR);
    } finally {
      await task.destroy();
    }
  });
});
