import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { renderCertificatePdf } from '../../certificates/certificate-pdf.ts';
import type { CertificateRecord } from '../../data/certificate-repository.ts';

/**
 * Where the public verification of a serial answers, as the caller reached this API: the URL
 * printed in the QR code is then one the holder can open (the API's own domain on AWS, the local
 * cloud's address locally), without configuring the API's URL into the functions.
 */
export function verificationUrlOf(serial: string, event: Pick<APIGatewayProxyEventV2, 'headers' | 'requestContext'>): string {
  const protocol = event.headers['x-forwarded-proto'] ?? 'https';
  const host = event.headers.host ?? event.requestContext.domainName;
  return `${protocol}://${host}/verify/${encodeURIComponent(serial)}`;
}

export function certificatePdf(certificate: CertificateRecord, event: Pick<APIGatewayProxyEventV2, 'headers' | 'requestContext'>): Promise<Uint8Array> {
  return renderCertificatePdf(certificate.signed, { verificationUrl: verificationUrlOf(certificate.serial, event) });
}
