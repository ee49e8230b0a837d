import { describe, expect, it } from '@jest/globals';
import { BitstringStatusList, decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { STATUS_LIST_LENGTH, encodeBitstring } from '@app/status';
import { decodedStatusListCount, rememberDecodedStatusLists } from '@app/verification';

// The status lists the library decodes are remembered by their encoded text
// (libs/verification/src/decoded-status-lists.ts): the same answers, each caller its own list.
describe('decoded status lists', () => {
  const listWith = (...set: number[]) => {
    const bits = new Uint8Array(STATUS_LIST_LENGTH / 8);
    // Left to right, as the spec counts: index 0 is the first byte's highest bit.
    for (const i of set) bits[i >> 3] |= 0x80 >> (i & 7);
    return encodeBitstring(bits);
  };

  it('decodes each text once, gives every caller a list of its own, and tells lists apart by their text', async () => {
    rememberDecodedStatusLists();
    rememberDecodedStatusLists();
    const revoked = listWith(5, 131_071);
    const before = decodedStatusListCount();
    const first = await decodeList({ encodedList: revoked });
    expect(decodedStatusListCount()).toBe(before + 1);
    const second = await decodeList({ encodedList: revoked });
    expect(decodedStatusListCount()).toBe(before + 1);
    for (const list of [first, second]) {
      expect(list).toBeInstanceOf(BitstringStatusList);
      expect(list.length).toBe(STATUS_LIST_LENGTH);
      expect([list.getStatus(5), list.getStatus(6), list.getStatus(131_071), list.getStatus(0)]).toEqual([
        true,
        false,
        true,
        false,
      ]);
    }
    // What one caller changes in its list reaches no other, nor the next.
    first.setStatus(6, true);
    second.setStatus(5, false);
    const third = await decodeList({ encodedList: revoked });
    expect([third.getStatus(5), third.getStatus(6)]).toEqual([true, false]);
    expect(first.bitstring.bits).not.toBe(third.bitstring.bits);
    // Another text (one bit apart) is decoded as itself.
    const other = await decodeList({ encodedList: listWith(5) });
    expect([other.getStatus(5), other.getStatus(131_071)]).toEqual([true, false]);
  });

  it('a text that does not decode still fails as the library fails it, and is not remembered', async () => {
    rememberDecodedStatusLists();
    const before = decodedStatusListCount();
    await expect(decodeList({ encodedList: 'xnot-a-list' })).rejects.toThrow('"encodedList" must start with the character "u"');
    await expect(decodeList({ encodedList: 'uAAAA' })).rejects.toThrow();
    await expect(decodeList({ encodedList: listWith(1).slice(0, 20) })).rejects.toThrow();
    expect(decodedStatusListCount()).toBe(before);
  });
});
