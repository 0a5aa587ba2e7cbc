import type { BureauCode, PermitKind, PortCode } from '#shared/domain/codes.ts';
import type { ConsignmentFilingInput } from '#shared/domain/consignment.ts';
import type { PermitIssue } from '#shared/domain/permits/permit.ts';
import { permitRequirements } from '#shared/domain/permits/permit-requirements.ts';
import type { UnitCode } from '#shared/domain/validators/quantity.ts';

/**
 * The permits the simulated enterprises hold (408号 三（六）). Goods that need a quarantine permit
 * or a special-item approval (frozen meat, wheat...) are filed citing one: one permit per
 * enterprise, product (HS heading) and kind, registered by the enterprise's bureau before the day
 * starts, for exactly the quantity its filings of the day cite. So the write-offs of the day use
 * every permit up, less what rejections return.
 */
export interface PlannedPermit {
  /** The bureau that registers it: the holder's own. */
  bureau: BureauCode;
  number: string;
  kind: PermitKind;
  holder: { creditCode: string; name: string };
  hsHeading: string;
  originCountries: string[];
  ports: PortCode[];
  unit: UnitCode;
  quantity: number;
}

type Entry = Omit<PlannedPermit, 'originCountries' | 'ports'> & { originCountries: Set<string>; ports: Set<PortCode> };

export class PermitBook {
  private readonly permits = new Map<string, Entry>();

  /** `tag` keeps numbers apart between runs against one running system. */
  constructor(private readonly tag?: string) {}

  /** The filing with a citation for every goods line that needs a permit, each written in the book. */
  cite<F extends ConsignmentFilingInput>(filing: F, holder: { creditCode: string; name: string; bureau: BureauCode }): F {
    const goods = filing.goods ?? [];
    const needed = permitRequirements({ direction: filing.direction, goods: goods.map((g) => ({ hsCode: g.hsCode, categories: g.categories ?? [] })) });
    if (needed.length === 0) return filing;
    const permits = needed.map(({ goodsLine, kind }) => {
      const line = goods[goodsLine]!;
      const heading = line.hsCode.slice(0, 4);
      const number = `SIM-${kind === 'special-item-health' ? 'T' : 'P'}${heading}-${holder.creditCode.slice(-8)}${this.tag ? `-${this.tag}` : ''}`;
      const permit: Entry = this.permits.get(number) ?? {
        bureau: holder.bureau,
        number,
        kind,
        holder: { creditCode: holder.creditCode, name: holder.name },
        hsHeading: heading,
        originCountries: new Set<string>(),
        ports: new Set<PortCode>(),
        unit: line.unit as UnitCode,
        quantity: 0,
      };
      permit.originCountries.add(filing.direction === 'import' ? line.originCountry : filing.consignee.country);
      permit.ports.add(filing.portCode as PortCode);
      permit.quantity = Math.round((permit.quantity + line.quantity) * 1e6) / 1e6;
      this.permits.set(number, permit);
      return { number, kind, quantity: line.quantity, unit: line.unit, goodsLine };
    });
    return { ...filing, permits: [...(filing.permits ?? []), ...permits] } as F;
  }

  list(): PlannedPermit[] {
    return [...this.permits.values()].map((p) => ({ ...p, originCountries: [...p.originCountries].sort(), ports: [...p.ports].sort() }));
  }
}

/** The POST /permits body: valid from a day before `now` for a year (filing times are wall-clock). */
export function permitBody(permit: PlannedPermit, now: number = Date.now()): PermitIssue {
  const from = now - 24 * 3600_000;
  return {
    number: permit.number,
    kind: permit.kind,
    holder: permit.holder,
    product: { description: `goods of heading ${permit.hsHeading} / 税目 ${permit.hsHeading} 货物`, hsCodes: [permit.hsHeading] },
    originCountries: permit.originCountries,
    ports: permit.ports,
    quantity: permit.quantity,
    unit: permit.unit,
    validFrom: new Date(from).toISOString(),
    validUntil: new Date(from + 365 * 24 * 3600_000).toISOString(),
  };
}
