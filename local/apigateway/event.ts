import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { LOCAL_ACCOUNT } from '../arns.ts';

/**
 * The HTTP API payload format 2.0 event for one request. Header names are lower-cased and
 * repeated headers joined with commas; cookies move from the `cookie` header to `cookies`;
 * repeated query parameters are joined with commas; fields with nothing to say are left out.
 */
export const LOCAL_API_ID = 'local';

export interface EventInput {
  req: IncomingMessage;
  rawPath: string;
  rawQueryString: string;
  body: Buffer;
  routeKey: string;
  pathParameters: Record<string, string>;
  requestId: string;
  receivedAt: Date;
  authorizer?: { claims: Record<string, string>; scopes: string[] | null };
}

// Bodies API Gateway passes as text; anything else arrives base64-encoded.
const TEXT_CONTENT = /^(text\/|application\/(json|xml|javascript)\b|application\/[\w.+-]+\+(json|xml)\b)/i;

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? '').toLowerCase();
    const value = req.rawHeaders[i + 1] ?? '';
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return headers;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** API Gateway's `requestContext.time`, e.g. `12/Mar/2020:19:03:58 +0000`. */
export function requestTime(date: Date): string {
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

export function payloadV2Event(input: EventInput): APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } {
  const { req } = input;
  const headers = headersOf(req);
  const cookieHeader = headers.cookie;
  delete headers.cookie;
  const socket = req.socket;
  headers['x-forwarded-for'] ??= (socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  headers['x-forwarded-port'] ??= String(socket.localPort ?? '');
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-amzn-trace-id'] ??= `Root=1-${Math.floor(input.receivedAt.getTime() / 1000).toString(16)}-${input.requestId.replaceAll('-', '').slice(0, 24)}`;

  const query = new URLSearchParams(input.rawQueryString);
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of query) queryStringParameters[name] = name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;

  const isText = TEXT_CONTENT.test(headers['content-type'] ?? '');
  const domainName = headers.host ?? 'localhost';
  const sourceIp = headers['x-forwarded-for'].split(',')[0]?.trim() ?? '127.0.0.1';

  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: input.rawPath,
    rawQueryString: input.rawQueryString,
    ...(cookieHeader && { cookies: cookieHeader.split(';').map((c) => c.trim()).filter(Boolean) }),
    headers,
    ...(Object.keys(queryStringParameters).length > 0 && { queryStringParameters }),
    requestContext: {
      accountId: LOCAL_ACCOUNT,
      apiId: LOCAL_API_ID,
      ...(input.authorizer && { authorizer: { jwt: input.authorizer } }),
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: req.method ?? 'GET',
        path: input.rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: input.requestId,
      routeKey: input.routeKey,
      stage: '$default',
      time: requestTime(input.receivedAt),
      timeEpoch: input.receivedAt.getTime(),
    },
    ...(Object.keys(input.pathParameters).length > 0 && { pathParameters: input.pathParameters }),
    ...(input.body.length > 0 && { body: isText ? input.body.toString('utf8') : input.body.toString('base64') }),
    isBase64Encoded: input.body.length > 0 && !isText,
  };
}
