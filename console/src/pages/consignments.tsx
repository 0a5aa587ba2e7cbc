import { useState } from 'preact/hooks';
import { api, download, query, type Me, type Page } from '../api.ts';
import { labels, useI18n, type UiKey } from '../i18n.ts';
import { href } from '../router.ts';
import { beijing } from '../time.ts';
import { ColumnHeads, EmptyListing, PageTitle, ProblemView, Show, shortId, useLoad } from '../ui.tsx';

interface ConsignmentSummary {
  id: string;
  direction: string;
  status: string;
  portCode: string;
  responsibleBureaus: string[];
  trainId?: string;
  declarant?: string;
  createdAt: string;
  updatedAt: string;
}

/** The search fields, named as GET /consignments names its filters. */
const FILTERS: Array<[string, UiKey, Record<string, unknown>]> = [
  ['id', 'id', {}],
  ['container', 'containerNumber', { maxLength: 11 }],
  ['hsCode', 'hsCode', { inputMode: 'numeric', maxLength: 10 }],
  ['enterprise', 'creditCode', { maxLength: 18 }],
  ['trainId', 'train', {}],
  ['filedFrom', 'from', { type: 'date' }],
  ['filedTo', 'to', { type: 'date' }],
];

export function ConsignmentsPage({ me, query: routeQuery }: { me: Me; query: URLSearchParams }) {
  const { t, l, lang } = useI18n();
  const initial = Object.fromEntries(FILTERS.map(([name]) => [name, routeQuery.get(name) ?? '']));
  const [form, setForm] = useState<Record<string, string>>(initial);
  const [filters, setFilters] = useState<Record<string, string>>(initial);
  const [pages, setPages] = useState<ConsignmentSummary[][]>([]);
  const [exportError, setExportError] = useState<unknown>();
  const search = query({ ...filters, limit: 50 });
  const [next, setNext] = useState<string | undefined>();
  // A new search starts its own paging: whatever loads the first page forgets the old token.
  const loaded = useLoad(async () => {
    const first = await api<Page<ConsignmentSummary>>(`/consignments${search}`);
    setPages([first.items]);
    setNext(undefined);
    return first;
  }, [search, me.subject]);
  const nextToken = next ?? loaded.data?.nextToken;

  const loadMore = async () => {
    if (!nextToken) return;
    const page = await api<Page<ConsignmentSummary>>(`/consignments${query({ ...filters, limit: 50, nextToken })}`);
    setPages((p) => [...p, page.items]);
    setNext(page.nextToken ?? '');
  };

  return (
    <section>
      <PageTitle>{t('consignments')}</PageTitle>
      <form
        class="search"
        role="search"
        aria-label={t('search')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ ...form });
        }}
      >
        {FILTERS.map(([name, key, extra]) => (
          <div class="field" key={name}>
            <label for={`search-${name}`}>{t(key)}</label>
            <input id={`search-${name}`} name={name} value={form[name]} onInput={(e) => setForm((f) => ({ ...f, [name]: e.currentTarget.value.trim() }))} {...extra} />
          </div>
        ))}
        <div class="actions">
          <button type="submit">{t('search')}</button>
          <button
            type="button"
            class="secondary"
            onClick={() => download(`/consignments${query({ ...filters, limit: 100 })}`, 'text/csv', 'consignments.csv').catch(setExportError)}
          >
            {t('exportCsv')}
          </button>
        </div>
        <p class="muted">{t('searchHelp')}</p>
      </form>
      {exportError !== undefined && <ProblemView error={exportError} />}
      <Show loaded={loaded}>
        {() => {
          const items = pages.flat();
          return items.length === 0 ? (
            <EmptyListing />
          ) : (
            <>
              <table>
                <ColumnHeads columns={['id', 'direction', 'status', 'port', 'bureau', 'filedAt']} />
                <tbody>
                  {items.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <a href={href('consignments', c.id)} class="mono">
                          {shortId(c.id)}
                        </a>
                      </td>
                      <td>{l(labels.direction(c.direction))}</td>
                      <td>
                        <span class={`status status-${c.status}`}>{l(labels.status(c.status))}</span>
                      </td>
                      <td>{l(labels.port(c.portCode))}</td>
                      <td>{c.responsibleBureaus.map((b) => l(labels.bureau(b))).join('、')}</td>
                      <td>{beijing(c.createdAt, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {nextToken && (
                <button type="button" class="secondary" onClick={() => void loadMore()}>
                  {t('more')}
                </button>
              )}
            </>
          );
        }}
      </Show>
    </section>
  );
}
