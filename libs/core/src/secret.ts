import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A value that must never be logged or serialised: configuration secrets, passwords.
 * `String(secret)`, `JSON.stringify(secret)` and `util.inspect(secret)` all print `[redacted]`;
 * only `reveal()` gives the value, so every use of it is greppable.
 */
export class Secret<T = string> {
  readonly #value: T;
  constructor(value: T) {
    this.#value = value;
  }
  reveal(): T {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [inspect.custom](): string {
    return REDACTED;
  }
}
