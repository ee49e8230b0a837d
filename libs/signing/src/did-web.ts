/**
 * did:web identifiers of the service's issuers (https://w3c-ccg.github.io/did-method-web/):
 * `did:web:<host>[:<base path segments>]:organisations:<slug>`, whose document is served at
 * `<PUBLIC_BASE_URL>/organisations/<slug>/did.json`. A port is percent-encoded (`%3A`).
 */
export function didWebFor(publicBaseUrl: string, slug: string): string {
  const url = new URL(publicBaseUrl);
  const segments = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did', 'web', url.host.replace(':', '%3A'), ...segments, 'organisations', encodeURIComponent(slug)].join(':');
}

/** The organisation slug of one of this service's did:web identifiers, or undefined. */
export function slugOfDidWeb(publicBaseUrl: string, did: string): string | undefined {
  const prefix = didWebFor(publicBaseUrl, 'x').slice(0, -1);
  if (!did.startsWith(prefix)) return undefined;
  // A slug is plain letters, digits and hyphens, so it needs no decoding: anything else (a
  // percent-escape, well-formed or not) is not one of this service's DIDs.
  const slug = did.slice(prefix.length);
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug) ? slug : undefined;
}
