import type { Disposal } from '../lifecycle-records.ts';
import type { LocalisedText } from '../text.ts';
import { DISPOSAL_LABELS, stageLabel } from './labels.ts';
import type { OriginForm } from '../origin/origin-forms.ts';
import { ORIGIN_CERTIFICATION } from './origin-certification.ts';

const NOTICE = '国质检通〔2016〕408号';

/**
 * The decisive reason a certificate gives first, before the inspection plan's reasons. Codes
 * are stable like the plan's (shared/domain/reason-codes.ts) and never reuse one of those.
 */
export const DECISION_CODES = [
  'IMPORT_RELEASED',
  'EXPORT_RELEASED_DIRECT',
  'EXPORT_RELEASED_PORT_EXCHANGE',
  'NONCONFORMITY_TREATMENT',
  'NONCONFORMITY_RETURN',
  'NONCONFORMITY_DESTROY',
  'ORIGIN_CERTIFIED',
] as const;
export type DecisionCode = (typeof DECISION_CODES)[number];

/** A reason as a certificate carries it: the plan's shape, with the code as written. */
export interface CertificateReason {
  code: string;
  rule?: string;
  text: LocalisedText;
  goodsLines?: number[];
  refs?: string[];
}

export type ClearanceRoute = 'direct-release' | 'port-exchange';

const NONCONFORMITY_CODE: Readonly<Record<Disposal, DecisionCode>> = {
  treatment: 'NONCONFORMITY_TREATMENT',
  return: 'NONCONFORMITY_RETURN',
  destroy: 'NONCONFORMITY_DESTROY',
};

export function importReleased(bureau: LocalisedText): CertificateReason {
  return {
    code: 'IMPORT_RELEASED',
    rule: `${NOTICE} 三（一）`,
    text: {
      zh: `目的地检验检疫机构（${bureau.zh}）检验检疫合格，准予放行`,
      en: `the destination bureau (${bureau.en}) found the goods conforming and released them`,
    },
  };
}

export function exportReleased(bureau: LocalisedText, route: ClearanceRoute): CertificateReason {
  return route === 'direct-release'
    ? {
        code: 'EXPORT_RELEASED_DIRECT',
        rule: `${NOTICE} 三（一）`,
        text: {
          zh: `产地（采购地）检验检疫机构（${bureau.zh}）检验检疫合格，直接签发电子通关单，口岸不再换证查验`,
          en: `the origin bureau (${bureau.en}) found the goods conforming and issues the electronic clearance directly; no certificate exchange or inspection at the port`,
        },
      }
    : {
        code: 'EXPORT_RELEASED_PORT_EXCHANGE',
        rule: `${NOTICE} 三（一）`,
        text: {
          zh: `口岸检验检疫机构（${bureau.zh}）查验合格，换证后签发电子通关单`,
          en: `the port bureau (${bureau.en}) inspected the goods, exchanged the certificate and issues the electronic clearance`,
        },
      };
}

export function nonconformity(disposal: Disposal, decidedIn: string): CertificateReason {
  const stage = stageLabel(decidedIn);
  const action = DISPOSAL_LABELS[disposal];
  return {
    code: NONCONFORMITY_CODE[disposal],
    text: {
      zh: `${stage.zh}不合格，货物须作${action.zh}`,
      en: `nonconformity found in ${stage.en}: the goods are subject to ${action.en}`,
    },
  };
}

export function originCertified(bureau: LocalisedText, form: OriginForm): CertificateReason {
  const basis = ORIGIN_CERTIFICATION[form].basis;
  return {
    code: 'ORIGIN_CERTIFIED',
    rule: basis.zh,
    text: {
      zh: `经${bureau.zh}审核，货物符合${basis.zh}`,
      en: `${bureau.en} examined the application: the goods meet ${basis.en}`,
    },
  };
}
