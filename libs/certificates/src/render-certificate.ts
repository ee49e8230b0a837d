import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Language, LocalizedText } from '@app/core';
import { directionOf, hasRtlLetters, type Direction } from './bidi.js';
import type { CertificateLanguages, CertificateTemplate } from './certificate-template.js';
import { certificateViewOf, inLanguage, type CertificateView } from './certificate-view.js';
import { fonts } from './fonts.js';
import { MESSAGES, formatDate, formatNumber } from './messages.js';
import { Typesetter, isolateLtr, type Align, type LatinFamily, type TextStyle } from './typesetter.js';

/**
 * The version of the layout code. A rendered PDF is identified by (credential, template
 * version, this version, languages): change it whenever the drawing or the attached files change
 * (2: the attached credential's keys in the conventional order, `@context` first; 3: fallback
 * fonts for scripts the design's fonts lack, which printed as empty boxes before).
 */
export const RENDERER_VERSION = 3;

export interface RenderCertificateInput {
  /** The signed credential: everything printed comes from it. */
  readonly credential: Record<string, unknown>;
  /** Its JWT form, embedded beside it when there is one. */
  readonly jwt?: string | null;
  readonly template: CertificateTemplate;
  readonly languages: CertificateLanguages;
  /** The public verification URL the QR code holds. */
  readonly verificationUrl: string;
  /** Competency names in other languages, by alignment targetUrl (the credential holds one language). */
  readonly competencyNames?: ReadonlyMap<string, LocalizedText>;
}

/** Names of the files embedded in every certificate; the verifier looks for them. */
export const CREDENTIAL_ATTACHMENT = 'credential.json';
export const JWT_ATTACHMENT = 'credential.jwt';

const W = 841.89; // A4 landscape, in points
const H = 595.28;
const GREY = '#4A4A4A';
const LIGHT = '#6B6B6B';

interface Layout {
  readonly latin: LatinFamily;
  /** Left and width of the content box, as if the page were left to right. */
  readonly left: number;
  readonly width: number;
  /** Centred (classic) or aligned to the start of the page's direction (modern). */
  readonly centred: boolean;
}

const LAYOUTS: Record<CertificateTemplate['design'], Layout> = {
  classic: { latin: 'amiri', left: 80, width: W - 160, centred: true },
  modern: { latin: 'noto-sans', left: 78, width: W - 140, centred: false },
};

const textDirection = (text: string): Direction => {
  const firstLetter = /\p{L}/u.exec(text)?.[0];
  return firstLetter && hasRtlLetters(firstLetter) ? 'rtl' : 'ltr';
};

/**
 * Renders the certificate of a signed credential: an A4 landscape PDF (declared PDF/A-3b) with
 * the credential and its JWT attached, so that the file verifies on its own. Byte-stable: the
 * same credential, template and languages give the same bytes (every date in the file is the
 * credential's validFrom).
 */
