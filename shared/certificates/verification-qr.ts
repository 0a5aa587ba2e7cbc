import QRCode from 'qrcode';

/**
 * What the QR code on a printed certificate holds: the public verification URL with the JWS
 * signature (86 base64url characters for ES256) in the fragment, so a phone opens the
 * verification page and the page, or a person, can compare the signature with the one the
 * bureau holds for that serial. The fragment never reaches a server log. About 150 characters
 * for a typical URL: a version 7–8 code at error correction M, easily scanned off paper.
 */
export function verificationQrText(verificationUrl: string, jws: string): string {
  const url = new URL(verificationUrl);
  if (url.hash) throw new TypeError('the verification URL must not have a fragment: the signature goes there');
  const signature = jws.split('.')[2];
  if (!signature) throw new TypeError('not a compact JWS');
  return `${verificationUrl}#sig=${signature}`;
}

/** The QR code as a PNG (qrcode picks the smallest version that holds the text). */
export async function verificationQrPng(text: string): Promise<Uint8Array> {
  const png = await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 0, scale: 6 });
  return new Uint8Array(png);
}
