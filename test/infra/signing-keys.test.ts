import { describe, expect, it } from 'vitest';
import { manifest } from '#infra/manifest.ts';
import { manifestProblems } from '#infra/manifest-check.ts';
import type { Manifest } from '#infra/manifest-types.ts';
import { ENV } from '#shared/config/environment.ts';
import { fixtureManifest } from './fixtures/manifest.ts';
import { leastPrivilegeViolations } from './least-privilege.ts';
import {
  allRoles,
  asArray,
  byManifestEntry,
  logicalIdOf,
  resourcesOfType,
  roleOfFunction,
  statementsOfRole,
  synthesize,
  tamperedTemplate,
  type Statement,
} from './template.ts';

/** The manifest's `keys`: asymmetric KMS keys, and `{ key, access: 'sign' }` grants on them. */
const SIGN_ACTIONS = ['kms:Sign', 'kms:GetPublicKey'];
const mentionsKms = (s: Statement, actions: string[]) => asArray(s.Action).some((a) => actions.includes(a));

describe('the application manifest', () => {
  it('declares the certificate signing key, carried to its functions in ENV.certificateSigningKeyId', () => {
    expect(manifest.keys).toEqual({
      CertificateSigning: { envVar: ENV.certificateSigningKeyId, spec: 'ECC_NIST_P256', usage: 'SIGN_VERIFY', description: expect.any(String) },
    });
  });
});

describe.each([
  ['the application manifest', manifest],
  ['the fixture manifest', fixtureManifest],
])('signing keys in the stack built from %s', (_, m) => {
  const { template } = synthesize(m);
  const keyId = (name: string) => logicalIdOf(template, 'AWS::KMS::Key', 'keys', name);

  it('creates one retained, unrotated ECC_NIST_P256 SIGN_VERIFY key per manifest key', () => {
    const declared = Object.keys(m.keys ?? {});
    expect(declared.length).toBeGreaterThan(0);
    const found = byManifestEntry(template, 'AWS::KMS::Key', 'keys');
    expect([...found.keys()].filter((k) => k !== undefined).sort()).toEqual(declared.sort());
    for (const [name, spec] of Object.entries(m.keys ?? {})) {
      const key = template.toJSON().Resources[keyId(name)] as { Properties: Record<string, unknown>; DeletionPolicy: string; UpdateReplacePolicy: string };
      expect(key.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Description: spec.description });
      // KMS cannot rotate an asymmetric key; CloudFormation rejects EnableKeyRotation: true for one.
      expect(key.Properties.EnableKeyRotation ?? false).toBe(false);
      expect([key.DeletionPolicy, key.UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
    }
  });

  it('lets exactly the granted functions Sign and GetPublicKey, on that key only, and no principal any other use of it', () => {
    const granted = new Map(
      Object.entries(m.functions).flatMap(([fn, spec]) => spec.grants.flatMap((g) => ('key' in g ? [[roleOfFunction(template, fn), g.key] as const] : []))),
    );
    const signingKeyIds = Object.keys(m.keys ?? {}).map(keyId);
    const onSigningKey = (s: Statement) => signingKeyIds.some((id) => JSON.stringify(s.Resource).includes(`"${id}"`));
    for (const role of allRoles(template)) {
      const statements = role.statements.filter((s) => mentionsKms(s, SIGN_ACTIONS) || onSigningKey(s));
      const key = granted.get(role.roleId);
      if (key === undefined) {
        expect(statements, role.roleId).toEqual([]);
        continue;
      }
      expect(statements, role.roleId).toEqual([{ Effect: 'Allow', Action: SIGN_ACTIONS, Resource: { 'Fn::GetAtt': [keyId(key), 'Arn'] } }]);
    }
  });

  it('gives the key ARN to the granted functions in the key’s environment variable, and to no other', () => {
    for (const [fn, spec] of Object.entries(m.functions)) {
      const variables = (resourcesOfType(template, 'AWS::Lambda::Function')[logicalIdOf(template, 'AWS::Lambda::Function', 'functions', fn)]!.Properties?.Environment as {
        Variables: Record<string, unknown>;
      }).Variables;
      for (const [name, key] of Object.entries(m.keys ?? {})) {
        const isGranted = spec.grants.some((g) => 'key' in g && g.key === name);
        expect(variables[key.envVar], fn).toEqual(isGranted ? { 'Fn::GetAtt': [keyId(name), 'Arn'] } : undefined);
      }
    }
  });
});

describe('a sign grant on the fixture', () => {
  const { template } = synthesize(fixtureManifest);
  const signer = roleOfFunction(template, 'issueCertificate');
  const keyArn = { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::KMS::Key', 'keys', 'Certificates'), 'Arn'] };

  it('is one statement naming kms:Sign and kms:GetPublicKey on the key ARN, never Verify, DescribeKey or "*"', () => {
    const kms = statementsOfRole(template, signer).filter((s) => asArray(s.Action).some((a) => a.startsWith('kms:')) && JSON.stringify(s.Resource) === JSON.stringify(keyArn));
    expect(kms).toEqual([{ Effect: 'Allow', Action: ['kms:Sign', 'kms:GetPublicKey'], Resource: keyArn }]);
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).not.toMatch(/kms:(Verify|DescribeKey|\*)"/);
  });

  it('is checked by the least-privilege rules: a sign right on another principal, or on "*", is reported', () => {
    const policyOf = (role: string) =>
      Object.entries(resourcesOfType(template, 'AWS::IAM::Policy')).find(([, p]) => asArray(p.Properties?.Roles as unknown[]).some((r) => (r as { Ref?: string }).Ref === role))![0];
    const other = roleOfFunction(template, 'verifyCertificate');
    const widened = tamperedTemplate(template, (resources) => {
      const document = resources[policyOf(other)]!.Properties!.PolicyDocument as { Statement: Statement[] };
      document.Statement.push({ Effect: 'Allow', Action: ['kms:Sign'], Resource: keyArn });
      const own = resources[policyOf(signer)]!.Properties!.PolicyDocument as { Statement: Statement[] };
      own.Statement.push({ Effect: 'Allow', Action: ['kms:Sign'], Resource: '*' });
    });
    expect(leastPrivilegeViolations(widened, fixtureManifest).sort()).toEqual([
      "function 'issueCertificate' may kms:Sign on [*, signingKey:Certificates], expected [signingKey:Certificates]",
      "function 'verifyCertificate' may kms:Sign on [signingKey:Certificates], expected []",
    ]);
  });
});

describe('the manifest check of keys', () => {
  it('reports a grant on an undeclared key and a key of another kind', () => {
    const broken: Manifest = {
      ...fixtureManifest,
      keys: { Certificates: { ...fixtureManifest.keys!.Certificates!, spec: 'RSA_2048' as 'ECC_NIST_P256' } },
      functions: { ...fixtureManifest.functions, health: { entry: 'test/infra/fixtures/handler.ts', description: 'x', grants: [{ key: 'Nope', access: 'sign' }] } },
    };
    expect(manifestProblems(broken)).toEqual([
      "function 'health' names keys 'Nope', which is not declared",
      "key 'Certificates' must be an ECC_NIST_P256 SIGN_VERIFY key",
    ]);
  });
});
