import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { manifest } from './manifest.ts';
import { InspectionStack } from './stack.ts';

/**
 * `npx cdk synth` / `npx cdk deploy` entry point (see cdk.json). The AwsSolutions rules of
 * cdk-nag run in every synthesis; an unacknowledged finding fails it. Acknowledgements sit next to
 * the resource they concern, each with its reason, and are copied into the template's Metadata.
 */
const app = new App();
new InspectionStack(app, manifest.appName, {
  manifest,
  // `cdk deploy -c consoleOrigin=https://console.example.cn`: the origin CORS allows, when not the console distribution's own.
  ...(typeof app.node.tryGetContext('consoleOrigin') === 'string' && { consoleOrigin: app.node.tryGetContext('consoleOrigin') as string }),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT || undefined, region: process.env.CDK_DEFAULT_REGION || undefined },
  description: 'Inspection and quarantine workflows for the China–Europe Railway Express',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
app.synth();
