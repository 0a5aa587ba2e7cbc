import type { RouteSpec } from '../../infra/manifest-types.ts';

/**
 * HTTP API route selection: `{param}` captures one path segment, `{param+}` the rest of the
 * path; when several routes match, the most specific wins (literal segments before parameters,
 * greedy parameters last), as API Gateway picks routes.
 */
type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string } | { kind: 'greedy'; name: string };

interface CompiledRoute {
  route: RouteSpec;
  routeKey: string;
  segments: Segment[];
}

export interface RouteMatch {
  route: RouteSpec;
  routeKey: string;
  pathParameters: Record<string, string>;
}

const RANK = { literal: 0, param: 1, greedy: 2 } as const;

function compile(route: RouteSpec): CompiledRoute {
  const segments = route.path
    .split('/')
    .slice(1)
    .map((part): Segment => {
      const greedy = /^\{(.+)\+\}$/.exec(part);
      if (greedy?.[1]) return { kind: 'greedy', name: greedy[1] };
      const param = /^\{(.+)\}$/.exec(part);
      if (param?.[1]) return { kind: 'param', name: param[1] };
      return { kind: 'literal', value: part };
    });
  return { route, routeKey: `${route.method} ${route.path}`, segments };
}

function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  for (let i = 0; i < Math.max(a.segments.length, b.segments.length); i++) {
    const x = a.segments[i];
    const y = b.segments[i];
    if (!x || !y) return x ? -1 : 1;
    if (RANK[x.kind] !== RANK[y.kind]) return RANK[x.kind] - RANK[y.kind];
  }
  return 0;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function createRouter(routes: RouteSpec[]): { match(method: string, path: string): RouteMatch | undefined } {
  const compiled = routes.map(compile).sort(bySpecificity);
  return {
    match(method, path) {
      const parts = path.split('/').slice(1);
      for (const candidate of compiled) {
        if (candidate.route.method !== method) continue;
        const pathParameters: Record<string, string> = {};
        let matched = true;
        for (let i = 0; i < candidate.segments.length && matched; i++) {
          const segment = candidate.segments[i];
          const part = parts[i];
          if (!segment || part === undefined) matched = false;
          else if (segment.kind === 'greedy') {
            pathParameters[segment.name] = decode(parts.slice(i).join('/'));
            if (!pathParameters[segment.name]) matched = false;
            break;
          } else if (segment.kind === 'param') {
            if (part === '') matched = false;
            else pathParameters[segment.name] = decode(part);
          } else if (segment.value !== part) matched = false;
        }
        const greedy = candidate.segments.at(-1)?.kind === 'greedy';
        if (matched && (greedy || parts.length === candidate.segments.length)) {
          return { route: candidate.route, routeKey: candidate.routeKey, pathParameters };
        }
      }
      return undefined;
    },
  };
}
