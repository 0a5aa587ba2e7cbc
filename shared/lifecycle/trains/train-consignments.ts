import type { Consignment } from '../../domain/consignment.ts';
import type { ConsignmentSummary } from '../../data/consignment-records.ts';
import { everyPage } from '../../data/pagination.ts';
import { repos } from '../ports.ts';

// The by-train index is eventually consistent: a consignment moved to another train may linger briefly.

/** Summaries of every consignment linked to the train (access pattern 3, by-train index). */
export async function trainConsignmentSummaries(trainId: string): Promise<ConsignmentSummary[]> {
  const all = await everyPage((page) => repos().consignments.list({ trainId }, page));
  return all.filter((c) => c.trainId === trainId);
}

/** The full records (containers, plan), from the same index, which projects the whole item. */
export async function trainConsignments(trainId: string): Promise<Consignment[]> {
  const all = await everyPage((page) => repos().consignments.listOfTrain(trainId, page));
  return all.filter((c) => c.trainId === trainId);
}
