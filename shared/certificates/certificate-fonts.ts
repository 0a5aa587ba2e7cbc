import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename } from 'node:path';

const require = createRequire(import.meta.url);

/** Noto Sans SC (SIL OFL): Simplified Chinese and Latin in one face, so a line never mixes fonts. */
export const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;

export interface CertificateFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

let fonts: Promise<CertificateFonts> | undefined;

/**
 * The font files, read once per process (10 MB each; a Lambda renders many certificates per
 * container). Every PDF embeds only the glyphs it uses (`subset: true`).
 */
export function certificateFonts(): Promise<CertificateFonts> {
  fonts ??= Promise.all([readFont(FONT_FILES.regular), readFont(FONT_FILES.bold)]).then(
    ([regular, bold]) => ({ regular: new Uint8Array(regular), bold: new Uint8Array(bold) }),
    (error: unknown) => {
      fonts = undefined;
      throw error;
    },
  );
  return fonts;
}

/**
 * In a Lambda bundle the font files sit beside `index.mjs` (infra/bundling.ts puts them there,
 * since the bundle carries no node_modules); in the repository they are read from the package.
 */
async function readFont(specifier: string): Promise<Buffer> {
  try {
    return await readFile(new URL(`./${basename(specifier)}`, import.meta.url));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return readFile(require.resolve(specifier));
}
