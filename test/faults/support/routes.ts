import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { manifest } from '#infra/manifest.ts';

/**
 * The routes under test, from the manifest (`manifest.routes`) and each handler's exported
 * `route` spec (roles, zod schemas of body, path and query, idempotency): a new route or a new
 * query key is fuzzed without touching the suite.
 */
export interface JsonSchemaNode {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
}

export interface RouteSpecLike {
  roles?: readonly string[];
  body?: z.ZodType;
  params?: z.ZodType;
  query?: z.ZodType;
  idempotent?: boolean;
}

export interface RouteUnderTest {
  /** `POST /tasks/{id}/complete`, as API Gateway's routeKey. */
  key: string;
  method: string;
  path: string;
  function: string;
  auth: 'public' | 'jwt';
  spec: RouteSpecLike;
  /** The `{param}` names in the path. */
  params: string[];
  /** POST, PUT, PATCH, DELETE. */
  write: boolean;
  /** The query keys the route's schema knows, with their JSON schema. */
  query: Record<string, JsonSchemaNode>;
  /** The body's top-level properties, with their JSON schema. */
  bodyProperties: Record<string, JsonSchemaNode>;
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function properties(schema: z.ZodType | undefined): Record<string, JsonSchemaNode> {
  if (!schema) return {};
  try {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
    return json.properties ?? {};
  } catch {
    return {};
  }
}

export async function loadRoutes(): Promise<RouteUnderTest[]> {
  const routes: RouteUnderTest[] = [];
  for (const route of manifest.routes) {
    const fn = manifest.functions[route.function];
    if (!fn) throw new Error(`route ${route.method} ${route.path} names no function ${route.function}`);
    const module = (await import(pathToFileURL(resolve(ROOT, fn.entry)).href)) as { route?: RouteSpecLike };
    const spec = module.route ?? {};
    routes.push({
      key: `${route.method} ${route.path}`,
      method: route.method,
      path: route.path,
      function: route.function,
      auth: route.auth as 'public' | 'jwt',
      spec,
      params: [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1]!),
      write: !['GET', 'HEAD', 'OPTIONS'].includes(route.method),
      query: properties(spec.query),
      bodyProperties: properties(spec.body),
    });
  }
  return routes;
}

/** The path with its parameters filled in (already encoded). */
export function fillPath(route: RouteUnderTest, values: Record<string, string>): string {
  return route.path.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => values[name] ?? '');
}
