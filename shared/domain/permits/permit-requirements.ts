import type { Direction, GoodsCategory, PermitKind } from '../codes.ts';
import type { GoodsLine } from '../goods-line.ts';
import { hsPrefixCovers } from '../validators/hs-code.ts';
import type { PermitReasonCode } from './permit-reasons.ts';

/**
 * Which goods need a permit or approval before they may be filed, and why (408号 三（六）makes
 * their verification and write-off automatic; the duty to hold them comes from these laws):
 *
 * - **Entry animal/plant quarantine permit (进境动植物检疫许可证), imports only.** The Law on
 *   Entry and Exit Animal and Plant Quarantine, art. 10, requires quarantine approval before
 *   animals, animal products and plant propagating material are imported; the approval rules
 *   (《进境动植物检疫审批管理办法》) and the customs catalogue of goods subject to entry quarantine
 *   approval extend it to the listed plant products. The rules below follow that catalogue at the
 *   level of HS chapters and headings: where the catalogue names only part of a heading (raw and
 *   pasteurised milk but not milk powder or cheese; fresh eggs; tomatoes, aubergines and peppers
 *   among the vegetables), only that part is listed, so processed goods that need no approval
 *   (canned meat of chapter 16, milk powder, cheese, tea, timber) are not stopped. A bureau can
 *   still register a permit for other goods; a filing citing it is verified and written off all
 *   the same (permit-verification.ts).
 * - **Special-item health quarantine approval (出入境特殊物品卫生检疫审批单), both directions.**
 *   The Frontier Health and Quarantine Law and the rules on special items
 *   (《出入境特殊物品卫生检疫管理规定》) require it for micro-organisms, human tissue, biological
 *   products and blood and its products, entering or leaving. Any line declared `special-item`
 *   needs it, and so do the HS headings that hold such goods.
 *
 * A line matches a rule when its HS code starts with one of `hsPrefixes` and with none of
 * `except`, or when it declares one of `categories`. Within a kind the first matching rule names
 * the reason; a line may need a permit of each kind.
 */
export interface PermitRequirementRule {
  code: PermitReasonCode;
  kind: PermitKind;
  directions: readonly Direction[];
  hsPrefixes: readonly string[];
  except?: readonly string[];
  categories?: readonly GoodsCategory[];
}

const IMPORT: readonly Direction[] = ['import'];
const BOTH: readonly Direction[] = ['import', 'export'];

