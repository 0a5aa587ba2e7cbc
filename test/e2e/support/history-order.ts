import { expect } from 'vitest';

/**
 * An execution history as Step Functions writes it: ids 1..n in order, each event pointing at
 * an earlier one, one ExecutionStarted first and one terminal event last, and every state that
 * was entered exited (in order, before the next state is entered).
 */
export function expectValidHistory(events: Array<Record<string, unknown>>): void {
  expect(events.length).toBeGreaterThan(2);
  events.forEach((event, i) => {
    expect(event.id).toBe(i + 1);
    expect(typeof event.type).toBe('string');
    expect(Number.isNaN(Date.parse(String(event.timestamp)))).toBe(false);
    if (i > 0) {
      expect(event.previousEventId as number).toBeLessThan(event.id as number);
      expect(Date.parse(String(event.timestamp))).toBeGreaterThanOrEqual(Date.parse(String(events[i - 1]!.timestamp)));
    }
  });
  expect(events[0]!.type).toBe('ExecutionStarted');
  expect(events.at(-1)!.type).toMatch(/^Execution(Succeeded|Failed|Aborted|TimedOut)$/);
  let open: string | undefined;
  for (const event of events) {
    const type = String(event.type);
    if (type.endsWith('StateEntered')) {
      expect(open, `state entered while ${open} is still open`).toBeUndefined();
      open = (event.stateEnteredEventDetails as { name: string }).name;
    } else if (type.endsWith('StateExited')) {
      expect((event.stateExitedEventDetails as { name: string }).name).toBe(open);
      open = undefined;
    } else if (/^Task(Scheduled|Started|Submitted|Succeeded|Failed|TimedOut)$/.test(type)) {
      expect(open, `${type} outside a state`).toBeDefined();
    }
  }
}
