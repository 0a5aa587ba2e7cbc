import { RemovalPolicy } from 'aws-cdk-lib';
import { Grant as IamGrant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage, type CfnKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { SigningKeySpec } from '../manifest-types.ts';
import { markManifestEntry } from './manifest-metadata.ts';

/** What a `{ key, access: 'sign' }` grant allows: signing, and reading the public half to publish it. */
export const KEY_SIGN_ACTIONS = ['kms:Sign', 'kms:GetPublicKey'] as const;

/**
 * The manifest's asymmetric signing keys (certificates are signed with them; the private key
 * never leaves KMS). Retained when the stack is deleted: every certificate ever issued must stay
 * verifiable against the published public key. Not rotated: KMS cannot rotate asymmetric keys;
 * a new key is a new manifest entry, published beside the old one.
 */
export class SigningKeys extends Construct {
  readonly keys: Record<string, Key> = {};

  constructor(scope: Construct, id: string, props: { keys: Record<string, SigningKeySpec> }) {
    super(scope, id);
    for (const [name, spec] of Object.entries(props.keys)) {
      const key = new Key(this, name, {
        description: spec.description,
        keySpec: KeySpec[spec.spec],
        keyUsage: KeyUsage[spec.usage],
        enableKeyRotation: false,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      markManifestEntry(key.node.defaultChild as CfnKey, 'keys', name);
      this.keys[name] = key;
    }
  }

  key(name: string): Key {
    const key = this.keys[name];
    if (!key) throw new Error(`key '${name}' is not declared in the manifest`);
    return key;
  }

  /**
   * Sign and GetPublicKey on the one key, in the function's own policy. Not Key.grant*(): there
   * is no grantSign, and the key policy stays the default one (the account's IAM decides).
   */
  grantSign(name: string, grantee: IGrantable): void {
    IamGrant.addToPrincipal({ grantee, actions: [...KEY_SIGN_ACTIONS], resourceArns: [this.key(name).keyArn] });
  }
}
