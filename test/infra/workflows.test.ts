import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsonata from 'jsonata';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DIRECTIONS, type Direction } from '#shared/domain/codes.ts';
import { CONSIGNMENT_LIFECYCLE, lifecycleStep, nextStep, type NextStep, type StepAnswer } from '#shared/domain/lifecycle/consignment-lifecycle.ts';
import { DISPOSALS } from '#shared/domain/lifecycle-records.ts';
import { CONSIGNMENT_TASK_KINDS } from '#shared/domain/tasks/task-kinds.ts';
import { manifest } from '#infra/manifest.ts';
import { buildWorkflows, staleWorkflows } from '../../scripts/workflows.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the generated workflows (npm run workflows)', () => {
  const built = buildWorkflows();

  it.each(built.map(({ path, text }) => [path, text]))('%s is what the builder writes', (path, text) => {
    expect(readFileSync(join(REPO_ROOT, path), 'utf8')).toBe(text);
  });

  it('covers every file in workflows/, so none is edited by hand', () => {
    const files = readdirSync(join(REPO_ROOT, 'workflows')).filter((f) => f.endsWith('.asl.json'));
    expect(built.map(({ path }) => path).sort()).toEqual(files.map((f) => `workflows/${f}`).sort());
  });

  const scratch = mkdtempSync(join(tmpdir(), 'workflows-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('reports, for --check, a file edited by hand and a file missing', () => {
    mkdirSync(join(scratch, 'workflows'));
    const [edited, missing, ...fresh] = built;
    if (edited === undefined || missing === undefined) throw new Error('expected at least two generated workflows');
    writeFileSync(join(scratch, edited.path), edited.text.replace('"MaxAttempts": 6', '"MaxAttempts": 3'));
    for (const { path, text } of fresh) writeFileSync(join(scratch, path), text);
    expect(staleWorkflows(scratch)).toEqual([edited.path, missing.path]);
    expect(staleWorkflows()).toEqual([]);
  });
});

/*
 * Independent of the builder: read the ASL as Step Functions would and ask, for every answer a
 * bureau can give, where each Choice state sends the consignment; that must be where the table
 * says. Only the state naming convention (Await<Kind>, Release, Reject) is assumed.
 */
const choiceSchema = z.object({ Condition: z.string(), Next: z.string() });
const stateSchema = z.object({
  Type: z.string(),
  Next: z.string().optional(),
  Arguments: z.object({ Payload: z.unknown() }).partial().optional(),
  Choices: z.array(choiceSchema).optional(),
  Default: z.string().optional(),
});
const definitionSchema = z.object({ StartAt: z.string(), States: z.record(z.string(), stateSchema) });
type Definition = z.infer<typeof definitionSchema>;
type State = z.infer<typeof stateSchema>;

/** The file of the state machine the table names for this direction. */
function readDefinition(direction: Direction): Definition {
  const machine = manifest.stateMachines[CONSIGNMENT_LIFECYCLE[direction].workflow];
  if (machine === undefined) throw new Error(`the manifest has no state machine ${CONSIGNMENT_LIFECYCLE[direction].workflow}`);
  return definitionSchema.parse(JSON.parse(readFileSync(join(REPO_ROOT, machine.definition), 'utf8')));
}

const AWAIT_NAMES = new Map(CONSIGNMENT_TASK_KINDS.map((kind) => [`Await${kind.replace(/(^|-)(\w)/g, (_, __: string, c: string) => c.toUpperCase())}`, kind]));

function stepOfState(name: string): NextStep | undefined {
  if (name === 'Release') return 'release';
  if (name === 'Reject') return 'reject';
  return AWAIT_NAMES.get(name);
}

const expressionOf = (text: string) => {
  const match = /^\{%([\s\S]*)%\}$/.exec(text.trim());
  if (!match?.[1]) throw new Error(`not a JSONata expression: ${text}`);
  return match[1];
};

const BUREAU_MARKERS = { portBureau: 'PORT-BUREAU', inlandBureau: 'INLAND-BUREAU', handOverBureau: 'HAND-OVER-BUREAU' } as const;

/** What an Await state asks open-task for: its payload, evaluated with recognisable bureaus. */
async function requestOf(state: State): Promise<{ kind?: unknown; bureau?: unknown }> {
  const payload = state.Arguments?.Payload;
  if (typeof payload !== 'string') return {};
  const bindings = {
    task: {},
    escalation: 0,
    lifecycle: { ...BUREAU_MARKERS, deadlines: {} },
    states: { context: { Task: { Token: 'token' }, State: { EnteredTime: '2025-01-01T00:00:00Z', Name: 'state' } } },
  };
  const request: unknown = await jsonata(expressionOf(payload)).evaluate({}, bindings);
  return z.object({ kind: z.unknown(), bureau: z.unknown() }).partial().parse(request);
}

