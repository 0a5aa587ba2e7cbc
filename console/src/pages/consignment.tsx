import { useState } from 'preact/hooks';
import { api, download, type Me } from '../api.ts';
import { labels, useI18n, type LocalisedText } from '../i18n.ts';
import { href } from '../router.ts';
import { beijing } from '../time.ts';
import { ColumnHeads, PageTitle, ProblemView, Show, useLoad } from '../ui.tsx';
import type { Task } from './tasks.tsx';
import { ExecutionSection } from './execution-view.tsx';

interface Party {
  name: string;
  country: string;
  creditCode?: string;
}
interface Consignment {
  id: string;
  direction: string;
  status: string;
  portCode: string;
  tradeMode: string;
  transportMode: string;
  destinationBureau?: string;
  originBureau?: string;
  trainId?: string;
  consignor: Party;
  consignee: Party;
  containers: Array<{ number: string; sealNumber?: string }>;
  goods: Array<{ hsCode: string; description: string; quantity: number; unit: string; netWeightKg: number; originCountry: string; categories: string[] }>;
  inspectionPlan: { reasons: Array<{ code: string; rule?: string; text: LocalisedText }> };
  executionArn?: string;
  createdAt: string;
  certificates?: Array<{ id: string; serial: string; kind: string }>;
  openTasks: Task[];
  events: Array<{ type: string; sequence: number; at: string; status?: string; actor?: { role: string; bureau?: string }; data?: { kind?: string; outcome?: string } }>;
}

export function ConsignmentPage({ id }: { id: string; me: Me }) {
  const { t, l, lang } = useI18n();
  const loaded = useLoad(() => api<Consignment>(`/consignments/${encodeURIComponent(id)}`), [id]);
  const [downloadError, setDownloadError] = useState<unknown>();
  return (
    <section>
      <PageTitle>{`${t('consignment')} ${id}`}</PageTitle>
      <Show loaded={loaded}>
        {(c) => (
          <>
            <dl class="facts">
              <dt>{t('status')}</dt>
              <dd>
                <span class={`status status-${c.status}`} data-testid="consignment-status" data-status={c.status}>
                  {l(labels.status(c.status))}
                </span>
              </dd>
              <dt>{t('direction')}</dt>
              <dd>{l(labels.direction(c.direction))}</dd>
              <dt>{t('port')}</dt>
              <dd>{l(labels.port(c.portCode))}</dd>
              <dt>{t('tradeMode')}</dt>
              <dd>{l(labels.tradeMode(c.tradeMode))}</dd>
              <dt>{t('transportMode')}</dt>
              <dd>{l(labels.transportMode(c.transportMode))}</dd>
              <dt>{c.direction === 'import' ? t('destinationBureau') : t('originBureau')}</dt>
              <dd>{l(labels.bureau(c.destinationBureau ?? c.originBureau ?? ''))}</dd>
              <dt>{t('filedAt')}</dt>
              <dd>{beijing(c.createdAt, lang)}</dd>
              {c.trainId && (
                <>
                  <dt>{t('train')}</dt>
                  <dd>{c.trainId}</dd>
                </>
              )}
            </dl>

            <h2>{t('parties')}</h2>
            <div class="two">
              {(['consignor', 'consignee'] as const).map((role) => (
                <div class="card" key={role}>
                  <h3>{t(role)}</h3>
                  <p>{c[role].name}</p>
                  <p class="muted">
                    {c[role].country}
                    {c[role].creditCode && ` · ${c[role].creditCode}`}
                  </p>
                </div>
              ))}
            </div>

            <h2>{t('goods')}</h2>
            <table>
              <ColumnHeads columns={['hsCode', 'description', 'quantity', 'netWeightKg', 'originCountry', 'categories']} />
              <tbody>
                {c.goods.map((g, i) => (
                  <tr key={i}>
                    <td class="mono">{g.hsCode}</td>
                    <td>{g.description}</td>
                    <td>
                      {g.quantity} {l(labels.unit(g.unit))}
                    </td>
                    <td>{g.netWeightKg}</td>
                    <td>{g.originCountry}</td>
                    <td>{g.categories.map((x) => l(labels.category(x))).join('、')}</td>
                  </tr>
                ))}
              </tbody>
            </table>

            <h2>{t('containers')}</h2>
            <ul class="chips">
              {c.containers.map((box) => (
                <li key={box.number} class="mono">
                  {box.number}
                  {box.sealNumber && <span class="muted"> · {box.sealNumber}</span>}
                </li>
              ))}
            </ul>

            <h2>{t('plan')}</h2>
            <ul class="reasons">
              {c.inspectionPlan.reasons.map((r) => (
                <li key={r.code}>
                  <span class="mono code">{r.code}</span> {l(r.text)}
                  {r.rule && <span class="muted"> — {r.rule}</span>}
                </li>
              ))}
            </ul>

            {c.openTasks.length > 0 && (
              <>
                <h2>{t('openTasks')}</h2>
                <ul>
                  {c.openTasks.map((task) => (
                    <li key={task.id}>
                      {l(labels.task(task.kind))} — {l(labels.bureau(task.bureau))} — {t('deadline')} {beijing(task.dueAt, lang)}
                    </li>
                  ))}
                </ul>
              </>
            )}

            {(c.certificates?.length ?? 0) > 0 && (
              <>
                <h2>{t('certificates')}</h2>
                {downloadError !== undefined && <ProblemView error={downloadError} />}
                <ul>
                  {c.certificates!.map((cert) => (
                    <li key={cert.id}>
                      <span class="mono">{cert.serial}</span> <span class="muted">{cert.kind}</span>{' '}
                      <button type="button" class="secondary" onClick={() => download(`/certificates/${encodeURIComponent(cert.id)}`, 'application/pdf', `${cert.serial}.pdf`).catch(setDownloadError)}>
                        {t('downloadPdf')}
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}

            <h2>{t('timeline')}</h2>
            <ol class="timeline">
              {c.events.map((event) => (
                <li key={event.sequence}>
                  <time dateTime={event.at}>{beijing(event.at, lang)}</time> <span class="mono">{event.type}</span>
                  {event.data?.kind && ` · ${l(labels.task(event.data.kind))}`}
                  {event.data?.outcome && ` · ${t(event.data.outcome === 'pass' ? 'pass' : 'fail')}`}
                  {event.actor?.bureau && ` · ${l(labels.bureau(event.actor.bureau))}`}
                  {event.status && (
                    <>
                      {' → '}
                      <span class={`status status-${event.status}`}>{l(labels.status(event.status))}</span>
                    </>
                  )}
                </li>
              ))}
            </ol>

            {c.executionArn && (
              <>
                <p>
                  <a href={href('executions', c.executionArn)}>{t('workflow')} →</a>
                </p>
                <ExecutionSection executionArn={c.executionArn} />
              </>
            )}
          </>
        )}
      </Show>
    </section>
  );
}
