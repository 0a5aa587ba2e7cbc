import type { CallerIdentity } from '../../auth/claims.ts';
import { AlreadyExistsError } from '../../data/errors.ts';
import type { RegisterRepository } from '../../data/register-repository.ts';
import { retryOnConflict } from '../../data/retry-on-conflict.ts';
import type { EntryChange, EntryChangeOutcome, EntryMeta } from '../../domain/market-access/register-entry.ts';
import { publicEntry } from '../../domain/market-access/register-entry.ts';
import { actorOf, type Actor } from '../../domain/train.ts';
import { Conflict, InvalidInput, NotAllowed, NotFound } from '../errors.ts';
import { nowIso } from '../../clock.ts';

/**
 * The change, withdrawal and reading of a register entry, the same for every register of
 * 408号 三（三）、（五）: from the version read (a change made meanwhile is refused, not overwritten),
 * a withdrawn entry is not changed again, the history is shown to those who keep the register.
 * `seed` gives the shipped entry of an id nobody has written yet (version 0).
 */
export interface RegisterOps<Entry extends EntryMeta, Field extends string> {
  what: string;
  repository: RegisterRepository<Entry, EntryChange<Field>>;
  seed?: (id: string) => Entry | undefined;
}

/** The registers HQ keeps (market access, designated sites): bureaus and enterprises only read them. */
export function refuseUnlessHq(caller: CallerIdentity, action: string, register: string): void {
  if (caller.role !== 'hq') throw new NotAllowed(`only HQ may ${action} ${register}`);
}

/** A new entry; an id already taken (by a withdrawn entry too) is a conflict, since ids are never reused. */
export async function createRegisterEntry<Entry extends EntryMeta, Field extends string>(
  ops: RegisterOps<Entry, Field>,
  registered: { entry: Entry; change: EntryChange<Field> },
): Promise<Entry> {
  try {
    return await ops.repository.create(registered.entry, registered.change);
  } catch (error) {
    if (error instanceof AlreadyExistsError) throw new Conflict(`${ops.what} ${registered.entry.id} already exists; ids are never reused`);
    throw error;
  }
}

export async function currentEntry<Entry extends EntryMeta, Field extends string>(ops: RegisterOps<Entry, Field>, id: string): Promise<Entry> {
  const entry = (await ops.repository.find(id)) ?? ops.seed?.(id);
  if (!entry) throw new NotFound(`${ops.what} ${id} does not exist`);
  if (entry.status === 'withdrawn') throw new Conflict(`${ops.what} ${id} was withdrawn on ${entry.withdrawal?.at ?? 'an earlier date'}; a withdrawn entry is not changed`);
  return entry;
}

function refuseStale(what: string, entry: EntryMeta, version: number | undefined): void {
  if (version !== undefined && version !== entry.version) {
    throw new Conflict(`${what} ${entry.id} is at version ${entry.version}, not ${version}: read it again and decide on what it says now`);
  }
}

export async function changeRegisterEntry<Entry extends EntryMeta, Field extends string, Request extends { version: number }>(
  ops: RegisterOps<Entry, Field>,
  id: string,
  request: Request,
  caller: CallerIdentity,
  change: (current: Entry, request: Request, meta: { at: string; by: Actor }) => EntryChangeOutcome<Entry, Field>,
  authorise: (entry: Entry) => void = () => {},
): Promise<Entry> {
  const entry = await currentEntry(ops, id);
  authorise(entry);
  refuseStale(ops.what, entry, request.version);
  const outcome = change(entry, request, { at: nowIso(), by: actorOf(caller) });
  if (outcome.kind === 'invalid') throw new InvalidInput(outcome.problems);
  if (outcome.kind === 'unchanged') return entry;
  return ops.repository.put(outcome.entry, outcome.change, entry.version, entry.version === 0 ? undefined : { attribute: 'status', values: ['active'] });
}

/** Without a version the withdrawal applies to the entry as it is, re-read after a lost race. */
export async function withdrawRegisterEntry<Entry extends EntryMeta, Field extends string>(
  ops: RegisterOps<Entry, Field>,
  id: string,
  request: { reason: string; version?: number | undefined },
  caller: CallerIdentity,
  withdraw: (current: Entry, reason: string, meta: { at: string; by: Actor }) => { entry: Entry; change: EntryChange<Field> },
  authorise: (entry: Entry) => void = () => {},
): Promise<Entry> {
  const attempt = async () => {
    const entry = await currentEntry(ops, id);
    authorise(entry);
    refuseStale(ops.what, entry, request.version);
    const withdrawn = withdraw(entry, request.reason, { at: nowIso(), by: actorOf(caller) });
    return ops.repository.put(withdrawn.entry, withdrawn.change, entry.version, entry.version === 0 ? undefined : { attribute: 'status', values: ['active'] });
  };
  return request.version !== undefined ? attempt() : retryOnConflict(attempt, 3);
}

/** One entry; with its audit history for those who keep the register. */
export async function entryDetail<Entry extends EntryMeta, Field extends string>(ops: RegisterOps<Entry, Field>, id: string, keeper: boolean) {
  const entry = (await ops.repository.find(id)) ?? ops.seed?.(id);
  if (!entry) throw new NotFound(`${ops.what} ${id} does not exist`);
  if (!keeper) return publicEntry(entry);
  return { ...entry, history: entry.version === 0 ? [] : await ops.repository.history(id) };
}

export const shownTo = <Entry extends EntryMeta>(entry: Entry, keeper: boolean) => (keeper ? entry : publicEntry(entry));
