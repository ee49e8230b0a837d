import { Injectable } from '@nestjs/common';

/**
 * A counter of changes to the facts a verification reads (a credential's status, a key's
 * compromise): each change, once committed, moves it on. Whatever was worked out from the old
 * facts (a cached verification report) knows it is out of date by the number it was made under.
 * One per process: other processes see a change within the cache's own short window.
 */
@Injectable()
export class FactsChanged {
  private current = 0;

  get generation(): number {
    return this.current;
  }

  /** Call after the transaction that changed the facts has committed. */
  changed(): void {
    this.current++;
  }

  /** Runs a write, then marks the facts changed (also when it failed part-way: harmless). */
  async after<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } finally {
      this.changed();
    }
  }
}
