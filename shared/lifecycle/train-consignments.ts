import type { Consignment } from '../domain/consignment.ts';
import type { ConsignmentSummary } from '../data/consignment-records.ts';
import { repos } from './repositories.ts';

/** A train carries about 50 containers; a run never needs more than this many consignments. */
const MAX_CONSIGNMENTS = 1000;
const PARALLEL_READS = 16;

/** Summaries of every consignment linked to the train (access pattern 3, by-train index). */
export async function trainConsignmentSummaries(trainId: string): Promise<ConsignmentSummary[]> {
  const all: ConsignmentSummary[] = [];
  let nextToken: string | undefined;
  do {
    const page = await repos().consignments.list({ trainId }, { limit: 100, ...(nextToken && { nextToken }) });
    all.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken && all.length < MAX_CONSIGNMENTS);
  // The index is eventually consistent: a consignment moved to another train may linger briefly.
  return all.filter((c) => c.trainId === trainId);
}

/** The full records (containers, plan), read by id; a few parallel reads at a time. */
export async function trainConsignments(trainId: string): Promise<Consignment[]> {
  const ids = (await trainConsignmentSummaries(trainId)).map((c) => c.id);
  const consignments: Consignment[] = [];
  for (let start = 0; start < ids.length; start += PARALLEL_READS) {
    consignments.push(...(await Promise.all(ids.slice(start, start + PARALLEL_READS).map((id) => repos().consignments.get(id)))));
  }
  return consignments.filter((c) => c.trainId === trainId);
}
