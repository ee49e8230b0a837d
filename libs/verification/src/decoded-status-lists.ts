import { BitstringStatusList } from '@digitalbazaar/vc-bitstring-status-list';
import { LRUCache } from 'lru-cache';

/**
 * The bits of the status lists @digitalbazaar/vc-bitstring-status-list has decoded, by their
 * encoded text. `checkStatus()` decodes a list's `encodedList` (base64url, then GZIP, in
 * JavaScript) on every call: for 131,072 entries that was the largest single cost of verifying one
 * of this service's own credentials. The same text always decodes to the same bits, so each text
 * is decoded once; every call still gets a list of its own (a copy of the bits), so nothing one
 * caller does to its list reaches another. The library's own checks are all still run.
 */
const decoded = new LRUCache<string, Uint8Array>({
  // A few dozen lists of 16 KB; the key (the encoded text) is counted too.
  maxSize: 4 * 1024 * 1024,
  sizeCalculation: (bits, encoded) => bits.byteLength + encoded.length,
});

let installed = false;

/** Makes BitstringStatusList.decode remember what it decoded (idempotent). */
export function rememberDecodedStatusLists(): void {
  if (installed) return;
  installed = true;
  const decode = BitstringStatusList.decode.bind(BitstringStatusList);
  BitstringStatusList.decode = async ({ encodedList }: { encodedList: string }) => {
    let bits = typeof encodedList === 'string' ? decoded.get(encodedList) : undefined;
    if (!bits) {
      const list = await decode({ encodedList });
      // What the library decodes it may change through setStatus(): the cache keeps its own copy.
      bits = list.bitstring.bits.slice();
      decoded.set(encodedList, bits);
      return list;
    }
    return new BitstringStatusList({ buffer: bits.slice() });
  };
}

/** How many decoded lists are held (for tests). */
export function decodedStatusListCount(): number {
  return decoded.size;
}
