/**
 * Deterministic arm assignment: a member's arm is a pure function of the experiment's salt and
 * the member id, so every server instance, the admin panel and a rerun agree without storing
 * assignments. sha256 is written out here because shared/ also runs in browsers and the
 * mini-program, where node:crypto does not exist and SubtleCrypto is async.
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** UTF-8 bytes of a string (TextEncoder is missing in some mini-program runtimes). */
export function utf8Bytes(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else {
      out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    }
  }
  return Uint8Array.from(out);
}

/** SHA-256 (FIPS 180-4) of a string's UTF-8 bytes, as 32 bytes. */
export function sha256Utf8(text: string): Uint8Array {
  const msg = utf8Bytes(text);
  const blocks = Math.ceil((msg.length + 9) / 64);
  const padded = new Uint8Array(blocks * 64);
  padded.set(msg);
  padded[msg.length] = 0x80;
  const bits = msg.length * 8;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(padded.length - 4, bits >>> 0);
  const h = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(b * 64 + i * 4);
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15];
      const y = w[i - 2];
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    let [a, b1, c, d, e, f, g, k] = [h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]];
    for (let i = 0; i < 64; i++) {
      const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const t1 = (k + s1 + ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
      const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const t2 = (s0 + ((a & b1) ^ (a & c) ^ (b1 & c))) | 0;
      k = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b1;
      b1 = a;
      a = (t1 + t2) | 0;
    }
    [a, b1, c, d, e, f, g, k].forEach((v, i) => {
      h[i] += v;
    });
  }
  const digest = new Uint8Array(32);
  const dv = new DataView(digest.buffer);
  for (let i = 0; i < 8; i++) dv.setUint32(i * 4, h[i]!);
  return digest;
}

export const bytesToHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * A member's position in [0, 1) for an experiment: the first 52 bits of
 * sha256(`${salt}:${memberId}`) over 2^52 (52 bits are exact in a double). The separator keeps
 * ("ab", "c") and ("a", "bc") apart.
 */
export function assignmentUnit(salt: string, memberId: string): number {
  const d = sha256Utf8(`${salt}:${memberId}`);
  let hi = 0;
  for (let i = 0; i < 6; i++) hi = hi * 256 + d[i]!;
  return (hi * 16 + (d[6]! >> 4)) / 2 ** 52;
}

export interface ArmWeight {
  arm: string;
  weight: number;
}

/**
 * The arm for a member: arms take consecutive slices of [0, 1) in the order given, sized by
 * weight. Keep the order stable for the life of an experiment; adding an arm at the end only
 * moves members out of the last slices.
 */
export function assignArm(salt: string, memberId: string, arms: readonly ArmWeight[]): string {
  if (arms.length === 0) throw new Error('assignArm needs at least one arm');
  if (arms.some((a) => !(a.weight >= 0) || !Number.isFinite(a.weight))) {
    throw new Error('arm weights must be finite and non-negative');
  }
  const total = arms.reduce((s, a) => s + a.weight, 0);
  if (!(total > 0)) throw new Error('arm weights must not all be zero');
  const u = assignmentUnit(salt, memberId) * total;
  let upTo = 0;
  for (const a of arms) {
    upTo += a.weight;
    if (u < upTo) return a.arm;
  }
  // Rounding in the running sum can leave u just above the last bound.
  return [...arms].reverse().find((a) => a.weight > 0)!.arm;
}
