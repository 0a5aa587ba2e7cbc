import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { AwsProtocolService } from '../aws-endpoint.ts';
import { readBody, sendJson, targetPrefix } from '../aws-endpoint.ts';
import { createClock, type Clock } from '../clock.ts';
import { isDynaliteError } from './dynalite-calls.ts';
import { dynamoDbFaultsFromEnvironment, type DynamoDbFaults } from './fault-injection.ts';
import { cacheTableDescriptions, type TableStore } from './table-cache.ts';
import { createTimeToLive, type TimeToLive } from './time-to-live.ts';
import { createTransactions } from './transactions.ts';
import { createWriteGate } from './write-gate.ts';

/**
 * DynamoDB for the local cloud: dynalite (LevelDB on disk, or memory-level) mounted behind the
 * shared AWS endpoint. dynalite only exposes an `http.Server`; we borrow its `request` listener
 * so DynamoDB shares the one endpoint port instead of opening a second one.
 */

const DYNAMODB_TARGET_PREFIX = 'DynamoDB_20120810';

interface DynaliteOptions {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}

/** The slice of dynalite's internal store we use: closing LevelDB without a listening server, and its table reads. */
interface DynaliteStore extends TableStore {
  lifecycleManager?: { gracefulClose(): Promise<void> };
  db: { close(): Promise<void> };
}

interface DynaliteDbModule {
  create(options: DynaliteOptions): DynaliteStore;
}

type DynaliteFactory = (options: DynaliteOptions) => Server;

// dynalite is CommonJS without type declarations; load it through `require` and type the small
// surface we use here instead of declaring the whole module.
const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as DynaliteFactory;
const dynaliteDb = require('dynalite/db/index.js') as DynaliteDbModule;

export interface DynamoDbServiceOptions {
  /**
   * The local cloud's DATA_DIR. Tables are kept under `<dataDir>/dynamodb`. Omitted or
   * `:memory:` keeps everything in memory (tests).
   */
  dataDir?: string;
  /**
   * Injected transient failures (test/faults); by default from `LOCAL_FAULTS=dynamodb:<rate>` and
   * `LOCAL_FAULTS_SEED`, off when unset (see fault-injection.ts).
   */
  faults?: DynamoDbFaults;
  /** Expires items with a time to live (see time-to-live.ts); the wall clock by default. */
  clock?: Clock;
}

export type DynamoDbService = AwsProtocolService & {
  /** Where LevelDB keeps the tables, or `undefined` in memory. */
  readonly path: string | undefined;
  /**
   * The store on disk was not closed when it was last open (the process was killed). dynalite
   * writes an item and its index entries as separate LevelDB writes, so a kill between them can
   * leave an index entry without its item (or with an old copy): the tables' indexes must be
   * rebuilt from the items (`ensureTables(..., { rebuildIndexes })`) before they are read.
   */
  readonly uncleanStop: boolean;
  /** Deletes the items whose time to live has passed now (also done every minute of local time). */
  expireItems: TimeToLive['expireItems'];
  /** Flushes and closes the store; the service must not be used afterwards. */
  close(): Promise<void>;
};

const OPEN_MARKER = 'OPEN';

/** What dynalite itself serves; every other operation is answered here or named as unsupported. */
const DYNALITE_OPERATIONS = new Set([
  'BatchGetItem', 'BatchWriteItem', 'CreateTable', 'DeleteItem', 'DeleteTable', 'DescribeTable', 'GetItem', 'ListTables',
  'PutItem', 'Query', 'Scan', 'TagResource', 'UntagResource', 'ListTagsOfResource', 'UpdateItem', 'UpdateTable',
]);
/**
 * Item operations a transaction must not interleave with (see write-gate.ts). Query and Scan too:
 * AWS gives them read-committed isolation, and a transaction's writes may yet be put back.
 */
const GATED_OPERATIONS = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'GetItem', 'BatchGetItem', 'Query', 'Scan']);

export function dynamoDbPath(dataDir: string | undefined): string | undefined {
  return dataDir === undefined || dataDir === ':memory:' ? undefined : join(dataDir, 'dynamodb');
}

/**
 * dynalite's own `server.close()` refuses to run on a server that never listened, and then
 * leaves LevelDB open (and its LOCK held, so a reopen in the same process fails). The store is
 * not exposed, so capture it while dynalite creates it: `dynalite()` calls `db.create`
 * synchronously, and the patch is undone before anything else can run.
 */
