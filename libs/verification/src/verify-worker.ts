/**
 * The verifying thread (run by piscina, see VerifyPool): checks Data Integrity proofs
 * (eddsa-rdfc-2022) with an offline document loader built from what the main thread sends: the
 * bundled contexts, the service's extension context, did:key (computed), and the DID documents
 * of the issuers the service holds (its own did:web, trusted ones from configuration).
 * JSON-LD canonicalization is the expensive part of verifying; it never runs on the event loop.
 */
import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'piscina';
import { buildOpenBadgeCredential, checkOpenBadgeSchema, extensionContext, extensionContextUrl } from '@app/credentials';
import {
  createDocumentLoader,
  generateSigningKey,
  rememberingVerifiers,
  shareTermDefinitions,
  signDataIntegrity,
  verifyDataIntegrity,
  verifyPresentationProof,
} from '@app/signing';
import { PDF_READ_OPTIONS, PDF_READER_UNAVAILABLE, boundedPdfjs, pdfDecodeRefusal } from './pdf-reader.js';
import { schemaProblemsOf } from './schema-problems.js';

/**
 * The credential: as an object, or as its JSON text (`credentialJson`), which the event loop
 * hands over for a few microseconds where the structured clone of the object took 15 to 22
 * (7% of the loop's time on never-seen credentials at concurrency 64; docs/verification.md).
 */
export type VerifyTask = (
  | { readonly credential: Record<string, unknown>; readonly credentialJson?: never }
  | { readonly credentialJson: string; readonly credential?: never }
) & {
  /** Check the credential against the Open Badges 3.0 schema here as well (see schemaProblemsOf). */
  readonly schema?: boolean;
  /** DID documents by DID (without fragment), resolved by the main thread. */
  readonly documents: ReadonlyArray<readonly [string, unknown]>;
  /** The instant the proof is checked at (ISO 8601); dates are judged by the caller. */
  readonly now: string;
};

export interface ProofOutcome {
  readonly verified: boolean;
  readonly errors: string[];
  /** Given `schema`: the Open Badges 3.0 schema's problems (null: not an Open Badge). */
  readonly schemaProblems?: string[] | null;
}

/** A presentation's own proof to check (its credentials are verified apart, as any credential). */
export interface PresentationTask {
  readonly presentation: Record<string, unknown>;
  /** DID documents by DID (without fragment), resolved by the main thread. */
  readonly documents: ReadonlyArray<readonly [string, unknown]>;
  readonly challenge: string;
  readonly domain?: string;
}

export interface VerifyWorkerData {
  readonly publicBaseUrl: string;
}

const data = workerData as VerifyWorkerData;
// jsonld.js in this thread copies active contexts without copying every term definition (see
// jsonld-shared-terms.ts in @app/signing).
shareTermDefinitions();
const cryptosuite = rememberingVerifiers();
const contexts = new Map([[extensionContextUrl(data.publicBaseUrl), extensionContext()]]);

/**
 * Readies this thread before its first proof: it signs an Open Badge with a throwaway key made
 * here (used once, never sent anywhere) and verifies it, so that jsonld.js's first processing of
 * the bundled contexts and the code's first compilation are behind it. piscina hands the thread
 * no task until this is done (see thread-entry.cts). Measured on the first verifications after a
 * start: another issuer's credential 28 to 31 ms without it, 16 ms with it; one of the service's
 * own (its status list checked here) 64 to 69 ms without, 45 to 49 ms with. Should it fail, the
 * thread works as it would have without it.
 */
async function warmUp(): Promise<void> {
  try {
    // The Open Badges schema is compiled once per thread (about 150 ms), before the first proof.
    checkOpenBadgeSchema({});
    const key = await generateSigningKey((publicKeyMultibase) => `did:key:${publicKeyMultibase}`);
    const documentLoader = createDocumentLoader({ contexts });
    const credential = buildOpenBadgeCredential({
      id: 'urn:uuid:00000000-0000-4000-8000-000000000000',
      publicBaseUrl: data.publicBaseUrl,
      language: 'en',
      issuer: { id: key.controller, name: { en: 'Warm-up' } },
      achievement: {
        id: `${data.publicBaseUrl}/warm-up`,
        name: { en: 'Warm-up' },
        description: { en: 'Warm-up' },
        criteria: { en: 'Warm-up' },
        achievementType: 'MicroCredential',
        contactHours: 1,
        alignments: [],
      },
      subject: { email: 'warm-up@localhost', salt: 'warm-up' },
      learnerName: 'Warm-up',
      validFrom: new Date(),
    });
    const signed = await signDataIntegrity({ credential, key, documentLoader, date: new Date() });
    await verifyDataIntegrity({
      credential: signed,
      documentLoader,
      cryptosuite,
      checkStatus: () => Promise.resolve({ verified: true }),
    });
  } catch {
    // Only time is lost: the first proofs are checked cold.
  }
}
await warmUp();