export async function renderCertificate(input: RenderCertificateInput): Promise<Buffer> {
  const view = certificateViewOf(input.credential, input.competencyNames);
  const [primary, secondary] = input.languages;
  const fixedDate = view.validFrom ?? new Date(0);
  const programmeName = inLanguage(view.programme, primary);
  const all = fonts();

  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    compress: true,
    pdfVersion: '1.7',
    subset: 'PDF/A-3b',
    lang: primary,
    displayTitle: true,
    // pdfkit accepts a parsed (fontkit) font wherever it takes a font file; its types do not say so.
    font: all['noto-sans-regular'] as unknown as string,
    info: {
      Title: `${MESSAGES[primary].title}: ${programmeName} (${view.learnerName})`,
      Author: view.organisationName,
      Subject: `${programmeName} (${view.credentialId})`,
      Keywords: ['Open Badges 3.0', 'Verifiable Credential', 'UNESCO AI CFT', ...view.competencies.map((c) => c.code)].join(', '),
      Creator: 'AI-CFT credentials',
      CreationDate: fixedDate,
      ModDate: fixedDate,
    },
  });
  // The typesetter registers each font with the document when it first draws with it.
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const layout = LAYOUTS[input.template.design];
  const page = new Page(doc, layout, directionOf(primary), input.template);
  page.decorate();
  page.draw(view, input, primary, secondary);

  doc.file(
    Buffer.from(JSON.stringify(input.credential, null, 2)),
    attachment({
      name: CREDENTIAL_ATTACHMENT,
      type: 'application/vc+ld+json',
      description: 'The signed verifiable credential (W3C VC 2.0, Open Badges 3.0) with its Data Integrity proof',
      creationDate: fixedDate,
      modifiedDate: fixedDate,
      relationship: 'Source',
    }),
  );
  if (input.jwt) {
    doc.file(
      Buffer.from(input.jwt),
      attachment({
        name: JWT_ATTACHMENT,
        type: 'application/jwt',
        description: 'The same credential as a signed JWT',
        creationDate: fixedDate,
        modifiedDate: fixedDate,
        relationship: 'Alternative',
      }),
    );
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** pdfkit writes the PDF/A-3 AFRelationship of an attachment; its types lack the option. */
const attachment = (
  options: PDFKit.Mixins.PDFAttachmentOptions & { relationship: 'Source' | 'Alternative' | 'Data' | 'Supplement' },
): PDFKit.Mixins.PDFAttachmentOptions => options;

/** A part of the body: drawn with its first baseline `size` below the end of the gap before it. */
interface Block {
  readonly gap: number;
  readonly size: number;
  /** From the first baseline to the last. */
  readonly height: number;
  readonly draw: (baseline: number) => void;
}

/** One page being drawn: the layout, mirrored for a right-to-left page. */
class Page {
  private readonly type: Typesetter;
  private readonly primaryColour: string;
  private readonly accentColour: string;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly layout: Layout,
    private readonly direction: Direction,
    private readonly template: CertificateTemplate,
  ) {
    this.type = new Typesetter(doc, layout.latin);
    this.primaryColour = template.primaryColour;
    this.accentColour = template.accentColour;
  }

  /** The physical x of a box given as if the page were left to right. */
  private x(left: number, width: number): number {
    return this.direction === 'rtl' ? W - left - width : left;
  }

  private get align(): Align {
    if (this.layout.centred) return 'center';
    return this.direction === 'rtl' ? 'right' : 'left';
  }

  private get endAlign(): Align {
    return this.direction === 'rtl' ? 'left' : 'right';
  }

  decorate(): void {
    const doc = this.doc;
    doc.rect(0, 0, W, H).fill('#FFFFFF');
    if (this.template.design === 'classic') {
      doc
        .lineWidth(3)
        .strokeColor(this.primaryColour)
        .rect(18, 18, W - 36, H - 36)
        .stroke();
      doc
        .lineWidth(0.8)
        .strokeColor(this.accentColour)
        .rect(26, 26, W - 52, H - 52)
        .stroke();
      for (const [cx, cy] of [
        [26, 26],
        [W - 26, 26],
        [26, H - 26],
        [W - 26, H - 26],
      ] as const) {
        doc.polygon([cx, cy - 7], [cx + 7, cy], [cx, cy + 7], [cx - 7, cy]).fill(this.accentColour);
      }
    } else {
      doc.rect(this.x(0, 30), 0, 30, H).fill(this.primaryColour);
      doc.rect(this.x(30, 5), 0, 5, H).fill(this.accentColour);
      doc.rect(this.x(35, W - 35), H - 8, W - 35, 8).fill(this.primaryColour);
    }
  }

  draw(view: CertificateView, input: RenderCertificateInput, primary: Language, secondary: Language | undefined): void {
    const { left, width } = this.layout;
    const x = this.x(left, width);
    const m1 = MESSAGES[primary];
    const m2 = secondary ? MESSAGES[secondary] : undefined;
    const d1 = directionOf(primary);
    const d2 = secondary ? directionOf(secondary) : d1;
    const programmeName = inLanguage(view.programme, primary);
    const line = (text: string, direction: Direction, style: TextStyle) => (y: number) =>
      this.type.line(text, x, y, width, this.align, direction, style);

    // Header: logo and issuer, at the top.
    let top = 46;
    if (this.template.logo?.length) {
      const logoWidth = 150;
      const logoX = this.layout.centred ? (W - logoWidth) / 2 : this.x(left, logoWidth);
      this.doc.image(Buffer.from(this.template.logo), logoX, top, {
        fit: [logoWidth, 46],
        ...(this.layout.centred ? { align: 'center' as const } : this.direction === 'rtl' ? { align: 'right' as const } : {}),
        valign: 'center',
      });
      top += 46;
    }
    top += 18;
    if (view.organisationName) {
      const orgDirection = textDirection(view.organisationName);
      const org = this.type.fit(view.organisationName, width, orgDirection, { size: 14, weight: 'bold' }, 10, 1);
      line(org.lines[0], orgDirection, { size: org.size, weight: 'bold', colour: this.primaryColour })(top);
    }

    // The body is a column of blocks (a baseline offset, a height, a drawing), spread over the
    // space between the header and the footer.
    const blocks: Block[] = [];
    // Two languages take more lines: the gaps start smaller, then take what space is left.
    const tight = m2 ? 0.5 : 1;
    const add = (gap: number, size: number, draw: (y: number) => void, height = 0, scaled = true): void => {
      blocks.push({ gap: scaled ? gap * tight : gap, size, height, draw });
    };
    add(38, 32, line(m1.title, d1, { size: 32, weight: 'bold', colour: this.primaryColour }));
    // Arabic letters reach far below the baseline: the line under a large one keeps its distance.
    if (m2) add(12, 15, line(m2.title, d2, { size: 15, colour: this.primaryColour }), 0, false);
    add(18, 13, line(m1.certifies, d1, { size: 13, colour: GREY }));
    if (m2) add(4, 10, line(m2.certifies, d2, { size: 10, colour: LIGHT }));

    const nameDirection = textDirection(view.learnerName);
    const name = this.type.fit(view.learnerName || '—', width, nameDirection, { size: 34, weight: 'bold' }, 18, 2);
    const nameLead = name.size * 1.15;
    add(
      14,
      name.size,
      (y) => {
        for (const [i, text] of name.lines.entries()) {
          line(text, nameDirection, { size: name.size, weight: 'bold' })(y + i * nameLead);
        }
        const ruleWidth = Math.min(width, 320);
        const ruleX = this.layout.centred ? (W - ruleWidth) / 2 : this.direction === 'rtl' ? x + width - ruleWidth : x;
        const ruleY = y + (name.lines.length - 1) * nameLead + 10;
        this.doc
          .lineWidth(0.6)
          .strokeColor(this.accentColour)
          .moveTo(ruleX, ruleY)
          .lineTo(ruleX + ruleWidth, ruleY)
          .stroke();
      },
      (name.lines.length - 1) * nameLead + 10,
    );

    add(20, 13, line(m1.completed, d1, { size: 13, colour: GREY }));
    if (m2) add(4, 10, line(m2.completed, d2, { size: 10, colour: LIGHT }));
    const programme = this.type.fit(programmeName, width, d1, { size: 22, weight: 'bold' }, 14, 2);
    const programmeLead = programme.size * 1.2;
    add(
      10,
      programme.size,
      (y) => {
        for (const [i, text] of programme.lines.entries()) {
          line(text, d1, { size: programme.size, weight: 'bold', colour: this.primaryColour })(y + i * programmeLead);
        }
      },
      (programme.lines.length - 1) * programmeLead,
    );
    if (secondary) {
      const other = inLanguage(view.programme, secondary);
      if (other !== programmeName) {
        add(
          8,
          14,
          line(this.type.wrap(other, width, d2, { size: 14 }, 1)[0] ?? '', d2, { size: 14, colour: this.primaryColour }),
          0,
          false,
        );
      }
    }
    const facts = (m: typeof m1, language: Language): string =>
      [
        view.contactHours !== null ? m.hours(formatNumber(view.contactHours, language)) : '',
        view.score !== null ? m.score(formatNumber(view.score, language)) : '',
      ]
        .filter(Boolean)
        .join('   ·   ');
    if (facts(m1, primary)) {
      add(12, 12, line(facts(m1, primary), d1, { size: 12, colour: GREY }));
      if (m2 && secondary) add(4, 10, line(facts(m2, secondary), d2, { size: 10, colour: LIGHT }));
    }

    // Competencies: as many rows as the space above the footer holds, the rest counted.
    const footerTop = 462;
    const used = blocks.reduce((sum, b) => sum + b.gap + b.size + b.height, top);
    const rowHeight = 14;
    if (view.competencies.length) {
      const rows = Math.max(0, Math.floor((footerTop - used - 18 - 10.5) / rowHeight));
      if (rows > 0) {
        const shown = view.competencies.length > rows ? rows - 1 : view.competencies.length;
        const row = (c: CertificateView['competencies'][number], m: typeof m1, language: Language): string =>
          [c.code, inLanguage(c.name, language), c.level ? `— ${m.levels[c.level - 1]}` : ''].filter(Boolean).join(' ');
        const lines: Array<[string, string | undefined, TextStyle]> = [
          [m1.competencies, m2?.competencies, { size: 10.5, weight: 'bold', colour: this.primaryColour }],
          ...view.competencies
            .slice(0, shown)
            .map((c): [string, string | undefined, TextStyle] => [
              row(c, m1, primary),
              m2 && secondary ? row(c, m2, secondary) : undefined,
              { size: 10, colour: GREY },
            ]),
        ];
        if (shown < view.competencies.length) {
          const rest = view.competencies.length - shown;
          lines.push([m1.more(rest), m2?.more(rest), { size: 9.5, colour: LIGHT }]);
        }
        add(
          18,
          10.5,
          (y) => lines.forEach(([a, b, style], i) => this.columns(a, b, y + i * rowHeight, style, d1, d2)),
          (lines.length - 1) * rowHeight,
        );
      }
    }

    // Spread what is left over the gaps, at most doubling each.
    const total = blocks.reduce((sum, b) => sum + b.gap + b.size + b.height, top);
    const gaps = blocks.reduce((sum, b) => sum + b.gap, 0);
    const stretch = Math.min(1, Math.max(0, footerTop - 12 - total) / gaps);
    let y = top;
    for (const block of blocks) {
      y += block.gap * (1 + stretch) + block.size;
      block.draw(y);
      y += block.height;
    }

    this.footer(view, input.verificationUrl, primary, secondary);
  }

  /** A row in one language across the content, or in two languages side by side. */
  private columns(text1: string, text2: string | undefined, y: number, style: TextStyle, d1: Direction, d2: Direction): void {
    const { left, width } = this.layout;
    if (text2 === undefined) {
      const line = this.type.wrap(text1, width, d1, style, 1)[0] ?? '';
      this.type.line(line, this.x(left, width), y, width, this.align, d1, style);
      return;
    }
    // The leading language takes the start half, the other the end half; each aligned outwards.
    const half = (width - 24) / 2;
    const startX = this.x(left, half);
    const endX = this.x(left + half + 24, half);
    this.type.line(
      this.type.wrap(text1, half, d1, style, 1)[0] ?? '',
      startX,
      y,
      half,
      d1 === 'rtl' ? 'right' : 'left',
      d1,
      style,
    );
    this.type.line(this.type.wrap(text2, half, d2, style, 1)[0] ?? '', endX, y, half, d2 === 'rtl' ? 'right' : 'left', d2, style);
  }

  /** Signatories on the start side; dates, link and the QR code on the end side. */
  private footer(view: CertificateView, url: string, primary: Language, secondary: Language | undefined): void {
    const { left, width } = this.layout;
    const qrSize = 84;
    const qrTop = 474;
    const qrLeft = left + width - qrSize;
    this.qr(url, this.x(qrLeft, qrSize), qrTop, qrSize);

    // The text block beside the QR code, aligned towards it.
    const blockWidth = 270;
    const blockLeft = qrLeft - 12 - blockWidth;
    const bx = this.x(blockLeft, blockWidth);
    const lines: Array<[string, Direction, TextStyle]> = [];
    for (const language of secondary ? [primary, secondary] : [primary]) {
      const m = MESSAGES[language];
      const issued = view.validFrom ? m.issuedOn(formatDate(view.validFrom, language)) : '';
      const until = view.validUntil ? m.validUntil(formatDate(view.validUntil, language)) : m.noExpiry;
      lines.push([
        [issued, until].filter(Boolean).join(' · '),
        directionOf(language),
        { size: language === primary ? 9 : 8, colour: GREY },
      ]);
    }
    const m1 = MESSAGES[primary];
    lines.push([m1.verify, directionOf(primary), { size: 8, colour: LIGHT }]);
    lines.push([isolateLtr(url), 'ltr', { size: 7.5, colour: this.primaryColour }]);
    const idStyle: TextStyle = { size: 7, colour: LIGHT };
    const labelled = `${m1.credentialId}: ${isolateLtr(view.credentialId)}`;
    lines.push([
      this.type.width(labelled, directionOf(primary), idStyle) <= blockWidth ? labelled : isolateLtr(view.credentialId),
      directionOf(primary),
      idStyle,
    ]);
    let y = qrTop + 10;
    for (const [text, direction, style] of lines) {
      const fitted = this.type.wrap(text, blockWidth, direction, style, 1)[0] ?? '';
      this.type.line(fitted, bx, y, blockWidth, this.endAlign, direction, style);
      y += style.size + 5;
    }

    // Signatories: a signature image (optional) over a rule, the name and the title.
    const signatories = this.template.signatories.slice(0, 3);
    if (!signatories.length) return;
    const room = blockLeft - 16 - left;
    const each = Math.min(180, room / signatories.length);
    signatories.forEach((s, i) => {
      const sx = this.x(left + i * each, each - 14);
      const w = each - 14;
      if (s.signature?.length) {
        this.doc.image(Buffer.from(s.signature), sx, qrTop, { fit: [w, 36], align: 'center', valign: 'bottom' });
      }
      this.doc
        .lineWidth(0.6)
        .strokeColor(GREY)
        .moveTo(sx, qrTop + 42)
        .lineTo(sx + w, qrTop + 42)
        .stroke();
      const nameDirection = textDirection(s.name);
      this.type.line(
        this.type.wrap(s.name, w, nameDirection, { size: 10, weight: 'bold' }, 1)[0] ?? '',
        sx,
        qrTop + 56,
        w,
        'center',
        nameDirection,
        {
          size: 10,
          weight: 'bold',
        },
      );
      const titleDirection = textDirection(s.title);
      for (const [j, line] of this.type.wrap(s.title, w, titleDirection, { size: 8.5 }, 2).entries()) {
        this.type.line(line, sx, qrTop + 68 + j * 10, w, 'center', titleDirection, { size: 8.5, colour: GREY });
      }
    });
  }

  /** The QR code as vector squares (dark runs of a row merged), on a white quiet zone. */
  private qr(url: string, x: number, y: number, size: number): void {
    const code = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const n = code.modules.size;
    const cell = size / (n + 4);
    this.doc.rect(x, y, size, size).fill('#FFFFFF');
    for (let row = 0; row < n; row++) {
      let col = 0;
      while (col < n) {
        if (!code.modules.get(row, col)) {
          col++;
          continue;
        }
        const start = col;
        while (col < n && code.modules.get(row, col)) col++;
        this.doc.rect(x + (start + 2) * cell, y + (row + 2) * cell, (col - start) * cell, cell);
      }
    }
    this.doc.fill('#000000');
  }
}
