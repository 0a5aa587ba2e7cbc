/**
 * The shape of a workflow for drawing it: states, their types and the transitions between them,
 * from the ASL the execution runs. Everything else (Lambda ARNs, arguments, JSONata, outputs) is
 * left out, so every reviewer of the execution may see it.
 */
export interface WorkflowShapeState {
  Type: string;
  Comment?: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: Array<{ Next: string }>;
  Catch?: Array<{ Next: string; ErrorEquals: string[] }>;
  Branches?: WorkflowShape[];
  ItemProcessor?: WorkflowShape;
}

export interface WorkflowShape {
  StartAt: string;
  States: Record<string, WorkflowShapeState>;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function shapeOfMachine(machine: Json): WorkflowShape {
  const states: Record<string, WorkflowShapeState> = {};
  for (const [name, raw] of Object.entries(isObject(machine.States) ? machine.States : {})) {
    if (!isObject(raw)) continue;
    const state: WorkflowShapeState = { Type: String(raw.Type) };
    if (typeof raw.Comment === 'string') state.Comment = raw.Comment;
    if (typeof raw.Next === 'string') state.Next = raw.Next;
    if (raw.End === true) state.End = true;
    if (typeof raw.Default === 'string') state.Default = raw.Default;
    if (Array.isArray(raw.Choices)) state.Choices = raw.Choices.filter(isObject).map((c) => ({ Next: String(c.Next) }));
    if (Array.isArray(raw.Catch)) state.Catch = raw.Catch.filter(isObject).map((c) => ({ Next: String(c.Next), ErrorEquals: strings(c.ErrorEquals) }));
    if (Array.isArray(raw.Branches)) state.Branches = raw.Branches.filter(isObject).map(shapeOfMachine);
    const processor = raw.ItemProcessor ?? raw.Iterator;
    if (isObject(processor)) state.ItemProcessor = shapeOfMachine(processor);
    states[name] = state;
  }
  return { StartAt: String(machine.StartAt), States: states };
}

/** The ASL text reduced to its shape; undefined when it is not an ASL document. */
export function workflowShape(definition: string | undefined): WorkflowShape | undefined {
  if (definition === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(definition);
    return isObject(parsed) && isObject(parsed.States) ? shapeOfMachine(parsed) : undefined;
  } catch {
    return undefined;
  }
}