/** What a PDF certificate carries: the files `credential.json` and `credential.jwt` attached to it. */
export interface PdfCredential {
  readonly json?: string;
  readonly jwt?: string;
  /** Why nothing could be read (not a PDF, damaged, encrypted). */
  readonly error?: string;
}

/** The largest attachment read from a PDF (a credential is a few kilobytes). */
const MAX_ATTACHMENT_BYTES = 1024 * 1024;

/**
 * Reads the credential attached to a PDF with pdf.js (Mozilla's parser, made for untrusted
 * files): no script is evaluated, no font or URL is loaded, nothing is rendered, and no stream
 * expands beyond 16 MiB (pdf-reader.ts).
 */
export async function pdfCredential(bytes: Uint8Array): Promise<PdfCredential> {
  // pdf.js with every stream it decodes bounded (16 MiB a PDF) and images refused; none if that
  // patch does not fit the installed pdf.js (see pdf-reader.ts).
  const pdfjs = await boundedPdfjs();
  if (!pdfjs) return { error: PDF_READER_UNAVAILABLE };
  const task = pdfjs.getDocument({ data: bytes, ...PDF_READ_OPTIONS });
  try {
    const pdf = await task.promise;
    const attachments = ((await pdf.getAttachments()) ?? {}) as Record<string, { filename?: string; content?: Uint8Array }>;
    const read = (name: string): string | undefined => {
      const found = Object.values(attachments).find((a) => a.filename === name) ?? attachments[name];
      if (!found?.content || found.content.byteLength > MAX_ATTACHMENT_BYTES) return undefined;
      return Buffer.from(found.content).toString('utf8');
    };
    const json = read('credential.json');
    const jwt = read('credential.jwt');
    return { ...(json !== undefined ? { json } : {}), ...(jwt !== undefined ? { jwt } : {}) };
  } catch (error) {
    const name = (error as { name?: string }).name ?? '';
    return {
      error:
        name === 'PasswordException'
          ? 'The PDF is encrypted.'
          : name === 'InvalidPDFException'
            ? 'The file is not a readable PDF.'
            : (pdfDecodeRefusal(error) ?? 'The PDF could not be read.'),
    };
  } finally {
    await task.destroy();
  }
}

export default async function verify(task: VerifyTask): Promise<ProofOutcome> {
  // The text was written by JSON.stringify on the event loop from a parsed credential: it parses.
  const credential = task.credential ?? (JSON.parse(task.credentialJson ?? 'null') as Record<string, unknown>);
  // Before the proof is checked: the libraries are not relied on to leave the document untouched.
  const schema = task.schema ? { schemaProblems: schemaProblemsOf(credential) } : {};
  try {
    const documentLoader = createDocumentLoader({ contexts, documents: new Map(task.documents) });
    const result = await verifyDataIntegrity({
      credential,
      documentLoader,
      now: new Date(task.now),
      cryptosuite,
      // Status is read by the main thread (fresh, from the database); the proof is judged here.
      checkStatus: () => Promise.resolve({ verified: true }),
    });
    return { verified: result.verified, errors: result.errors, ...schema };
  } catch (error) {
    return { verified: false, errors: [error instanceof Error ? error.message : String(error)], ...schema };
  }
}

/** A batch's outcome for one proof: its outcome, or why checking it failed (not a verdict). */
export type BatchOutcome = ProofOutcome | { readonly failure: string };

/** Proofs the event loop handed over together (VerifyPool), and the port their answers go back on. */
export interface ProofBatch {
  readonly tasks: readonly VerifyTask[];
  readonly port: MessagePort;
}

/**
 * Checks a batch's proofs side by side. Their answers go back on the batch's port, as `[index,
 * outcome]` pairs: those ready at the end of each of this thread's turns together, so that a proof
 * that takes long (rdf-canonize yields now and then on a large document) does not hold the others.
 */
export async function proofs({ tasks, port }: ProofBatch): Promise<void> {
  let ready: Array<readonly [number, BatchOutcome]> = [];
  let scheduled = false;
  const send = (): void => {
    scheduled = false;
    if (ready.length === 0) return;
    port.postMessage(ready);
    ready = [];
  };
  try {
    await Promise.all(
      tasks.map(async (task, i) => {
        const outcome: BatchOutcome = await verify(task).catch((error: unknown) => ({
          failure: error instanceof Error ? error.message : String(error),
        }));
        ready.push([i, outcome]);
        if (!scheduled) {
          scheduled = true;
          setImmediate(send);
        }
      }),
    );
    send();
  } finally {
    port.close();
  }
}

/** Checks a presentation's own proof (proof purpose authentication, its challenge and domain). */
export async function presentationProof(task: PresentationTask): Promise<ProofOutcome> {
  try {
    return await verifyPresentationProof({
      presentation: task.presentation,
      documentLoader: createDocumentLoader({ contexts, documents: new Map(task.documents) }),
      challenge: task.challenge,
      ...(task.domain !== undefined ? { domain: task.domain } : {}),
      cryptosuite,
    });
  } catch (error) {
    return { verified: false, errors: [error instanceof Error ? error.message : String(error)] };
  }
}
