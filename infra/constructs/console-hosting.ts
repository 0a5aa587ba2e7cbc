import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aws, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { OAuthScope, type CfnUserPoolClient, type UserPool, type UserPoolClient, type UserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildConsoleSync, CONSOLE_API_URL_MARKER } from '../console-build.ts';

export interface ConsoleHostingProps {
  /** Where `tsx infra/console-build.ts` runs (the repository root). */
  repoRoot: string;
  /**
   * An already built console folder (`npm run console:build` writes console/dist) to deploy
   * instead of building one during synthesis.
   */
  consoleDir?: string;
}

export interface ConsoleDeploymentProps {
  /** The HTTP API's URL, written into the deployed index.html (`<meta name="api-url">`). */
  apiUrl: string;
  /** The user pool the console signs in to, and the app client the API's authorizer accepts. */
  userPool: UserPool;
  client: UserPoolClient;
  /** The hosted UI's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`), unique in the region. */
  loginDomainPrefix: string;
}

/**
 * The web console on AWS: its static files (console/build.ts) in a private, versioned S3 bucket,
 * served by CloudFront through origin access control (the bucket policy admits only this
 * distribution), HTTPS only, with security headers on every answer, index.html at the root and
 * for any path the bucket does not hold (the console routes in the browser). Access logs of the
 * bucket and of the distribution go to a log bucket.
 *
 * Two steps because of what depends on what: the distribution exists first, so the HTTP API's
 * CORS can name its origin (`origin`); `deploy()` then uploads the files with the API's URL and
 * configures the Cognito hosted UI to send people back to the console. The Content Security
 * Policy admits the API by the region's execute-api domain rather than by the API's own id: the
 * API already refers to the distribution (CORS), and a reference back would be a cycle.
 */
export class ConsoleHosting extends Construct {
  readonly bucket: Bucket;
  readonly logBucket: Bucket;
  readonly distribution: Distribution;
  readonly headers: ResponseHeadersPolicy;
  /** `https://<distribution domain>`: the console's origin, for CORS and the callback URL. */
  readonly origin: string;
  loginDomain?: UserPoolDomain;
  private readonly props: ConsoleHostingProps;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    this.props = props;

