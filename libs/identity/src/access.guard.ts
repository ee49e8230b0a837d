import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CoreError } from '@app/core';
import { ACCESS_RULE, type AccessRule, type RequestWithPrincipal } from './access.decorators.js';
import { AppConfig } from '@app/config';
import { Authenticator } from './authenticator.js';
import { WebSessionsService } from './web-sessions.service.js';

/** The portal's session cookie (`__Host-` in production: Secure, whole host, no Domain). */
export const sessionCookieName = (production: boolean): string => (production ? '__Host-cft_session' : 'cft_session');

const SAFE_METHODS = new Set(['GET', 'HEAD']);

type GuardedRequest = RequestWithPrincipal & {
  method: string;
  headers: Record<string, string | undefined>;
  cookies?: Record<string, string | undefined>;
};

/** The global guard: default deny, then authentication, then the route's role rule. */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly sessions: WebSessionsService,
    config: AppConfig,
  ) {
    this.cookie = sessionCookieName(config.isProduction);
  }

  private readonly cookie: string;

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      this.logger.error(`Route ${context.getClass().name}.${context.getHandler().name} states no access rule; refused.`);
      throw new CoreError('forbidden', 'This route is not open to anyone.');
    }
    if (rule.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const principal = await this.principalOf(request);
    request.principal = principal;
    if (rule.kind === 'signed_in' || principal.isPlatformAdmin) return true;
    if (rule.roles.some((role) => principal.hasRole(role))) return true;
    throw new CoreError('forbidden', `This needs one of the roles: ${rule.roles.join(', ')}.`);
  }

  /**
   * The bearer token or API key; without one, for reads only (GET, HEAD), the portal's session
   * cookie, so that the portal's download links work. Writes always need the header (or a portal
   * form with its CSRF token), so a cookie alone never changes anything.
   */
  private async principalOf(request: GuardedRequest) {
    const authorization = request.headers['authorization'];
    if (authorization === undefined && SAFE_METHODS.has(request.method)) {
      const session = await this.sessions.resolve(request.cookies?.[this.cookie]);
      if (session) return this.authenticator.principalOf(session.accountId, 'session');
    }
    return this.authenticator.authenticate(authorization);
  }
}
