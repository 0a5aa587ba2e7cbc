import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson, targetPrefix, type AwsProtocolService } from '../aws-endpoint.ts';
import type { Clock } from '../clock.ts';
import { OPERATIONS } from './api.ts';
import { KmsError } from './errors.ts';
import { Members } from './members.ts';
import { openKmsStore } from './store.ts';

/**
 * The local KMS: asymmetric signing keys behind the KMS JSON 1.1 protocol
 * (`X-Amz-Target: TrentService.<Op>`) on the shared local AWS endpoint. Keys are generated with
 * node:crypto at CreateKey and kept in `DATA_DIR/kms/keys.json`, so a restarted local cloud signs
 * with the same key; their private halves never leave the service. See api.ts for the operations.
 */
export interface KmsServiceOptions {
  /** A directory, or `:memory:`. */
  dataDir?: string;
  clock: Pick<Clock, 'now'>;
}

export type KmsService = AwsProtocolService;

const TARGET_PREFIX = 'TrentService';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function createKmsService(options: KmsServiceOptions): KmsService {
  const context = { store: openKmsStore(options.dataDir), now: () => options.clock.now() };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers['x-amz-target'] ?? '');
    const name = target.slice(TARGET_PREFIX.length + 1);
    try {
      const raw = (await readBody(req)).toString('utf8');
      const operation = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
      if (!operation) throw new KmsError('UnknownOperationException', `Operation ${name} is not supported by the local KMS`);
      let body: unknown;
      try {
        body = raw.length === 0 ? {} : JSON.parse(raw);
      } catch {
        throw new KmsError('SerializationException', 'The request body is not valid JSON');
      }
      if (!isRecord(body)) throw new KmsError('SerializationException', 'The request body is not a JSON object');
      sendJson(res, 200, operation(context, new Members(body)), CONTENT_TYPE);
    } catch (error) {
      if (!(error instanceof KmsError)) throw error;
      sendJson(res, error.status, error.text === undefined ? { __type: error.type } : { __type: error.type, message: error.text }, CONTENT_TYPE);
    }
  }

  return { name: 'kms', accepts: (req) => targetPrefix(req) === TARGET_PREFIX, handle };
}
