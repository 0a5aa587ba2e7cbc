import type { BureauCode } from '../domain/codes.ts';
import { SEED_SITES } from '../domain/designated-sites/designated-site.ts';
import { currentRiskSettings } from '../lifecycle/risk/risk-settings.ts';
import { repos } from '../lifecycle/ports.ts';

/**
 * The version each updatable resource is at now, for `If-Match` (a route's `currentVersion`):
 * read just before the change, so a client that read an older version gets 412 and writes
 * nothing. The change itself stays version-guarded in the data layer, so a write racing this
 * read is still caught there (409).
 */
type ById = (request: { params: { id: string } }) => Promise<number | undefined>;

export const trainVersion: ById = async ({ params }) => (await repos().trains.find(params.id))?.version;
export const consignmentVersion: ById = async ({ params }) => (await repos().consignments.find(params.id))?.version;
export const recognisedBodyVersion: ById = async ({ params }) => (await repos().recognisedBodies.find(params.id))?.version;
export const alertVersion: ById = async ({ params }) => (await repos().alerts.find(params.id))?.version;
export const caseVersion: ById = async ({ params }) => (await repos().cases.find(params.id))?.version;
export const reportVersion: ById = async ({ params }) => (await repos().reports.find(params.id))?.version;
export const certificateVersion: ById = async ({ params }) => (await repos().certificates.find(params.id))?.version;

/** The registers of 408号 三（三）、（五）; a shipped designated site nobody has changed yet is at version 0. */
export const marketAccessVersion: ById = async ({ params }) => (await repos().marketAccess.find(params.id))?.version;
export const designatedSiteVersion: ById = async ({ params }) =>
  (await repos().designatedSites.find(params.id))?.version ?? SEED_SITES.find((site) => site.id === params.id)?.version;
export const goingOutAssessmentVersion: ById = async ({ params }) => (await repos().goingOut.find(params.id))?.version;

export const permitVersion = async ({ params }: { params: { number: string } }) => (await repos().permits.find(params.number))?.version;

/** A bureau without a directory entry is at version 0, as GET /directory/bureaus/{code} says. */
export const directoryEntryVersion = async ({ params }: { params: { code: BureauCode } }) => (await repos().directory.find(params.code))?.version ?? 0;

/** The defaults are version 0 until HQ's first change. */
export const riskSettingsVersion = async () => (await currentRiskSettings()).version;
