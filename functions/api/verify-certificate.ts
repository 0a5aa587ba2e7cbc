import { z } from 'zod';
import { publicRoute } from '#shared/http/api-route.ts';
import { verifySerial } from '#shared/lifecycle/certificates/public-verification.ts';
import { publicVerification as publicVerificationResponse } from '#shared/http/responses/certificates.ts';

/** GET /verify/{serial}: public verification of a certificate by its serial; no token, rate limited. */
export const route = {
  summary: 'Verify a certificate by serial: valid, revoked or unknown (public)',
  params: z.object({ serial: z.string().trim().min(1).max(64) }),
  response: publicVerificationResponse,
} as const;

export const handler = publicRoute(route, async ({ params }) => {
  const verification = await verifySerial(params.serial);
  // An unknown serial is an answer, not a missing resource: the holder learns the paper is not ours.
  return { status: 200, headers: { 'cache-control': 'no-store' }, body: verification };
});
