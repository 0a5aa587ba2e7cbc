import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * A seeded sequence of numbers in [0, 1) (pure-rand's xoroshiro128+): the same seed gives the
 * same sequence, for decisions that a run must be able to replay (injected faults, fuzzing,
 * benchmark mixes). A text seed is hashed (FNV-1a) first.
 */
export function seededRandom(seed: number | string): () => number {
  const generator = xoroshiro128plus(typeof seed === 'number' ? seed | 0 : fnv1a(seed));
  return () => uniformFloat64(generator);
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}
