import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';
import { MAX_PAGE_SIZE } from '../data/pagination.ts';
import { labelOf } from './csv-labels.ts';
import { inLanguage, localise, preferredLanguage, type Language } from './language.ts';
import { csvResponse, toCsv, wantsCsv, type CsvCell } from './text-response.ts';

/**
 * CSV export of any listing: `Accept: text/csv` on a route whose query is a page query
 * (`pageQuerySchema`: `limit`, `nextToken`) runs the route's own handler page after page, from
 * the `nextToken` given (or the start), and answers the rows of all of them as one CSV, up to
 * CSV_MAX_ROWS rows (and about CSV_MAX_CHARS of data, well under Lambda's 6 MB answer); with
 * `limit`, the one page of that size. A longer listing ends with a `Link: <…nextToken=…>;
 * rel="next"` header (and `next-token`) from which the next export continues. The rows are the
 * JSON items, nested fields flattened into columns (`consignee.name`), lists joined with `; `,
 * formula-like text defused (text-response.ts); the header row is bilingual, or in the language
 * `Accept-Language` picks, as the JSON listing's labels are. One mechanism for every listing:
 * the handlers know nothing of it (shared/http/api-route.ts calls `respondToListing`).
 */
export const CSV_MAX_ROWS = 5000;
export const CSV_MAX_CHARS = 3_000_000;

/** What a handler answers (api-route.ts RouteResponse, which imports this module). */
interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface ListingRequest<Query> {
  event: Pick<APIGatewayProxyEventV2, 'headers' | 'rawPath' | 'rawQueryString' | 'requestContext'>;
  query: Query;
}

interface PageBody {
  items: unknown[];
  nextToken?: string;
}

/** A listing's query: an object schema with the page parameters. */
export function isPageQuery(schema: z.ZodType | undefined): boolean {
  return schema instanceof z.ZodObject && 'nextToken' in schema.shape && 'limit' in schema.shape;
}

function isPage(body: unknown): body is PageBody {
  return typeof body === 'object' && body !== null && Array.isArray((body as { items?: unknown }).items);
}

/** The route's answer: its handler's, or, for a listing asked for CSV, the export of its pages. */
export async function respondToListing<Query, Request extends ListingRequest<Query>>(
  querySchema: z.ZodType | undefined,
  request: Request,
  handle: (request: Request) => Promise<RouteResponse>,
): Promise<RouteResponse> {
  const { event } = request;
  if (event.requestContext.http.method !== 'GET' || !wantsCsv(event) || !isPageQuery(querySchema)) return handle(request);
  const items: unknown[] = [];
  let chars = 0;
  const asked = request.query as { nextToken?: string; limit?: number };
  let nextToken = asked.nextToken;
  // `limit` given: that one page, as the JSON listing pages; otherwise every page, to the cap.
  const maxRows = asked.limit ?? CSV_MAX_ROWS;
  do {
    const limit = Math.min(MAX_PAGE_SIZE, maxRows - items.length);
    const query = { ...request.query, limit, ...(nextToken !== undefined && { nextToken }) } as Query;
    const response = await handle({ ...request, query });
    // Not a page (a problem, or an answer of the route's own): as the handler gave it.
    if (response.status !== 200 || !isPage(response.body)) return response;
    items.push(...response.body.items);
    chars += JSON.stringify(response.body.items).length;
    nextToken = response.body.nextToken;
  } while (nextToken !== undefined && items.length < maxRows && chars < CSV_MAX_CHARS);

  const language = preferredLanguage(event.headers?.['accept-language']);
  const { header, rows } = table(localise(items, language) as unknown[], language);
  const name = event.rawPath.split('/').filter(Boolean).at(-1) ?? 'listing';
  const csv = csvResponse(toCsv(header, rows), `${name}.csv`);
  if (nextToken === undefined) return csv;
  const params = new URLSearchParams(event.rawQueryString);
  params.set('nextToken', nextToken);
  return { ...csv, headers: { ...csv.headers, link: `<${event.rawPath}?${params.toString()}>; rel="next"`, 'next-token': nextToken } };
}

type Flat = Map<string, CsvCell>;

const isLocalisedText = (value: object): value is { zh: string; en: string } =>
  Object.keys(value).length === 2 && typeof (value as { zh?: unknown }).zh === 'string' && typeof (value as { en?: unknown }).en === 'string';

/** One item as cells by column path: objects flattened by field, lists of plain values joined, lists of objects as JSON. */
function flatten(value: unknown, path: string[], into: Flat): void {
  const column = path.join('.');
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    const plain = value.every((v) => v === null || typeof v !== 'object');
    into.set(column, plain ? value.map((v) => String(v ?? '')).join('; ') : JSON.stringify(value));
  } else if (typeof value === 'object') {
    if (isLocalisedText(value)) into.set(column, `${value.zh} / ${value.en}`);
    else for (const [key, inner] of Object.entries(value)) flatten(inner, [...path, key], into);
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    into.set(column, value);
  } else {
    into.set(column, String(value));
  }
}

/**
 * The columns in the order first seen, so the fields of the first item lead, as the JSON has them.
 * They are the rows' own fields: an empty listing exports the BOM and an empty header line.
 */
function table(items: readonly unknown[], language: Language | undefined): { header: string[]; rows: CsvCell[][] } {
  const flats = items.map((item) => {
    const flat: Flat = new Map();
    flatten(item, [], flat);
    return flat;
  });
  // A Set keeps the order in which its values were first added.
  const columns = [...new Set(flats.flatMap((flat) => [...flat.keys()]))];
  const header = columns.map((column) => {
    const label = labelOf(column === '' ? ['value'] : column.split('.'));
    return label.zh === label.en ? label.en : inLanguage(`${label.zh} / ${label.en}`, language);
  });
  return { header, rows: flats.map((flat) => columns.map((column) => flat.get(column))) };
}
