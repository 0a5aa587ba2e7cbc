import type { TokenRequest } from './auth/issuer.ts';

/**
 * Links that open the web console signed in as one of the README walkthrough's people, printed
 * by `npm start` (local/start.ts). Local cloud only: the tokens are minted by the local issuer
 * (local/auth/issuer.ts), which does not exist on AWS, where people sign in through the Cognito
 * hosted UI. The console takes the token from the fragment (`#token=…`), which browsers never
 * send to a server, keeps it for the session and drops it from the address.
 */
export interface ConsolePersona {
  label: string;
  token: TokenRequest;
}

/** A working day, so a link opened in the morning still works in the afternoon. */
export const LOGIN_LINK_SECONDS = 12 * 3600;

export const CONSOLE_PERSONAS: readonly ConsolePersona[] = [
  { label: 'declarant (CQ enterprise 91500000MA5U000010)', token: { bureau: 'CQ', role: 'declarant', enterprise: '91500000MA5U000010' } },
  { label: 'port officer (XJ, Alashankou and Khorgos)', token: { bureau: 'XJ', role: 'officer' } },
  { label: 'destination officer (CQ, Chongqing)', token: { bureau: 'CQ', role: 'officer' } },
  { label: 'HQ analyst', token: { bureau: 'HQ', role: 'hq' } },
];

/** One line per persona: who, then the link. */
export async function consoleLoginLines(
  consoleUrl: string,
  mintToken: (request: TokenRequest) => Promise<string>,
  personas: readonly ConsolePersona[] = CONSOLE_PERSONAS,
): Promise<string[]> {
  const base = consoleUrl.endsWith('/') ? consoleUrl : `${consoleUrl}/`;
  return Promise.all(
    personas.map(async ({ label, token }) => {
      const minted = await mintToken({ ...token, expiresInSeconds: LOGIN_LINK_SECONDS });
      return `  ${label.padEnd(46)} ${base}#token=${minted}`;
    }),
  );
}
