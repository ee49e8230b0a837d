import { Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CoreError } from '@app/core';
import { ACCESS_RULE, type AccessRule, type RequestWithPrincipal } from './access.decorators.js';
import { Authenticator } from './authenticator.js';

/** The global guard: default deny, then authentication, then the route's role rule. */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger(AccessGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

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

    const request = context.switchToHttp().getRequest<RequestWithPrincipal & { headers: Record<string, string | undefined> }>();
    const principal = await this.authenticator.authenticate(request.headers['authorization']);
    request.principal = principal;
    if (rule.kind === 'signed_in' || principal.isPlatformAdmin) return true;
    if (rule.roles.some((role) => principal.hasRole(role))) return true;
    throw new CoreError('forbidden', `This needs one of the roles: ${rule.roles.join(', ')}.`);
  }
}
