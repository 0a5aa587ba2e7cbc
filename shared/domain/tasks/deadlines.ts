import type { BureauCode, Direction, PortCode } from '../codes.ts';
import { estimatedTransitHours } from '../reference/rail-distances.ts';
import { TASK_DEADLINE_SECONDS, type ConsignmentTaskKind } from './task-kinds.ts';

/**
 * How long each step of one consignment's lifecycle may take before it escalates. A bureau's
 * working time starts when the goods reach it, not at filing: port work waits for the train at
 * the border, and the destination's inspection for the goods' rail journey inland.
 */
export function lifecycleDeadlines(consignment: {
  direction: Direction;
  portCode: PortCode;
  inlandBureau: BureauCode;
  filedAt: string;
  /** The train's planned border crossing, when the consignment is linked to a train. */
  plannedBorderCrossing?: string | undefined;
}): Record<ConsignmentTaskKind, number> {
  const untilBorder = consignment.plannedBorderCrossing === undefined
    ? 0
    : Math.max(0, Math.round((Date.parse(consignment.plannedBorderCrossing) - Date.parse(consignment.filedAt)) / 1000));
  const inland = consignment.direction === 'import' ? (estimatedTransitHours(consignment.portCode, consignment.inlandBureau) ?? 0) * 3600 : 0;
  return {
    'port-checks': TASK_DEADLINE_SECONDS['port-checks'] + untilBorder,
    'port-inspection': TASK_DEADLINE_SECONDS['port-inspection'] + untilBorder,
    'destination-inspection': TASK_DEADLINE_SECONDS['destination-inspection'] + inland,
    'origin-inspection': TASK_DEADLINE_SECONDS['origin-inspection'],
    treatment: TASK_DEADLINE_SECONDS.treatment,
    // §10: after the border (import) or on the way to it (export), before the inland bureau's or the port's turn.
    'mode-hand-over': TASK_DEADLINE_SECONDS['mode-hand-over'] + untilBorder,
  };
}
