import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BureauCode } from '../domain/codes.ts';
import type { CertificateKind } from '../domain/certificates/certificate-kinds.ts';
import type { SignedCertificate } from '../certificates/signed-certificate.ts';
import type { CertificateDocument } from '../domain/certificates/certificate-document.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { AlreadyExistsError, NotFoundError } from './errors.ts';
import { putNew, readItem, updateGuarded } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { keys } from './keys.ts';
import { queryPage } from './query.ts';

export const CERTIFICATE_STATUSES = ['valid', 'revoked'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export interface CertificateRevocation {
  reason: string;
  by: { bureau: BureauCode; subject: string };
  at: string;
}

/** A signed certificate as kept: the signed document never changes; only its status does. */
export interface CertificateRecord {
  id: string;
  serial: string;
  kind: CertificateKind;
  consignmentId: string;
  issuingBureau: BureauCode;
  issuedAt: string;
  signed: SignedCertificate;
  status: CertificateStatus;
  revocation?: CertificateRevocation;
  version: number;
}

/** What is stored: the signed JWS only, whose payload is the document (storing both would double the item). */
type StoredCertificate = Omit<CertificateRecord, 'signed'> & { jws: string };

function toRecord(item: Record<string, unknown>): CertificateRecord {
  const { jws, ...record } = withoutKeys(item) as unknown as StoredCertificate;
  return { ...record, signed: { jws, document: documentOf(jws) } };
}

/** The JWS payload is the document's canonical JSON, as signed. */
function documentOf(jws: string): CertificateDocument {
  const payload = jws.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as CertificateDocument;
}

/**
 * Certificates (证书) and the serial counters they are numbered from. A serial is unique per
 * issuing bureau and year: one counter item per bureau and year, moved on by an atomic ADD.
 */
export class CertificateRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  /** The next serial sequence of a bureau in a year (1, 2, ...). A crash after it leaves a gap, never a duplicate. */
  async nextSequence(bureau: BureauCode, year: number): Promise<number> {
    const { Attributes } = await this.config.client.send(
      new UpdateCommand({
        TableName: this.config.tableName,
        Key: keys.certificateSerialCounter(bureau, year),
        UpdateExpression: 'ADD lastSequence :one SET entity = :entity',
        ExpressionAttributeValues: { ':one': 1, ':entity': 'CertificateSerialCounter' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.lastSequence);
  }

  /** Stores a newly issued certificate; one already stored under its id is returned instead. */
  async create(record: Omit<CertificateRecord, 'version' | 'status'>): Promise<CertificateRecord> {
    const created: CertificateRecord = { ...record, status: 'valid', version: 1 };
    const { signed, ...fields } = created;
    try {
      await putNew(this.config, { entity: 'certificate', id: record.id, key: keys.certificate(record.id) }, {
        entity: 'Certificate',
        gsi1pk: keys.certificateBySerial(record.serial),
        gsi1sk: record.id,
        ...fields,
        jws: signed.jws,
      } satisfies StoredCertificate & Record<string, unknown>);
      return created;
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      return this.get(record.id);
    }
  }

  async find(id: string): Promise<CertificateRecord | undefined> {
    const item = await readItem(this.config, keys.certificate(id));
    return item ? toRecord(item) : undefined;
  }

  async get(id: string): Promise<CertificateRecord> {
    const record = await this.find(id);
    if (!record) throw new NotFoundError(`certificate ${id} does not exist`, { entity: 'certificate', id });
    return record;
  }

  async findBySerial(serial: string): Promise<CertificateRecord | undefined> {
    const page = await queryPage(this.config, { index: 'gsi1', partition: keys.certificateBySerial(serial), page: { limit: 1 }, map: toRecord });
    const first = page.items[0];
    // The index is eventually consistent: the item itself has the current status.
    return first ? this.find(first.id) : undefined;
  }

  /** Revokes a valid certificate; a revoked one is a ConflictError naming its status. */
  async revoke(id: string, revocation: CertificateRevocation): Promise<CertificateRecord> {
    const item = await updateGuarded(this.config, { entity: 'certificate', id, key: keys.certificate(id) }, {
      from: { attribute: 'status', values: ['valid'] },
      set: { status: 'revoked', revocation },
    });
    return toRecord(item);
  }
}
