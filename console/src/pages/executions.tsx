import { useState } from 'preact/hooks';
import { api, download, query, type Me, type Page } from '../api.ts';
import { BUREAU_LIST, labels, PORT_LIST, useI18n, type UiKey } from '../i18n.ts';
import { href } from '../router.ts';
import { beijing } from '../time.ts';
import { ColumnHeads, EmptyListing, PageTitle, ProblemView, Show, shortId, useLoad } from '../ui.tsx';

interface ExecutionSummary {
  executionArn: string;
  name: string;
  workflow: string;
  status: string;
  startDate: string;
  stopDate?: string;
  consignmentId?: string;
  trainId?: string;
  bureaus: string[];
}

const WORKFLOWS = ['ConsignmentImport', 'ConsignmentExport', 'TrainRun', 'OriginCertificate', 'CoordinationCase', 'AlertEffect'];
/** Step Functions' execution statuses, as the API filters on them. */
const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

export function ExecutionsPage({ me, query: routeQuery }: { me: Me; query: URLSearchParams }) {
  const { t, l, lang } = useI18n();
  const names = ['workflow', 'status', 'bureau', 'port', 'train', 'consignment', 'from', 'to'] as const;
  const initial = Object.fromEntries(names.map((n) => [n, routeQuery.get(n) ?? ''])) as Record<(typeof names)[number], string>;
  const [form, setForm] = useState(initial);
  const [filters, setFilters] = useState(initial);
  const [exportError, setExportError] = useState<unknown>();
  const params = {
    ...filters,
    // Days as they are: the API reads a day as the whole Beijing day.
    limit: 50,
  };
  const loaded = useLoad(() => api<Page<ExecutionSummary>>(`/executions${query(params)}`), [JSON.stringify(params), me.subject]);
  const set = (name: (typeof names)[number]) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) => setForm((f) => ({ ...f, [name]: e.currentTarget.value }));
  const selectField = (name: 'workflow' | 'status' | 'bureau' | 'port', key: UiKey, options: Array<[string, string]>) => (
    <div class="field">
      <label for={`exec-${name}`}>{t(key)}</label>
      <select id={`exec-${name}`} value={form[name]} onChange={set(name)}>
        <option value="">{t('all')}</option>
        {options.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <section>
      <PageTitle>{t('executions')}</PageTitle>
      <form
        class="search"
        role="search"
        aria-label={t('filter')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ ...form });
        }}
      >
        {selectField('workflow', 'workflow', WORKFLOWS.map((w) => [w, w]))}
        {selectField('status', 'status', STATUSES.map((s) => [s, s]))}
        {me.role === 'hq' && selectField('bureau', 'bureau', BUREAU_LIST.map((b) => [b.code, l(b.shortName)]))}
        {selectField('port', 'port', PORT_LIST.map((p) => [p.code, l(p.name)]))}
        {(['train', 'consignment', 'from', 'to'] as const).map((name) => (
          <div class="field" key={name}>
            <label for={`exec-${name}`}>{t(name === 'consignment' ? 'consignment' : name)}</label>
            <input id={`exec-${name}`} type={name === 'from' || name === 'to' ? 'date' : 'text'} value={form[name]} onInput={set(name)} />
          </div>
        ))}
        <div class="actions">
          <button type="submit">{t('filter')}</button>
          <button type="button" class="secondary" onClick={() => download(`/executions${query({ ...params, limit: 100 })}`, 'text/csv', 'executions.csv').catch(setExportError)}>
            {t('exportCsv')}
          </button>
        </div>
      </form>
      {exportError !== undefined && <ProblemView error={exportError} />}
      <Show loaded={loaded}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyListing />
          ) : (
            <table>
              <ColumnHeads columns={['workflow', 'id', 'status', 'bureau', 'started', 'stopped']} />
              <tbody>
                {page.items.map((e) => (
                  <tr key={e.executionArn} data-execution={e.name}>
                    <td>{e.workflow}</td>
                    <td>
                      <a href={href('executions', e.executionArn)} class="mono">
                        {shortId(e.name)}
                      </a>
                    </td>
                    <td>
                      <span class={`status exec-${e.status}`}>{e.status}</span>
                    </td>
                    <td>{e.bureaus.map((b) => l(labels.bureau(b))).join('、')}</td>
                    <td>{beijing(e.startDate, lang)}</td>
                    <td>{beijing(e.stopDate, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Show>
    </section>
  );
}
