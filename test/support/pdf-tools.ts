import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * PDFs read with the tools a person would use: poppler-utils (pdftotext, pdfinfo, pdfdetach,
 * pdftoppm) and zbar (zbarimg). `npm test` installs them (scripts/ensure-test-tools.sh).
 */
const run = (command: string, args: string[]): string =>
  execFileSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });

const saved = (pdf: Buffer): { dir: string; file: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'certificate-'));
  const file = join(dir, 'certificate.pdf');
  writeFileSync(file, pdf);
  return { dir, file };
};

export const pdfText = (pdf: Buffer): string => run('pdftotext', ['-layout', saved(pdf).file, '-']);

/** The words of the first page with their boxes (pdftotext -bbox), and the page size. */
export function pdfWords(pdf: Buffer): {
  width: number;
  height: number;
  words: Array<{ text: string; xMin: number; xMax: number }>;
} {
  const html = run('pdftotext', ['-bbox', saved(pdf).file, '-']);
  const page = /<page width="([\d.]+)" height="([\d.]+)">/.exec(html);
  const words = [...html.matchAll(/<word xMin="([\d.-]+)" yMin="[\d.-]+" xMax="([\d.-]+)" yMax="[\d.-]+">([^<]*)<\/word>/g)].map(
    (m) => ({
      xMin: Number(m[1]),
      xMax: Number(m[2]),
      text: m[3],
    }),
  );
  return { width: Number(page?.[1]), height: Number(page?.[2]), words };
}

export function pdfInfo(pdf: Buffer): Record<string, string> {
  const out = run('pdfinfo', ['-isodates', saved(pdf).file]);
  return Object.fromEntries(
    out.split('\n').flatMap((line) => {
      const m = /^([^:]+):\s*(.*)$/.exec(line);
      return m ? [[m[1].trim(), m[2].trim()]] : [];
    }),
  );
}

/** The fonts the PDF embeds (pdffonts), by PostScript name without the subset prefix. */
export function pdfFonts(pdf: Buffer): Array<{ name: string; embedded: boolean }> {
  return run('pdffonts', [saved(pdf).file])
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      const columns = line.trim().split(/\s+/);
      // name, type (one or two words), encoding, emb, sub, uni, object, id
      return { name: columns[0].replace(/^[A-Z]{6}\+/, ''), embedded: columns[columns.length - 5] === 'yes' };
    });
}

/** The embedded files, by name. */
export function pdfAttachments(pdf: Buffer): Map<string, Buffer> {
  const { dir, file } = saved(pdf);
  const out = join(dir, 'attachments');
  execFileSync('mkdir', ['-p', out]);
  run('pdfdetach', ['-saveall', '-o', out, file]);
  return new Map(readdirSync(out).map((name) => [name, readFileSync(join(out, name))]));
}

/** The QR codes zbarimg reads on the first page rasterized at 150 dpi. */
export function pdfQrCodes(pdf: Buffer): string[] {
  const { dir, file } = saved(pdf);
  run('pdftoppm', ['-png', '-r', '150', '-singlefile', file, join(dir, 'page')]);
  try {
    return run('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', join(dir, 'page.png')])
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // zbarimg exits 4 when it finds no code
  }
}

/** A PNG of the first page (for docs/). */
export function pdfPng(pdf: Buffer, target: string, dpi = 80): void {
  run('pdftoppm', ['-png', '-r', String(dpi), '-singlefile', saved(pdf).file, target.replace(/\.png$/, '')]);
}
