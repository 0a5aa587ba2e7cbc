import { z } from 'zod';
import { ApiProblem } from '#shared/http/api-problem.ts';
import { publicRoute } from '#shared/http/api-route.ts';
import { documentationPage } from '#shared/http/responses/service.ts';
import { SWAGGER_UI_FILES, swaggerUiFile, type SwaggerUiFile } from '#shared/http/swagger-ui-assets.ts';

/**
 * GET /docs: the OpenAPI document (GET /openapi.json) rendered by Swagger UI, whose files the
 * API serves itself (GET /docs/{asset}); nothing is loaded from a CDN. Paths are absolute: the
 * HTTP API's `$default` stage serves from the root, as the local cloud does.
 */
export const route = {
  summary: 'The API documentation: the OpenAPI document rendered by Swagger UI (public)',
  params: z.object({ asset: z.string().max(64).optional() }),
  response: documentationPage,
  mediaType: 'text/html',
  produces: { 'text/javascript': 'The Swagger UI script (GET /docs/swagger-ui-bundle.js, /docs/initializer.js)', 'text/css': 'The Swagger UI style sheet (GET /docs/swagger-ui.css)' },
} as const;

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>中欧班列检验检疫 API / China–Europe Railway Express inspection API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/initializer.js"></script>
</body>
</html>
`;

/** A file of its own rather than an inline script, so a Content-Security-Policy without 'unsafe-inline' can serve the page. */
const INITIALIZER = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: false });\n`;

const CACHE = { 'cache-control': 'public, max-age=300' };

export const handler = publicRoute(route, async ({ params }) => {
  if (params.asset === undefined) return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', ...CACHE }, body: PAGE };
  if (params.asset === 'initializer.js') return { status: 200, headers: { 'content-type': 'text/javascript; charset=utf-8', ...CACHE }, body: INITIALIZER };
  if (!(params.asset in SWAGGER_UI_FILES)) throw new ApiProblem(404, 'not-found', '未找到 / Not found', `/docs/${params.asset} is not a file of the documentation page`);
  const name = params.asset as SwaggerUiFile;
  return { status: 200, headers: { 'content-type': SWAGGER_UI_FILES[name].contentType, ...CACHE }, body: await swaggerUiFile(name) };
});
