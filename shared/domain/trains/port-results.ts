import { z } from 'zod';
import { bilingual } from '../text.ts';
import type { TrainPortResults, TrainQuarantineResult, TrainRadiationResult } from '../train.ts';

/**
 * What a train's port results stand for, per consignment (408号 三（一）, 进口直通).
 *
 * The port checks of an import are radiation monitoring, container quarantine and surface
 * treatment of its containers. At a rail port all three happen to the whole train at once, in
 * the port's inspection channel: the channel monitor scans every container (recorded once per
 * train, `train-radiation`), and the train quarantine officer inspects the containers' exteriors
 * and has the surface treatment applied while quarantining the train (`train-quarantine`, which
 * lists any container with a finding). So for a consignment whose containers all scanned normal
 * and had no finding, on a train that passed quarantine, those two officer records ARE its port
 * checks: its port-checks step is completed from them, crediting the officers who made them,
 * without a second officer action. Anything else (an alarm, a finding, a container the monitor
 * did not scan, a failed train quarantine, no treatment record) leaves the consignment's
 * port-checks task open for a port officer, who sees why.
 */
export interface CompletePortResults {
  quarantine: TrainQuarantineResult;
  radiation: TrainRadiationResult;
}

/** Both train-level records exist: the run has reached the hand-over. */
export function completePortResults(results: TrainPortResults | undefined): CompletePortResults | undefined {
  return results?.quarantine && results.radiation ? { quarantine: results.quarantine, radiation: results.radiation } : undefined;
}

export const notCoveredReasonSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('train-quarantine-failed') }),
  z.object({ code: z.literal('no-surface-treatment-record') }),
  z.object({ code: z.literal('radiation-alarm'), containers: z.array(z.string()) }),
  z.object({ code: z.literal('not-scanned'), containers: z.array(z.string()) }),
  z.object({ code: z.literal('container-quarantine-finding'), containers: z.array(z.string()) }),
]);
export type NotCoveredReason = z.infer<typeof notCoveredReasonSchema>;

export interface PortChecksAnswer {
  outcome: 'pass';
  details: {
    containers: Array<{ number: string; radiation: 'normal'; quarantine: 'pass'; treatment: 'done' | 'not-needed' }>;
    findings: string;
  };
}

export type PortChecksDecision = { covered: true; answer: PortChecksAnswer } | { covered: false; reasons: NotCoveredReason[] };

function radiationOf(results: CompletePortResults): Map<string, 'normal' | 'alarm'> {
  return new Map(results.radiation.containers.map((c) => [c.number, c.radiation]));
}

/** Whether the train's results complete this import's port checks, and the answer if they do. */
export function portChecksFromTrain(trainId: string, containers: readonly string[], results: CompletePortResults): PortChecksDecision {
  const scanned = radiationOf(results);
  const reasons: NotCoveredReason[] = [];
  if (results.quarantine.outcome === 'fail') reasons.push({ code: 'train-quarantine-failed' });
  const treatment = results.quarantine.surfaceTreatment;
  if (treatment === undefined) reasons.push({ code: 'no-surface-treatment-record' });
  const alarms = containers.filter((n) => scanned.get(n) === 'alarm');
  if (alarms.length > 0) reasons.push({ code: 'radiation-alarm', containers: alarms });
  const notScanned = containers.filter((n) => !scanned.has(n));
  if (notScanned.length > 0) reasons.push({ code: 'not-scanned', containers: notScanned });
  const flagged = new Set((results.quarantine.containerFindings ?? []).map((f) => f.number));
  const withFindings = containers.filter((n) => flagged.has(n));
  if (withFindings.length > 0) reasons.push({ code: 'container-quarantine-finding', containers: withFindings });
  if (reasons.length > 0 || treatment === undefined) return { covered: false, reasons };
  return {
    covered: true,
    answer: {
      outcome: 'pass',
      details: {
        containers: containers.map((number) => ({ number, radiation: 'normal', quarantine: 'pass', treatment })),
        findings: bilingual(
          `由班列 ${trainId} 的列车检疫（${results.quarantine.taskId}）和通道辐射监测（${results.radiation.taskId}）结果完成`,
          `completed from train ${trainId}'s train quarantine (${results.quarantine.taskId}) and channel radiation monitoring (${results.radiation.taskId})`,
        ),
      },
    },
  };
}

/** Outbound: exports have no port checks, but an exit radiation alarm holds the consignment back. */
export function exitChecksFromTrain(containers: readonly string[], results: CompletePortResults): { alarms: string[]; notScanned: string[] } {
  const scanned = radiationOf(results);
  return {
    alarms: containers.filter((n) => scanned.get(n) === 'alarm'),
    notScanned: containers.filter((n) => !scanned.has(n)),
  };
}

const REASON_TEXT: Record<NotCoveredReason['code'], (containers: string) => string> = {
  'train-quarantine-failed': () => bilingual('列车检疫不合格', 'the train failed quarantine'),
  'no-surface-treatment-record': () => bilingual('列车检疫未记录表面处理', 'the train quarantine recorded no surface treatment'),
  'radiation-alarm': (c) => bilingual(`集装箱 ${c} 辐射报警`, `radiation alarm on ${c}`),
  'not-scanned': (c) => bilingual(`集装箱 ${c} 未经通道辐射监测`, `${c} not scanned by the channel monitor`),
  'container-quarantine-finding': (c) => bilingual(`集装箱 ${c} 检疫发现问题`, `quarantine finding on ${c}`),
};

export function describeReasons(reasons: readonly NotCoveredReason[]): string {
  return reasons.map((r) => REASON_TEXT[r.code]('containers' in r ? r.containers.join(', ') : '')).join('; ');
}
