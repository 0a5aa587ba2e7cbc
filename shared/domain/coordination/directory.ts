import { z } from 'zod';
import type { Caller } from '../access.ts';
import type { Bureau } from '../bureau.ts';
import { bureauCodeSchema, PORT_CODES, portCodeSchema, type BureauCode, type PortCode } from '../codes.ts';
import type { CooperationGroup } from '../cooperation-group.ts';
import type { Corridor } from '../corridor.ts';
import { MAX_DIRECTORY_CONTACTS, MAX_DIRECTORY_NAME_LENGTH, MAX_EMAIL_LENGTH, MAX_PHONE_LENGTH, tooLong, tooMany } from '../limits.ts';
import type { Port } from '../port.ts';
import { bilingual, type LocalisedText } from '../text.ts';
import type { Actor } from '../train.ts';
import { distinct, text, versionReadSchema } from './fields.ts';

/**
 * The cooperation directory (408号 四（二）): each bureau of a regional cooperation group names
 * its responsible division and contact persons (分管业务处室及联系人), and node cities dock with
 * the port bureaus (节点城市与口岸检验检疫机构的对接机制). The groups, their members and the
 * docking pairs follow from the reference data (ports and corridors); the division and contacts
 * are what each bureau, or HQ, maintains. Contact persons are personal data: declarants never see
 * them.
 */
const name = (zh: string, en: string) => text(zh, en, MAX_DIRECTORY_NAME_LENGTH);

export const contactSchema = z.strictObject({
  name: name('联系人姓名', 'name'),
  /** Job title (职务), e.g. 通关处副处长. */
  title: name('职务', 'title').optional(),
  phone: z
    .string({ error: bilingual('电话须为字符串', 'phone must be a string') })
    .trim()
    .max(MAX_PHONE_LENGTH, { error: tooLong('电话', 'phone', MAX_PHONE_LENGTH), abort: true })
    .regex(/^\+?[0-9][0-9 ()-]{3,}[0-9](?: ?(?:转|ext\.?|x) ?[0-9]{1,6})?$/i, {
      error: bilingual('电话为数字，可含 +、空格、括号、连字符和分机号', 'phone is digits with an optional +, spaces, brackets, hyphens and an extension'),
    }),
  email: z
    .string({ error: bilingual('电子邮箱须为字符串', 'email must be a string') })
    .trim()
    .max(MAX_EMAIL_LENGTH, { error: tooLong('电子邮箱', 'email', MAX_EMAIL_LENGTH), abort: true })
    .pipe(z.email({ error: bilingual('电子邮箱格式不正确', 'email is not an e-mail address') }))
    .optional(),
  /** The ports this person is the docking contact for (对接口岸): a node city's contact names its trains' ports. */
  dockingPorts: z
    .array(portCodeSchema, { error: bilingual('对接口岸须为数组', 'dockingPorts must be an array') })
    .max(PORT_CODES.length, { error: tooMany('对接口岸', 'docking ports', PORT_CODES.length) })
    .refine(distinct, { error: bilingual('对接口岸有重复', 'dockingPorts repeats a port') })
    .optional(),
});
export type Contact = z.infer<typeof contactSchema>;

export const divisionSchema = z.strictObject({
  zh: name('分管业务处室', 'division (zh)'),
  en: name('分管业务处室（英文）', 'division (en)').optional(),
});
export type Division = z.infer<typeof divisionSchema>;

/** `{code}` of the `/directory/bureaus/{code}` routes. */
export const directoryBureauParamsSchema = z.object({ code: bureauCodeSchema });

/** PUT /directory/bureaus/{code}: the whole entry, from the version read (0 for a bureau that never maintained one). */
export const directoryUpdateSchema = z.strictObject({
  version: versionReadSchema,
  division: divisionSchema,
  contacts: z
    .array(contactSchema, { error: bilingual('联系人须为数组', 'contacts must be an array') })
    .min(1, { error: bilingual('至少一名联系人', 'name at least one contact') })
    .max(MAX_DIRECTORY_CONTACTS, { error: tooMany('联系人', 'contacts', MAX_DIRECTORY_CONTACTS) }),
});
export type DirectoryUpdate = z.infer<typeof directoryUpdateSchema>;

export interface DirectoryEntry {
  bureau: BureauCode;
  division: Division;
  contacts: Contact[];
  updatedAt: string;
  updatedBy: Actor;
  /** Optimistic lock: 1 for the first entry, one more per change; the history has one entry per version. */
  version: number;
}

