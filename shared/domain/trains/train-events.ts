import { z } from 'zod';
import { MAX_TRAIN_EVENT_REMARKS_LENGTH, tooLong } from '../limits.ts';
import { bilingual } from '../text.ts';
import type { Train, TrainEventRecord, TrainEventType, TrainStatus } from '../train.ts';

/** `remarks` of POST /trains/{id}/events: what the officer adds to an actual event. */
export const trainEventRemarksSchema = z
  .string({ error: bilingual('备注须为字符串', 'remarks must be a string') })
  .trim()
  .min(1, { error: bilingual('备注不能为空', 'remarks must not be empty') })
  .max(MAX_TRAIN_EVENT_REMARKS_LENGTH, { error: tooLong('备注', 'remarks', MAX_TRAIN_EVENT_REMARKS_LENGTH) });

/**
 * The actual events of a run, in the order a train lives them. Each is recorded once: a repeat
 * (a retry, a second officer, the same event from another system) is recognised and changes
 * nothing, whether the train came early, late or on time.
 */
const TRAIN_EVENT_RULES: Record<TrainEventType, { requires?: TrainEventType; status: TrainStatus }> = {
  'arrived-at-border': { status: 'at-border' },
  'departed-border': { requires: 'arrived-at-border', status: 'departed-border' },
  'arrived-at-destination': { requires: 'departed-border', status: 'arrived' },
};

export type TrainEventDecision =
  | { kind: 'record'; status: TrainStatus }
  | { kind: 'duplicate'; existing: TrainEventRecord }
  | { kind: 'refused'; reason: string };

export function decideTrainEvent(train: Pick<Train, 'status' | 'actual'>, type: TrainEventType): TrainEventDecision {
  const existing = train.actual[type];
  if (existing) return { kind: 'duplicate', existing };
  if (train.status === 'cancelled') return { kind: 'refused', reason: bilingual('班列已取消', 'the train run is cancelled') };
  const rule = TRAIN_EVENT_RULES[type];
  if (rule.requires !== undefined && !train.actual[rule.requires]) {
    return { kind: 'refused', reason: bilingual(`须先记录 ${rule.requires}`, `${type} needs ${rule.requires} first`) };
  }
  return { kind: 'record', status: rule.status };
}
