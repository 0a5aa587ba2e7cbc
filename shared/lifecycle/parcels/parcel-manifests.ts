import { createHash } from 'node:crypto';
import type { CallerIdentity } from '../../auth/claims.ts';
import { chinesePartyOf, inlandBureauOf, isTerminalStatus, type Consignment } from '../../domain/consignment.ts';
import { LIST_BASED_TRADE_MODES, type ParcelLine, type ParcelManifestSummary, type ParcelManifestUpload } from '../../domain/parcels/parcel-manifest.ts';
import { drawSample, samplingPlan, samplingRuleText } from '../../domain/parcels/parcel-sampling.ts';
import { PARCEL_CHUNK_SIZE } from '../../data/parcel-manifest-repository.ts';
import { repos } from '../ports.ts';
import { nowIso } from '../../clock.ts';
import { visibleConsignment } from '../consignments/consignment-view.ts';
import { updateConsignment } from '../consignments/consignment-updates.ts';
import { Conflict, NotAllowed } from '../errors.ts';

/**
 * List-based supervision of cross-border e-commerce and postal consignments (408号 三（四）): the
 * declarant uploads the parcel manifest once; its sample is drawn then (`parcel-sampling.ts`)
 * at the plan's inland level, and the inland inspection answers the sampled lines
 * (`task-results.ts`, `details.parcels`) and releases the rest in one decision.
 */
const manifests = () => repos().parcelManifests;

/** Until the inland inspection is answered the sample can still be inspected; after, the manifest is what was released. */
const OPEN_FOR_MANIFEST: readonly Consignment['status'][] = ['filed', 'awaiting-port-checks', 'awaiting-port-inspection', 'awaiting-hand-over', 'awaiting-destination-inspection', 'awaiting-origin-inspection'];

export interface ParcelManifestView {
  consignmentId: string;
  lines: number;
  totalQuantity: number;
  totalValue: number;
  digest: string;
  uploadedAt: string;
  pages: number;
  sampling: ParcelManifestSummary['sampling'] & { rule: { zh: string; en: string } };
}

function viewOf(consignmentId: string, summary: ParcelManifestSummary): ParcelManifestView {
  return {
    consignmentId,
    lines: summary.lines,
    totalQuantity: summary.totalQuantity,
    totalValue: summary.totalValue,
    digest: summary.digest,
    uploadedAt: summary.uploadedAt,
    pages: summary.chunks,
    sampling: { ...summary.sampling, rule: samplingRuleText(summary.sampling.inspectionLevel, { ...summary.sampling, lines: summary.lines }) },
  };
}

/** The declarant of the Chinese party or an officer of the inland bureau declares the manifest. */
function mayDeclare(caller: CallerIdentity, consignment: Consignment): boolean {
  if (caller.role === 'declarant') return caller.enterprise !== undefined && chinesePartyOf(consignment).creditCode === caller.enterprise;
  return caller.role === 'officer' && caller.bureau === inlandBureauOf(consignment);
}

