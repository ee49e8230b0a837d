import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change, as an auditor needs it: who did what to which record, when, and the record before
 * and after. Written in the same transaction as the change itself, so there is never a change
 * without its event nor an event without its change. Never updated or deleted.
 */
@Entity('audit_events')
@Index(['entityType', 'entityId', 'occurredAt'])
@Index(['organisationId', 'occurredAt'])
export class AuditEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Index()
  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt!: Date;

  /** The account that made the change; null for the system itself (migrations, jobs). */
  @Column('uuid', { nullable: true })
  actorId!: string | null;

  /** What happened, as `<entity>.<verb>`, e.g. `programme.created`, `learning_record.superseded`. */
  @Column('text')
  action!: string;

  @Column('text')
  entityType!: string;

  @Column('text')
  entityId!: string;

  /** The organisation the record belongs to, so organisation admins can read their own log. */
  @Column('uuid', { nullable: true })
  organisationId!: string | null;

  @Column('jsonb', { nullable: true })
  before!: unknown;

  @Column('jsonb', { nullable: true })
  after!: unknown;

  /** The HTTP request that made the change, to join with the logs. */
  @Column('text', { nullable: true })
  requestId!: string | null;
}
