/** Small building blocks every page uses: loading data, showing a problem, a page heading. */
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiProblem } from './api.ts';
import { messageIn, useI18n, type UiKey } from './i18n.ts';

export interface Loaded<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload(): void;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

export function ProblemView({ error }: { error: unknown }) {
  const { t, lang } = useI18n();
  if (error instanceof ApiProblem) {
    return (
      <div class="problem" role="alert">
        <strong>
          {error.status} {messageIn(error.title, lang)}
        </strong>
        {error.detail && <p>{messageIn(error.detail, lang)}</p>}
      </div>
    );
  }
  return (
    <div class="problem" role="alert">
      <strong>{t('error')}</strong> <p>{error instanceof Error ? error.message : String(error)}</p>
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="muted" aria-busy="true">
      {t('loading')}
    </p>
  );
}

export function Show<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ComponentChildren }) {
  if (loaded.error) return <ProblemView error={loaded.error} />;
  if (loaded.data === undefined) return <Loading />;
  // data-loaded marks the page's content as shown (console/measure-paint.ts times it).
  return <div data-loaded="">{children(loaded.data)}</div>;
}

/** What a listing shows instead of its table when nothing is in it (or nothing matches its filters). */
export function EmptyListing() {
  const { t } = useI18n();
  return <p class="muted">{t('empty')}</p>;
}

/** A table's header row, one column per label; `children` adds columns that are not a plain label. */
export function ColumnHeads({ columns, children }: { columns: readonly UiKey[]; children?: ComponentChildren }) {
  const { t } = useI18n();
  return (
    <thead>
      <tr>
        {columns.map((key) => (
          <th scope="col" key={key}>
            {t(key)}
          </th>
        ))}
        {children}
      </tr>
    </thead>
  );
}

export function PageTitle({ children }: { children: ComponentChildren }) {
  useEffect(() => {
    const heading = typeof children === 'string' ? children : '';
    if (heading) document.title = heading;
  }, [children]);
  return <h1 id="page-title">{children}</h1>;
}

/** Field errors of a problem, by field path without the `body.` prefix. */
export function fieldErrors(error: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (error instanceof ApiProblem) for (const e of error.errors) map.set(e.field.replace(/^body\./, ''), e.message);
  return map;
}

export function FieldError({ message, id }: { message: string | undefined; id: string }) {
  const { lang } = useI18n();
  if (!message) return null;
  return (
    <span class="field-error" id={id} role="alert">
      {messageIn(message, lang)}
    </span>
  );
}

export const shortId = (id: string) => (id.length > 14 ? `${id.slice(0, 6)}…${id.slice(-6)}` : id);
