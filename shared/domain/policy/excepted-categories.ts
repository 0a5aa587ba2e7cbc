import type { Direction, GoodsCategory } from '../codes.ts';
import type { GoodsLine } from '../goods-line.ts';

/**
 * Categories that take an import out of direct-through (408号 三（一）): waste raw materials,
 * hazardous chemicals and their packaging, bulk cargo.
 */
export const IMPORT_EXCEPTED_CATEGORIES = [
  'waste-raw-material',
  'hazardous-chemical',
  'bulk',
] as const satisfies readonly GoodsCategory[];

/**
 * Categories that take an export out of direct release: dangerous goods and their packaging,
 * bulk commodities. A hazardous chemical leaving the country travels as dangerous goods, so it
 * is excepted too.
 */
export const EXPORT_EXCEPTED_CATEGORIES = [
  'dangerous-goods',
  'hazardous-chemical',
  'bulk',
] as const satisfies readonly GoodsCategory[];

export type ImportExceptedCategory = (typeof IMPORT_EXCEPTED_CATEGORIES)[number];
export type ExportExceptedCategory = (typeof EXPORT_EXCEPTED_CATEGORIES)[number];

/** Imports of these go direct-through only under the configured safety measures. */
export const CONDITIONAL_IMPORT_CATEGORIES = ['high-risk-agricultural'] as const satisfies readonly GoodsCategory[];

/**
 * Categories whose inland inspection never drops to a document review, whatever lowers it:
 * an officer opens what was excepted, what is high-risk or what is a special item.
 */
export const PHYSICAL_INSPECTION_CATEGORIES = [
  ...new Set<GoodsCategory>([
    ...IMPORT_EXCEPTED_CATEGORIES,
    ...EXPORT_EXCEPTED_CATEGORIES,
    'high-risk-agricultural',
    'special-item',
  ]),
];

/** The categories that always mean port inspection in a direction (e.g. for a pre-arrival notice). */
export function exceptedCategories(direction: Direction): readonly GoodsCategory[] {
  return direction === 'import' ? IMPORT_EXCEPTED_CATEGORIES : EXPORT_EXCEPTED_CATEGORIES;
}

/** Indexes of the goods lines that carry a category. */
export function linesWithCategory(goods: readonly GoodsLine[], category: GoodsCategory): number[] {
  return goods.flatMap((line, index) => (line.categories.includes(category) ? [index] : []));
}

/** Indexes of the goods lines excepted from direct-through / direct release. */
export function exceptedGoodsLines(goods: readonly GoodsLine[], direction: Direction): number[] {
  const excepted = exceptedCategories(direction);
  return goods.flatMap((line, index) => (line.categories.some((c) => excepted.includes(c)) ? [index] : []));
}
