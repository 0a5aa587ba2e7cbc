import { ApiError, validation } from './errors.ts';

/** Tags as the Step Functions API carries them. */
export type TagList = Array<{ key?: string | undefined; value?: string | undefined }>;

/** AWS: at most 50 user tags per resource; keys 1-128 and values 0-256 characters. */
const MAX_TAGS = 50;

/**
 * The tags after adding `list` to `existing` (a key given again takes the new value, as AWS
 * does; AWS-recorded in LocalStack's test_sfn_api_tagging.snapshot.json).
 */
export function checkTags(list: TagList, existing: Record<string, string>): Record<string, string> {
  const result = { ...existing };
  for (const [i, tag] of list.entries()) {
    const key = tag.key ?? '';
    const value = tag.value ?? '';
    if (key.length < 1 || key.length > 128) {
      throw validation(`1 validation error detected: Value '${key}' at 'tags.${i + 1}.member.key' failed to satisfy constraint: Member must have length between 1 and 128`);
    }
    if (value.length > 256) {
      throw validation(`1 validation error detected: Value at 'tags.${i + 1}.member.value' failed to satisfy constraint: Member must have length less than or equal to 256`);
    }
    result[key] = value;
  }
  if (Object.keys(result).length > MAX_TAGS) throw new ApiError('TooManyTags', `Too many tags: a resource can have at most ${MAX_TAGS} tags`);
  return result;
}
