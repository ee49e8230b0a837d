// Runs a corpus of JSON-LD documents through jsonld.js (expand, compact, and RDFC-1.0
// canonicalization, safe and not) and prints every outcome, value or error, as JSON. Run in a
// fresh process per mode, so that no context processed in one mode is reused in another:
//   stock    jsonld.js as published
//   shared   after shareTermDefinitions() (libs/signing/src/jsonld-shared-terms.ts)
//   no-copy  a deliberately wrong clone that does not copy the term map at all: the corpus must
//            tell it apart, or it could not tell a wrong clone either.
//   same-key a deliberately wrong processed-context cache: a copy made to enter a type scope (its
//            fall-back the context it copies) is looked up under the very context it copies, so a
//            scope's terms that must not reach nested nodes are taken for ones that do. The
//            corpus must tell it apart from the right key (one of its own for such copies).
// The corpus runs twice, the second time in reverse order, so that every document is also
// processed from contexts cached by the others.
// Usage: node test/support/jsonld-differential.mjs <mode>   (needs the built dist/)
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import jsonld from 'jsonld';

const root = process.cwd();
const mode = process.argv[2] ?? 'stock';
const { createDocumentLoader, shareTermDefinitions, termDefinitionsShared } = await import(
  join(root, 'dist/libs/signing/src/index.js')
);
const { buildOpenBadgeCredential, extensionContext, extensionContextUrl } = await import(
  join(root, 'dist/libs/credentials/src/index.js')
);

if (mode === 'shared' && !shareTermDefinitions()) throw new Error('shareTermDefinitions() refused the installed jsonld.js');
if (mode === 'no-copy') {
  const api = createRequire(join(root, 'package.json'))('jsonld/lib/context.js');
  const initial = api.getInitialContext({});
  const original = initial.clone;
  initial.clone = function () {
    const child = original.call(this);
    child.mappings = this.mappings;
    child.clone = this.clone;
    return child;
  };
}

if (mode === 'same-key') {
  const require = createRequire(join(root, 'package.json'));
  const origins = new WeakMap();
  const initial = require('jsonld/lib/context.js').getInitialContext({});
  const original = initial.clone;
  initial.clone = function () {
    const child = original.call(this);
    origins.set(child, this);
    return child;
  };
  const proto = require('jsonld/lib/ResolvedContext.js').prototype;
  const key = (ctx) => (origins.has(ctx) && ctx.previousContext === origins.get(ctx) ? origins.get(ctx) : ctx);
  const { getProcessed, setProcessed } = proto;
  proto.getProcessed = function (ctx) {
    return getProcessed.call(this, key(ctx));
  };
  proto.setProcessed = function (ctx, processed) {
    return setProcessed.call(this, key(ctx), processed);
  };
}

const json = (...path) => JSON.parse(readFileSync(join(root, 'test/fixtures', ...path), 'utf8'));
const base = 'http://localhost:3000';
const documentLoader = createDocumentLoader({
  contexts: new Map([
    [extensionContextUrl(base), extensionContext()],
    ['https://www.w3.org/ns/credentials/examples/v2', json('vectors/examples-v2-context.json')],
  ]),
});

/** @type {Array<[string, object]>} */
const corpus = [];
for (const name of readdirSync(join(root, 'test/fixtures/ob3')).filter((n) => n.endsWith('.json'))) {
  corpus.push([`ob3/${name}`, json('ob3', name)]);
}
corpus.push(['w3c unsigned', json('vectors/w3c-vc-di-eddsa/TestVectors/unsigned.json')]);
corpus.push(['w3c signed', json('vectors/w3c-vc-di-eddsa/TestVectors/eddsa-rdfc-2022/signedDataInt.json')]);
for (const name of readdirSync(join(root, 'test/fixtures/vectors/1edtech-ob3-eddsa-rdfc-2022')).filter((n) =>
  n.endsWith('.json'),
)) {
  const document = json('vectors/1edtech-ob3-eddsa-rdfc-2022', name);
  if (document['@context']) corpus.push([`1edtech ${name}`, document]);
}

