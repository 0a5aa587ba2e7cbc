import { randomBytes } from 'node:crypto';

/**
 * Task tokens. A token names the execution, the frame and the attempt it was issued for, plus
 * random bytes so it cannot be guessed. The engine checks it against the frame's persisted phase,
 * so a token stays valid across restarts and dies when its attempt ends.
 */
export interface TokenRef {
  executionArn: string;
  frameId: string;
  nonce: string;
}

export function issueToken(executionArn: string, frameId: string): string {
  const payload = JSON.stringify({ x: executionArn, f: frameId, n: randomBytes(24).toString('base64url') });
  return `AQ${Buffer.from(payload, 'utf8').toString('base64url')}`;
}

export function readToken(token: string): TokenRef | undefined {
  if (!token.startsWith('AQ')) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token.slice(2), 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof parsed.x !== 'string' || typeof parsed.f !== 'string' || typeof parsed.n !== 'string') return undefined;
    return { executionArn: parsed.x, frameId: parsed.f, nonce: parsed.n };
  } catch {
    return undefined;
  }
}