export async function uploadParcelManifest(consignmentId: string, upload: ParcelManifestUpload, caller: CallerIdentity): Promise<{ created: boolean; view: ParcelManifestView }> {
  const consignment = await visibleConsignment(consignmentId, caller);
  if (!mayDeclare(caller, consignment)) throw new NotAllowed(`only the declaring enterprise or the inland bureau ${inlandBureauOf(consignment)} uploads the manifest of ${consignmentId}`);
  if (!(LIST_BASED_TRADE_MODES as readonly string[]).includes(consignment.tradeMode)) {
    throw new Conflict(`consignment ${consignmentId} is ${consignment.tradeMode}: only cross-border e-commerce and postal consignments are supervised by manifest`);
  }
  const digest = createHash('sha256').update(JSON.stringify(upload.lines)).digest('base64url');
  if (consignment.parcelManifest !== undefined) {
    if (consignment.parcelManifest.digest === digest) return { created: false, view: viewOf(consignmentId, consignment.parcelManifest) };
    throw new Conflict(`consignment ${consignmentId} has its manifest already (${consignment.parcelManifest.lines} lines); a manifest is declared once`);
  }
  if (isTerminalStatus(consignment.status) || !OPEN_FOR_MANIFEST.includes(consignment.status)) {
    throw new Conflict(`consignment ${consignmentId} is ${consignment.status}: its manifest can no longer be declared`);
  }
  const level = (consignment.inspectionPlan?.destinationInspection ?? consignment.inspectionPlan?.originInspection)?.level ?? 'standard';
  const plan = samplingPlan(upload.lines.length, level);
  const sample = drawSample(consignmentId, upload.lines.map((l) => l.waybill), plan.sampleSize);
  const chunks = await manifests().writeChunks(consignmentId, digest, upload.lines);
  await manifests().writeSample(consignmentId, digest, sample.map((s) => ({ ...(upload.lines[s.line] as ParcelLine), line: s.line })));
  const summary: ParcelManifestSummary = {
    lines: upload.lines.length,
    totalQuantity: upload.lines.reduce((sum, l) => sum + l.quantity, 0),
    totalValue: Math.round(upload.lines.reduce((sum, l) => sum + l.value, 0) * 100) / 100,
    digest,
    chunkSize: PARCEL_CHUNK_SIZE,
    chunks,
    uploadedAt: nowIso(),
    sampling: plan,
    sample,
  };
  let conflicting: ParcelManifestSummary | undefined;
  const stored = await updateConsignment(consignmentId, (current) => {
    if (current.parcelManifest !== undefined) {
      if (current.parcelManifest.digest !== digest) conflicting = current.parcelManifest;
      return undefined;
    }
    return {
      from: OPEN_FOR_MANIFEST,
      set: { parcelManifest: summary },
      event: {
        type: 'parcel-manifest-uploaded',
        actor: { role: caller.role, bureau: caller.bureau, subject: caller.subject, ...(caller.enterprise && { enterprise: caller.enterprise }) },
        data: { lines: summary.lines, digest, sampleSize: plan.sampleSize, generalLevel: plan.generalLevel, codeLetter: plan.codeLetter },
        idempotencyKey: `parcel-manifest:${digest}`,
      },
    };
  });
  if (conflicting !== undefined) throw new Conflict(`consignment ${consignmentId} has its manifest already (${conflicting.lines} lines); a manifest is declared once`);
  return { created: true, view: viewOf(consignmentId, stored.parcelManifest ?? summary) };
}

async function manifestOf(consignmentId: string, caller: CallerIdentity): Promise<ParcelManifestSummary> {
  const consignment = await visibleConsignment(consignmentId, caller);
  if (consignment.parcelManifest === undefined) throw new Conflict(`consignment ${consignmentId} has no parcel manifest yet`);
  return consignment.parcelManifest;
}

/** One page of the manifest (PARCEL_CHUNK_SIZE lines), each line with its index. */
export async function readParcelManifest(consignmentId: string, caller: CallerIdentity, nextToken?: string) {
  const summary = await manifestOf(consignmentId, caller);
  const page = await manifests().page(consignmentId, summary.digest, nextToken, summary.chunks);
  const sampled = new Set(summary.sample.map((s) => s.line));
  const items = page.items.flatMap((chunk) => chunk.lines.map((line, i) => ({ line: chunk.firstLine + i, sampled: sampled.has(chunk.firstLine + i), ...line })));
  return { ...viewOf(consignmentId, summary), items, ...(page.nextToken !== undefined && { nextToken: page.nextToken }) };
}

/** The sample the inland bureau inspects, line by line, and the rule that drew it. */
export async function readParcelSample(consignmentId: string, caller: CallerIdentity) {
  const summary = await manifestOf(consignmentId, caller);
  const stored = await manifests().sample(consignmentId, summary.digest);
  if (stored !== undefined) return { ...viewOf(consignmentId, summary), items: stored.map(({ line, ...rest }) => ({ line, ...rest })) };
  // A manifest declared before the sample had its own item: from the chunks its lines are in.
  const chunks = await manifests().chunks(consignmentId, summary.digest, summary.sample.map((s) => Math.floor(s.line / summary.chunkSize)));
  const lineAt = new Map<number, ParcelLine>();
  for (const chunk of chunks) chunk.lines.forEach((line, i) => lineAt.set(chunk.firstLine + i, line));
  return {
    ...viewOf(consignmentId, summary),
    items: summary.sample.map((s) => ({ line: s.line, ...(lineAt.get(s.line) ?? { waybill: s.waybill }) })),
  };
}
