import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type CfnRoute,
  type CfnStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS_POLICY } from '../../shared/http/cors-policy.ts';
import type { RouteSpec } from '../manifest-types.ts';
import { markManifestEntry } from './manifest-metadata.ts';

/** The identity claims every caller's ID token carries (Cognito prefixes custom attributes with `custom:`). */
export const CUSTOM_ATTRIBUTES = ['bureau', 'role', 'enterprise'] as const;

export const API_THROTTLE = { rateLimit: 100, burstLimit: 200 } as const;

export const routeKey = (route: RouteSpec) => `${route.method} ${route.path}`;

export interface InspectionApiProps {
  appName: string;
  /**
   * The browser origins allowed to call the API: the web console's (`https://<its CloudFront
   * domain>`). The policy is shared/http/cors-policy.ts, the one the local cloud applies.
   */
  corsOrigins?: readonly string[];
}

const corsPreflight = (origins: readonly string[]) => ({
  allowOrigins: [...origins],
  allowHeaders: [...CORS_POLICY.allowHeaders],
  allowMethods: CORS_POLICY.allowMethods.map((method) => CorsHttpMethod[method]),
  exposeHeaders: [...CORS_POLICY.exposeHeaders],
  maxAge: Duration.seconds(CORS_POLICY.maxAgeSeconds),
});

/**
 * The HTTP API and who may call it. People sign in to a Cognito user pool (created by an
 * administrator; no self sign-up) whose custom attributes carry the bureau code, the role and,
 * for declarants, the enterprise. API Gateway's JWT authorizer accepts the pool's ID tokens,
 * the tokens that carry those attributes, so handlers read `custom:bureau` and friends from the
 * verified claims, the same shape the local cloud's tokens have.
 */
export class InspectionApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: InspectionApiProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'Users', {
      userPoolName: `${props.appName}-users`,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      // Shapes as shared/auth/claims.ts validates them; mutable so administrators can move a person.
      customAttributes: {
        bureau: new StringAttribute({ minLen: 1, maxLen: 32, mutable: true }),
        role: new StringAttribute({ minLen: 2, maxLen: 16, mutable: true }),
        enterprise: new StringAttribute({ minLen: 18, maxLen: 18, mutable: true }),
      } satisfies Record<(typeof CUSTOM_ATTRIBUTES)[number], StringAttribute>,
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'Essentials plan: every user is created by an administrator and must use TOTP MFA; Plus-plan threat protection is a per-user cost that can be switched on later without code changes.',
    });

    this.client = this.userPool.addClient('ApiClient', {
      authFlows: { userSrp: true, adminUserPassword: true },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, locale: true })
        .withCustomAttributes(...CUSTOM_ATTRIBUTES),
      // Users must not change their own bureau, role or enterprise: only administrators write them.
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true }),
    });

    const authorizer = new HttpJwtAuthorizer('CognitoIdToken', this.userPool.userPoolProviderUrl, {
      jwtAudience: [this.client.userPoolClientId],
    });

    this.api = new HttpApi(this, 'Api', {
      apiName: props.appName,
      description: 'Inspection and quarantine workflows API',
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
      // API Gateway answers the preflights itself (no route, no authorizer) and adds the
      // Allow-Origin and Expose-Headers to every answer to the console; no console, no CORS.
      ...(props.corsOrigins && props.corsOrigins.length > 0 && { corsPreflight: corsPreflight(props.corsOrigins) }),
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            caller: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });
  }

  /**
   * One route per manifest entry, each integrated with its own function. The route, its
   * integration and the permission to invoke live in the function's own (nested) stack: three
   * resources a route would otherwise add to the parent, which CloudFormation caps at 500. A
   * route with a
   * `throttle` gets its own limits in the stage's route settings (keyed by route key); the stage
   * then depends on that route's stack, because CloudFormation refuses settings for a route key that
   * does not exist yet ("Unable to find Route by key ... within the provided RouteSettings").
   */
  addManifestRoutes(routes: RouteSpec[], functionFor: (name: string) => IFunction): void {
    const stage = this.stage.node.defaultChild as CfnStage;
    const routeSettings: Record<string, { ThrottlingBurstLimit: number; ThrottlingRateLimit: number }> = {};
    for (const route of routes) {
      const fn = functionFor(route.function);
      const id = routeKey(route).replace(/[^A-Za-z0-9]+/g, '_');
      const created = new HttpRoute(Stack.of(fn), `Route_${id}`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${id}_integration`, fn),
        ...(route.auth === 'public' ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
      const cfn = created.node.defaultChild as CfnRoute;
      markManifestEntry(cfn, 'routes', routeKey(route));
      if (route.throttle) {
        routeSettings[routeKey(route)] = { ThrottlingBurstLimit: route.throttle.burst, ThrottlingRateLimit: route.throttle.ratePerSecond };
        // The route lives in its function's nested stack: the stage waits for that whole stack.
        this.stage.node.addDependency(created);
      }
      if (route.auth === 'public') {
        Validations.of(created).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${routeKey(route)} is declared auth: 'public' in infra/manifest.ts; every other route requires a Cognito ID token.`,
        });
      }
    }
    // RouteSettings is a free-form map in CloudFormation's schema, so CDK passes it as written.
    if (Object.keys(routeSettings).length > 0) stage.routeSettings = routeSettings;
  }
}
