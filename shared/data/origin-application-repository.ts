import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BureauCode } from '../domain/codes.ts';
import type { OriginApplicationStatus, OriginCertificateApplication } from '../domain/origin/origin-application.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { AlreadyExistsError, IdempotencyKeyReusedError, NotFoundError, isConditionalCheckFailed } from './errors.ts';
import { putNew, readItem, updateGuarded } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { keys, sortableTime } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage, type Filter } from './query.ts';

/** Kept on the item for the table's sake (a keyed application's key), never part of the application. */
const DERIVED = ['applicationKey'] as const;

const subject = (id: string) => ({ entity: 'origin-application', id, key: keys.originApplication(id) });
const toApplication = (item: Record<string, unknown>) => withoutKeys(item, DERIVED) as unknown as OriginCertificateApplication;

const order = (application: Pick<OriginCertificateApplication, 'createdAt' | 'id'>) => `${sortableTime(application.createdAt)}#${application.id}`;

/** Who holds the one live application of a consignment and form. */
export interface ApplicationClaim {
  applicationId: string;
  claimedAt: string;
}

/** Whose applications a listing reads: an enterprise's, a bureau's, or (HQ) those in one status. */
export type ApplicationListing = { enterprise: string } | { bureau: BureauCode } | { status: OriginApplicationStatus };

/**
 * Certificate-of-origin applications. "One live application per consignment and form" is one
 * item, the claim, written with a condition (dynalite has no transactions, and none are needed):
 * an application is stored only after it holds the claim, and gives it up when refused.
 */
