/** The service's extension vocabulary (contact hours, translations), as a JSON-LD context. */
export function extensionContext(): Record<string, unknown> {
  return {
    '@context': {
      '@protected': true,
      cft: 'urn:ai-cft-credentials:vocab#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      contactHours: { '@id': 'cft:contactHours', '@type': 'xsd:decimal' },
      translations: { '@id': 'cft:translations', '@type': '@json' },
    },
  };
}

export const extensionContextUrl = (publicBaseUrl: string): string => `${publicBaseUrl}/contexts/ai-cft-credentials/v1.json`;
