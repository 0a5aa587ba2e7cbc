import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { CSV_MAX_ROWS, respondToListing } from '#shared/http/csv-listing.ts';
import { pageQuerySchema } from '#shared/http/query-schemas.ts';
import { UTF8_BOM } from '#shared/http/text-response.ts';
import { parseCsv } from './csv-parser.ts';

/**
 * The one CSV export of every listing (shared/http/csv-listing.ts), around a listing handler that
 * pages an array as the real ones page the table: every page up to the cap, or the one page asked
 * for with a Link to the next; nested fields as columns with bilingual labels; problems untouched.
 */
const schema = pageQuerySchema.extend({ kind: z.string().optional() });
type Query = z.infer<typeof schema>;

interface Thing {
  id: string;
  status: { zh: string; en: string };
  consignee: { name: string; creditCode: string };
  bureaus: string[];
  note?: string;
}

const things = (n: number): Thing[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `T${String(i).padStart(5, '0')}`,
    status: { zh: '已放行', en: 'released' },
    consignee: { name: i === 0 ? '重庆渝欧, "进出口"' : '重庆渝欧', creditCode: '91500000MA5U000010' },
    bureaus: ['XJ', 'CQ'],
    ...(i === 1 && { note: '=SUM(A1)' }),
  }));

/** A listing handler: `limit` items from the offset in `nextToken`, at most 7 a page, as a table would. */
function listing(items: Thing[], calls: Query[] = []) {
  return async ({ query }: { query: Query }) => {
    calls.push(query);
    const from = query.nextToken ? Number(query.nextToken) : 0;
    const to = Math.min(items.length, from + Math.min(query.limit ?? 20, 7));
    return { status: 200, body: { items: items.slice(from, to), ...(to < items.length && { nextToken: String(to) }) } };
  };
}

function request(query: Query, headers: Record<string, string> = { accept: 'text/csv' }, method = 'GET') {
  const rawQueryString = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return { event: { headers, rawPath: '/things', rawQueryString, requestContext: { http: { method } } } as never, query };
}

const rows = (body: unknown) => {
  expect(typeof body).toBe('string');
  expect((body as string).startsWith(UTF8_BOM)).toBe(true);
  return parseCsv((body as string).slice(1));
};

describe('CSV export of a listing', () => {
  it('leaves JSON, other methods and non-listings to the handler', async () => {
    const handle = listing(things(3));
    expect((await respondToListing(schema, request({}, { accept: 'application/json' }), handle)).body).toMatchObject({ items: things(3) });
    expect((await respondToListing(schema, request({}, { accept: 'text/csv' }, 'POST'), handle)).body).toMatchObject({ items: things(3) });
    expect((await respondToListing(z.object({ id: z.string() }), request({}), handle)).body).toMatchObject({ items: things(3) });
  });

  it('exports every page as one CSV with bilingual labels, nested fields as columns, lists joined', async () => {
    const calls: Query[] = [];
    const response = await respondToListing(schema, request({ kind: 'x' }), listing(things(17), calls));
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="things.csv"' });
    expect(response.headers).not.toHaveProperty('link');
    const [header, ...data] = rows(response.body);
    expect(header).toEqual(['编号 / id', '状态 / status', '收货人·名称 / consignee.name', '收货人·统一社会信用代码 / consignee.credit code', '相关局 / bureaus', 'note']);
    expect(data.map((r) => r[0])).toEqual(things(17).map((t) => t.id));
    expect(data[0]).toEqual(['T00000', '已放行 / released', '重庆渝欧, "进出口"', '91500000MA5U000010', 'XJ; CQ', '']);
    // A text a spreadsheet would run as a formula is defused.
    expect(data[1]![5]).toBe("'=SUM(A1)");
    // The handler ran page after page with the route's own filters.
    expect(calls.map((q) => q.nextToken)).toEqual([undefined, '7', '14']);
    expect(calls.every((q) => q.kind === 'x')).toBe(true);
  });

  it('with limit, exports that one page and links to the next, from which the export continues', async () => {
    const items = things(12);
    const first = await respondToListing(schema, request({ kind: 'x', limit: 5 }), listing(items));
    expect(rows(first.body).slice(1).map((r) => r[0])).toEqual(items.slice(0, 5).map((t) => t.id));
    expect(first.headers).toMatchObject({ link: '</things?kind=x&limit=5&nextToken=5>; rel="next"', 'next-token': '5' });
    const rest = await respondToListing(schema, request({ kind: 'x', nextToken: '5' }), listing(items));
    expect(rows(rest.body).slice(1).map((r) => r[0])).toEqual(items.slice(5).map((t) => t.id));
    expect(rest.headers).not.toHaveProperty('link');
  });

  it(`stops at ${CSV_MAX_ROWS} rows and links to the rest`, async () => {
    const response = await respondToListing(schema, request({}), listing(things(CSV_MAX_ROWS + 3)));
    expect(rows(response.body)).toHaveLength(CSV_MAX_ROWS + 1);
    expect(response.headers?.link).toBe(`</things?nextToken=${CSV_MAX_ROWS}>; rel="next"`);
  });

  it('labels in the language Accept-Language asks for', async () => {
    const english = await respondToListing(schema, request({}, { accept: 'text/csv', 'accept-language': 'en' }), listing(things(1)));
    expect(rows(english.body)[0]).toEqual(['id', 'status', 'consignee.name', 'consignee.credit code', 'bureaus']);
    expect(rows(english.body)[1]![1]).toBe('released');
    const chinese = await respondToListing(schema, request({}, { accept: 'text/csv', 'accept-language': 'zh-CN' }), listing(things(1)));
    expect(rows(chinese.body)[0]).toEqual(['编号', '状态', '收货人·名称', '收货人·统一社会信用代码', '相关局']);
  });

  it('answers a problem or an answer that is no page as the handler gave it', async () => {
    const problem = { status: 403, body: { title: 'forbidden' } };
    expect(await respondToListing(schema, request({}), async () => problem)).toBe(problem);
  });
});
