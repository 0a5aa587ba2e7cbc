import type { CfnResource } from 'aws-cdk-lib';

/**
 * Each resource generated from a manifest entry carries that entry's key in its CloudFormation
 * Metadata. Tests use it to prove that the template holds every manifest entry and nothing else;
 * operators see in the console which manifest entry a resource came from.
 */
export const MANIFEST_METADATA_KEY = 'Manifest';

export type ManifestSection = 'functions' | 'routes' | 'tables' | 'topics' | 'subscriptions' | 'stateMachines' | 'scheduleGroups' | 'recurring' | 'keys';

export function markManifestEntry(resource: CfnResource, section: ManifestSection, key: string): void {
  resource.addMetadata(MANIFEST_METADATA_KEY, `${section}/${key}`);
}
