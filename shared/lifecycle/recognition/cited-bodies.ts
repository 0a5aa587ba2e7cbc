import type { ConsignmentFiling } from '../../domain/consignment.ts';
import type { RecognisedBody } from '../../domain/policy/context.ts';
import { policyViewOf, recognisedBodyIdSchema } from '../../domain/recognition/recognised-body.ts';
import { repos } from '../ports.ts';

/**
 * The register entries a filing's certificates cite, as the routing policy reads them: one
 * BatchGetItem for the cited ids only (none when the filing attaches no certificate), never a
 * scan of the register. Withdrawn and expired bodies come back too, so the plan can say why
 * their results are ignored; an id not in the register is simply absent.
 */
export async function recognisedBodiesCitedBy(filing: Pick<ConsignmentFiling, 'thirdPartyCertificates'>): Promise<RecognisedBody[]> {
  // An id the register could not hold (lower case, spaces, any odd character) is in no entry:
  // it is not looked up, so what a declarant writes never reaches the table as a key.
  const ids = (filing.thirdPartyCertificates ?? []).map((certificate) => certificate.bodyId).filter((id) => recognisedBodyIdSchema.safeParse(id).success);
  if (ids.length === 0) return [];
  return (await repos().recognisedBodies.findMany(ids)).map(policyViewOf);
}
