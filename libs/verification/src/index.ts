export { VerificationModule } from './verification.module.js';
export { VerificationService } from './verification.service.js';
export type { VerificationReport, RegistryEntry, StatusCheck } from './verification.service.js';
export { IssuerDirectory } from './issuer-directory.js';
export type { IssuerInfo } from './issuer-directory.js';
export { VerifyPool } from './verify-pool.js';
export { parseCredentialInput, INPUT_LIMITS } from './credential-input.js';
export type { CredentialInput } from './credential-input.js';
export { OUTCOMES, CHECK_NAMES, PROBLEM_TYPES, outcomeOf } from './verification-report.js';
export type { Outcome, CheckName, CheckResult, CheckReport, ProblemDetail } from './verification-report.js';
export { DETAIL_CODES, ENGLISH_DETAILS, checkReport } from './check-details.js';
export type { DetailCode, DetailParams } from './check-details.js';
export { linkedInAddToProfileUrl } from './sharing.js';
export { rememberDecodedStatusLists, decodedStatusListCount } from './decoded-status-lists.js';
export {
  boundDecoding,
  boundedPdfjs,
  embeddedFilePdf,
  patchWorkerSource,
  PDF_DECODE_LIMIT_ERROR,
  PDF_DECODER_REFUSED_ERROR,
  pdfDecodeRefusal,
  PdfReaderMismatch,
} from './pdf-reader.js';
