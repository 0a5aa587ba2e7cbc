import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * The size DynamoDB charges an item against its 400 KB limit, by the rules of its developer
 * guide ("Item sizes and formats"): an attribute is its name's UTF-8 bytes plus its value's size;
 * a string is its UTF-8 bytes (a Chinese character is three); a number is about one byte per two
 * significant digits plus one; binary its bytes; null and boolean one byte; a list or map 3
 * bytes plus, per element, 1 byte and the element's size (a map element's name counting too).
 *
 * dynalite, the local DynamoDB, counts a string's characters instead of its bytes, so it would
 * let a Chinese item three times too big through: tests measure with this instead.
 */
export function itemSize(item: Record<string, AttributeValue>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += utf8(name) + valueSize(value);
  return size;
}

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** Significant digits, without sign, exponent, point, leading or trailing zeros. */
function numberSize(text: string): number {
  const mantissa = text.toLowerCase().split('e')[0] ?? '';
  const digits = mantissa.replace(/[^0-9]/g, '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

export function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + utf8(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + b.byteLength, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, element) => sum + 1 + valueSize(element), 0);
  if (value.M !== undefined) return 3 + Object.entries(value.M).reduce((sum, [name, element]) => sum + 1 + utf8(name) + valueSize(element), 0);
  throw new Error(`unknown attribute value type: ${Object.keys(value).join(', ')}`);
}
