import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The outcome of a write sent with an Idempotency-Key, so that a client retrying it (after a
 * timeout, a dropped connection) gets the first answer again instead of a second write.
 */
@Entity('idempotency_records')
@Check(`"state" in ('in_progress', 'completed')`)
export class IdempotencyRecord {
  /** Whose key it is: the account id of the caller (keys of different callers never collide). */
  @PrimaryColumn('text')
  scope!: string;

  @PrimaryColumn('text')
  key!: string;

  /**
   * HMAC-SHA-256 (server key) of method, path and body: the same key with another request is
   * refused. Keyed, so that a body holding a password cannot be guessed from it.
   */
  @Column('text')
  fingerprint!: string;

  @Column('text')
  state!: 'in_progress' | 'completed';

  @Column('smallint', { nullable: true })
  responseStatus!: number | null;

  @Column('jsonb', { nullable: true })
  responseBody!: unknown;

  @Index()
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz')
  lockedAt!: Date;
}