/** One entry of a bureau's directory history: who changed what, from what, when. */
export interface DirectoryChange {
  version: number;
  at: string;
  by: Actor;
  changes: Partial<Record<'division' | 'contacts', { from?: unknown; to: unknown }>>;
}

/** Maintaining an entry: the bureau itself (an officer of it), or HQ for any bureau. */
export const mayMaintainEntry = (caller: Caller, bureau: BureauCode): boolean => caller.role === 'hq' || (caller.role === 'officer' && caller.bureau === bureau);

/** Contacts, who maintained the entry and its history are for bureaus and HQ, not for enterprises. */
export const maySeeContacts = (caller: Caller): boolean => caller.role !== 'declarant';

export type UpdateOutcome = { kind: 'unchanged'; entry: DirectoryEntry } | { kind: 'changed'; entry: DirectoryEntry; change: DirectoryChange };

/** The entry after an update to the one read (`current` undefined: version 0); a PUT that changes nothing writes nothing. */
export function updateEntry(bureau: BureauCode, current: DirectoryEntry | undefined, update: DirectoryUpdate, meta: { at: string; by: Actor }): UpdateOutcome {
  const changes: DirectoryChange['changes'] = {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(current?.division, update.division)) changes.division = { ...(current && { from: current.division }), to: update.division };
  if (!same(current?.contacts, update.contacts)) changes.contacts = { ...(current && { from: current.contacts }), to: update.contacts };
  if (current && Object.keys(changes).length === 0) return { kind: 'unchanged', entry: current };
  const version = (current?.version ?? 0) + 1;
  const entry: DirectoryEntry = { bureau, division: update.division, contacts: update.contacts, updatedAt: meta.at, updatedBy: meta.by, version };
  return { kind: 'changed', entry, change: { version, at: meta.at, by: meta.by, changes } };
}

/** A node city docking with a port (对接机制): the corridors that join them, and the two bureaus. */
export interface DockingPair {
  nodeCity: LocalisedText;
  nodeBureau: BureauCode;
  port: PortCode;
  portName: LocalisedText;
  portBureau: BureauCode;
  corridors: string[];
}

/** Every (node city, port) that a corridor joins, in corridor order; a node city served through two ports docks with both. */
export function dockingPairs(corridors: readonly Corridor[], ports: readonly Port[]): DockingPair[] {
  const pairs = new Map<string, DockingPair>();
  for (const corridor of corridors) {
    for (const code of corridor.ports) {
      const port = ports.find((p) => p.code === code);
      if (!port) continue;
      const key = `${corridor.originBureau}|${corridor.originCity.zh}|${code}`;
      const pair = pairs.get(key);
      if (pair) pair.corridors.push(corridor.id);
      else pairs.set(key, { nodeCity: corridor.originCity, nodeBureau: corridor.originBureau, port: code, portName: port.name, portBureau: port.bureau, corridors: [corridor.id] });
    }
  }
  return [...pairs.values()];
}

/** A bureau as the directory shows it: reference data, its groups, and (for bureaus and HQ) its division and contacts. */
export function bureauListing(bureau: Bureau, groups: readonly CooperationGroup[], entry: DirectoryEntry | undefined, caller: Caller) {
  return {
    code: bureau.code,
    name: bureau.name,
    shortName: bureau.shortName,
    seat: bureau.seat,
    lead: bureau.lead,
    groups: groups.filter((g) => g.members.includes(bureau.code)).map((g) => g.id),
    ...(entry && { division: entry.division }),
    ...(entry && maySeeContacts(caller) && { contacts: entry.contacts, updatedAt: entry.updatedAt, updatedBy: entry.updatedBy }),
    version: entry?.version ?? 0,
  };
}

/** A docking pair with the two sides' docking contacts (those who name the port, or name no port), for bureaus and HQ. */
export function dockingListing(pair: DockingPair, entries: ReadonlyMap<BureauCode, DirectoryEntry>, caller: Caller) {
  if (!maySeeContacts(caller)) return pair;
  const docking = (bureau: BureauCode) => (entries.get(bureau)?.contacts ?? []).filter((c) => c.dockingPorts === undefined || c.dockingPorts.includes(pair.port));
  return { ...pair, contacts: { node: docking(pair.nodeBureau), port: docking(pair.portBureau) } };
}
