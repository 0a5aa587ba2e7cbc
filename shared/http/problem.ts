/**
 * RFC 9457 problem details (`application/problem+json`): the one error shape of the HTTP API,
 * used by handlers and by the local API Gateway for the errors it answers itself.
 */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemDetails {
  /** A stable URI naming the kind of problem; see `problemType`. */
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Extension members, e.g. the failing fields of a validation problem. */
  [extension: string]: unknown;
}

/** A stable, absolute problem type URI for a short slug such as `unauthorized`. */
export const problemType = (slug: string): string => `urn:cr-express:problem:${slug}`;

/** A payload format 2.0 result carrying a problem. */
export function problemResponse(
  problem: ProblemDetails,
  headers: Record<string, string> = {},
): { statusCode: number; headers: Record<string, string>; body: string } {
  return {
    statusCode: problem.status,
    headers: { ...headers, 'content-type': PROBLEM_CONTENT_TYPE },
    body: JSON.stringify(problem),
  };
}
