import { describe, expect, it } from '@jest/globals';
import { ESLint } from 'eslint';

/** The lint rules that keep the architecture honest must actually fire. */
describe('lint rules', () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const lint = async (filePath: string, code: string): Promise<string[]> => {
    const [result] = await eslint.lintText(code, { filePath });
    return result.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
  };
  const file = 'libs/catalogue/src/catalogue.service.ts';

  it('forbid deep imports into another library', async () => {
    // (The path does not resolve either, so the type-aware rules add their own complaint.)
    expect(await lint(file, "import { ROLES } from '@app/identity/src/roles.js';\nexport const r = ROLES;\n")).toEqual(
      expect.arrayContaining([expect.stringContaining('no-restricted-imports')]),
    );
    expect(await lint(file, "import { ROLES } from '../../identity/src/roles.js';\nexport const r = ROLES;\n")).toEqual([
      expect.stringContaining('no-restricted-imports'),
    ]);
  });

  it('allow the public face', async () => {
    expect(await lint(file, "import { ROLES } from '@app/identity';\nexport const r = ROLES;\n")).toEqual([]);
  });

  it('forbid floating promises', async () => {
    const messages = await lint(file, 'async function save(): Promise<void> {}\nexport function f(): void {\n  save();\n}\n');
    expect(messages).toEqual([expect.stringContaining('no-floating-promises')]);
  });
});
