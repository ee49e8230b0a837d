/**
 * pdf.js for reading the files attached to an uploaded PDF, with every stream it decodes bounded.
 *
 * pdf.js decodes an embedded file (and any other stream) in full, with no limit: a 2.5 KB PDF
 * whose attached credential.json was FlateDecoded twice to 1 GiB took 5.2 s and raised the
 * process's RSS from 183 to 3,253 MB, and was not even refused. pdf.js has no option to bound
 * decoding, and its decoders live in its worker module, which exports only WorkerMessageHandler.
 * So this reader loads its own copy of that module (pdf.worker.mjs, read as text) with the
 * decoder classes added to its export line, bounds or refuses them, and makes it pdf.js's
 * worker: in Node, pdf.js runs its "fake worker" in the same thread and takes the one that
 * `globalThis.pdfjsWorker` holds, which the module sets when it is evaluated.
 *
 * - DecodeStream (the base of Flate, LZW, ASCII85, ASCIIHex, RunLength, predictors, decryption):
 *   every buffer it grows is charged to the document (its XRef), and a document's streams may
 *   expand to 16 MiB in all; beyond, decoding throws before allocating. The asynchronous path
 *   (DecompressionStream, unbounded) is turned off, so those streams decode synchronously, bounded.
 * - Brotli and the image decoders (DCT/JPEG, JPX, JBIG2, CCITTFax: several of them skip
 *   ensureBuffer altogether) are refused outright: reading attachments never needs them.
 *
 * FAIL CLOSED: the patch depends on pdf.js's internals. If the text it edits is not found, if the
 * classes are not shaped as expected, or if a PDF that decodes beyond the bound is not refused
 * by the patched pdf.js (checked once a thread, before the first PDF), this reader never falls
 * back to unpatched pdf.js: every PDF is then answered with PDF_READER_UNAVAILABLE. An upgrade
 * of pdfjs-dist that moves these internals therefore stops PDF reading until this file is updated
 * (test/verification/pdf-bomb.spec.ts catches it).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/** How every PDF is opened: no script evaluated, no font or system font loaded, nothing fetched, quiet. */
export const PDF_READ_OPTIONS = {
  isEvalSupported: false,
  disableFontFace: true,
  useSystemFonts: false,
  disableAutoFetch: true,
  verbosity: 0,
} as const;

/** What the streams of one PDF may expand to, in all. A certificate's attachments are a few KB. */
export const MAX_DECODED_BYTES = 16 * 1024 * 1024;

/** Markers carried by the errors thrown inside pdf.js (it passes them on in an UnknownErrorException). */
const DECODE_LIMIT = 'PDF_DECODE_LIMIT';
const DECODER_REFUSED = 'PDF_DECODER_REFUSED';

export const PDF_DECODE_LIMIT_ERROR = 'The PDF holds streams that expand beyond 16 MiB: it is not read.';
export const PDF_DECODER_REFUSED_ERROR =
  'The PDF holds a stream in a format this service does not decode (an image or Brotli): it is not read.';
export const PDF_READER_UNAVAILABLE =
  'PDF certificates cannot be read on this server: its PDF reader is not the version this service checks.';

/** The worker module's export line, to which the decoder classes are added. */
const EXPORT_LINE = 'export { WorkerMessageHandler };';
/** Decoders whose buffers DecodeStream.ensureBuffer grows: bounded there. */
const BOUNDED = [
  'FlateStream',
  'LZWStream',
  'PredictorStream',
  'Ascii85Stream',
  'AsciiHexStream',
  'RunLengthStream',
  'DecryptStream',
  'StreamsSequenceStream',
] as const;
/** Decoders refused outright. */
const REFUSED = ['BrotliStream', 'JpegStream', 'JpxStream', 'Jbig2Stream', 'CCITTFaxStream'] as const;
/** Methods of the refused decoders that decode (those they have). */
const REFUSED_METHODS = ['readBlock', 'decodeImage', 'decodeImageFallback', 'getTransferableImage'] as const;

/** The patch does not fit this pdf.js. */
export class PdfReaderMismatch extends Error {
  override readonly name = 'PdfReaderMismatch';
}

/**
 * pdf.worker.mjs's text with DecodeStream and every class that extends it exported. Throws
 * PdfReaderMismatch unless the export line is there once, at the end, and the classes extending
 * DecodeStream are exactly those this reader bounds or refuses (a new decoder would escape both).
 */
