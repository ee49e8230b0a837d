import { mkdirSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import bidiFactory from 'bidi-js';
import PDFDocument from 'pdfkit';
import {
  DEFAULT_TEMPLATE,
  Typesetter,
  fallbackFor,
  hasRtlLetters,
  font,
  renderCertificate,
  type CertificateTemplate,
  type RenderCertificateInput,
} from '@app/certificates';
import { verifyDataIntegrity } from '@app/signing';
import { loader, signedCredential } from '../support/signed-credential.js';
import { pdfAttachments, pdfFonts, pdfInfo, pdfPng, pdfQrCodes, pdfText, pdfWords } from '../support/pdf-tools.js';

const URL_1 = 'http://credentials.test/verify/0f1d5f4e-7a55-4a3f-9c35-1c1d7c1c1a01';
const template = (overrides: Partial<CertificateTemplate> = {}): CertificateTemplate => ({
  ...DEFAULT_TEMPLATE,
  version: 1,
  signatories: [
    { name: 'Dr. Maya Khoury', title: 'Programme Director' },
    { name: 'سامي نصر', title: 'مدير المركز' },
  ],
  ...overrides,
});

async function render(overrides: Partial<RenderCertificateInput> & { learnerName?: string } = {}) {
  const { learnerName, ...rest } = overrides;
  const { credential, jwt } = await signedCredential(learnerName === undefined ? {} : { learnerName });
  const input: RenderCertificateInput = {
    credential,
    jwt,
    template: template(),
    languages: ['en'],
    verificationUrl: URL_1,
    ...rest,
  };
  return { pdf: await renderCertificate(input), credential, jwt, input };
}

describe('PDF certificates', () => {
  it('hold a QR code of the credential’s verification URL (read back from the rendered page)', async () => {
    const { pdf } = await render();
    expect(pdfQrCodes(pdf)).toEqual([URL_1]);
    const other = await render({ verificationUrl: 'http://credentials.test/verify/another' });
    expect(pdfQrCodes(other.pdf)).toEqual(['http://credentials.test/verify/another']);
  });

  it('carry the signed credential and its JWT as attachments, and the credential verifies; a tampered copy does not', async () => {
    const { pdf, credential, jwt } = await render();
    const files = pdfAttachments(pdf);
    expect([...files.keys()].sort()).toEqual(['credential.json', 'credential.jwt']);
    const attached = JSON.parse(files.get('credential.json')!.toString('utf8')) as Record<string, unknown>;
    expect(attached).toEqual(credential);
    expect(files.get('credential.jwt')!.toString('utf8')).toBe(jwt);
    expect(await verifyDataIntegrity({ credential: attached, documentLoader: loader })).toMatchObject({ verified: true });

    const tampered = structuredClone(attached) as { credentialSubject: { achievement: { contactHours: number } } };
    tampered.credentialSubject.achievement.contactHours = 400;
    expect(await verifyDataIntegrity({ credential: tampered, documentLoader: loader })).toMatchObject({ verified: false });
  });

  it('show the learner, the programme, hours, competencies with levels, dates and the credential id (pdftotext)', async () => {
    const text = pdfText((await render()).pdf).replace(/\s+/g, ' ');
    for (const expected of [
      'Rana Haddad',
      'Teaching Coding and AI',
      'Lebanon Coding and AI Project',
      '40 contact hours',
      'Final assessment: 85%',
      '2.1 Ethical principles — Acquire',
      '4.2 AI-pedagogy integration — Deepen',
      'Issued on 20 November 2026',
      'Valid until 20 November 2029',
      'Dr. Maya Khoury',
      '0f1d5f4e-7a55-4a3f-9c35-1c1d7c1c1a01',
    ]) {
      expect(text).toContain(expected);
    }
    const french = pdfText((await render({ languages: ['fr'], template: template({ design: 'modern' }) })).pdf).replace(
      /\s+/g,
      ' ',
    );
    expect(french).toContain('Enseigner la programmation et l’IA');
    expect(french).toContain('Délivré le 20 novembre 2026');
    expect(french).toContain('2.1 Ethical principles — Acquérir');
  });

  it('fill in the PDF metadata', async () => {
    const info = pdfInfo((await render()).pdf);
    expect(info['Title']).toBe('Certificate of Completion: Teaching Coding and AI (Rana Haddad)');
    expect(info['Author']).toBe('Lebanon Coding and AI Project');
    expect(info['Subject']).toContain('Teaching Coding and AI');
    expect(info['Keywords']).toContain('Open Badges 3.0');
    expect(info['Keywords']).toContain('2.1');
    expect(info['Page size']).toMatch(/^841\.89 x 595\.28 pts \(A4\)/);
    expect(info['CreationDate']).toBe('2026-11-20T10:00:00Z');
  });

  it('are byte-stable: the same credential and template give the same bytes; another template or language does not', async () => {
    const { credential, jwt } = await signedCredential();
    const input: RenderCertificateInput = {
      credential,
      jwt,
      template: template(),
      languages: ['ar', 'en'],
      verificationUrl: URL_1,
    };
    const a = await renderCertificate(input);
    const b = await renderCertificate(structuredClone(input));
    expect(a.equals(b)).toBe(true);
    expect(a.equals(await renderCertificate({ ...input, template: template({ design: 'modern' }) }))).toBe(false);
    expect(a.equals(await renderCertificate({ ...input, languages: ['ar', 'fr'] }))).toBe(false);
  });

  it.each([
    ['HTML', '<script>alert("x")</script> & <b>Rana</b>'],
    ['emoji', 'Rana 👩‍🏫 Haddad ✨'],
    ['Arabic', 'رنا حداد'],
    ['mixed scripts', 'Jean-Luc Дюпон 李雷'],
  ])('render a name with %s without error, its text kept as text', async (_, learnerName) => {
    const { pdf } = await render({ learnerName });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    if (learnerName.startsWith('<')) expect(pdfText(pdf)).toContain('<script>alert("x")</script>');
  });

  // Names in the scripts of the places the service is for, beyond the design's Latin, Greek,
  // Cyrillic, Devanagari and Arabic: each is drawn with a font that has every glyph it needs.
  const SCRIPTS: Array<[string, string, string]> = [
    ['Chinese', '王伟', 'NotoSansSC'],
    ['Japanese', '山田さくら', 'NotoSansSC'],
    ['Korean', '김민준', 'NotoSansKR'],
    ['Hindi', 'अनीता शर्मा', 'NotoSans'],
    ['Bengali', 'রহিম উদ্দিন', 'NotoSansBengali'],
    ['Tamil', 'கவிதா', 'NotoSansTamil'],
    ['Sinhala', 'නිමල්', 'NotoSansSinhala'],
    ['Thai', 'สมชาย ใจดี', 'NotoSansThai'],
    ['Khmer', 'សុខា', 'NotoSansKhmer'],
    // ំ on a consonant hits a NULL anchor in the font (fontkit issue #367): it threw before the guard.
    ['Khmer (with nikahit)', 'សំណាង ចំរើន', 'NotoSansKhmer'],
    ['Burmese', 'အောင်', 'NotoSansMyanmar'],
    ['Amharic', 'አበበ በቀለ', 'NotoSansEthiopic'],
    ['Hebrew', 'דוד לוי', 'NotoSansHebrew'],
    ['Armenian', 'Արամ', 'NotoSansArmenian'],
    ['Georgian', 'გიორგი', 'NotoSansGeorgian'],
    ['Telugu', 'వెంకట రమణ', 'NotoSansTelugu'],
    ['Kannada', 'ಶ್ರೀನಿವಾಸ', 'NotoSansKannada'],
    ['Malayalam (with chillu letters)', 'അനിൽ കുമാർ', 'NotoSansMalayalam'],
    ['Gujarati', 'ધ્રુવ પટેલ', 'NotoSansGujarati'],
    ['Punjabi (Gurmukhi)', 'ਹਰਪ੍ਰੀਤ ਸਿੰਘ', 'NotoSansGurmukhi'],
    ['Odia', 'ସୁଭଶ୍ରୀ', 'NotoSansOriya'],
    ['Lao', 'ສົມພອນ ແກ້ວມະນີ', 'NotoSansLao'],
    ['Tibetan (Dzongkha)', 'བསྟན་འཛིན་', 'NotoSerifTibetan'],
    ['Tamazight (Tifinagh)', 'ⵜⴰⵎⴰⵣⵉⵖⵜ', 'NotoSansTifinagh'],
    ['Cherokee', 'ᏍᏏᏉᏯ', 'NotoSansCherokee'],
    ['Inuktitut (syllabics)', 'ᐃᓄᒃᑎᑐᑦ', 'NotoSansCanadianAboriginal'],
  ];
  const typesetter = new Typesetter(new PDFDocument(), 'noto-sans');
  /** The parts a line is drawn in, each with its font. */
  const parts = (text: string, direction: 'ltr' | 'rtl' = 'ltr', on = typesetter, weight: 'regular' | 'bold' = 'regular') =>
    on.runs(text, direction, { size: 12, weight }).map(({ text: part, font: name }) => ({ text: part, font: name }));
  /** The characters of a text that its runs' fonts draw as the empty box (glyph 0, .notdef). */
  const boxes = (text: string, weight: 'regular' | 'bold' = 'regular'): string[] =>
    typesetter.runs(text, hasRtlLetters(text) ? 'rtl' : 'ltr', { size: 12, weight }).flatMap((run) =>
      font(run.font)
        .layout(run.text)
        .glyphs.filter((g) => g.id === 0)
        .map(() => run.text),
    );

  it.each(SCRIPTS)('draw a %s name with a font that has every glyph (%s)', (_, name) => {
    expect(boxes(name)).toEqual([]);
    expect(boxes(name, 'bold')).toEqual([]);
    expect(boxes(`Dr. ${name} (2026)`)).toEqual([]);
  });

  it.each([
    '「Python」入門',
    'Excel（エクセル）入門',
    'AI・機械学習',
    'Python３入門',
    'No.１ 佐藤',
    'ＮＴＴ 山田太郎',
    'Ｓｍｉｔｈ',
    'Excel → Power BI',
    'Smith ★',
    'สมชาย（王）',
    'ーー',
    '「王」',
    '王伟 2026',
    'الدورة ٢٠٢٤ 「王」',
  ])('draw CJK punctuation, full-width forms and symbols that only a fallback has (%s)', (text) => {
    expect(boxes(text)).toEqual([]);
    expect(boxes(text, 'bold')).toEqual([]);
  });

  it('draw Arabic-Indic digits in reading order (fontkit would lay out a run of them right to left)', () => {
    const number = typesetter.runs('الدورة ٢٠٢٤', 'rtl', { size: 12 }).find((r) => r.text.includes('٢'))!;
    expect(number.text).toBe('٢٠٢٤');
    const amiri = font(number.font);
    const shaped = amiri.layout(number.drawn).glyphs.map((g) => g.id);
    const inOrder = [...'٢٠٢٤'].map((c) => amiri.glyphForCodePoint(c.codePointAt(0)!).id);
    expect(shaped).toEqual(inOrder);
    // The twin: handed to the shaper as typed, the digits come out backwards.
    expect(amiri.layout('٢٠٢٤').glyphs.map((g) => g.id)).toEqual([...inOrder].reverse());
  });

  it.each([
    ['دورة Python، Java و SQL', 'rtl'],
    ['المهارات: HTML، CSS، JS', 'rtl'],
    ['الدورة ٢٠٢٤ (40 ساعة)', 'rtl'],
    ['Windows ۱۱ Pro', 'ltr'],
    ['Ali، Omar', 'ltr'],
    ['Course ٢٠٢٤ 2025', 'ltr'],
  ] as const)('put Latin words and digits of %s in reading order (as the Unicode bidi algorithm does)', (text, direction) => {
    const bidi = bidiFactory();
    const expected = bidi.getReorderedString(text, bidi.getEmbeddingLevels(text, direction));
    const drawn = typesetter
      .runs(text, direction, { size: 12 })
      .flatMap((run) =>
        font(run.font)
          .layout(run.drawn, [])
          .glyphs.flatMap((g) => g.codePoints),
      )
      .map((p) => String.fromCodePoint(p))
      .join('');
    const latinAndDigits = (s: string) => [...s].filter((c) => /[\p{Script=Latin}\p{Nd}]/u.test(c)).join('');
    expect(latinAndDigits(drawn)).toBe(latinAndDigits(expected));
    expect(latinAndDigits(drawn).length).toBeGreaterThan(3);
  });

  it('tell a character no font has from one that is drawn (the check above can fail)', () => {
    // A private-use character and an emoji: no bundled font has them; they print as boxes.
    expect(boxes('Rana \u{E000}').length).toBe(1);
    expect(boxes('Rana 🦉').length).toBe(1);
    expect(boxes('Rana Haddad')).toEqual([]);
    // A script no bundled font draws (Mongolian, written top to bottom): its letters are boxes.
    expect(boxes('ᠮᠣᠩᠭᠣᠯ').length).toBeGreaterThan(0);
  });

  it('take a fallback font only for letters of its script, and only read it then', () => {
    expect(fallbackFor('王', 'regular')).toBe('sc-regular');
    expect(fallbackFor('김', 'bold')).toBe('kr-bold');
    expect(fallbackFor('ש', 'regular')).toBe('hebrew-regular');
    expect(fallbackFor('ల', 'regular')).toBe('telugu-regular');
    expect(fallbackFor('ສ', 'bold')).toBe('lao-bold');
    expect(fallbackFor('ཀ', 'regular')).toBe('tibetan-regular');
    // Tifinagh comes in one weight: its bold is that font, not a box or an error.
    expect(fallbackFor('ⵜ', 'bold')).toBe('tifinagh-bold');
    expect(font('tifinagh-bold')).toBe(font('tifinagh-regular'));
    // Emoji, digits, punctuation, Latin, Cyrillic, Devanagari and Arabic never open a fallback.
    for (const c of ['🦉', '7', '(', 'a', 'Ж', 'अ', 'م', '\u0301']) expect(fallbackFor(c, 'regular')).toBeUndefined();
  });

  it('go back to the design font after a word in another script; brackets go with the letters they enclose', () => {
    expect(parts('王伟 Smith')).toEqual([
      { text: '王伟 ', font: 'sc-regular' },
      { text: 'Smith', font: 'noto-sans-regular' },
    ]);
    expect(parts('«王伟»')).toEqual([{ text: '«王伟»', font: 'sc-regular' }]);
    // A Vietnamese name stays in one design font, as it did before fallbacks.
    const classic = new Typesetter(new PDFDocument(), 'amiri');
    expect(parts('Nguyễn Văn 王', 'ltr', classic)).toEqual([
      { text: 'Nguyễn Văn ', font: 'noto-sans-regular' },
      { text: '王', font: 'sc-regular' },
    ]);
  });

  it('draw Arabic and Hebrew in one right-to-left run each with its own font, placed from the right', () => {
    const runs = typesetter.runs('محمد כהן', 'rtl', { size: 12 });
    expect(runs.map((r) => r.font)).toEqual(['hebrew-regular', 'amiri-regular']);
    expect(runs.map((r) => r.text.trim())).toEqual(['כהן', 'محمد']);
    expect(boxes('محمد כהן')).toEqual([]);
  });

  it('wrap a text written without spaces between its characters, never before a mark', () => {
    const thai = 'สวัสดีครับยินดีต้อนรับสู่หลักสูตรการสอนปัญญาประดิษฐ์'.repeat(3);
    const lines = typesetter.wrap(thai, 200, 'ltr', { size: 12 }, 20);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join('')).toBe(thai);
    for (const line of lines) {
      expect(typesetter.width(line, 'ltr', { size: 12 })).toBeLessThanOrEqual(200);
      expect(line).not.toMatch(/^\p{M}/u);
    }
    // The tampered twin: cut by code points, a line would begin with a mark.
    expect([...thai].slice(2).join('')).toMatch(/^\p{M}/u);
    // Chinese: no line begins with closing punctuation or ends with an opening bracket.
    const chinese = '「人工智能」教师能力框架（UNESCO），培训课程。面向高等教育教师的微证书。'.repeat(3);
    for (const w of [90, 130, 170]) {
      const cut = typesetter.wrap(chinese, w, 'ltr', { size: 12 }, 40);
      expect(cut.join('')).toBe(chinese.replace(/ /g, ''));
      for (const line of cut) {
        expect(line).not.toMatch(/^[。，」）]/u);
        expect(line).not.toMatch(/[「（]$/u);
      }
    }
    // Burmese: grapheme clusters alone would start lines with a vowel sign (ာ, း); words do not.
    const burmese = 'ကျောင်းသားကောင်းဆုချီးမြှင့်ခြင်းအခမ်းအနား'.repeat(2);
    for (const w of [60, 70, 90]) {
      const cut = typesetter.wrap(burmese, w, 'ltr', { size: 12 }, 40);
      expect(cut.join('')).toBe(burmese);
      for (const line of cut) expect(line).not.toMatch(/^\p{M}/u);
    }
  });

  it('keep a run in the design font and take only the characters it lacks from a fallback', () => {
    const runs = parts('Jean-Luc Дюпон 李雷');
    expect(runs).toEqual([
      { text: 'Jean-Luc Дюпон ', font: 'noto-sans-regular' },
      { text: '李雷', font: 'sc-regular' },
    ]);
    // Latin and Arabic alone keep the design's fonts, as before.
    expect(parts('Rana Haddad')).toEqual([{ text: 'Rana Haddad', font: 'noto-sans-regular' }]);
    expect(typesetter.runs('رنا حداد', 'rtl', { size: 12 }).map((r) => r.font)).toEqual(['amiri-regular']);
    // Spaces, vowel signs and the virama stay with the letters before them: one run, one font.
    expect(parts('রহিম উদ্দিন')).toEqual([{ text: 'রহিম উদ্দিন', font: 'bengali-regular' }]);
    expect(typesetter.runs('Dr. சீதா', 'ltr', { size: 12, weight: 'bold' }).map((r) => r.font)).toEqual([
      'noto-sans-bold',
      'tamil-bold',
    ]);
  });

  it('embed the fallback fonts a certificate uses, and only those; the names read back as text', async () => {
    const names = SCRIPTS.map(([, name]) => name);
    const { pdf } = await render({ learnerName: `${names.slice(0, 3).join(' ')} Rana` });
    const embedded = pdfFonts(pdf);
    expect(embedded.every((f) => f.embedded)).toBe(true);
    const families = new Set(embedded.map((f) => f.name.split('-')[0]));
    // A certificate with Latin names only embeds the design's font (Amiri, classic design) and no fallback.
    const latin = new Set(pdfFonts((await render()).pdf).map((f) => f.name.split('-')[0]));
    expect(latin).toEqual(new Set(['Amiri']));
    expect(families).toEqual(new Set([...latin, 'NotoSansSC', 'NotoSansKR']));
    const text = pdfText(pdf);
    for (const name of names.slice(0, 3)) expect(text).toContain(name);
    // Each script's font is embedded when a name needs it.
    for (const [, name, family] of SCRIPTS.slice(3)) {
      if (family === 'NotoSans') continue;
      const fonts = new Set(pdfFonts((await render({ learnerName: name })).pdf).map((f) => f.name.split('-')[0]));
      expect(fonts.has(family)).toBe(true);
    }
  });

  it('wrap a very long name within the page, and render with every optional field empty', async () => {
    const learnerName = `${'Maria-Josefina '.repeat(12)}de la Santísima Trinidad ${'Alexandrovna '.repeat(10)}`.trim();
    const { pdf } = await render({ learnerName, template: template({ signatories: [] }) });
    const { width, words } = pdfWords(pdf);
    expect(words.length).toBeGreaterThan(20);
    for (const w of words) {
      expect(w.xMin).toBeGreaterThanOrEqual(26);
      expect(w.xMax).toBeLessThanOrEqual(width - 26);
    }
    expect(pdfText(pdf)).toContain('Maria-Josefina');

    const { credential } = await signedCredential({
      validUntil: null,
      result: null,
      evidence: [],
      achievement: { ...(await import('../support/signed-credential.js')).credentialInput().achievement, alignments: [] },
    });
    const bare = await renderCertificate({ credential, template: DEFAULT_TEMPLATE, languages: ['fr'], verificationUrl: URL_1 });
    const text = pdfText(bare);
    expect(text).toContain('Sans date d’expiration');
    expect(text).not.toContain('Compétences');
    expect([...pdfAttachments(bare).keys()]).toEqual(['credential.json']);
  });

  it('render the English, French and Arabic variants (PNGs in docs/certificates)', async () => {
    mkdirSync('docs/certificates', { recursive: true });
    const { credential, jwt } = await signedCredential();
    // As the service passes them from the catalogue (the credential holds one language).
    const cft = (code: string) => `http://credentials.test/frameworks/unesco-ai-cft/competencies/${code}`;
    const competencyNames = new Map([
      [cft('1.1'), { en: 'Human agency', fr: "Capacité d'agir humaine", ar: 'الفاعلية البشرية' }],
      [cft('2.1'), { en: 'Ethical principles', fr: 'Principes éthiques', ar: 'المبادئ الأخلاقية' }],
      [
        cft('3.1'),
        {
          en: 'Basic AI techniques and applications',
          fr: 'Techniques et applications de base de l’IA',
          ar: 'تقنيات الذكاء الاصطناعي وتطبيقاته الأساسية',
        },
      ],
      [
        cft('4.2'),
        {
          en: 'AI-pedagogy integration',
          fr: "Intégration de l'IA dans la pédagogie",
          ar: 'دمج الذكاء الاصطناعي في أصول التدريس',
        },
      ],
    ]);
    for (const [name, languages, design] of [
      ['en-classic', ['en'], 'classic'],
      ['fr-modern', ['fr'], 'modern'],
      ['ar-classic', ['ar'], 'classic'],
      ['ar-en-modern', ['ar', 'en'], 'modern'],
      ['ar-fr-classic', ['ar', 'fr'], 'classic'],
    ] as const) {
      const pdf = await renderCertificate({
        credential,
        jwt,
        template: template({ design }),
        languages,
        verificationUrl: URL_1,
        competencyNames,
      });
      expect(pdfQrCodes(pdf)).toEqual([URL_1]);
      if (!process.env['CI']) pdfPng(pdf, `docs/certificates/${name}.png`);
    }
  });
});
