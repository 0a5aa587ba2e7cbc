import { verifyCertificateCommand } from '../shared/certificates/verify-certificate-command.ts';

/**
 * `npm run verify-certificate -- FILE [--jwks FILE_OR_URL]`: verifies a certificate JSON or PDF
 * offline against the published keys (docs/certificates.md). Exit status 0 valid, 1 invalid,
 * 2 usage error or unreadable input.
 */
process.exitCode = await verifyCertificateCommand(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
