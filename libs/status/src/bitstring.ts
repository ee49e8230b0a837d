import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * Bitstring Status List encoding (W3C Bitstring Status List v1.0, §3.1): the bitstring GZIP-
 * compressed, then multibase base64url without padding (prefix "u").
 * Index 0 is the leftmost bit: the most significant bit of the first byte.
 */
export function encodeBitstring(bits: Uint8Array): string {
  return `u${gzipSync(bits).toString('base64url')}`;
}

export function decodeBitstring(encoded: string): Buffer {
  if (!encoded.startsWith('u')) throw new Error('encodedList must be multibase base64url (prefix "u").');
  return gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
}

export function getBit(bits: Uint8Array, index: number): boolean {
  const byte = bits[index >> 3];
  if (byte === undefined) throw new RangeError(`Index ${index} is outside the list.`);
  return ((byte >> (7 - (index & 7))) & 1) === 1;
}

/** PostgreSQL's set_bit numbers bits from the least significant within each byte. */
export const postgresBitNumber = (index: number): number => (index >> 3) * 8 + (7 - (index & 7));
