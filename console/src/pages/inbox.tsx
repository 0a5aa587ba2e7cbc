import { api, type Page } from '../api.ts';
import { useI18n, type LocalisedText } from '../i18n.ts';
import { href } from '../router.ts';
import { beijing } from '../time.ts';
import { EmptyListing, PageTitle, Show, shortId, useLoad } from '../ui.tsx';

interface Notification {
  id: string;
  kind: string;
  title: LocalisedText;
  consignmentId?: string;
  taskId?: string;
  createdAt: string;
}

export function InboxPage() {
  const { t, l, lang } = useI18n();
  const loaded = useLoad(() => api<Page<Notification>>('/notifications?limit=50'), []);
  return (
    <section>
      <PageTitle>{t('inbox')}</PageTitle>
      <Show loaded={loaded}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyListing />
          ) : (
            <ul class="inbox">
              {page.items.map((n) => (
                <li key={n.id}>
                  <time dateTime={n.createdAt}>{beijing(n.createdAt, lang)}</time> <strong>{l(n.title)}</strong>{' '}
                  {n.consignmentId && <a href={href('consignments', n.consignmentId)}>{shortId(n.consignmentId)}</a>}
                  {n.taskId && (
                    <>
                      {' · '}
                      <a href={href('tasks', n.taskId)}>{t('complete')}</a>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Show>
    </section>
  );
}
