/**
 * The VC-API verification's answers as JSON text, shared by its controller and the Fastify hook
 * that answers the route before Nest's router (held-answers.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { VerificationReport } from '@app/verification';

/** Where the JSON parser leaves the report held for a VC-API verification body (see installHeldAnswers). */
export const HELD_REPORT = Symbol('held verification report');

/** The VC-API verification route, as Fastify names it. */
export const VERIFY_ROUTE = '/credentials/verify';

/** The JSON text of each report's VC-API answer (the credential left out), written once per report. */
export const answerTexts = new WeakMap<VerificationReport, string>();

/** The VC-API answer to a report, as JSON text: made the first time, the same text after. */
export function answerTextOf(report: VerificationReport): string {
  let text = answerTexts.get(report);
  if (text === undefined) {
    // The report's credential is not enumerable, so JSON leaves it out (and it is not read).
    text = JSON.stringify(report);
    answerTexts.set(report, text);
  }
  return text;
}

/** The report the JSON parser found held for this request's body, if it did. */
export function heldReportOf(request: FastifyRequest): VerificationReport | undefined {
  return (request as FastifyRequest & { [HELD_REPORT]?: VerificationReport })[HELD_REPORT];
}
