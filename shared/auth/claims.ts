import { z } from 'zod';

/**
 * Who is calling, read from the JWT claims API Gateway's JWT authorizer passes to a handler at
 * `event.requestContext.authorizer.jwt.claims`. The claim names are Cognito's (ID token, custom
 * attributes prefixed `custom:`); the local issuer mints exactly these, so handlers read one
 * shape on AWS and locally.
 */
export const CLAIM = {
  subject: 'sub',
  username: 'cognito:username',
  bureau: 'custom:bureau',
  role: 'custom:role',
  enterprise: 'custom:enterprise',
  tokenUse: 'token_use',
} as const;

export const CALLER_ROLES = ['officer', 'declarant', 'hq'] as const;
export const callerRoleSchema = z.enum(CALLER_ROLES);
export type CallerRole = z.infer<typeof callerRoleSchema>;

/** A bureau code as configured (e.g. `XJ`, `NM`, `HQ`); bureaus join by configuration, so no fixed list. */
export const bureauCodeSchema = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,31}$/, 'a bureau code is 1–32 upper-case letters, digits, _ or -');

/** The 18-character unified social credit code (统一社会信用代码) that identifies an enterprise. */
export const creditCodeSchema = z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, 'an 18-character unified social credit code');

const declarantNeedsEnterprise = {
  check: (caller: { role: CallerRole; enterprise?: string | undefined }) => caller.role !== 'declarant' || caller.enterprise !== undefined,
  message: 'a declarant acts for an enterprise: custom:enterprise is required',
};

export const callerIdentitySchema = z
  .object({
    subject: z.string().min(1),
    bureau: bureauCodeSchema,
    role: callerRoleSchema,
    enterprise: creditCodeSchema.optional(),
  })
  .refine(declarantNeedsEnterprise.check, { message: declarantNeedsEnterprise.message, path: ['enterprise'] });

export type CallerIdentity = z.infer<typeof callerIdentitySchema>;

/** The claims as API Gateway passes them (values as strings); other claims are ignored. */
export const jwtClaimsSchema = z
  .object({
    [CLAIM.subject]: z.string().min(1),
    [CLAIM.bureau]: bureauCodeSchema,
    [CLAIM.role]: callerRoleSchema,
    // Cognito omits an unset custom attribute; an empty value means the same.
    [CLAIM.enterprise]: z.union([creditCodeSchema, z.literal('')]).optional(),
  })
  .transform(
    (claims): CallerIdentity => ({
      subject: claims[CLAIM.subject],
      bureau: claims[CLAIM.bureau],
      role: claims[CLAIM.role],
      ...(claims[CLAIM.enterprise] && { enterprise: claims[CLAIM.enterprise] }),
    }),
  )
  .refine(declarantNeedsEnterprise.check, { message: declarantNeedsEnterprise.message, path: [CLAIM.enterprise] });

/** Parses the authorizer's claims into a caller identity; throws a ZodError when they do not fit. */
export function callerFromClaims(claims: unknown): CallerIdentity {
  return jwtClaimsSchema.parse(claims);
}
