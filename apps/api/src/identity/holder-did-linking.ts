import { Injectable } from '@nestjs/common';
import type { Actor } from '@app/audit';
import { AccountsService, HolderChallenges, IdentityError, type Account, type HolderChallenge } from '@app/identity';
import { VerificationService } from '@app/verification';

/**
 * Linking a DID to an account by DID Authentication: the person's wallet signs a presentation
 * (eddsa-rdfc-2022, proof purpose authentication) naming the DID as its holder, over a challenge
 * this service gave that account and this service's host as its domain. Only did:key DIDs are
 * linked: they resolve here without fetching anything. Used by the API and the portal.
 */
@Injectable()
export class HolderDidLinking {
  constructor(
    private readonly accounts: AccountsService,
    private readonly challenges: HolderChallenges,
    private readonly verification: VerificationService,
  ) {}

  challenge(accountId: string): Promise<HolderChallenge> {
    return this.challenges.issue(accountId);
  }

  /** Checks the presentation, then links its holder to the account; refuses with holder_proof_invalid. */
  async link(accountId: string, presentation: Record<string, unknown>, actor: Actor): Promise<Account> {
    const refuse: (detail: string) => never = (detail) => {
      throw new IdentityError('holder_proof_invalid', detail);
    };
    const held = presentation['verifiableCredential'];
    if (held !== undefined && !(Array.isArray(held) && held.length === 0)) {
      refuse('Send a presentation that holds no credential: it only proves that you control the DID.');
    }
    const holder = presentation['holder'];
    const did = typeof holder === 'string' ? holder : isObject(holder) ? holder['id'] : undefined;
    if (typeof did !== 'string' || !did.startsWith('did:key:') || did.length > 200 || did.includes('#')) {
      refuse('The presentation must name its holder, a did:key DID (other DID methods cannot be linked here).');
    }
    const proof = presentation['proof'];
    if (!isObject(proof)) return refuse('The presentation must carry one proof, signed with the key of its holder.');
    const challenge = proof['challenge'];
    const issuedAt = typeof challenge === 'string' ? await this.challenges.issuedFor(challenge, accountId) : undefined;
    if (typeof challenge !== 'string' || issuedAt === undefined) {
      return refuse(
        'The presentation does not answer a challenge given to this account, or the challenge has expired: ask for a new one.',
      );
    }
    const result = await this.verification.verifyPresentation(presentation, {
      challenge,
      domain: this.challenges.domain,
    });
    if (!result.verified || !result.checks.includes('proof')) {
      refuse(`The presentation's proof does not hold: ${result.errors.map((e) => e.detail).join(' ')}`);
    }
    return this.accounts.linkHolderDid(accountId, did, actor, issuedAt);
  }

  unlink(accountId: string, actor: Actor): Promise<void> {
    return this.accounts.unlinkHolderDid(accountId, actor);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