export class OriginApplicationRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  /**
   * Takes the claim for `applicationId`, or finds it held already by that very application (a
   * retry). Undefined when taken; otherwise the claim that holds now.
   */
  async claim(consignmentId: string, form: string, applicationId: string, at: string): Promise<ApplicationClaim | undefined> {
    try {
      await this.config.client.send(
        new PutCommand({
          TableName: this.config.tableName,
          Item: { ...keys.originApplicationClaim(consignmentId, form), entity: 'OriginApplicationClaim', applicationId, claimedAt: at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return undefined;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const holder = await this.claimOf(consignmentId, form);
      // Released between the write and the read: try once more from the start.
      if (holder === undefined) return this.claim(consignmentId, form, applicationId, at);
      return holder.applicationId === applicationId ? undefined : holder;
    }
  }

  async claimOf(consignmentId: string, form: string): Promise<ApplicationClaim | undefined> {
    const item = await readItem(this.config, keys.originApplicationClaim(consignmentId, form));
    return item ? { applicationId: String(item.applicationId), claimedAt: String(item.claimedAt) } : undefined;
  }

  /** Moves the claim from an application that no longer holds it (refused, or never written); false when someone else moved it first. */
  async takeOverClaim(consignmentId: string, form: string, from: string, to: string, at: string): Promise<boolean> {
    try {
      await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: keys.originApplicationClaim(consignmentId, form),
          UpdateExpression: 'SET applicationId = :to, claimedAt = :at',
          ConditionExpression: 'applicationId = :from',
          ExpressionAttributeValues: { ':from': from, ':to': to, ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return false;
    }
  }

  /** Gives up the claim, if this application still holds it (a retried release changes nothing). */
  async releaseClaim(consignmentId: string, form: string, applicationId: string): Promise<void> {
    try {
      await this.config.client.send(
        new DeleteCommand({
          TableName: this.config.tableName,
          Key: keys.originApplicationClaim(consignmentId, form),
          ConditionExpression: 'applicationId = :id',
          ExpressionAttributeValues: { ':id': applicationId },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /**
   * Stores a new application (its claim already held). A keyed application keeps its key and a
   * fingerprint of the request: the same key and request again return the stored application,
   * the same key with another request is an IdempotencyKeyReusedError.
   */
  async create(application: OriginCertificateApplication, options: { idempotencyKey?: string; fingerprint?: string } = {}): Promise<OriginCertificateApplication> {
    try {
      await putNew(this.config, subject(application.id), {
        entity: 'OriginApplication',
        ...this.indexAttributes(application),
        ...application,
        ...(options.idempotencyKey !== undefined && { applicationKey: { key: options.idempotencyKey, fingerprint: options.fingerprint ?? '' } }),
      });
      return application;
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
      const replay = await this.findKeyed(application.id, options);
      if (replay) return replay;
      throw error;
    }
  }

  /**
   * The application a keyed request made before, if `id` is one: undefined when there is none or
   * it was made without this key; an IdempotencyKeyReusedError when the key came with another request.
   */
  async findKeyed(id: string, options: { idempotencyKey?: string; fingerprint?: string }): Promise<OriginCertificateApplication | undefined> {
    const item = await readItem(this.config, keys.originApplication(id));
    const stored = item?.applicationKey as { key: string; fingerprint: string } | undefined;
    if (!item || options.idempotencyKey === undefined || stored?.key !== options.idempotencyKey) return undefined;
    if (stored.fingerprint !== (options.fingerprint ?? '')) {
      throw new IdempotencyKeyReusedError(`Idempotency-Key ${options.idempotencyKey} made application ${id} with another request`, { entity: 'origin-application', id });
    }
    return toApplication(item);
  }

  async find(id: string): Promise<OriginCertificateApplication | undefined> {
    const item = await readItem(this.config, keys.originApplication(id));
    return item ? toApplication(item) : undefined;
  }

  async get(id: string): Promise<OriginCertificateApplication> {
    const application = await this.find(id);
    if (!application) throw new NotFoundError(`application ${id} does not exist`, { entity: 'origin-application', id });
    return application;
  }

  /**
   * One guarded change: only from the statuses given (a ConflictError otherwise), moving the
   * status listing with the status.
   */
  async change(
    id: string,
    change: { from: readonly OriginApplicationStatus[]; status?: OriginApplicationStatus; set?: Partial<Pick<OriginCertificateApplication, 'review' | 'certificate'>> },
  ): Promise<OriginCertificateApplication> {
    const item = await updateGuarded(this.config, subject(id), {
      from: { attribute: 'status', values: change.from },
      set: {
        ...change.set,
        updatedAt: this.config.now().toISOString(),
        ...(change.status !== undefined && { status: change.status, gsi3pk: keys.originApplicationsInStatus(change.status) }),
      },
    });
    return toApplication(item);
  }

  /** Newest first: an enterprise's, a bureau's, or those in a status; `status` narrows the first two. */
  list(listing: ApplicationListing, options: { status?: OriginApplicationStatus; consignmentId?: string } = {}, page: PageRequest = {}): Promise<Page<OriginCertificateApplication>> {
    const filters: Filter[] = [
      ...(options.status !== undefined && !('status' in listing) ? [{ attribute: 'status', equals: options.status }] : []),
      ...(options.consignmentId !== undefined ? [{ attribute: 'consignmentId', equals: options.consignmentId }] : []),
    ];
    const [index, partition] =
      'enterprise' in listing
        ? (['gsi1', keys.originApplicationsOfEnterprise(listing.enterprise)] as const)
        : 'bureau' in listing
          ? (['gsi2', keys.originApplicationsOfBureau(listing.bureau)] as const)
          : (['gsi3', keys.originApplicationsInStatus(listing.status)] as const);
    return queryPage(this.config, { index, partition, filters, forward: false, page, map: toApplication });
  }

  private indexAttributes(application: OriginCertificateApplication) {
    const sk = order(application);
    return {
      gsi1pk: keys.originApplicationsOfEnterprise(application.applicant.enterprise),
      gsi1sk: sk,
      gsi2pk: keys.originApplicationsOfBureau(application.originBureau),
      gsi2sk: sk,
      gsi3pk: keys.originApplicationsInStatus(application.status),
      gsi3sk: sk,
    };
  }
}
