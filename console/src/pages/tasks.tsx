import { api, query, type Me, type Page } from '../api.ts';
import { labels, useI18n } from '../i18n.ts';
import { href } from '../router.ts';
import { beijing } from '../time.ts';
import { ColumnHeads, EmptyListing, PageTitle, Show, shortId, useLoad } from '../ui.tsx';

export interface Task {
  id: string;
  consignmentId?: string;
  trainId?: string;
  kind: string;
  bureau: string;
  status: string;
  dueAt: string;
  createdAt: string;
  escalation: number;
  input?: { containers?: string[]; portCode?: string };
}

/** The bureau's open tasks as the API orders them: most urgent first. */
export function TasksPage({ me }: { me: Me }) {
  const { t, l, lang } = useI18n();
  const loaded = useLoad(() => api<Page<Task>>(`/tasks${query({ limit: 100, bureau: me.role === 'hq' ? 'HQ' : undefined })}`), [me.bureau]);
  return (
    <section>
      <PageTitle>{t('taskQueue')}</PageTitle>
      <Show loaded={loaded}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyListing />
          ) : (
            <table>
              <ColumnHeads columns={['kind', 'consignment', 'deadline', 'escalation']}>
                <th scope="col">
                  <span class="sr-only">{t('complete')}</span>
                </th>
              </ColumnHeads>
              <tbody>
                {page.items.map((task) => {
                  const overdue = new Date(task.dueAt).getTime() < Date.now();
                  return (
                    <tr key={task.id} data-task-kind={task.kind} data-consignment={task.consignmentId}>
                      <td>{l(labels.task(task.kind))}</td>
                      <td>{task.consignmentId ? <a href={href('consignments', task.consignmentId)}>{shortId(task.consignmentId)}</a> : (task.trainId ?? '')}</td>
                      <td class={overdue ? 'overdue' : undefined}>
                        {beijing(task.dueAt, lang)} {overdue && <span class="badge warn">{t('overdue')}</span>}
                      </td>
                      <td>
                        <span class={`badge level-${Math.min(task.escalation, 3)}`}>{task.escalation}</span>
                      </td>
                      <td>
                        <a class="button" href={href('tasks', task.id)} aria-label={`${t('complete')}: ${l(labels.task(task.kind))} ${task.consignmentId ?? ''}`}>
                          {t('complete')}
                        </a>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )
        }
      </Show>
    </section>
  );
}
