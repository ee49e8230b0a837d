import { Injectable } from '@nestjs/common';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { AppConfig } from '@app/config';
import { Clock } from '@app/core';

const AUDIENCE = 'ai-cft-credentials:holder-did';
const TYPE = 'holder-challenge+jwt';
/** How long a person has to sign the challenge with their wallet. */
export const HOLDER_CHALLENGE_SECONDS = 15 * 60;

export interface HolderChallenge {
  /** The string the presentation's proof must carry as its `challenge`. */
  readonly challenge: string;
  /** The string its proof must carry as its `domain`: this service's host. */
  readonly domain: string;
  readonly expiresAt: string;
}

/**
 * Challenges for linking a DID to an account (DID Authentication): a short-lived JWT (HS256,
 * jose) naming the account, so nothing is stored until the person answers it. Its audience and
 * type differ from an access token's, so neither can stand for the other. Answering the same
 * challenge twice links the same DID again: nothing changes.
 */
@Injectable()
export class HolderChallenges {
  private readonly key: Uint8Array;
  private readonly issuer: string;
  readonly domain: string;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.key = new TextEncoder().encode(config.auth.tokenSecret.reveal());
    this.issuer = config.http.publicBaseUrl;
    this.domain = new URL(config.http.publicBaseUrl).host;
  }

  async issue(accountId: string): Promise<HolderChallenge> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    // (In milliseconds too: a challenge given before the account's DID last changed is refused.)
    const challenge = await new SignJWT({ iatMs: this.clock.now().getTime() })
      .setProtectedHeader({ alg: 'HS256', typ: TYPE })
      .setSubject(accountId)
      .setIssuer(this.issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + HOLDER_CHALLENGE_SECONDS)
      .setJti(crypto.randomUUID())
      .sign(this.key);
    return { challenge, domain: this.domain, expiresAt: new Date((now + HOLDER_CHALLENGE_SECONDS) * 1000).toISOString() };
  }

  /**
   * When the challenge was given, if it was given by this service to this account and has not
   * expired; undefined otherwise.
   */
  async issuedFor(challenge: string, accountId: string): Promise<Date | undefined> {
    try {
      const { payload } = await jwtVerify(challenge, this.key, {
        algorithms: ['HS256'],
        issuer: this.issuer,
        audience: AUDIENCE,
        typ: TYPE,
        currentDate: this.clock.now(),
      });
      const issuedAt = payload['iatMs'];
      return payload.sub === accountId && typeof issuedAt === 'number' ? new Date(issuedAt) : undefined;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return undefined;
      throw error;
    }
  }
}
