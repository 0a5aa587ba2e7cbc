import fontkit from '@pdf-lib/fontkit';
import type { Fontkit, Subset } from 'pdf-lib/cjs/types/fontkit';

/** The parts of @pdf-lib/fontkit's TrueType subset this patch touches. */
interface TrueTypeSubsetInternals {
  glyf: Uint8Array[];
  offset: number;
  _addGlyph(glyphId: number): number;
}

/** The Buffer polyfill fontkit bundles: glyph records are its instances. */
interface BufferClass {
  alloc(size: number): Uint8Array;
}

function isTrueTypeSubset(subset: unknown): subset is Subset & TrueTypeSubsetInternals {
  return typeof (subset as Partial<TrueTypeSubsetInternals>)._addGlyph === 'function';
}

/**
 * @pdf-lib/fontkit 1.1.1 (the fork pdf-lib uses, last released 2020) writes a subset's `loca`
 * table in the short format, which stores offsets halved, without padding odd-length glyph
 * records: every glyph after an odd one points a byte off and renders blank. With Noto Sans SC
 * most characters vanish (pdf-lib#1232; fixed upstream in fontkit 1.8, foliojs/fontkit#191).
 * Padding each glyph record to an even length, which the format allows, makes the halved offsets
 * exact. The wrapper patches only subsets that have the TrueType internals it knows.
 */
export const subsettingFontkit: Fontkit = {
  create(buffer, postscriptName) {
    const font = fontkit.create(buffer, postscriptName);
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset: Subset = createSubset();
      if (!isTrueTypeSubset(subset)) return subset;
      const addGlyph = subset._addGlyph.bind(subset);
      subset._addGlyph = (glyphId: number) => {
        const index = addGlyph(glyphId);
        const record = subset.glyf[index];
        if (record && record.length % 2 === 1) {
          // Of the same (bundled Buffer polyfill) class: fontkit's encoder accepts nothing else.
          const padded = (record.constructor as unknown as BufferClass).alloc(record.length + 1);
          padded.set(record);
          subset.glyf[index] = padded;
          subset.offset += 1;
        }
        return index;
      };
      return subset;
    };
    return font;
  },
};
