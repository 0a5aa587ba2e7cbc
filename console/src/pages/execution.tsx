import type { Me } from '../api.ts';
import { labels, useI18n } from '../i18n.ts';
import { href } from '../router.ts';
import { beijing } from '../time.ts';
import { PageTitle, Show, useLoad } from '../ui.tsx';
import { EventList, ExecutionGraph, loadExecution } from './execution-view.tsx';

export function ExecutionPage({ id }: { id: string; me: Me }) {
  const { t, l, lang } = useI18n();
  const loaded = useLoad(() => loadExecution(id), [id]);
  return (
    <section>
      <PageTitle>{t('workflow')}</PageTitle>
      <Show loaded={loaded}>
        {(review) => {
          const e = review.execution;
          return (
            <>
              <dl class="facts">
                <dt>{t('workflow')}</dt>
                <dd>{e.workflow}</dd>
                <dt>{t('status')}</dt>
                <dd>
                  <span class={`status exec-${e.status}`} data-testid="execution-status">
                    {e.status}
                  </span>
                </dd>
                <dt>{t('started')}</dt>
                <dd>{beijing(e.startDate, lang)}</dd>
                <dt>{t('stopped')}</dt>
                <dd>{beijing(e.stopDate, lang)}</dd>
                <dt>{t('bureau')}</dt>
                <dd>{e.bureaus.map((b) => l(labels.bureau(b))).join('、')}</dd>
                {e.consignmentId && (
                  <>
                    <dt>{t('consignment')}</dt>
                    <dd>
                      <a href={href('consignments', e.consignmentId)}>{e.consignmentId}</a>
                    </dd>
                  </>
                )}
                <dt>ARN</dt>
                <dd class="mono small">{e.executionArn}</dd>
              </dl>
              <h2>{t('workflowGraph')}</h2>
              <ExecutionGraph review={review} />
              <EventList events={review.history.events} />
            </>
          );
        }}
      </Show>
    </section>
  );
}
