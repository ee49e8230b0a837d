import type { Role } from './roles.js';

export interface Grant {
  readonly role: Role;
  readonly organisationId: string | null;
}

/** Who is calling: the signed-in account (directly, or through one of its API keys). */
export class Principal {
  constructor(
    readonly accountId: string,
    readonly email: string,
    readonly grants: readonly Grant[],
    readonly via: 'token' | 'api_key' | 'session',
    readonly displayName = '',
    readonly language = 'en',
  ) {}

  get isPlatformAdmin(): boolean {
    return this.grants.some((g) => g.role === 'platform_admin');
  }

  /** Holds the role at all (in any organisation). */
  hasRole(role: Role): boolean {
    return this.grants.some((g) => g.role === role);
  }

  /** Holds the role in this organisation (platform admins hold every role everywhere). */
  hasRoleIn(role: Role, organisationId: string): boolean {
    return this.isPlatformAdmin || this.grants.some((g) => g.role === role && g.organisationId === organisationId);
  }
}
