import type { Bureau } from '../bureau.ts';
import type { BureauCode, PortCode } from '../codes.ts';
import type { CooperationGroup } from '../cooperation-group.ts';
import type { Corridor } from '../corridor.ts';
import type { Port } from '../port.ts';
import { BUREAUS, bureauByCode } from './bureaus.ts';
import { CORRIDORS } from './corridors.ts';
import { PORTS } from './ports.ts';

/**
 * Cooperation groups are not data of their own: 408号 四（一） sets them up "according to the
 * routes of the trains", one per port bureau (Inner Mongolia, Xinjiang), joined by every bureau
 * whose trains use one of that bureau's ports. Deriving them keeps a new corridor or bureau a
 * pure data change.
 */
export function cooperationGroups(
  data: { bureaus?: readonly Bureau[]; ports?: readonly Port[]; corridors?: readonly Corridor[] } = {},
): CooperationGroup[] {
  const bureaus = data.bureaus ?? BUREAUS;
  const ports = data.ports ?? PORTS;
  const corridors = data.corridors ?? CORRIDORS;
  const leads = [...new Set(ports.map((p) => p.bureau))];
  return leads.map((lead) => {
    const groupPorts = ports.filter((p) => p.bureau === lead).map((p) => p.code);
    const users = new Set(
      corridors.filter((c) => c.ports.some((p) => groupPorts.includes(p))).map((c) => c.originBureau),
    );
    const members = [lead, ...bureaus.map((b) => b.code).filter((code) => code !== lead && users.has(code))];
    const leadBureau = bureaus.find((b) => b.code === lead) ?? bureauByCode(lead);
    return {
      id: `group-${lead}`,
      name: {
        zh: `${leadBureau.shortName.zh}牵头中欧班列检验检疫区域合作组`,
        en: `China–Europe train inspection cooperation group led by ${leadBureau.shortName.en}`,
      },
      leadBureau: lead,
      ports: groupPorts,
      members,
    };
  });
}

export function cooperationGroupsOfBureau(bureau: BureauCode): CooperationGroup[] {
  return cooperationGroups().filter((g) => g.members.includes(bureau));
}

export function cooperationGroupForPort(port: PortCode): CooperationGroup {
  const group = cooperationGroups().find((g) => g.ports.includes(port));
  // Every port belongs to the group of its own bureau by construction.
  if (!group) throw new Error(`no cooperation group for port ${port}`);
  return group;
}
