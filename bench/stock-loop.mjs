// A bench helper process: stock @digitalbazaar/vc signing or verification (through the
// project's thin signDataIntegrity / verifyDataIntegrity wrappers over vc.issue and
// vc.verifyCredential) in a loop, started at an agreed instant so that one such process per core
// runs at once: the machine's own ceiling for parallel work of that kind.
// Usage: node bench/stock-loop.mjs <start instant, ms since the epoch> <sign|verify>
const { createDocumentLoader, signDataIntegrity, generateSigningKey, verifyDataIntegrity } = await import(
  new URL('../dist/libs/signing/src/index.js', import.meta.url).href
);
const { extensionContext, extensionContextUrl } = await import(
  new URL('../dist/libs/credentials/src/index.js', import.meta.url).href
);
const { benchCredential } = await import('./bench-credential.mjs');
const base = 'http://localhost:1';
const key = await generateSigningKey((pub) => `did:key:${pub}`);
const documentLoader = createDocumentLoader({ contexts: new Map([[extensionContextUrl(base), extensionContext()]]) });
const creds = [];
for (let i = 0; i < 150; i++) {
  const unsigned = benchCredential({ i, base, issuer: key.controller });
  creds.push(await signDataIntegrity({ credential: unsigned, key, documentLoader, date: '2026-01-01T00:00:00Z' }));
}
for (const c of creds.slice(0, 20)) await verifyDataIntegrity({ credential: c, documentLoader });
// Every process starts its timed loop at the same instant (argv[2], ms since the epoch).
const start = Number(process.argv[2] ?? 0);
while (Date.now() < start) await new Promise((r) => setTimeout(r, 5));
const mode = process.argv[3] ?? 'verify';
const t0 = performance.now();
for (let round = 0; round < 3; round++) {
  for (const c of creds) {
    if (mode === 'sign') {
      const { proof: _proof, ...unsigned } = c;
      await signDataIntegrity({ credential: unsigned, key, documentLoader, date: '2026-01-01T00:00:00Z' });
    } else {
      await verifyDataIntegrity({ credential: c, documentLoader });
    }
  }
}
console.log(JSON.stringify({ rate: 450 / ((performance.now() - t0) / 1000) }));
