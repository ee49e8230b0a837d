import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Private keys at rest: AES-256-GCM under the master key (SIGNING_MASTER_KEY), with a random
 * 96-bit nonce per key and the key's id as associated data, so a ciphertext moved to another
 * key's row does not decrypt. Stored as `v1.<nonce>.<ciphertext>.<tag>` (base64url).
 */
export class KeyCipher {
  readonly #masterKey: Buffer;

  constructor(masterKey: Uint8Array) {
    if (masterKey.length !== 32) throw new Error('The signing master key must be 32 bytes.');
    this.#masterKey = Buffer.from(masterKey);
  }

  encrypt(plaintext: string, keyId: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#masterKey, nonce);
    cipher.setAAD(Buffer.from(keyId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, nonce, ciphertext, cipher.getAuthTag()]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** Throws when the ciphertext was changed, belongs to another key id, or the master key is wrong. */
  decrypt(sealed: string, keyId: string): string {
    const [version, nonce, ciphertext, tag] = sealed.split('.');
    if (version !== VERSION || !nonce || !ciphertext || !tag) throw new Error('Not a sealed key of a known version.');
    const decipher = createDecipheriv('aes-256-gcm', this.#masterKey, Buffer.from(nonce, 'base64url'));
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}
