/**
 * A source of random bytes. Production uses Web Crypto (Node 20 and browsers alike, no `node:`
 * import); tests pass a seeded source so codes are reproducible.
 */
export type RandomBytes = (length: number) => Uint8Array;

export const cryptoRandomBytes: RandomBytes = (length) => globalThis.crypto.getRandomValues(new Uint8Array(length));

/** Rounds of rejection sampling before we call the source broken (a fair source needs ~1). */
const MAX_ROUNDS = 64;

/**
 * `count` symbols drawn uniformly from `alphabet`. Bytes at or above the largest multiple of the
 * alphabet's size are thrown away (rejection sampling): `byte % size` on them would favour the
 * first symbols, and a bearer secret must not be easier to guess than its length says.
 */
export function randomSymbols(alphabet: string, count: number, random: RandomBytes = cryptoRandomBytes): string {
  const size = alphabet.length;
  if (size < 2 || size > 256) throw new RangeError('alphabet needs 2..256 symbols');
  const limit = 256 - (256 % size);
  let out = '';
  for (let round = 0; out.length < count; round++) {
    if (round >= MAX_ROUNDS) throw new Error('random source keeps returning rejected bytes; is it random?');
    // Ask for a few spare bytes so one round usually suffices despite rejections.
    for (const byte of random(count - out.length + 4)) {
      if (byte < limit) out += alphabet[byte % size];
      if (out.length === count) break;
    }
  }
  return out;
}
