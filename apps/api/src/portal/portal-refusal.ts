import { CoreError, type CoreErrorCode } from '@app/core';
import { PORTAL_MESSAGES, type PortalMessages } from './views/portal-messages.js';

type Refusals = PortalMessages['refusals'];

/**
 * A refusal of one of the portal's own forms, said in the reader's language: its message is the
 * English sentence (logs, tests), and the portal's error page says it with `say` in the page's
 * language (PortalFilter).
 */
export class PortalRefusal extends CoreError {
  constructor(
    code: CoreErrorCode,
    readonly say: (refusals: Refusals) => string,
  ) {
    super(code, say(PORTAL_MESSAGES.en.refusals));
  }
}
