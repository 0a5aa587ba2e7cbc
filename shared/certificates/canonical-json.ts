import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JCS) canonical JSON as UTF-8: members sorted by UTF-16 code units, numbers in
 * ECMAScript form, no insignificant whitespace. Anyone can rebuild these bytes from the parsed
 * document with a JCS library in any language, which is what makes the signed payload
 * independent of how a document was stored or pretty-printed.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}
