import { visualRuns } from './bidi.js';

const show = (line: string, base: 'ltr' | 'rtl') => visualRuns(line, base).map((r) => `${r.rtl ? 'R' : 'L'}:${r.text}`);

describe('visualRuns', () => {
  it.each([
    ['شهادة إتمام', 'rtl'],
    ['أكمل ٤٠ ساعة تدريبية', 'rtl'],
    ['صدرت في 2026-11-23 عن UNESCO', 'rtl'],
    ['الكفاءة (3.1) أساسيات', 'rtl'],
    ['لا إله', 'rtl'],
    ['Certificate (AI) of 40 hours', 'ltr'],
    ['Certificat de مرحبا (ABC) fin', 'ltr'],
    ['اسم (Jean Dupont) هنا', 'rtl'],
  ] as const)('%s', (line, base) => {
    console.log(line, JSON.stringify(show(line, base)));
  });
});
