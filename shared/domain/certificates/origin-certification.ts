import type { OriginForm } from '../origin/origin-forms.ts';
import type { LocalisedText } from '../text.ts';

/**
 * What a certificate of origin says in the issuing bureau's name, per form (the forms, their
 * criteria and rules are in shared/domain/origin/origin-forms.ts): the rules the goods were
 * examined against, and the certifying statement above the signature.
 */
export const ORIGIN_CERTIFICATION: Readonly<Record<OriginForm, { basis: LocalisedText; statement: LocalisedText }>> = {
  general: {
    basis: { zh: '《中华人民共和国进出口货物原产地条例》', en: "the Regulations of the People's Republic of China on the Origin of Import and Export Goods" },
    statement: {
      zh: '兹证明上述货物原产于中华人民共和国。',
      en: "It is hereby certified that the goods described above originate in the People's Republic of China.",
    },
  },
  'china-georgia-fta': {
    basis: { zh: '《中国—格鲁吉亚自由贸易协定》第三章原产地规则', en: 'Chapter 3 (Rules of Origin) of the China–Georgia Free Trade Agreement' },
    statement: {
      zh: '兹证明上述货物符合《中国—格鲁吉亚自由贸易协定》原产地规则，原产于中华人民共和国。',
      en: "It is hereby certified that the goods described above meet the rules of origin of the China–Georgia Free Trade Agreement and originate in the People's Republic of China.",
    },
  },
};
