import { parseArgs } from 'node:util';
import { readCertificateFile } from './certificate-file.ts';
import { DEFAULT_JWKS_URL, JwksUnavailableError, loadJwks } from './jwks-source.ts';
import { formatVerificationReport } from './verification-report.ts';
import { verifyCertificate, type CertificateVerification } from './verify-certificate.ts';

export const USAGE = `usage: npm run verify-certificate -- FILE [--jwks FILE_OR_URL]

Verifies a signed certificate offline: FILE is the certificate JSON ({ document, jws }) or its
PDF (the signed certificate is attached to it as certificate.json). The keys come from --jwks,
a JWKS file or http(s) URL (default ${DEFAULT_JWKS_URL}).

exit status: 0 valid, 1 invalid (the report says where), 2 usage error or unreadable input`;

export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

/** `npm run verify-certificate`: returns the exit status (0 valid, 1 invalid, 2 usage or unreadable). */
export async function verifyCertificateCommand(args: readonly string[], io: CommandOutput): Promise<0 | 1 | 2> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(USAGE);
    return 0;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) {
    io.err(USAGE);
    return 2;
  }

  const read = await readCertificateFile(file);
  if (read.kind === 'unreadable') {
    io.err(read.message);
    return 2;
  }
  let result: CertificateVerification;
  if (read.kind === 'broken') {
    result = { valid: false, problems: [read.problem] };
  } else {
    const source = parsed.values.jwks ?? DEFAULT_JWKS_URL;
    try {
      result = await verifyCertificate(read.input, await loadJwks(source));
    } catch (error) {
      if (!(error instanceof JwksUnavailableError)) throw error;
      io.err(`${error.message}\n(start the server with npm start, or pass --jwks FILE_OR_URL)`);
      return 2;
    }
  }
  io.out(formatVerificationReport(file, result));
  return result.valid ? 0 : 1;
}

function parseOptions(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { jwks: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}
