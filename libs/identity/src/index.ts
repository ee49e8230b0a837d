export { IdentityModule } from './identity.module.js';
export { Account } from './entities/account.entity.js';
export { RoleGrant } from './entities/role-grant.entity.js';
export { ApiKey } from './entities/api-key.entity.js';
export { ROLES, ORGANISATION_ROLES, isRole } from './roles.js';
export type { Role } from './roles.js';
export { Principal } from './principal.js';
export type { Grant } from './principal.js';
export { AccountsService, normaliseEmail } from './accounts.service.js';
export type { NewAccount } from './accounts.service.js';
export { ApiKeysService } from './api-keys.service.js';
export type { CreatedApiKey } from './api-keys.service.js';
export { AccessTokens } from './access-tokens.js';
export { HolderChallenges, HOLDER_CHALLENGE_SECONDS } from './holder-challenges.js';
export type { HolderChallenge } from './holder-challenges.js';
export type { IssuedToken } from './access-tokens.js';
export { Authenticator } from './authenticator.js';
export { AccessGuard, sessionCookieName } from './access.guard.js';
export { Public, SignedIn, Roles, CurrentPrincipal, ACCESS_RULE } from './access.decorators.js';
export type { AccessRule } from './access.decorators.js';
export { IdentityError, IDENTITY_ERROR_CODES } from './identity-errors.js';
export type { IdentityErrorCode } from './identity-errors.js';
export { WebSession } from './entities/web-session.entity.js';
export { SignInLink } from './entities/sign-in-link.entity.js';
export {
  WebSessionsService,
  sameToken,
  WEB_SESSION_HOURS,
  SIGN_IN_LINK_DAYS,
  MIN_PASSWORD_LENGTH,
} from './web-sessions.service.js';
export type { StartedSession, ActiveSession } from './web-sessions.service.js';
