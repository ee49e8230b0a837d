import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Account } from './account.entity.js';

/**
 * A signed-in browser (the portal): the cookie holds a 256-bit random token, only its SHA-256 is
 * kept. Each session has its own CSRF token, which every portal form carries. Signing out ends
 * the session here, so a copied cookie stops working at once.
 */
@Entity('web_sessions')
export class WebSession {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  accountId!: string;

  @ManyToOne(() => Account, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id' })
  account?: Relation<Account>;

  @Index({ unique: true })
  @Column('text')
  tokenHash!: string;

  @Column('text')
  csrfToken!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz')
  expiresAt!: Date;

  @Column('timestamptz', { nullable: true })
  endedAt!: Date | null;
}
