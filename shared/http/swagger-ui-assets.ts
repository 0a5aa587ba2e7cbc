import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The Swagger UI files GET /docs serves (swagger-ui-dist, no CDN): the API renders its own
 * contract, on the local cloud and on AWS alike. In a Lambda bundle they sit beside `index.mjs`
 * (infra/bundling.ts copies them there); in the repository they are read from the package.
 */
export const SWAGGER_UI_FILES = {
  'swagger-ui-bundle.js': { specifier: 'swagger-ui-dist/swagger-ui-bundle.js', contentType: 'text/javascript; charset=utf-8' },
  'swagger-ui.css': { specifier: 'swagger-ui-dist/swagger-ui.css', contentType: 'text/css; charset=utf-8' },
} as const;
export type SwaggerUiFile = keyof typeof SWAGGER_UI_FILES;

const cache = new Map<SwaggerUiFile, Promise<string>>();

/** A file's text, read once per process. */
export function swaggerUiFile(name: SwaggerUiFile): Promise<string> {
  let text = cache.get(name);
  if (!text) {
    text = read(SWAGGER_UI_FILES[name].specifier).then(
      (buffer) => buffer.toString('utf8'),
      (error: unknown) => {
        cache.delete(name);
        throw error;
      },
    );
    cache.set(name, text);
  }
  return text;
}

async function read(specifier: string): Promise<Buffer> {
  try {
    return await readFile(new URL(`./${basename(specifier)}`, import.meta.url));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return readFile(require.resolve(specifier));
}
