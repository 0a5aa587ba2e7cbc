/**
 * KMS returns ECDSA signatures DER-encoded (`SEQUENCE { r INTEGER, s INTEGER }`, RFC 3279);
 * JWS wants r and s as fixed-size big-endian integers side by side (RFC 7518 §3.4).
 */
export function derToRawSignature(der: Uint8Array, size = 32): Uint8Array {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`not a DER ECDSA signature: ${why}`);
  };
  const length = (): number => {
    const first = der[at++] ?? fail('truncated');
    if (first < 0x80) return first;
    const bytes = first & 0x7f;
    if (bytes < 1 || bytes > 2) fail('unsupported length');
    let value = 0;
    for (let i = 0; i < bytes; i++) value = (value << 8) | (der[at++] ?? fail('truncated'));
    return value;
  };
  const integer = (): Uint8Array => {
    if (der[at++] !== 0x02) fail('expected INTEGER');
    const n = length();
    let value = der.subarray(at, at + n);
    if (value.length !== n) fail('truncated');
    at += n;
    // DER prefixes a zero byte to keep a high-bit value positive; strip it (and any others).
    while (value.length > 1 && value[0] === 0) value = value.subarray(1);
    if (value.length > size) fail('integer longer than the curve');
    return value;
  };
  if (der[at++] !== 0x30) fail('expected SEQUENCE');
  if (length() !== der.length - at) fail('bad SEQUENCE length');
  const r = integer();
  const s = integer();
  if (at !== der.length) fail('trailing bytes');
  const raw = new Uint8Array(size * 2);
  raw.set(r, size - r.length);
  raw.set(s, size * 2 - s.length);
  return raw;
}