function createDynalite(options: DynaliteOptions): { server: Server; store: DynaliteStore } {
  const originalCreate = dynaliteDb.create;
  let store: DynaliteStore | undefined;
  dynaliteDb.create = (opts) => (store = originalCreate(opts));
  try {
    const server = dynalite(options);
    if (!store) throw new Error('dynalite did not create its store through db.create');
    cacheTableDescriptions(store);
    return { server, store };
  } finally {
    dynaliteDb.create = originalCreate;
  }
}

export async function createDynamoDbService(options: DynamoDbServiceOptions = {}): Promise<DynamoDbService> {
  const path = dynamoDbPath(options.dataDir);
  if (path) await mkdir(path, { recursive: true });
  // Present while the store is open; still there at the next open means the last one was killed.
  const openMarker = path && join(path, OPEN_MARKER);
  const uncleanStop = openMarker ? await access(openMarker).then(() => true, () => false) : false;
  if (openMarker) await writeFile(openMarker, String(process.pid));

  // Tables become ACTIVE at once: the CREATING delay only slows tests and start-up.
  const { server, store } = createDynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const listener = server.listeners('request')[0] as RequestListener | undefined;
  if (!listener) throw new Error('dynalite exposes no request listener');

  let closed: Promise<void> | undefined;
  const faults = options.faults ?? dynamoDbFaultsFromEnvironment();
  const clock = options.clock ?? createClock();
  const gate = createWriteGate();
  const transactions = createTransactions({ store, gate, clock });
  const timeToLive = createTimeToLive({ store, gate, clock, file: path && join(path, 'time-to-live.json') });
  const ownOperations: Record<string, (request: Record<string, unknown>) => Promise<unknown>> = {
    TransactWriteItems: transactions.transactWriteItems,
    TransactGetItems: transactions.transactGetItems,
    UpdateTimeToLive: timeToLive.updateTimeToLive,
    DescribeTimeToLive: timeToLive.describeTimeToLive,
  };

  return {
    name: 'dynamodb',
    path,
    uncleanStop,
    accepts: (req: IncomingMessage) => targetPrefix(req) === DYNAMODB_TARGET_PREFIX,
    expireItems: timeToLive.expireItems,
    async handle(req: IncomingMessage, res: ServerResponse) {
      const operation = String(req.headers['x-amz-target'] ?? '').slice(DYNAMODB_TARGET_PREFIX.length + 1);
      if (faults) {
        if (faults.pick(operation)) {
          faults.fail(req, res, operation);
          return;
        }
      }
      const own = ownOperations[operation];
      if (own || !DYNALITE_OPERATIONS.has(operation)) {
        await answer(req, res, operation, own);
        return;
      }
      if (GATED_OPERATIONS.has(operation)) {
        const release = await gate.shared();
        res.on('close', release);
      }
      // dynalite consumes the body itself through 'data'/'end' events, so the endpoint must hand
      // the stream over unread.
      listener.call(server, req, res);
      // dynalite rethrows request stream errors from an event handler, which would crash the
      // whole local cloud when a client disconnects mid-request; drop the connection instead.
      req.removeAllListeners('error');
      req.on('error', () => res.destroy());
    },
    close() {
      closed ??= timeToLive
        .close()
        .then(() => (store.lifecycleManager ? store.lifecycleManager.gracefulClose() : store.db.close()))
        .then(async () => {
          if (openMarker) await rm(openMarker, { force: true });
        });
      return closed;
    },
  };
}

/** Serves an operation implemented here, or names one nobody implements. */
async function answer(req: IncomingMessage, res: ServerResponse, operation: string, own: ((request: Record<string, unknown>) => Promise<unknown>) | undefined): Promise<void> {
  const body = await readBody(req);
  if (!own) {
    sendJson(res, 400, {
      __type: 'com.amazon.coral.service#UnknownOperationException',
      message: `The local DynamoDB does not support the operation ${operation || '(none)'}`,
    });
    return;
  }
  let request: Record<string, unknown>;
  try {
    request = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
  } catch {
    sendJson(res, 400, { __type: 'com.amazon.coral.service#SerializationException' });
    return;
  }
  try {
    sendJson(res, 200, await own(request));
  } catch (error) {
    if (!isDynaliteError(error)) throw error;
    sendJson(res, error.statusCode, error.body);
  }
}
