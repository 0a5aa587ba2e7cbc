import type { Direction } from '../codes.ts';
import type { LocalisedText } from '../text.ts';

/**
 * The certificates a bureau issues (证单), one per decision that ends a lifecycle or an
 * application:
 * - `export-clearance`: the electronic clearance of an export (出境货物电子通关单), issued by the
 *   origin bureau on direct release or by the port bureau after a port exchange (408号 三（一）);
 * - `import-inspection-certificate`: the destination bureau's certificate that an import was
 *   inspected and quarantined and is released (入境货物检验检疫证明);
 * - `disposal-notice`: a rejection and what must happen to the goods (检验检疫处理通知书:
 *   treatment, return or destruction);
 * - `certificate-of-origin`: issued by the origin bureau on an exporter's application (原产地证书).
 */
export const CERTIFICATE_KINDS = [
  'export-clearance',
  'import-inspection-certificate',
  'disposal-notice',
  'certificate-of-origin',
] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];

/** What the issuing bureau decided: release, rejection, or (for an origin) certification. */
export const DECISION_OUTCOMES = ['released', 'rejected', 'certified'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export interface CertificateKindRule {
  title: LocalisedText;
  outcome: DecisionOutcome;
  /** The consignments the kind is issued for; any direction when absent. */
  direction?: Direction;
  /** The certifying statement (the SPS certificate's clause); a CO takes its form's. */
  statement: LocalisedText;
}

export const CERTIFICATE_KIND_RULES: Readonly<Record<CertificateKind, CertificateKindRule>> = {
  'export-clearance': {
    title: { zh: '出境货物电子通关单', en: 'Electronic Clearance for Outbound Goods' },
    outcome: 'released',
    direction: 'export',
    statement: {
      zh: '上述货物业经检验检疫，准予出境。',
      en: 'The goods described above have been inspected and quarantined and are cleared for export.',
    },
  },
  'import-inspection-certificate': {
    title: { zh: '入境货物检验检疫证明', en: 'Inspection and Quarantine Certificate for Inbound Goods' },
    outcome: 'released',
    direction: 'import',
    statement: {
      zh: '上述货物业经检验检疫，准予放行。',
      en: 'The goods described above have been inspected and quarantined and are released.',
    },
  },
  'disposal-notice': {
    title: { zh: '检验检疫处理通知书', en: 'Notice of Inspection and Quarantine Disposal' },
    outcome: 'rejected',
    statement: {
      zh: '上述货物经检验检疫不合格，不予放行，须按本通知书处置。',
      en: 'The goods described above failed inspection and quarantine and are not released; they must be disposed of as this notice directs.',
    },
  },
  'certificate-of-origin': {
    title: { zh: '原产地证书', en: 'Certificate of Origin' },
    outcome: 'certified',
    direction: 'export',
    statement: {
      zh: '兹证明上述货物原产于中华人民共和国。',
      en: "It is hereby certified that the goods described above originate in the People's Republic of China.",
    },
  },
};
