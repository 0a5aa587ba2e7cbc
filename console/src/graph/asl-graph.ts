/**
 * A workflow's states and transitions (the shape GET /executions/{id} gives of its ASL) and what
 * the execution's history says about them: the path taken, the state it is in, and each state's
 * input and output.
 */
export interface ShapeState {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: Array<{ Next: string }>;
  Catch?: Array<{ Next: string; ErrorEquals: string[] }>;
}
export interface WorkflowShape {
  StartAt: string;
  States: Record<string, ShapeState>;
}

export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  kind: 'next' | 'choice' | 'default' | 'catch';
}

export const START = '(start)';
export const END = '(end)';

export function graphOf(shape: WorkflowShape): { nodes: Array<{ id: string; type: string }>; edges: GraphEdge[] } {
  const nodes = [{ id: START, type: 'Start' }, ...Object.entries(shape.States).map(([id, s]) => ({ id, type: s.Type })), { id: END, type: 'End' }];
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const add = (from: string, to: string, kind: GraphEdge['kind']) => {
    const id = `${from}->${to}`;
    if (seen.has(id)) return;
    seen.add(id);
    edges.push({ id, from, to, kind });
  };
  add(START, shape.StartAt, 'next');
  for (const [name, state] of Object.entries(shape.States)) {
    if (state.Next) add(name, state.Next, 'next');
    for (const choice of state.Choices ?? []) add(name, choice.Next, 'choice');
    if (state.Default) add(name, state.Default, 'default');
    for (const c of state.Catch ?? []) add(name, c.Next, 'catch');
    if (state.End || state.Type === 'Succeed' || state.Type === 'Fail') add(name, END, 'next');
  }
  return { nodes, edges };
}

export interface HistoryEvent {
  id: number;
  type: string;
  timestamp: string;
  stateEnteredEventDetails?: { name: string; input?: string };
  stateExitedEventDetails?: { name: string; output?: string };
  [details: string]: unknown;
}

export interface StateVisit {
  input?: string;
  output?: string;
  enteredAt: string;
  exitedAt?: string;
}

export interface ExecutionPath {
  /** States in the order entered. */
  states: string[];
  edges: Set<string>;
  /** The state the execution waits in (entered, not exited), while it runs. */
  current?: string;
  visits: Map<string, StateVisit[]>;
}

export function pathOf(events: HistoryEvent[], status: string): ExecutionPath {
  const states: string[] = [];
  const visits = new Map<string, StateVisit[]>();
  const open = new Map<string, StateVisit>();
  for (const event of events) {
    const entered = event.stateEnteredEventDetails;
    if (entered) {
      states.push(entered.name);
      const visit: StateVisit = { enteredAt: event.timestamp, ...(entered.input !== undefined && { input: entered.input }) };
      visits.set(entered.name, [...(visits.get(entered.name) ?? []), visit]);
      open.set(entered.name, visit);
    }
    const exited = event.stateExitedEventDetails;
    if (exited) {
      const visit = open.get(exited.name);
      if (visit) {
        visit.exitedAt = event.timestamp;
        if (exited.output !== undefined) visit.output = exited.output;
        open.delete(exited.name);
      }
    }
  }
  const edges = new Set<string>();
  const walk = [START, ...states, ...(status === 'RUNNING' ? [] : [END])];
  for (let i = 1; i < walk.length; i++) edges.add(`${walk[i - 1]}->${walk[i]}`);
  const last = states.at(-1);
  const current = status === 'RUNNING' && last !== undefined && open.has(last) ? last : undefined;
  return { states, edges, ...(current !== undefined && { current }), visits };
}