// The service's own credentials, in their variants.
const texts = (en, extra) => ({ en, ...extra });
for (const [i, variant] of [
  { language: 'en' },
  { language: 'fr', names: { fr: 'Les bases de l’IA' }, did: true },
  {
    language: 'ar',
    names: { ar: 'أساسيات الذكاء الاصطناعي', fr: 'Les bases' },
    result: true,
    evidence: 2,
    until: true,
    status: true,
  },
].entries()) {
  corpus.push([
    `service credential ${variant.language}`,
    buildOpenBadgeCredential({
      id: `urn:uuid:00000000-0000-4000-8000-00000000000${i}`,
      publicBaseUrl: base,
      language: variant.language,
      issuer: {
        id: 'did:web:localhost%3A3000:organisations:one',
        name: texts('Issuer', variant.names),
        url: `${base}/o`,
        email: 'a@b.test',
      },
      achievement: {
        id: `${base}/programmes/p/versions/1`,
        name: texts('AI basics', variant.names),
        description: texts('An introduction.', variant.names),
        criteria: texts('Complete it.', variant.names),
        achievementType: 'MicroCredential',
        contactHours: 40,
        alignments: ['1.1', '2.2', '5.3'].map((code) => ({
          code,
          name: `Competency ${code}`,
          url: `${base}/frameworks/unesco-ai-cft/competencies/${code}`,
          framework: 'UNESCO AI CFT',
        })),
      },
      subject: variant.did
        ? { did: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' }
        : { email: 'x@y.test', salt: 's' },
      learnerName: 'Rana Haddad',
      ...(variant.result ? { result: { score: 87, passMark: 70 } } : {}),
      ...(variant.evidence
        ? {
            evidence: Array.from({ length: variant.evidence }, (_, n) => ({
              id: `${base}/evidence/${n}`,
              name: `Evidence ${n}`,
            })),
          }
        : {}),
      validFrom: new Date('2026-01-01T00:00:00Z'),
      ...(variant.until ? { validUntil: new Date('2027-01-01T00:00:00Z') } : {}),
      ...(variant.status
        ? {
            credentialStatus: {
              id: `${base}/status-lists/1#5`,
              type: 'BitstringStatusListEntry',
              statusPurpose: 'suspension',
              statusListIndex: '5',
              statusListCredential: `${base}/status-lists/1`,
            },
          }
        : {}),
    }),
  ]);
}

// Scoped contexts, written for the behaviour a clone must keep: type-scoped terms that do not
// propagate (and revert on the way down), ones that do, property-scoped terms, nested scopes,
// protected terms (redefined: refused; redefined identically: allowed; nulled: refused), and
// @vocab, @language and @base changed in a scope.
const v = 'http://example.org/vocab#';
corpus.push([
  'type-scoped, not propagated',
  {
    '@context': {
      '@version': 1.1,
      '@vocab': v,
      name: `${v}name`,
      Person: { '@id': `${v}Person`, '@context': { name: `${v}personName`, age: `${v}age` } },
    },
    '@id': 'http://example.org/a',
    name: 'outer',
    member: { '@type': 'Person', name: 'typed', age: 3, friend: { name: 'below a typed node', age: 4 } },
    other: { name: 'sibling' },
  },
]);
corpus.push([
  'type-scoped, propagated',
  {
    '@context': {
      '@version': 1.1,
      '@vocab': v,
      Team: { '@id': `${v}Team`, '@context': { '@propagate': true, label: `${v}teamLabel` } },
    },
    '@type': 'Team',
    label: 'top',
    member: { label: 'inherits', member: { label: 'still' } },
  },
]);
corpus.push([
  'property-scoped and nested type scopes',
  {
    '@context': {
      '@version': 1.1,
      '@vocab': v,
      knows: { '@id': `${v}knows`, '@context': { name: `${v}knownName` } },
      Org: {
        '@id': `${v}Org`,
        '@context': { name: `${v}orgName`, Dept: { '@id': `${v}Dept`, '@context': { name: `${v}deptName` } } },
      },
    },
    name: 'root',
    knows: { name: 'known', knows: { name: 'known twice' } },
    employer: {
      '@type': 'Org',
      name: 'org',
      part: { '@type': 'Dept', name: 'dept', part: { name: 'under dept' } },
      staff: { name: 'under org' },
    },
  },
]);
corpus.push([
  'one scoped context, by property (propagated) and by type (not)',
  {
    '@context': {
      '@version': 1.1,
      '@vocab': v,
      knows: { '@id': `${v}knows`, '@context': { name: `${v}scopedName` } },
      Person: { '@id': `${v}Person`, '@context': { name: `${v}scopedName` } },
    },
    knows: { name: 'by property', friend: { name: 'below it: scoped too' } },
    member: { '@type': 'Person', name: 'by type', friend: { name: 'below it: not scoped' } },
  },
]);
corpus.push([
  'protected term redefined',
  { '@context': [{ '@version': 1.1, '@protected': true, name: `${v}name` }, { name: `${v}other` }], name: 'x' },
]);
corpus.push([
  'protected term redefined identically',
  { '@context': [{ '@version': 1.1, '@protected': true, name: `${v}name` }, { name: `${v}name` }], name: 'x' },
]);
corpus.push([
  'protected term redefined in a type scope',
  {
    '@context': {
      '@version': 1.1,
      '@protected': true,
      name: `${v}name`,
      T: { '@id': `${v}T`, '@context': { name: `${v}changed` } },
    },
    '@type': 'T',
    name: 'x',
  },
]);
corpus.push([
  'protected terms nulled',
  { '@context': [{ '@version': 1.1, '@protected': true, name: `${v}name` }, null], name: 'x' },
]);
corpus.push([
  'vocab, language and base changed in a scope',
  {
    '@context': {
      '@version': 1.1,
      '@vocab': v,
      '@language': 'en',
      '@base': 'http://example.org/base/',
      L: {
        '@id': `${v}L`,
        '@context': { '@vocab': 'http://example.org/other#', '@language': 'ar', '@base': 'http://example.org/b2/' },
      },
    },
    '@id': 'here',
    title: 'english',
    child: { '@type': 'L', '@id': 'there', title: 'عربي', child: { '@id': 'below', title: 'back' } },
  },
]);
corpus.push([
  'a VC 2.0 credential with a type-scoped extension',
  {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      {
        '@version': 1.1,
        Course: {
          '@id': `${v}Course`,
          '@context': { hours: { '@id': `${v}hours`, '@type': 'http://www.w3.org/2001/XMLSchema#integer' } },
        },
      },
    ],
    type: ['VerifiableCredential'],
    issuer: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
    validFrom: '2026-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:1', course: { type: 'Course', hours: 40, name: 'in a course' } },
  },
]);
corpus.push([
  'a VC 2.0 credential redefining a protected term',
  {
    '@context': ['https://www.w3.org/ns/credentials/v2', { VerifiableCredential: `${v}NotAVC` }],
    type: ['VerifiableCredential'],
    issuer: 'did:example:issuer',
    credentialSubject: { id: 'did:example:1' },
  },
]);

const outcome = async (run) => {
  try {
    return { value: await run() };
  } catch (error) {
    return { error: `${error?.name} ${error?.details?.code ?? error?.message}` };
  }
};

const results = {};
for (const [pass, name, document] of [
  ...corpus.map(([name, document]) => ['', name, document]),
  ...corpus.toReversed().map(([name, document]) => ['again: ', name, document]),
]) {
  const options = { documentLoader };
  const expanded = await outcome(() => jsonld.expand(document, options));
  results[pass + name] = {
    expanded,
    compacted: expanded.value
      ? await outcome(() => jsonld.compact(expanded.value, { '@context': document['@context'] }, options))
      : null,
    nquads: await outcome(() =>
      jsonld.canonize(document, { ...options, algorithm: 'RDFC-1.0', format: 'application/n-quads', safe: false }),
    ),
    safe: await outcome(() =>
      jsonld.canonize(document, { ...options, algorithm: 'RDFC-1.0', format: 'application/n-quads', safe: true }),
    ),
  };
}
console.log(JSON.stringify({ mode, shared: termDefinitionsShared(), cases: corpus.length, results }));
