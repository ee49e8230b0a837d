import { renderCertificate, type RenderCertificateInput } from './render-certificate.js';

/**
 * A rendering thread: fonts are parsed once per thread (fonts.ts), then each task renders one
 * certificate. The PDF goes back as a transferable buffer (no copy).
 */
export default async function render(input: RenderCertificateInput): Promise<Uint8Array> {
  const pdf = await renderCertificate(input);
  return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