/** Where the ASL goes after a state that answered, for one answer and plan. */
async function routeAfter(definition: Definition, from: string, answer: StepAnswer, portInspection: boolean, handOver: boolean): Promise<string> {
  // A PlanAfter<Kind> step reads the plan as it stands (here: `portInspection`) into $lifecycle before the Choice.
  const name = from.startsWith('PlanAfter') ? (definition.States[from]?.Next ?? from) : from;
  const state = definition.States[name];
  if (state?.Type !== 'Choice') return name;
  for (const choice of state.Choices ?? []) {
    const holds: unknown = await jsonata(expressionOf(choice.Condition)).evaluate({}, { result: answer, lifecycle: { portInspection, handOver } });
    if (holds === true) return choice.Next;
  }
  return state.Default ?? '(no Default)';
}

const ANSWERS: StepAnswer[] = (['pass', 'fail'] as const).flatMap((outcome) => [...DISPOSALS, null].map((disposal) => ({ outcome, disposal })));

/** Every way the definition departs from the direction's transition table, in words. */
async function disagreementsWithTable(direction: Direction, definition: Definition): Promise<string[]> {
  const problems: string[] = [];
  const lifecycle = CONSIGNMENT_LIFECYCLE[direction];
  const start = definition.States[definition.StartAt];
  if (start?.Next === undefined || stepOfState(start.Next) !== lifecycle.firstStep) {
    problems.push(`${definition.StartAt} goes to ${start?.Next}, the table starts with ${lifecycle.firstStep}`);
  }
  const awaited = new Set<string>();
  for (const [name, state] of Object.entries(definition.States)) {
    const kind = AWAIT_NAMES.get(name);
    if (kind === undefined) continue;
    awaited.add(kind);
    const request = await requestOf(state);
    if (request.kind !== kind) problems.push(`${name} opens a ${String(request.kind)} task`);
    if (!lifecycle.steps.some((s) => s.kind === kind)) {
      problems.push(`${name}: an ${direction} has no ${kind} step in the table`);
      continue;
    }
    const step = lifecycleStep(direction, kind);
    if (request.bureau !== BUREAU_MARKERS[step.bureau]) problems.push(`${name} asks ${String(request.bureau)}, the table says ${step.bureau}`);
    if (state.Next === undefined) {
      problems.push(`${name} has no Next`);
      continue;
    }
    for (const answer of ANSWERS) {
      for (const portInspection of [true, false]) {
        for (const handOver of [true, false]) {
          const target = await routeAfter(definition, state.Next, answer, portInspection, handOver);
          const expected = nextStep(direction, kind, answer, { portInspection, handOver });
          if (stepOfState(target) !== expected) {
            problems.push(`${state.Next}: ${JSON.stringify(answer)} with portInspection=${portInspection}, handOver=${handOver} goes to ${target}, the table says ${expected}`);
          }
        }
      }
    }
  }
  for (const step of lifecycle.steps) if (!awaited.has(step.kind)) problems.push(`no Await state for the ${step.kind} step`);
  return problems;
}

describe.each(DIRECTIONS)('the %s workflow on disk agrees with the lifecycle table', (direction) => {
  it('in its first step, the task and bureau of each Await state, and every answer routed by its Choice state', async () => {
    expect(await disagreementsWithTable(direction, readDefinition(direction))).toEqual([]);
  });

  it('reads the plan it routes on through a PlanAfter step, never from the filing-time input alone', () => {
    const definition = readDefinition(direction);
    const readers = Object.entries(definition.States).filter(([, state]) => state.Choices?.some((c) => c.Condition.includes('$lifecycle.portInspection')));
    expect(readers.length).toBeGreaterThan(0);
    for (const [name] of readers) {
      const before = Object.entries(definition.States).filter(([, state]) => state.Next === name).map(([from]) => from);
      expect(before, name).toEqual([expect.stringMatching(/^PlanAfter/)]);
      const planning = definition.States[before[0] ?? ''];
      expect(String(planning?.Arguments?.Payload), name).toMatch(/'consignmentId': \$lifecycle\.consignmentId, 'after': '[a-z-]+'/);
    }
  });
});

describe('the agreement check itself', () => {
  it('reports a Choice target changed by hand', async () => {
    const tampered = structuredClone(readDefinition('import'));
    const choices = tampered.States.AfterPortInspection?.Choices;
    if (!choices?.[0]) throw new Error('AfterPortInspection has no choices');
    choices[0].Next = 'AwaitDestinationInspection';
    const problems = await disagreementsWithTable('import', tampered);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.startsWith('AfterPortInspection: {"outcome":"fail"'))).toBe(true);
  });

  it('reports a task given to the wrong bureau and a step without its Await state', async () => {
    const tampered = structuredClone(readDefinition('import'));
    const destination = tampered.States.AwaitDestinationInspection;
    if (typeof destination?.Arguments?.Payload !== 'string') throw new Error('AwaitDestinationInspection has no payload');
    destination.Arguments.Payload = destination.Arguments.Payload.replace('$lifecycle.inlandBureau', '$lifecycle.portBureau');
    delete tampered.States.AwaitTreatment;
    expect(await disagreementsWithTable('import', tampered)).toEqual(
      expect.arrayContaining(['AwaitDestinationInspection asks PORT-BUREAU, the table says inlandBureau', 'no Await state for the treatment step']),
    );
  });
});
