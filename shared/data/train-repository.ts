import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PortCode } from '../domain/codes.ts';
import { beijingDay } from '../domain/trains/train-registration.ts';
import type { Train, TrainStatus } from '../domain/train.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { NotFoundError, isConditionalCheckFailed } from './errors.ts';
import { putNew, readItem, updateGuarded } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { keys, sortableTime } from './keys.ts';
import type { Page, PageRequest } from './pagination.ts';
import { queryPage, timeRangeCondition, type TimeRange } from './query.ts';

function indexAttributes(train: Pick<Train, 'id' | 'portCode' | 'inlandBureau' | 'plannedBorderCrossing'>) {
  const order = `${sortableTime(train.plannedBorderCrossing)}#${train.id}`;
  return {
    gsi1pk: keys.trainsByPort(train.portCode),
    gsi1sk: order,
    // Bucketed by the day at the border in Beijing time, the day officers plan by.
    gsi2pk: keys.trainsByDate(beijingDay(train.plannedBorderCrossing)),
    gsi2sk: order,
    // Sparse: a run registered without a corridor or inland bureau is only found by port and day.
    ...(train.inlandBureau !== undefined && { gsi3pk: keys.trainsOfInlandBureau(train.inlandBureau), gsi3sk: order }),
  };
}

const subject = (id: string) => ({ entity: 'train', id, key: keys.train(id) });
const toTrain = (item: Record<string, unknown>) => withoutKeys(item) as unknown as Train;

export interface TrainChange {
  expectedVersion: number;
  from?: TrainStatus | readonly TrainStatus[];
  status?: TrainStatus;
  set?: Partial<Omit<Train, 'id' | 'version' | 'status'>>;
  remove?: ReadonlyArray<keyof Train>;
}

export class TrainRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  async create(train: Train): Promise<Train> {
    if (train.version !== 1) throw new RangeError(`a new train starts at version 1, got ${train.version}`);
    await putNew(this.config, subject(train.id), { entity: 'Train', ...indexAttributes(train), ...train });
    return train;
  }

  async find(id: string): Promise<Train | undefined> {
    const item = await readItem(this.config, keys.train(id));
    return item ? toTrain(item) : undefined;
  }

  async get(id: string): Promise<Train> {
    const train = await this.find(id);
    if (!train) throw new NotFoundError(`train ${id} does not exist`, { entity: 'train', id });
    return train;
  }

  /**
   * Books a consignment's containers on the train: one conditional update of the train's `load`
   * and its running total `booked`, which leaves the train's version alone (bookings need not
   * race with the run's changes of the train). At most `capacity` containers in all. True when
   * booked now or before; false when the train has no room for them.
   */
  async book(train: Pick<Train, 'id' | 'load'>, consignmentId: string, containers: number, capacity: number): Promise<boolean> {
    const trainId = train.id;
    const names = { '#load': 'load', '#booked': 'booked', '#id': consignmentId };
    // A train read without a load (one that nobody booked yet) gets an empty one first; idempotent.
    if (train.load === undefined) {
      await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: keys.train(trainId),
          UpdateExpression: 'SET #load = if_not_exists(#load, :empty), #booked = if_not_exists(#booked, :zero)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#load': 'load', '#booked': 'booked' },
          ExpressionAttributeValues: { ':empty': {}, ':zero': 0 },
        }),
      );
    }
    try {
      await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: keys.train(trainId),
          UpdateExpression: 'SET #load.#id = :booking ADD #booked :containers',
          ConditionExpression: 'attribute_not_exists(#load.#id) AND #booked <= :room',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':booking': { containers, at: this.config.now().toISOString() }, ':containers': containers, ':room': capacity - containers },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return (await this.get(trainId)).load?.[consignmentId] !== undefined;
    }
  }

  /** Gives up a consignment's booking; one already gone is fine. */
  async unbook(trainId: string, consignmentId: string): Promise<void> {
    const booking = (await this.find(trainId))?.load?.[consignmentId];
    if (!booking) return;
    try {
      await this.config.client.send(
        new UpdateCommand({
          TableName: this.config.tableName,
          Key: keys.train(trainId),
          UpdateExpression: 'REMOVE #load.#id ADD #booked :released',
          ConditionExpression: 'attribute_exists(#load.#id)',
          ExpressionAttributeNames: { '#load': 'load', '#booked': 'booked', '#id': consignmentId },
          ExpressionAttributeValues: { ':released': -booking.containers },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /** Version-guarded (and optionally status-guarded) change; moving the schedule moves the index entries. */
  async change(id: string, change: TrainChange): Promise<Train> {
    const set: Record<string, unknown> = { ...change.set };
    if (change.status !== undefined) set.status = change.status;
    if (change.set?.plannedBorderCrossing !== undefined || change.set?.portCode !== undefined || change.set?.inlandBureau !== undefined) {
      const current = await this.get(id);
      Object.assign(set, indexAttributes({ ...current, ...change.set }));
    }
    const from = change.from === undefined ? undefined : typeof change.from === 'string' ? [change.from] : change.from;
    const item = await updateGuarded(this.config, subject(id), {
      expectedVersion: change.expectedVersion,
      ...(from && { from: { attribute: 'status', values: from } }),
      set,
      ...(change.remove && { remove: change.remove }),
    });
    return toTrain(item);
  }

  /** Trains due at a port, earliest first, optionally within a time range. */
  listByPort(port: PortCode, range: TimeRange = {}, page: PageRequest = {}): Promise<Page<Train>> {
    return queryPage(this.config, { index: 'gsi1', partition: keys.trainsByPort(port), sort: timeRangeCondition(range), page, map: toTrain });
  }

  /** Trains due at the border on one day (YYYY-MM-DD, Beijing time), at every port, earliest first. */
  listByDay(day: string, options: { port?: PortCode } = {}, page: PageRequest = {}): Promise<Page<Train>> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`day must be YYYY-MM-DD, got ${day}`);
    return queryPage(this.config, {
      index: 'gsi2',
      partition: keys.trainsByDate(day),
      filters: options.port !== undefined ? [{ attribute: 'portCode', equals: options.port }] : [],
      page,
      map: toTrain,
    });
  }
}
