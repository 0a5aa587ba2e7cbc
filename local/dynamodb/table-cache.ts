/**
 * dynalite reads a table's description from LevelDB on every item call (`getTable`: a LevelDB get
 * and a JSON parse), a twelfth of the local cloud's main thread under load. This keeps each ACTIVE
 * table's description in memory: every write of the table store (create, update, delete, an index
 * becoming ACTIVE) forgets the table, so the next read goes to LevelDB again. Callers get a copy
 * each, as they got a freshly parsed object before.
 */
type Callback = (error: Error | null, table?: Record<string, unknown>) => void;

export interface TableStore {
  getTable(name: string, checkStatus: boolean | Callback, callback?: Callback): void;
  tableDb: {
    put(key: string, value: unknown, callback: (error?: Error | null) => void): void;
    del(key: string, callback: (error?: Error | null) => void): void;
  };
}

export function cacheTableDescriptions(store: TableStore): void {
  const cached = new Map<string, Record<string, unknown>>();
  const read = store.getTable.bind(store);
  store.getTable = (name, checkStatus, callback) => {
    const done = (typeof checkStatus === 'function' ? checkStatus : callback) as Callback;
    const table = cached.get(name);
    if (table) {
      done(null, structuredClone(table));
      return;
    }
    read(name, checkStatus, (error, found) => {
      if (!error && found?.TableStatus === 'ACTIVE') cached.set(name, structuredClone(found));
      done(error, found);
    });
  };
  const { put, del } = store.tableDb;
  store.tableDb.put = (key, value, cb) => {
    cached.delete(key);
    put.call(store.tableDb, key, value, (error) => {
      cached.delete(key);
      cb(error);
    });
  };
  store.tableDb.del = (key, cb) => {
    cached.delete(key);
    del.call(store.tableDb, key, (error) => {
      cached.delete(key);
      cb(error);
    });
  };
}
