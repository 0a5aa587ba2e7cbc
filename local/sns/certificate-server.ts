import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { SIGNING_CERT_PATH } from './messages.ts';
import type { SigningIdentity } from './signing-certificate.ts';

/**
 * The HTTPS listener behind `SigningCertURL`. Message validators fetch the certificate over HTTPS
 * only (sns-validator refuses any other scheme), and the local AWS endpoint speaks plain HTTP, so
 * the certificate gets a listener of its own, on the same host, with itself as server certificate.
 */
export interface CertificateServer {
  readonly port: number;
  /** The URL of the certificate for a client that reaches the local endpoint at `endpointUrl`. */
  urlFor(endpointUrl: string): string;
  close(): Promise<void>;
}

export async function startCertificateServer(identity: SigningIdentity, host: string, port = 0): Promise<CertificateServer> {
  const server = createServer({ key: identity.privateKeyPem, cert: identity.certificatePem }, (req, res) => {
    if (req.method !== 'GET' || new URL(req.url ?? '/', 'https://localhost').pathname !== SIGNING_CERT_PATH) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(identity.certificatePem);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    urlFor: (endpointUrl) => `https://${new URL(endpointUrl).hostname}:${actual}${SIGNING_CERT_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