    this.logBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront's standard logs are delivered with an ACL, which needs ACLs enabled.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'The bucket receives the access logs of the console bucket and distribution; logging its own access would log the log deliveries.',
    });

    this.bucket = new Bucket(this, 'Files', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'console-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const region = Stack.of(this).region;
    const apiOrigins = `https://*.execute-api.${region}.${Aws.URL_SUFFIX}`;
    const loginOrigins = `https://*.auth.${region}.amazoncognito.com`;
    this.headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Web console: HSTS, CSP (self and the HTTP API), no sniffing, no framing, strict referrer',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, preload: true, override: true },
        contentSecurityPolicy: {
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            // Style attributes only (the loading line of index.html); no inline style sheets.
            "style-src 'self'",
            "style-src-attr 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            `connect-src 'self' ${apiOrigins} ${loginOrigins}`,
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            `form-action 'self' ${loginOrigins}`,
            "frame-ancestors 'none'",
          ].join('; '),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Web console of the inspection workflows',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
      },
      // The console routes in the browser: a path the bucket does not hold is the app. Through
      // origin access control S3 answers 403 for a missing key (no ListBucket), so both map.
      errorResponses: [403, 404].map((httpStatus) => ({ httpStatus, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.seconds(0) })),
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'console-distribution/',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Officers, declarants and HQ work from China and from the partner countries along the corridor; the API authorizes every call, so no geo restriction.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'The distribution serves static files only; every data request goes to the HTTP API, which authorizes and throttles each route.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'The distribution uses its default *.cloudfront.net certificate, whose TLS policy CloudFront fixes; a custom domain with its own certificate would set TLSv1.2_2021.',
      },
    );
    this.origin = `https://${this.distribution.distributionDomainName}`;
  }

  /**
   * Uploads the console with the API's URL in its index.html, and lets the user pool's hosted UI
   * sign people in to it: a Cognito domain, and the console as the app client's callback.
   */
  deploy(props: ConsoleDeploymentProps): void {
    this.loginDomain = props.userPool.addDomain('ConsoleLogin', { cognitoDomain: { domainPrefix: props.loginDomainPrefix } });
    // The API's authorizer accepts the ID tokens of this one client, so the console signs in
    // with it: its OAuth settings (CDK's defaults otherwise, with an example.com callback) name
    // the console. Implicit grant: the hosted UI hands the ID token back in the fragment, which
    // the console reads as it reads a local login link, and which browsers never send to a server.
    const client = props.client.node.defaultChild as CfnUserPoolClient;
    client.callbackUrLs = [`${this.origin}/`];
    client.logoutUrLs = [`${this.origin}/`];
    client.allowedOAuthFlowsUserPoolClient = true;
    client.allowedOAuthFlows = ['implicit'];
    client.allowedOAuthScopes = [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE].map((scope) => scope.scopeName);
    client.supportedIdentityProviders = ['COGNITO'];

    const built = this.props.consoleDir ?? (Stack.of(this).bundlingRequired ? this.build() : undefined);
    // Hashed file names never change content: cached for a year. index.html names the current
    // ones, so it is revalidated on every visit and goes up only after the files it names.
    const files = built
      ? new BucketDeployment(this, 'DeployFiles', {
          sources: [Source.asset(built, { exclude: ['index.html'] })],
          destinationBucket: this.bucket,
          prune: false,
          cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
          memoryLimit: 512,
        })
      : undefined;
    const page = new BucketDeployment(this, 'DeployPage', {
      sources: [Source.data('index.html', this.indexHtml(built, props.apiUrl))],
      destinationBucket: this.bucket,
      prune: false,
      cacheControl: [CacheControl.noCache()],
      contentType: 'text/html; charset=utf-8',
      // No invalidation (CDK grants it on every distribution, `*`): CloudFront keeps a
      // `no-cache` answer for the cache policy's minimum TTL, one second.
      memoryLimit: 512,
    });
    if (files) page.node.addDependency(files);
    this.acknowledgeDeploymentHandler();
  }

  /**
   * The hosted UI's sign-in address for the console. Not UserPoolDomain.signInUrl(): that asks
   * for a code grant, and the console takes the ID token from the fragment (implicit grant).
   */
  loginUrl(client: UserPoolClient): string {
    if (!this.loginDomain) throw new Error('ConsoleHosting.deploy() has not run');
    const query = ['response_type=token', `client_id=${client.userPoolClientId}`, 'scope=openid+email+profile', `redirect_uri=${this.origin}/`].join('&');
    return `${this.loginDomain.baseUrl()}/login?${query}`;
  }

  private build(): string {
    const outdir = mkdtempSync(join(tmpdir(), 'console-build-'));
    buildConsoleSync(this.props.repoRoot, outdir);
    return outdir;
  }

  private indexHtml(built: string | undefined, apiUrl: string): string {
    if (!built) {
      // Synthesis without bundling (assertion tests): the page names the API all the same.
      return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8" /><meta name="api-url" content="${apiUrl}" /><title>console not built</title></head><body></body></html>`;
    }
    return readFileSync(join(built, 'index.html'), 'utf8').replace(CONSOLE_API_URL_MARKER, apiUrl);
  }

  /**
   * BucketDeployment's handler is CDK's own singleton function at the stack's root: its findings
   * are acknowledged one by one, by the exact action or resource, so anything else added to its
   * role is still reported.
   */
  private acknowledgeDeploymentHandler(): void {
    const stack = Stack.of(this);
    const files = `<${stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>/*`;
    // cdk-nag writes what the app pins (infra/app.ts, from the CLI's default environment) literally,
    // and the rest as tokens.
    const named = (value: string, token: string) => (Token.isUnresolved(value) ? token : value);
    const assets = `arn:${named(stack.partition, '<AWS::Partition>')}:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${named(stack.account, '<AWS::AccountId>')}-${named(stack.region, '<AWS::Region>')}/*`;
    const copying = "CDK's BucketDeployment handler copies the console's files from CDK's asset bucket into the console bucket during deployments; CDK writes these actions and object paths.";
    for (const child of stack.node.children) {
      if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
      Validations.of(child).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: "CDK's BucketDeployment handler logs with AWSLambdaBasicExecutionRole; it runs only during deployments.",
        },
        ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({ id: `AwsSolutions-IAM5[Action::${action}]`, reason: copying })),
        ...[files, assets].map((resource) => ({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason: copying })),
        { id: 'AwsSolutions-L1', reason: "CDK's BucketDeployment handler runtime is chosen by aws-cdk-lib and moves with its upgrades." },
      );
    }
  }
}
