import { Column, CreateDateColumn, Entity, Index, OneToMany, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { LocalizedText } from '@app/core';
import type { Competency } from './competency.entity.js';

/** A competency framework such as the UNESCO AI Competency Framework for Teachers (2024). */
@Entity('competency_frameworks')
export class CompetencyFramework {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable handle in the framework's URI: /frameworks/{slug}. */
  @Index({ unique: true })
  @Column('text')
  slug!: string;

  @Column('jsonb')
  name!: LocalizedText;

  @Column('text')
  publisher!: string;

  @Column('text')
  version!: string;

  /** Where the framework itself is published. */
  @Column('text', { nullable: true })
  sourceUrl!: string | null;

  @OneToMany('Competency', (c: Competency) => c.framework)
  competencies?: Relation<Competency[]>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