export const PERMIT_REQUIREMENT_RULES: readonly PermitRequirementRule[] = [
  // 活动物: every live animal of chapter 1 (live fish and other aquatic animals are chapter 3, below).
  { code: 'PERMIT_REQUIRED_LIVE_ANIMALS', kind: 'animal-plant-quarantine', directions: IMPORT, hsPrefixes: ['01'] },
  // 肉类及其产品（含脏器、肠衣）: meat and edible offal (chapter 2) and guts, bladders and casings
  // (0504). Prepared and canned meat (chapter 16) is left out: commercially sterile products need no approval.
  { code: 'PERMIT_REQUIRED_MEAT', kind: 'animal-plant-quarantine', directions: IMPORT, hsPrefixes: ['02', '0504'] },
  // 水生动物及水产品: fish, crustaceans, molluscs and other aquatic invertebrates of chapter 3, live or not.
  { code: 'PERMIT_REQUIRED_AQUATIC', kind: 'animal-plant-quarantine', directions: IMPORT, hsPrefixes: ['03'] },
  // 乳品（生乳、生乳制品、巴氏杀菌乳、巴氏杀菌工艺生产的调制乳）: milk and cream, not concentrated
  // (0401) — milk powder (0402) and cheese (0406) are not in the catalogue; 鲜蛋类: birds' eggs in
  // shell (0407); 燕窝 and other edible products of animal origin (0410).
  { code: 'PERMIT_REQUIRED_DAIRY_EGGS', kind: 'animal-plant-quarantine', directions: IMPORT, hsPrefixes: ['0401', '0407', '0410'] },
  // 非食用动物产品: bristles and hair (0502), feathers (0505), bones and horn-cores (0506), ivory,
  // horns and hooves (0507), animal products n.e.s. incl. semen and embryos (0511), meat and fish
  // meal for feed (2301), silk-worm cocoons (5001), raw wool and animal hair (5101–5103), raw
  // hides and skins (4101–4103). Tanned leather and spun yarn are processed and left out.
  {
    code: 'PERMIT_REQUIRED_NON_EDIBLE_ANIMAL',
    kind: 'animal-plant-quarantine',
    directions: IMPORT,
    hsPrefixes: ['0502', '0505', '0506', '0507', '0511', '2301', '4101', '4102', '4103', '5001', '5101', '5102', '5103'],
  },
  // 种子、苗木等植物繁殖材料: bulbs and tubers (0601), live plants, cuttings and seedlings (0602),
  // seed potatoes (070110), seeds for sowing (1209). The introduction approval is given by the
  // agriculture or forestry authority rather than the bureau; the bureau registers it here so it
  // is verified and written off like a permit. Listed before grain, so seed potatoes get this reason.
  { code: 'PERMIT_REQUIRED_PROPAGATING_MATERIAL', kind: 'animal-plant-quarantine', directions: IMPORT, hsPrefixes: ['0601', '0602', '070110', '1209'] },
  // 果蔬类: fresh fruit (0803–0810; nuts of 0801–0802 and dried fruit 0813 are not listed) and the
  // three listed vegetables: tomatoes (0702), aubergines (070930), fruits of Capsicum (070960).
  {
    code: 'PERMIT_REQUIRED_FRUIT_VEGETABLES',
    kind: 'animal-plant-quarantine',
    directions: IMPORT,
    hsPrefixes: ['0702', '070930', '070960', '0803', '0804', '0805', '0806', '0807', '0808', '0809', '0810'],
  },
  // 粮食 (《进出境粮食检验检疫监督管理办法》: seeds of cereals, pulses and oil crops, and tubers, for
  // processing): cereals (chapter 10), dried pulses (0713), soya beans, groundnuts and oilseeds
  // (1201–1207), potatoes (0701) and cassava, sweet potatoes and other tubers (0714).
  {
    code: 'PERMIT_REQUIRED_GRAIN',
    kind: 'animal-plant-quarantine',
    directions: IMPORT,
    hsPrefixes: ['10', '0701', '0713', '0714', '1201', '1202', '1203', '1204', '1205', '1206', '1207'],
  },
  // 饲料类: hay and other forage (1214), bran (2302), brewing and distilling residues such as DDGS
  // (2303), oilcake and meal (2304–2306), prepared animal feed and pet food (2309).
  { code: 'PERMIT_REQUIRED_FEED', kind: 'animal-plant-quarantine', directions: IMPORT, hsPrefixes: ['1214', '2302', '2303', '2304', '2305', '2306', '2309'] },
  // 烟草类: unmanufactured tobacco and tobacco refuse (2401); cigarettes (2402) are manufactured.
  { code: 'PERMIT_REQUIRED_TOBACCO', kind: 'animal-plant-quarantine', directions: IMPORT, hsPrefixes: ['2401'] },
  // 特殊物品: glands and organs for therapy (3001); blood, antisera, vaccines, toxins, cultures of
  // micro-organisms and cell cultures (3002); blood-grouping reagents (300620). Veterinary vaccines
  // (300242) are licensed by the agriculture authority as veterinary drugs, not as special items.
  {
    code: 'APPROVAL_REQUIRED_SPECIAL_ITEM',
    kind: 'special-item-health',
    directions: BOTH,
    hsPrefixes: ['3001', '3002', '300620'],
    except: ['300242'],
    categories: ['special-item'],
  },
];

/** One goods line that needs a permit of one kind, with the rule that says so. */
export interface PermitRequirement {
  goodsLine: number;
  kind: PermitKind;
  code: PermitReasonCode;
}

export function ruleMatches(rule: PermitRequirementRule, line: Pick<GoodsLine, 'hsCode' | 'categories'>): boolean {
  if (rule.categories?.some((c) => line.categories.includes(c))) return true;
  return rule.hsPrefixes.some((p) => hsPrefixCovers(p, line.hsCode)) && !(rule.except ?? []).some((p) => hsPrefixCovers(p, line.hsCode));
}

/** Every (goods line, kind) of the filing that needs a permit, in line order. */
export function permitRequirements(filing: { direction: Direction; goods: ReadonlyArray<Pick<GoodsLine, 'hsCode' | 'categories'>> }): PermitRequirement[] {
  const needed: PermitRequirement[] = [];
  filing.goods.forEach((line, goodsLine) => {
    const kinds = new Set<PermitKind>();
    for (const rule of PERMIT_REQUIREMENT_RULES) {
      if (kinds.has(rule.kind) || !rule.directions.includes(filing.direction) || !ruleMatches(rule, line)) continue;
      kinds.add(rule.kind);
      needed.push({ goodsLine, kind: rule.kind, code: rule.code });
    }
  });
  return needed;
}
