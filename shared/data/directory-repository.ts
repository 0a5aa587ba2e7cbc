import type { BureauCode } from '../domain/codes.ts';
import type { DirectoryChange, DirectoryEntry } from '../domain/coordination/directory.ts';
import { readChangeHistory } from './change-history.ts';
import { dataConfig, type DataConfig } from './config.ts';
import { AlreadyExistsError, ConflictError } from './errors.ts';
import { putNew, readItem, updateGuarded } from './guarded-write.ts';
import { withoutKeys } from './items.ts';
import { putOnce, readMany } from './keyed-items.ts';
import { keys } from './keys.ts';

const subject = (bureau: string) => ({ entity: 'directory entry', id: bureau, key: keys.directoryEntry(bureau) });
/** `lastChange` is the history entry of the current version, kept until its copy is sure (below). */
const toEntry = (item: Record<string, unknown>) => withoutKeys(item, ['lastChange']) as unknown as DirectoryEntry;
const toChange = (item: Record<string, unknown>) => withoutKeys(item, ['bureau']) as unknown as DirectoryChange;

/**
 * The cooperation directory's entries: one item per bureau that maintains one (`BUREAU#<code>` /
 * `DIRECTORY`), changed only from the version its editor read. As the register of recognised
 * bodies does, each write keeps its history entry on the item (`lastChange`) and then copies it
 * to `DIRECTORY-CHANGE#<version>`; the next write copies the one it replaces, so a crash between
 * the two writes loses no entry.
 */
export class DirectoryRepository {
  constructor(private readonly config: DataConfig = dataConfig()) {}

  async find(bureau: BureauCode): Promise<DirectoryEntry | undefined> {
    const item = await readItem(this.config, keys.directoryEntry(bureau));
    return item ? toEntry(item) : undefined;
  }

  /** The entries of these bureaus that exist (BatchGetItem, consistent). */
  async findMany(bureaus: readonly BureauCode[]): Promise<DirectoryEntry[]> {
    return (await readMany(this.config, [...new Set(bureaus)].map((b) => keys.directoryEntry(b)))).map(toEntry);
  }

  /**
   * Writes the entry at `entry.version` over the one at `expectedVersion` (0: there was none). A
   * ConflictError when someone else wrote first.
   */
  async put(entry: DirectoryEntry, change: DirectoryChange, expectedVersion: number): Promise<DirectoryEntry> {
    if (entry.version !== expectedVersion + 1 || change.version !== entry.version) throw new RangeError('a directory change moves the version on by one');
    if (expectedVersion === 0) {
      try {
        await putNew(this.config, subject(entry.bureau), { entity: 'DirectoryEntry', ...entry, lastChange: change });
      } catch (error) {
        if (error instanceof AlreadyExistsError) throw new ConflictError(`the directory entry of ${entry.bureau} was written meanwhile`, { entity: 'directory entry', id: entry.bureau, expectedVersion });
        throw error;
      }
      await this.copyChange(entry.bureau, change);
      return entry;
    }
    const before = await readItem(this.config, keys.directoryEntry(entry.bureau));
    const { bureau: _bureau, version: _version, ...fields } = entry;
    const item = await updateGuarded(this.config, subject(entry.bureau), { expectedVersion, set: { ...fields, lastChange: change } });
    // The write succeeded at the version read, so `before` held that version's entry.
    const previous = before?.lastChange as DirectoryChange | undefined;
    if (previous && before?.version === expectedVersion) await this.copyChange(entry.bureau, previous);
    await this.copyChange(entry.bureau, change);
    return toEntry(item);
  }

  /** Every change of a bureau's entry, oldest first, including one whose copy a crash kept back. */
  history(bureau: BureauCode): Promise<DirectoryChange[]> {
    return readChangeHistory(this.config, keys.directoryEntry(bureau), keys.directoryChangePrefix, toChange);
  }

  private copyChange(bureau: BureauCode, change: DirectoryChange): Promise<void> {
    return putOnce(this.config, { ...keys.directoryChange(bureau, change.version), entity: 'DirectoryChange', bureau, ...change });
  }
}
