import type { CallerIdentity } from '../../auth/claims.ts';
import type { BureauCode } from '../../domain/codes.ts';
import {
  bureauListing,
  dockingListing,
  dockingPairs,
  mayMaintainEntry,
  maySeeContacts,
  updateEntry,
  type DirectoryEntry,
  type DirectoryUpdate,
} from '../../domain/coordination/directory.ts';
import { BUREAUS, bureauByCode } from '../../domain/reference/bureaus.ts';
import { cooperationGroups } from '../../domain/reference/cooperation-groups.ts';
import { CORRIDORS } from '../../domain/reference/corridors.ts';
import { PORTS } from '../../domain/reference/ports.ts';
import { actorOf } from '../../domain/train.ts';
import { ConflictError } from '../../data/errors.ts';
import { Conflict, NotAllowed } from '../errors.ts';
import { repos } from '../ports.ts';
import { nowIso } from '../../clock.ts';

/**
 * The cooperation directory (408号 四（一）、（二）): the groups and their members, each bureau's
 * responsible division and contacts, and the node-city ↔ port docking pairs with their docking
 * contacts. Every caller reads it; contacts only bureaus and HQ.
 */
export async function directory(caller: CallerIdentity) {
  const groups = cooperationGroups();
  const entries = new Map((await repos().directory.findMany(BUREAUS.map((b) => b.code))).map((e): [BureauCode, DirectoryEntry] => [e.bureau, e]));
  return {
    groups,
    bureaus: BUREAUS.map((bureau) => bureauListing(bureau, groups, entries.get(bureau.code), caller)),
    dockingPairs: dockingPairs(CORRIDORS, PORTS).map((pair) => dockingListing(pair, entries, caller)),
  };
}

/** GET /directory/bureaus/{code}: one bureau's entry and docking pairs; to the bureau itself and HQ, its change history too. */
export async function directoryBureau(code: BureauCode, caller: CallerIdentity) {
  const groups = cooperationGroups();
  const pairs = dockingPairs(CORRIDORS, PORTS).filter((p) => p.nodeBureau === code || p.portBureau === code);
  const entries = new Map((await repos().directory.findMany([code, ...pairs.flatMap((p) => [p.nodeBureau, p.portBureau])])).map((e): [BureauCode, DirectoryEntry] => [e.bureau, e]));
  const audited = maySeeContacts(caller) && mayMaintainEntry(caller, code);
  return {
    ...bureauListing(bureauByCode(code), groups, entries.get(code), caller),
    dockingPairs: pairs.map((pair) => dockingListing(pair, entries, caller)),
    ...(audited && { history: await repos().directory.history(code) }),
  };
}

/**
 * PUT /directory/bureaus/{code}: the bureau itself or HQ writes the entry, from the version it
 * read (0 when there was none); a change made meanwhile is refused (409), not overwritten. Every
 * change leaves a history entry; a PUT that changes nothing writes nothing.
 */
export async function updateDirectoryEntry(code: BureauCode, update: DirectoryUpdate, caller: CallerIdentity): Promise<{ entry: DirectoryEntry; changed: boolean }> {
  if (!mayMaintainEntry(caller, code)) throw new NotAllowed(`bureau ${code} maintains its own directory entry (or HQ does), not ${caller.bureau}`);
  const current = await repos().directory.find(code);
  const version = current?.version ?? 0;
  if (update.version !== version) throw new Conflict(`the directory entry of ${code} is at version ${version}, not ${update.version}: read it again and decide on what it says now`);
  const outcome = updateEntry(code, current, update, { at: nowIso(), by: actorOf(caller) });
  if (outcome.kind === 'unchanged') return { entry: outcome.entry, changed: false };
  try {
    return { entry: await repos().directory.put(outcome.entry, outcome.change, version), changed: true };
  } catch (error) {
    if (error instanceof ConflictError) throw new Conflict(`the directory entry of ${code} was changed meanwhile: read it again`);
    throw error;
  }
}