export function patchWorkerSource(source: string): string {
  const at = source.indexOf(EXPORT_LINE);
  if (at < 0 || at !== source.lastIndexOf(EXPORT_LINE) || /\bexport\b/.test(source.slice(at + EXPORT_LINE.length))) {
    throw new PdfReaderMismatch(`pdf.worker.mjs does not end with "${EXPORT_LINE}"`);
  }
  if ((source.match(/^class DecodeStream extends BaseStream \{/gm) ?? []).length !== 1) {
    throw new PdfReaderMismatch('pdf.worker.mjs does not define DecodeStream once');
  }
  const found = [...source.matchAll(/^class (\w+) extends DecodeStream \{/gm)].map((m) => m[1]).sort();
  const expected = [...BOUNDED, ...REFUSED].sort();
  if (found.join() !== expected.join()) {
    throw new PdfReaderMismatch(`pdf.worker.mjs's decoders are ${found.join(', ')}, not ${expected.join(', ')}`);
  }
  return (
    source.slice(0, at) +
    `export { WorkerMessageHandler, DecodeStream, ${expected.join(', ')} };` +
    source.slice(at + EXPORT_LINE.length)
  );
}

interface DecodeStreamLike {
  buffer: Uint8Array;
  minBufferLength: number;
  stream: { reset(): void; getBytes(): Uint8Array };
  dict?: { xref?: object | null } | null;
}
type Prototype = Record<string, unknown>;
interface PatchedWorker {
  readonly WorkerMessageHandler: unknown;
  readonly [decoder: string]: unknown;
}

/** What the streams of each document (by XRef; a stream without one, by itself) have grown to. */
const charged = new WeakMap<object, number>();

function prototypeOf(worker: PatchedWorker, name: string): Prototype {
  const cls = worker[name];
  if (typeof cls !== 'function') throw new PdfReaderMismatch(`${name} is not exported`);
  return cls.prototype as Prototype;
}

/**
 * Bounds DecodeStream and refuses Brotli and the image decoders in the module loaded from
 * patchWorkerSource's text. Throws PdfReaderMismatch if a class is not shaped as expected.
 */
export function boundDecoding(worker: PatchedWorker): void {
  const base = prototypeOf(worker, 'DecodeStream');
  const ensureBuffer = base.ensureBuffer as ((this: DecodeStreamLike, requested: number) => Uint8Array) | undefined;
  if (typeof ensureBuffer !== 'function' || typeof base.asyncGetBytesFromDecompressionStream !== 'function') {
    throw new PdfReaderMismatch('DecodeStream has no ensureBuffer or asyncGetBytesFromDecompressionStream');
  }
  for (const name of BOUNDED) {
    const proto = prototypeOf(worker, name);
    if (Object.getPrototypeOf(proto) !== base || Object.hasOwn(proto, 'ensureBuffer')) {
      throw new PdfReaderMismatch(`${name} does not grow its buffer through DecodeStream.ensureBuffer`);
    }
  }
  for (const name of REFUSED) {
    const proto = prototypeOf(worker, name);
    if (Object.getPrototypeOf(proto) !== base || !Object.hasOwn(proto, 'readBlock')) {
      throw new PdfReaderMismatch(`${name} is not a DecodeStream with its own readBlock`);
    }
  }

  base.ensureBuffer = function (this: DecodeStreamLike, requested: number): Uint8Array {
    const had = this.buffer.byteLength;
    if (requested > had) {
      // The size DecodeStream grows to (a power of two from minBufferLength), charged before it is allocated.
      let size = this.minBufferLength;
      while (size < requested) size *= 2;
      const key = this.dict?.xref ?? this;
      const spent = charged.get(key) ?? 0;
      if (spent + size - had > MAX_DECODED_BYTES) throw new Error(`${DECODE_LIMIT}: streams expand beyond 16 MiB`);
      const buffer = ensureBuffer.call(this, requested);
      charged.set(key, spent + this.buffer.byteLength - had);
      return buffer;
    }
    return ensureBuffer.call(this, requested);
  };
  // pdf.js decodes Flate (and Brotli) streams it reads asynchronously with DecompressionStream,
  // unbounded; answering "not available" makes it decode them synchronously, through ensureBuffer.
  base.asyncGetBytesFromDecompressionStream = function (this: DecodeStreamLike) {
    this.stream.reset();
    return Promise.resolve({ decompressed: null, compressed: this.stream.getBytes() });
  };

  const refuse = (): never => {
    throw new Error(`${DECODER_REFUSED}: images and Brotli are not decoded`);
  };
  for (const name of REFUSED) {
    const proto = prototypeOf(worker, name);
    for (const method of REFUSED_METHODS) if (Object.hasOwn(proto, method)) proto[method] = refuse;
  }
}

/**
 * A one-page PDF with `content` (already encoded) embedded as credential.json; `entries` go in
 * the stream's dictionary, e.g. `/Filter /FlateDecode`. `names`: the names the file is listed
 * under (all of them the same file).
 */
export function embeddedFilePdf(content: Uint8Array, entries: string, names: readonly string[] = ['credential.json']): Buffer {
  const listed = [...names].sort().map((name) => `(${name}) 4 0 R`);
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [${listed.join(' ')}] >> >> >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
    '<< /Type /Filespec /F (credential.json) /UF (credential.json) /EF << /F 5 0 R >> >>',
  ];
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (part: Buffer): void => {
    parts.push(part);
    length += part.length;
  };
  push(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'));
  objects.forEach((object, i) => {
    offsets.push(length);
    push(Buffer.from(`${i + 1} 0 obj\n${object}\nendobj\n`));
  });
  offsets.push(length);
  push(Buffer.from(`5 0 obj\n<< /Type /EmbeddedFile ${entries} /Length ${content.length} >>\nstream\n`));
  push(Buffer.from(content));
  push(Buffer.from('\nendstream\nendobj\n'));
  const xref = length;
  const xrefEntries = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  push(
    Buffer.from(`xref\n0 6\n0000000000 65535 f \n${xrefEntries}trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`),
  );
  return Buffer.concat(parts);
}

/** Whether pdf.js refused a PDF because a stream went past the bound (or was of a refused kind). */
export function pdfDecodeRefusal(error: unknown): string | undefined {
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message !== 'string') return undefined;
  if (message.includes(DECODE_LIMIT)) return PDF_DECODE_LIMIT_ERROR;
  if (message.includes(DECODER_REFUSED)) return PDF_DECODER_REFUSED_ERROR;
  return undefined;
}

/**
 * Checks the patched pdf.js end to end, once a thread: a PDF whose attachment asks for a buffer
 * past the bound (a PNG predictor with rows of 16 MiB + 1 byte) must be refused with the marker.
 * The bound is checked before a buffer is allocated, so this costs a few milliseconds and no
 * memory. It also catches a pdf.js that set up its fake worker with its own (unpatched) module
 * before this reader was loaded in the thread.
 */
async function refusesBeyondBound(pdfjs: PdfJs): Promise<boolean> {
  const entries = `/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns ${MAX_DECODED_BYTES + 1} >>`;
  const task = pdfjs.getDocument({
    data: new Uint8Array(embeddedFilePdf(deflateSync(Buffer.alloc(64)), entries)),
    ...PDF_READ_OPTIONS,
  });
  try {
    await (await task.promise).getAttachments();
    return false;
  } catch (error) {
    return pdfDecodeRefusal(error) === PDF_DECODE_LIMIT_ERROR;
  } finally {
    await task.destroy();
  }
}

async function load(): Promise<PdfJs | undefined> {
  try {
    if ((globalThis as { pdfjsWorker?: unknown }).pdfjsWorker !== undefined) {
      throw new PdfReaderMismatch('a pdf.js worker module was loaded in this thread before this reader');
    }
    const file = createRequire(import.meta.url).resolve('pdfjs-dist/legacy/build/pdf.worker.mjs');
    const patched = patchWorkerSource(readFileSync(file, 'utf8'));
    // Imported as a data: URL: plain Node takes it as any module, and so does jest's ESM runtime
    // (checked by test/verification/pdf-bomb.spec.ts), and nothing is written to disk. The module
    // imports nothing by a relative path; the JPX and JBIG2 decoders, which would load their
    // WebAssembly from beside it, are refused anyway.
    const worker = (await import(`data:text/javascript;base64,${Buffer.from(patched).toString('base64')}`)) as PatchedWorker;
    boundDecoding(worker);
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const installed = (globalThis as { pdfjsWorker?: { WorkerMessageHandler?: unknown } }).pdfjsWorker;
    if (installed?.WorkerMessageHandler !== worker.WorkerMessageHandler) {
      throw new PdfReaderMismatch('the patched module is not the worker pdf.js uses');
    }
    if (!(await refusesBeyondBound(pdfjs)))
      throw new PdfReaderMismatch('the patched pdf.js does not refuse a PDF past the bound');
    return pdfjs;
  } catch {
    // Fail closed, never unpatched pdf.js: every PDF is answered with PDF_READER_UNAVAILABLE.
    return undefined;
  }
}

let loading: Promise<PdfJs | undefined> | undefined;

/**
 * pdf.js with bounded decoding, loaded once a thread; undefined if the patch does not fit this
 * version of pdf.js (then no PDF is read: answer PDF_READER_UNAVAILABLE).
 */
export function boundedPdfjs(): Promise<PdfJs | undefined> {
  return (loading ??= load());
}
