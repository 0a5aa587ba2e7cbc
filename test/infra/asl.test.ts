import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aslProblems, placeholdersIn, substitutionProblems, workflowAccess } from '#infra/asl.ts';
import { manifest } from '#infra/manifest.ts';
import type { StateMachineSpec } from '#infra/manifest-types.ts';
import { REPO_ROOT } from '#infra/stack.ts';
import { fixtureManifest } from './fixtures/manifest.ts';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const workflowFiles = readdirSync(join(REPO_ROOT, 'workflows'))
  .filter((f) => f.endsWith('.asl.json'))
  .map((f) => `workflows/${f}`);

describe.each([
  ['the application manifest', manifest],
  ['the fixture manifest', fixtureManifest],
])('the workflow definitions of %s', (_, m) => {
  it('pass asl-validator and use exactly the substitutions the manifest declares', () => {
    for (const [name, spec] of Object.entries(m.stateMachines)) {
      const text = read(spec.definition);
      expect(substitutionProblems(name, spec, text), name).toEqual([]);
      expect(aslProblems(name, spec, text), name).toEqual([]);
    }
  });

  it('only call integrations a role can be derived for', () => {
    for (const [name, spec] of Object.entries(m.stateMachines)) {
      expect(() => workflowAccess(name, spec, read(spec.definition))).not.toThrow();
    }
  });
});

describe('every file in workflows/', () => {
  it('is deployed by a manifest state machine', () => {
    const declared = new Set(Object.values(manifest.stateMachines).map((s) => s.definition));
    expect(workflowFiles.filter((f) => !declared.has(f))).toEqual([]);
  });
});

describe('the checks themselves, on the fixture ASL', () => {
  const spec: StateMachineSpec = fixtureManifest.stateMachines.Lifecycle!;
  const text = read(spec.definition);

  it('finds every placeholder, including those inside Parallel branches', () => {
    expect(placeholdersIn(text)).toEqual(['AwaitDecision', 'DomainTable', 'Notifications']);
  });

  it('reports a placeholder without a substitution and a substitution nobody uses', () => {
    const { DomainTable: _unused, ...rest } = spec.substitutions;
    const broken: StateMachineSpec = { ...spec, substitutions: { ...rest, Stale: { topic: 'Notifications' } } };
    expect(substitutionProblems('Lifecycle', broken, text)).toEqual([
      'Lifecycle: ${DomainTable} in test/infra/fixtures/lifecycle.asl.json has no substitution in the manifest',
      "Lifecycle: substitution 'Stale' is not used by test/infra/fixtures/lifecycle.asl.json",
    ]);
  });

  it('reports an invalid definition', () => {
    const invalid = JSON.stringify({ ...JSON.parse(text), StartAt: 'Nowhere' });
    expect(aslProblems('Lifecycle', spec, invalid).join('\n')).toMatch(/MISSING_TRANSITION_TARGET|Nowhere/);
    expect(aslProblems('Lifecycle', spec, '{ not json')).toHaveLength(1);
  });

  it('derives the calls a definition makes, and that a callback task waits for a token', () => {
    expect(workflowAccess('Lifecycle', spec, text)).toEqual({
      invokes: ['awaitDecision'],
      publishes: ['Notifications'],
      tableActions: { Domain: ['dynamodb:UpdateItem'] },
      starts: [],
      waitsForTaskToken: true,
    });
  });

  const task = (resource: string, args: Record<string, unknown>) =>
    JSON.stringify({ StartAt: 'T', States: { T: { Type: 'Task', Resource: resource, Arguments: args, End: true } } });
  const refs: StateMachineSpec = {
    definition: 'inline',
    envVar: 'X',
    description: 'inline',
    substitutions: { Child: { stateMachine: 'Child' }, Step: { function: 'step' }, Table: { table: 'Domain' } },
  };

  it('derives child workflow starts (.sync), SDK integrations and direct Lambda resources', () => {
    expect(workflowAccess('P', refs, task('arn:aws:states:::states:startExecution.sync:2', { StateMachineArn: '${Child}' })).starts).toEqual([
      { stateMachine: 'Child', sync: true },
    ]);
    expect(workflowAccess('P', refs, task('arn:aws:states:::aws-sdk:dynamodb:query', { TableName: '${Table}' })).tableActions).toEqual({
      Domain: ['dynamodb:Query'],
    });
    expect(workflowAccess('P', refs, task('${Step}', {})).invokes).toEqual(['step']);
  });

  it('grants nothing for a placeholder passed along as data', () => {
    const access = workflowAccess('P', refs, task('arn:aws:states:::lambda:invoke', { FunctionName: '${Step}', Payload: { table: '${Table}' } }));
    expect(access.invokes).toEqual(['step']);
    expect(access.tableActions).toEqual({});
  });

  it('refuses integrations it cannot grant and calls that name no resource through a placeholder', () => {
    expect(() => workflowAccess('P', refs, task('arn:aws:states:::aws-sdk:s3:getObject', {}))).toThrow(/s3:getObject/);
    expect(() =>
      workflowAccess('P', refs, task('arn:aws:states:::lambda:invoke', { FunctionName: 'arn:aws:lambda:eu-central-1:1:function:x' })),
    ).toThrow(/names no function/);
  });
});
