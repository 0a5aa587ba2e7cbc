import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption, type CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { KeySchema, TableSpec } from '../manifest-types.ts';
import { markManifestEntry } from './manifest-metadata.ts';

const key = (schema: KeySchema) => ({
  partitionKey: { name: schema.partitionKey, type: AttributeType.STRING },
  ...(schema.sortKey ? { sortKey: { name: schema.sortKey, type: AttributeType.STRING } } : {}),
});

/**
 * The manifest's DynamoDB tables: on demand, point-in-time recovery, deletion protection, and one
 * customer-managed key for all of them (consignments hold commercial data). Tables and key are
 * retained when the stack is deleted: the audit trail outlives a deployment.
 */
export class DataTables extends Construct {
  readonly key: Key;
  readonly tables: Record<string, Table> = {};

  constructor(scope: Construct, id: string, props: { tables: Record<string, TableSpec> }) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the DynamoDB tables',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const [name, spec] of Object.entries(props.tables)) {
      const table = new Table(this, name, {
        ...key(spec),
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: this.key,
        ...(spec.timeToLiveAttribute ? { timeToLiveAttribute: spec.timeToLiveAttribute } : {}),
        removalPolicy: RemovalPolicy.RETAIN,
      });
      for (const index of spec.globalSecondaryIndexes) {
        table.addGlobalSecondaryIndex({ indexName: index.name, ...key(index), projectionType: ProjectionType.ALL });
      }
      markManifestEntry(table.node.defaultChild as CfnTable, 'tables', name);
      this.tables[name] = table;
    }
  }

  table(name: string): Table {
    const table = this.tables[name];
    if (!table) throw new Error(`table '${name}' is not declared in the manifest`);
    return table;
  }
}
