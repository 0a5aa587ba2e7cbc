import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listen, type ListeningServer } from './listen.ts';

/**
 * One local AWS endpoint for every emulated service, as `AWS_ENDPOINT_URL` expects. Each service
 * claims the requests of its own wire protocol from the request line and headers alone (the
 * body is left unread, so a service such as dynalite can consume the stream itself):
 * DynamoDB, Step Functions and KMS by `X-Amz-Target`, SNS by its form-encoded query protocol,
 * Scheduler by its REST paths.
 */
export interface AwsProtocolService {
  readonly name: string;
  accepts(req: IncomingMessage): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

export type AwsEndpoint = ListeningServer;

export function targetPrefix(req: IncomingMessage): string | undefined {
  const target = req.headers['x-amz-target'];
  return typeof target === 'string' ? target.split('.')[0] : undefined;
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = 'application/x-amz-json-1.0', headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

export async function startAwsEndpoint(options: {
  port: number;
  host?: string;
  services: AwsProtocolService[];
}): Promise<AwsEndpoint> {
  const { services, host = '127.0.0.1' } = options;
  const server: Server = createServer((req, res) => {
    // A client using this endpoint as its HTTP proxy sends absolute URLs (`http://sync-host/…`):
    // that is how the AWS CLI, which always prefixes StartSyncExecution's host with `sync-`,
    // reaches a local endpoint whose prefixed name does not resolve. Serve them by their path.
    // (Not through `new URL`: WHATWG URL rejects hosts such as `sync-127.0.0.1`.)
    if (req.url && /^https?:\/\//i.test(req.url)) req.url = req.url.replace(/^https?:\/\/[^/?#]*/i, '') || '/';
    const service = services.find((s) => s.accepts(req));
    if (!service) {
      sendJson(res, 400, {
        __type: 'UnknownOperationException',
        message: `No local service accepts ${req.method} ${req.url} (target ${String(req.headers['x-amz-target'] ?? '-')})`,
      });
      return;
    }
    Promise.resolve(service.handle(req, res)).catch((error: unknown) => {
      if (!res.headersSent) {
        sendJson(res, 500, { __type: 'InternalFailure', message: error instanceof Error ? error.message : String(error) });
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 65_000;
  return listen(server, options.port, host);
}
