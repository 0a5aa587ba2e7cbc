import { repositories } from '../data/repositories.ts';
import { SEED_SITES } from '../domain/designated-sites/designated-site.ts';

/**
 * The version each entry of the registers of 408号 三（三）、（五） is at now, for `If-Match` (a
 * route's `currentVersion`, as `current-versions.ts` does for the other resources). A shipped
 * designated site nobody has changed yet is at version 0.
 */
type ById = (request: { params: { id: string } }) => Promise<number | undefined>;

export const marketAccessVersion: ById = async ({ params }) => (await repositories().marketAccess.find(params.id))?.version;
export const designatedSiteVersion: ById = async ({ params }) =>
  (await repositories().designatedSites.find(params.id))?.version ?? SEED_SITES.find((site) => site.id === params.id)?.version;
export const goingOutAssessmentVersion: ById = async ({ params }) => (await repositories().goingOut.find(params.id))?.version;
