import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { manifest } from '#infra/manifest.ts';
import { openApiDocument, type DocumentedRoute } from '#shared/http/openapi.ts';

/**
 * Builds the OpenAPI document from the manifest's routes and each handler's exported `route`
 * spec. `GET /openapi.json` serves the file this writes; a test fails when it is out of date,
 * and this fails (exit 1, naming them) when a route documents no response.
 */
export const OPENAPI_FILE = 'functions/api/openapi.json';

export async function buildOpenApi() {
  const routes: DocumentedRoute[] = [];
  for (const route of manifest.routes) {
    const entry = manifest.functions[route.function]?.entry;
    if (!entry) throw new Error(`route ${route.method} ${route.path} has no function`);
    const module = (await import(pathToFileURL(resolve(entry)).href)) as { route?: DocumentedRoute['spec'] };
    routes.push({ method: route.method, path: route.path, auth: route.auth, function: route.function, ...(module.route && { spec: module.route }) });
  }
  return openApiDocument(routes, { title: 'China–Europe Railway Express inspection API', version: '1.0.0' });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(OPENAPI_FILE, `${JSON.stringify(await buildOpenApi(), null, 2)}\n`);
  console.log(`wrote ${OPENAPI_FILE}`);
}
