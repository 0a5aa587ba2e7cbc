import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { jwtClaimsSchema } from '#shared/auth/claims.ts';
import { problemResponse, problemType } from '#shared/http/problem.ts';

/** `GET /me`: who the token says the caller is, read the way every other handler reads it. */
export const handler = async (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> => {
  const caller = jwtClaimsSchema.safeParse(event.requestContext.authorizer.jwt.claims);
  if (!caller.success) {
    return problemResponse({
      type: problemType('not-a-caller'),
      title: '令牌缺少调用者身份 / The token does not identify a caller',
      status: 403,
      detail: caller.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    });
  }
  return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(caller.data) };
};
