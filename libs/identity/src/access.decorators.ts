import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from './roles.js';
import type { Principal } from './principal.js';

export const ACCESS_RULE = 'access:rule';

/**
 * Every route states who may call it; the global AccessGuard refuses a route that states nothing
 * (default deny), so a forgotten statement fails closed.
 */
export type AccessRule =
  { readonly kind: 'public' } | { readonly kind: 'signed_in' } | { readonly kind: 'roles'; readonly roles: readonly Role[] };

/** Anyone, without signing in (public verification, health, DID documents). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);

/** Any signed-in account; finer checks (own records, own organisation) are made by the service. */
export const SignedIn = (): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_RULE, { kind: 'signed_in' } satisfies AccessRule);

/** Accounts holding one of these roles (in any organisation); platform admins always pass. */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(ACCESS_RULE, { kind: 'roles', roles } satisfies AccessRule);

export interface RequestWithPrincipal {
  principal?: Principal;
}

/** The authenticated caller of a non-public route. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});
