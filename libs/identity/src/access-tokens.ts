import { Injectable } from '@nestjs/common';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { AppConfig } from '@app/config';
import { Clock } from '@app/core';

const AUDIENCE = 'ai-cft-credentials:api';

export interface IssuedToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
}

/** Short-lived access tokens (JWT, HS256, signed with jose). */
@Injectable()
export class AccessTokens {
  private readonly key: Uint8Array;
  private readonly issuer: string;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.key = new TextEncoder().encode(config.auth.tokenSecret.reveal());
    this.issuer = config.http.publicBaseUrl;
  }

  async issue(accountId: string): Promise<IssuedToken> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const ttl = this.config.auth.tokenTtlSeconds;
    const accessToken = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setSubject(accountId)
      .setIssuer(this.issuer)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + ttl)
      .setJti(crypto.randomUUID())
      .sign(this.key);
    return { accessToken, tokenType: 'Bearer', expiresIn: ttl };
  }

  /** The account id the token was issued to, or undefined when the token is not valid now. */
  async verify(token: string): Promise<string | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: this.issuer,
        audience: AUDIENCE,
        typ: 'at+jwt',
        currentDate: this.clock.now(),
      });
      return typeof payload.sub === 'string' ? payload.sub : undefined;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return undefined;
      throw error;
    }
  }
}
