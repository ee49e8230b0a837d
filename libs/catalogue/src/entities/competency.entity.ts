import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { LocalizedText } from '@app/core';
import { CompetencyFramework } from './competency-framework.entity.js';

/**
 * One cell of a framework. For the UNESCO AI CFT: aspect 1 to 5 crossed with level 1 to 3
 * (Acquire, Deepen, Create), coded "{aspect}.{level}".
 */
@Entity('competencies')
@Index(['frameworkId', 'code'], { unique: true })
@Check('"level" between 1 and 3')
export class Competency {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  frameworkId!: string;

  @ManyToOne(() => CompetencyFramework, (f) => f.competencies, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'framework_id' })
  framework?: Relation<CompetencyFramework>;

  @Column('text')
  code!: string;

  @Column('smallint')
  aspect!: number;

  @Column('jsonb')
  aspectName!: LocalizedText;

  @Column('smallint')
  level!: number;

  @Column('jsonb')
  levelName!: LocalizedText;

  @Column('jsonb')
  name!: LocalizedText;

  @Column('jsonb', { nullable: true })
  description!: LocalizedText | null;
}
