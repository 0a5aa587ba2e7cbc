import { z } from 'zod';
import { dataFile, openJsonStore } from '../json-file.ts';
import { ECC_KEY_SPECS, type SupportedKeySpec } from './key-specs.ts';

/**
 * The local KMS's keys and aliases, kept in `DATA_DIR/kms/keys.json` (or only in memory). The
 * file holds the private keys, so it is written readable by its owner only; no API returns them.
 */
const keySchema = z.object({
  keyId: z.string(),
  keySpec: z.enum(Object.keys(ECC_KEY_SPECS) as [SupportedKeySpec, ...SupportedKeySpec[]]),
  keyUsage: z.literal('SIGN_VERIFY'),
  description: z.string(),
  /** Epoch milliseconds. */
  creationDate: z.number(),
  /** PKCS#8, PEM. */
  privateKey: z.string(),
});

const aliasSchema = z.object({
  aliasName: z.string(),
  targetKeyId: z.string(),
  creationDate: z.number(),
  lastUpdatedDate: z.number(),
});

const stateSchema = z.object({ keys: z.array(keySchema), aliases: z.array(aliasSchema) });

export type KeyRecord = z.infer<typeof keySchema>;
export type AliasRecord = z.infer<typeof aliasSchema>;

export interface KmsStore {
  keys: Map<string, KeyRecord>;
  aliases: Map<string, AliasRecord>;
  save(): void;
}

export const kmsStateFile = (dataDir: string | undefined) => dataFile(dataDir, 'kms', 'keys.json');

export function openKmsStore(dataDir: string | undefined): KmsStore {
  const file = openJsonStore(kmsStateFile(dataDir), stateSchema, { keys: [], aliases: [] }, { mode: 0o600 });
  const store: KmsStore = {
    keys: new Map(file.loaded.keys.map((k) => [k.keyId, k])),
    aliases: new Map(file.loaded.aliases.map((a) => [a.aliasName, a])),
    save() {
      file.save({ keys: [...store.keys.values()], aliases: [...store.aliases.values()] });
    },
  };
  return store;
}
