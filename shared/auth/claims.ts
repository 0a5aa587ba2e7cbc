import { z } from 'zod';
import { bureauCodeSchema } from '../domain/codes.ts';

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

/** The bureau codes of the reference data (`shared/domain/codes.ts`): a bureau joins by adding its code there. */
export { bureauCodeSchema };

/** The 18-character unified social credit code (统一社会信用代码) that identifies an enterprise. */
export const creditCodeSchema = z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, 'an 18-character unified social credit code');

const declarantNeedsEnterprise = {
  check: (caller: { role: CallerRole; enterprise?: string | undefined }) => caller.role !== 'declarant' || caller.enterprise !== undefined,
  message: 'a declarant acts for an enterprise: custom:enterprise is required',
};

// HQ's rights come with HQ's code and only with it: an officer of HQ or an `hq` of a bureau
// would mix HQ's reading rights with a bureau's inbox and tasks.
const hqIsHq = {
  check: (caller: { role: CallerRole; bureau: string }) => (caller.role === 'hq') === (caller.bureau === 'HQ'),
  message: "the role 'hq' goes with bureau HQ, and bureau HQ with the role 'hq'",
};

export const callerIdentitySchema = z
  .object({
    subject: z.string().min(1),
    bureau: bureauCodeSchema,
    role: callerRoleSchema,
    enterprise: creditCodeSchema.optional(),
  })
  .refine(declarantNeedsEnterprise.check, { message: declarantNeedsEnterprise.message, path: ['enterprise'] })
  .refine(hqIsHq.check, { message: hqIsHq.message, path: ['role'] });

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
  .refine(declarantNeedsEnterprise.check, { message: declarantNeedsEnterprise.message, path: [CLAIM.enterprise] })
  .refine(hqIsHq.check, { message: hqIsHq.message, path: [CLAIM.role] });

/** Parses the authorizer's claims into a caller identity; throws a ZodError when they do not fit. */
export function callerFromClaims(claims: unknown): CallerIdentity {
  return jwtClaimsSchema.parse(claims);
}
