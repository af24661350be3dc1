// SHA-256 (FIPS 180-4) that can be fed piece by piece. SubtleCrypto digests only a whole buffer at
// once, and a file of several GiB is never one buffer here: it is cut into chunks as it is stored,
// and each chunk goes through update() in order. The result is the file's hex digest, which the
// server checks before it makes the file visible.
//
//   const hash = new Sha256();
//   hash.update(chunk0); hash.update(chunk1); ...
//   hash.hex();   // 64 lower-case hex digits; the object is finished after that
//
// Also used for one chunk's digest where SubtleCrypto is missing (a page served over plain http
// from another host than localhost is not a "secure context" and has no crypto.subtle).

/** The first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
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

/** The first 32 bits of the fractional parts of the square roots of the first 8 primes. */
const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

export class Sha256 {
  constructor() {
    this.h = Int32Array.from(INITIAL); // the running state, eight 32-bit words
    this.w = new Int32Array(64); // the message schedule, reused for every block
    this.block = new Uint8Array(64); // the bytes of an unfinished block between two update() calls
    this.blockLength = 0;
    this.length = 0; // bytes fed so far; a double holds up to 2^53, far beyond any file here
    this.finished = false;
  }

  /** Feeds more bytes (an ArrayBuffer, a typed array or a DataView). Returns this. */
  update(data) {
    if (this.finished) {
      throw new Error('Sha256: update() after the digest was taken');
    }
    const bytes = data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.length += bytes.length;
    let offset = 0;
    // First complete a block left over from the previous call.
    if (this.blockLength > 0) {
      const take = Math.min(64 - this.blockLength, bytes.length);
      this.block.set(bytes.subarray(0, take), this.blockLength);
      this.blockLength += take;
      offset = take;
      if (this.blockLength < 64) {
        return this;
      }
      this.compress(this.block, 0);
      this.blockLength = 0;
    }
    // Then whole blocks straight from the input, without copying.
    for (; offset + 64 <= bytes.length; offset += 64) {
      this.compress(bytes, offset);
    }
    // Keep the tail for the next call.
    this.block.set(bytes.subarray(offset), 0);
    this.blockLength = bytes.length - offset;
    return this;
  }

  /** The 32-byte digest. Pads the message (0x80, zeros, 64-bit big-endian bit length). */
  digest() {
    if (this.finished) {
      throw new Error('Sha256: the digest was already taken');
    }
    const bitsHigh = Math.floor(this.length / 0x20000000); // length * 8 / 2^32
    const bitsLow = (this.length * 8) >>> 0;
    this.block[this.blockLength++] = 0x80;
    if (this.blockLength > 56) {
      // No room for the length in this block: pad it out and start another.
      this.block.fill(0, this.blockLength);
      this.compress(this.block, 0);
      this.blockLength = 0;
    }
    this.block.fill(0, this.blockLength, 56);
    const view = new DataView(this.block.buffer);
    view.setUint32(56, bitsHigh);
    view.setUint32(60, bitsLow);
    this.compress(this.block, 0);
    this.finished = true;
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    this.h.forEach((word, i) => outView.setInt32(i * 4, word));
    return out;
  }

  /** The digest as 64 lower-case hex digits, as the server writes it. */
  hex() {
    return toHex(this.digest());
  }

  /** One 64-byte block at bytes[offset], into the state. */
  compress(bytes, offset) {
    const w = this.w;
    // The block as sixteen big-endian words, then extended to 64 with the σ0/σ1 mixes.
    for (let i = 0; i < 16; i++) {
      const j = offset + i * 4;
      w[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15];
      const b = w[i - 2];
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    const h = this.h;
    let a = h[0]; let b = h[1]; let c = h[2]; let d = h[3];
    let e = h[4]; let f = h[5]; let g = h[6]; let k = h[7];
    // 64 rounds; "| 0" keeps every sum a 32-bit integer (addition modulo 2^32).
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (k + S1 + ch + K[i] + w[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      k = g; g = f; f = e; e = (d + t1) | 0;
      d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
    h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + k) | 0;
  }
}

/** SHA-256 of one buffer, 32 bytes. */
export function sha256(data) {
  return new Sha256().update(data).digest();
}

export function toHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
