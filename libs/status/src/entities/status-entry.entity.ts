import { CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { StatusList } from './status-list.entity.js';

/** An index of a list, handed out once and never again (the primary key makes reuse impossible). */
@Entity('status_entries')
export class StatusEntry {
  @PrimaryColumn('uuid')
  listId!: string;

  @ManyToOne(() => StatusList, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'list_id' })
  list?: Relation<StatusList>;

  @PrimaryColumn('integer')
  index!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  allocatedAt!: Date;
}
