import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { VerificationService } from '@app/verification';
import type { TestApp } from './test-app.js';

/**
 * Verifies as a standard verifier would: @digitalbazaar/vc with the status check of
 * @digitalbazaar/vc-bitstring-status-list, and nothing but the project's document loader.
 * `statusSet` is the bit of the first status entry (true: revoked or suspended).
 */
export async function stockVerify(
  t: TestApp,
  credential: object,
): Promise<{ verified: boolean; statusSet: boolean | undefined }> {
  const documentLoader = t.app.get(VerificationService).documentLoader();
  const suite = new DataIntegrityProof({ cryptosuite });
  const result = await vc.verifyCredential({
    credential,
    suite,
    documentLoader,
    checkStatus: (o: unknown) => checkStatus({ ...(o as { credential: object }), suite, documentLoader }),
  });
  const status = (result as unknown as { statusResult?: { results?: Array<{ status: boolean }> } }).statusResult;
  return { verified: result.verified, statusSet: status?.results?.[0]?.status };
}
