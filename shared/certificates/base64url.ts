/** RFC 4648 §5 base64url without padding, as JWS uses it. */
export function base64url(bytes: Uint8Array | string): string {
  return (typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString('base64url');
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The bytes of a base64url string, or undefined when it is not one (Buffer would skip junk). */
export function fromBase64url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  return new Uint8Array(Buffer.from(text, 'base64url'));
}
