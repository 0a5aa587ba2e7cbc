import { z } from 'zod';

/** Text a person reads: Chinese first, English beside (DESIGN.md, API conventions). */
export const localisedTextSchema = z.object({
  zh: z.string().min(1),
  en: z.string().min(1),
});
export type LocalisedText = z.infer<typeof localisedTextSchema>;

/** One-line form for validation messages, which zod carries as a single string. */
export function bilingual(zh: string, en: string): string {
  return `${zh} / ${en}`;
}
