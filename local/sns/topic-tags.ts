import { el, invalidParameter, SnsError, type QueryParams } from './query-protocol.ts';

/**
 * Topic tags (TagResource, UntagResource, ListTagsForResource, CreateTopic's Tags) and the
 * default access policy SNS reports for a topic. Texts are AWS's, as recorded in LocalStack's
 * AWS-validated tests/aws/services/sns/test_sns.snapshot.json (test_tags,
 * test_create_duplicate_topic_with_more_tags, test_create_topic_test_arn) and the SNS API reference.
 */

/** AWS: at most 50 tags per topic; keys 1-128 characters, values 0-256. */
const MAX_TAGS = 50;

/** `Tags.member.N.Key/Value` added to `existing` (a key given again takes the new value). */
export function readTags(params: QueryParams, existing: Record<string, string>): Record<string, string> {
  const given = params.members('Tags').map((t) => [t.get('Key') ?? '', t.get('Value') ?? ''] as const);
  const keys = given.map(([key]) => key);
  if (new Set(keys).size !== keys.length) throw invalidParameter('Invalid parameter: Duplicated keys are not allowed.');
  for (const [key, value] of given) {
    if (key.length < 1 || key.length > 128) throw invalidParameter('Invalid parameter: Tag Key must be between 1 and 128 characters');
    if (value.length > 256) throw invalidParameter('Invalid parameter: Tag Value must be at most 256 characters');
  }
  const tags = { ...existing, ...Object.fromEntries(given) };
  if (Object.keys(tags).length > MAX_TAGS) throw new SnsError('TagLimitExceeded', 'Could not complete request: tag quota of per resource exceeded');
  return tags;
}

/** `TagKeys.member.N`. */
export function tagKeys(params: QueryParams): string[] {
  const keys: string[] = [];
  for (let n = 1; params.get(`TagKeys.member.${n}`) !== undefined; n++) keys.push(params.get(`TagKeys.member.${n}`) ?? '');
  return keys;
}

export const tagsXml = (tags: Record<string, string>): string =>
  el('Tags', Object.entries(tags).map(([key, value]) => el('member', [el('Key', key), el('Value', value)])));

/** The access policy AWS gives every new topic: its owner's account may do everything with it. */
export function defaultTopicPolicy(topicArn: string, account: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': account } },
      },
    ],
  });
}
