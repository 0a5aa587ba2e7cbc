import { CreateStateMachineCommand, ValidateStateMachineDefinitionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSONATA, startHarness, uniqueName, type Harness } from './harness.ts';

/**
 * AWS validates a definition when it is created and refuses an invalid one with
 * InvalidDefinition, naming the state (and field) at fault.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function refusal(definition: unknown): Promise<string> {
  try {
    await h.client.send(
      new CreateStateMachineCommand({
        name: uniqueName('invalid'),
        definition: typeof definition === 'string' ? definition : JSON.stringify(definition),
        roleArn: 'arn:aws:iam::000000000000:role/local',
      }),
    );
  } catch (error) {
    expect((error as Error).name).toBe('InvalidDefinition');
    return (error as Error).message;
  }
  throw new Error('the definition was accepted');
}

const machine = (states: Record<string, unknown>, startAt = 'A') => ({ ...JSONATA, StartAt: startAt, States: states });

describe('InvalidDefinition', () => {
  it('refuses text that is not JSON', async () => {
    expect(await refusal('{ "StartAt": ')).toMatch(/INVALID_JSON_DESCRIPTION/);
  });

  it('refuses a definition without StartAt or States at the top, as AWS does (test_sfn_api_validation INVALID_BASE_NO_STARTAT)', async () => {
    expect(await refusal({ States: { A: { Type: 'Pass', End: true } } })).toContain('SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /');
    expect(await refusal({})).toContain('SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] at /');
  });

  it('accepts what asl-validator alone would refuse but AWS takes: literal Condition, nested Assign lists, fractional tolerance, negative intrinsic numbers', async () => {
    const processor = { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
    const definitions = [
      machine({ A: { Type: 'Choice', Choices: [{ Condition: true, Next: 'B' }] }, B: { Type: 'Pass', Assign: { lists: [[1, 2], [{ a: [] }]] }, End: true } }),
      { StartAt: 'M', States: { M: { Type: 'Map', ToleratedFailurePercentage: 1.5, ItemProcessor: processor, End: true } } },
      { StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { 'r.$': "States.Array(1, -5, 3.3, true, null, 'x', $.a)" }, End: true } } },
    ];
    for (const definition of definitions) {
      const out = await h.client.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(definition) }));
      expect(out.result, JSON.stringify(out.diagnostics)).toBe('OK');
    }
  });

  it('refuses a Next that names no state, pointing at the field', async () => {
    const message = await refusal(machine({ A: { Type: 'Pass', Next: 'Nowhere' } }));
    expect(message).toContain("Missing 'Next' target: Nowhere at /States/A/Next");
  });

  it('refuses a StartAt that names no state', async () => {
    expect(await refusal(machine({ A: { Type: 'Succeed' } }, 'B'))).toContain("Missing 'StartAt' target: B at /StartAt");
  });

  it('refuses a Catch whose Next names no state', async () => {
    const message = await refusal(
      machine({
        A: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: 'f' }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Gone' }], End: true },
      }),
    );
    expect(message).toContain('at /States/A/Catch[0]/Next');
  });

  it('refuses JSONPath fields in a JSONata state machine, naming the field and the state', async () => {
    const message = await refusal(machine({ A: { Type: 'Pass', Parameters: { x: 1 }, End: true } }));
    expect(message).toContain("The QueryLanguage is set to 'JSONata', but field 'Parameters' is only supported for the 'JSONPath' QueryLanguage at /States/A");
    for (const field of ['InputPath', 'ResultPath', 'OutputPath', 'ResultSelector']) {
      expect(await refusal(machine({ A: { Type: 'Pass', [field]: '$', End: true } }))).toContain(`field '${field}'`);
    }
  });

  it('refuses a state that switches back to JSONPath', async () => {
    const message = await refusal(machine({ A: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } }));
    expect(message).toContain("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine at /States/A");
  });

  it('refuses a JSONPath state in a JSONata state machine, as AWS does', async () => {
    const message = await refusal(machine({ A: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } }));
    expect(message).toContain("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine");
  });

  it('refuses a JSONata expression that does not parse, at its field', async () => {
    const message = await refusal(machine({ A: { Type: 'Pass', Output: { v: '{% $states.input.a[1,2) %}' }, End: true } }));
    expect(message).toMatch(/INVALID_JSONATA_EXPRESSION: .* at \/States\/A\/Output\/v/);
  });

  it('refuses a path that reads the top level, which JSONata states do not have', async () => {
    const message = await refusal(machine({ E: { Type: 'Pass', Output: { v: '{% phone %}' }, End: true } }, 'E'));
    expect(message).toContain("UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level is not supported. at /States/E/Output/v");
    expect(await refusal(machine({ A: { Type: 'Pass', Output: '{% $$.x %}', End: true } }))).toContain("Reference to '$$' is not supported.");
  });

  it('accepts paths off $states, variables and relative names inside predicates', async () => {
    const definition = machine({
      A: { Type: 'Pass', Assign: { limit: 3 }, Output: { big: '{% $states.input.items[value > $limit].name %}', n: '{% $count($states.input.items) %}' }, End: true },
    });
    const out = await h.client.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(definition) }));
    expect(out.result).toBe('OK');
  });

  it('refuses an unsupported Task resource, naming it', async () => {
    const message = await refusal(machine({ A: { Type: 'Task', Resource: 'arn:aws:states:::glue:startJobRun.sync', End: true } }));
    expect(message).toMatch(/UNSUPPORTED_RESOURCE: .*glue:startJobRun.* at \/States\/A\/Resource/);
  });

  it('refuses an invalid variable name in Assign', async () => {
    expect(await refusal(machine({ A: { Type: 'Pass', Assign: { 'bad-name': 1 }, End: true } }))).toContain("Invalid variable name 'bad-name'");
  });

  it('refuses States.ALL that is not alone and last', async () => {
    const message = await refusal(
      machine({
        A: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: 'f' },
          Retry: [{ ErrorEquals: ['States.ALL', 'Custom'] }],
          End: true,
        },
      }),
    );
    expect(message).toContain('/States/A/Retry[0]');
  });

  it('checks nested Map and Parallel states too', async () => {
    const message = await refusal(
      machine({
        M: {
          Type: 'Map',
          ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'In', States: { In: { Type: 'Pass', Next: 'Missing' } } },
          End: true,
        },
      }, 'M'),
    );
    expect(message).toContain('at /States/M/ItemProcessor/States/In/Next');
  });

  it('reports unreachable states through asl-validator', async () => {
    const message = await refusal(machine({ A: { Type: 'Succeed' }, Orphan: { Type: 'Succeed' } }));
    expect(message).toContain('Orphan');
  });

  it('ValidateStateMachineDefinition answers FAIL with a diagnostic instead of throwing', async () => {
    const out = await h.client.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(machine({ A: { Type: 'Pass', Next: 'Z' } })) }));
    expect(out.result).toBe('FAIL');
    expect(out.diagnostics?.[0]).toMatchObject({ message: "Missing 'Next' target: Z", location: '/States/A/Next' });
  });
});
