import { writeFileSync } from 'node:fs';
import { renderCertificate, DEFAULT_TEMPLATE } from '@app/certificates';
import { signedCredential } from '../support/signed-credential.js';

it('renders samples', async () => {
  const { credential, jwt } = await signedCredential({ language: 'en' });
  for (const [name, languages, design] of [
    ['en-classic', ['en'], 'classic'],
    ['fr-modern', ['fr'], 'modern'],
    ['ar-classic', ['ar'], 'classic'],
    ['ar-en-modern', ['ar', 'en'], 'modern'],
    ['ar-fr-classic', ['ar', 'fr'], 'classic'],
  ] as const) {
    const t0 = Date.now();
    const pdf = await renderCertificate({
      credential, jwt, languages, verificationUrl: 'http://credentials.test/verify/0f1d5f4e-7a55-4a3f-9c35-1c1d7c1c1a01',
      template: { ...DEFAULT_TEMPLATE, design, signatories: [{ name: 'Dr. Maya Khoury', title: 'Programme Director' }, { name: 'سامي نصر', title: 'مدير المركز' }] },
    });
    console.log(name, pdf.length, Date.now() - t0);
    writeFileSync(`/tmp/cert-${name}.pdf`, pdf);
  }
});
