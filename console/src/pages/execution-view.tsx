/** The graph and the AWS-shaped history of one execution, shared by the execution and consignment pages. */
import { api } from '../api.ts';
import type { HistoryEvent, WorkflowShape } from '../graph/asl-graph.ts';
import { WorkflowGraph } from '../graph/workflow-graph.tsx';
import { useI18n } from '../i18n.ts';
import { beijing } from '../time.ts';
import { Show, useLoad } from '../ui.tsx';

export interface ExecutionReview {
  execution: { executionArn: string; name: string; workflow: string; status: string; startDate: string; stopDate?: string; consignmentId?: string; bureaus: string[] };
  history: { events: HistoryEvent[] };
  definition?: WorkflowShape;
}

export const loadExecution = (id: string) => api<ExecutionReview>(`/executions/${encodeURIComponent(id)}`);

function detailsOf(event: HistoryEvent): string {
  const key = Object.keys(event).find((k) => k.endsWith('EventDetails'));
  if (!key) return '';
  const details = event[key] as Record<string, unknown>;
  const name = typeof details.name === 'string' ? details.name : typeof details.resource === 'string' ? details.resource : '';
  return name;
}

export function EventList({ events }: { events: HistoryEvent[] }) {
  const { t, lang } = useI18n();
  return (
    <details class="events">
      <summary>
        {t('events')} ({events.length})
      </summary>
      <table>
        <thead>
          <tr>
            <th scope="col">ID</th>
            <th scope="col">Type</th>
            <th scope="col">Step</th>
            <th scope="col">{t('started')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <td>{event.id}</td>
              <td class="mono">{event.type}</td>
              <td>{detailsOf(event)}</td>
              <td>{beijing(event.timestamp, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export function ExecutionGraph({ review }: { review: ExecutionReview }) {
  const { t } = useI18n();
  if (!review.definition) return <p class="muted">{t('graphUnavailable')}</p>;
  return <WorkflowGraph shape={review.definition} events={review.history.events} status={review.execution.status} />;
}

export function ExecutionSection({ executionArn }: { executionArn: string }) {
  const { t } = useI18n();
  const loaded = useLoad(() => loadExecution(executionArn), [executionArn]);
  return (
    <section aria-labelledby="workflow-heading">
      <h2 id="workflow-heading">{t('workflowGraph')}</h2>
      <Show loaded={loaded}>
        {(review) => (
          <>
            <ExecutionGraph review={review} />
            <EventList events={review.history.events} />
          </>
        )}
      </Show>
    </section>
  );
}
