/**
 * The console: a hash-routed single page for officers, declarants and HQ. The first page holds
 * only the shell and the lists; the workflow graph (elkjs) and the charts (echarts) are loaded
 * when a page needs them.
 */
import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, session, setApiLanguage, type Me } from './api.ts';
import { defaultLang, I18nContext, i18nFor, labels, type Lang, type UiKey } from './i18n.ts';
import { ConsignmentPage } from './pages/consignment.tsx';
import { ConsignmentsPage } from './pages/consignments.tsx';
import { ExecutionPage } from './pages/execution.tsx';
import { ExecutionsPage } from './pages/executions.tsx';
import { FilingPage } from './pages/filing.tsx';
import { InboxPage } from './pages/inbox.tsx';
import { LoginPage } from './pages/login.tsx';
import { StatsPage } from './pages/stats.tsx';
import { TaskPage } from './pages/task.tsx';
import { TasksPage } from './pages/tasks.tsx';
import { TrainsPage } from './pages/trains.tsx';
import { useRoute } from './router.ts';

const NAV: Record<Me['role'], Array<[string, UiKey]>> = {
  officer: [['#/tasks', 'navTasks'], ['#/inbox', 'navInbox'], ['#/consignments', 'navConsignments'], ['#/executions', 'navExecutions'], ['#/stats', 'navStats'], ['#/trains', 'navTrains']],
  declarant: [['#/file', 'navFile'], ['#/consignments', 'navConsignments'], ['#/inbox', 'navInbox']],
  hq: [['#/executions', 'navExecutions'], ['#/stats', 'navStats'], ['#/consignments', 'navConsignments'], ['#/trains', 'navTrains'], ['#/inbox', 'navInbox']],
};
const HOME: Record<Me['role'], string> = { officer: '#/tasks', declarant: '#/consignments', hq: '#/executions' };

/**
 * A login link carries the token in the fragment: `#token=…` from `npm start` locally, or
 * `#id_token=…&access_token=…` from the Cognito hosted UI on AWS (the API's authorizer takes the
 * ID token). Kept for the session, then dropped from the address.
 */
function takeTokenFromFragment(): void {
  const match = /^#(?:.*&)?(?:token|id_token)=([^&]+)/.exec(location.hash);
  if (!match?.[1]) return;
  session.save(decodeURIComponent(match[1]));
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
}

function App() {
  const [lang, setLang] = useState<Lang>(defaultLang);
  const i18n = useMemo(() => i18nFor(lang), [lang]);
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const route = useRoute();

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    sessionStorage.setItem('console.lang', lang);
    setApiLanguage(lang);
  }, [lang]);

  const identify = () => {
    if (!session.token()) {
      setMe(null);
      return;
    }
    api<Me>('/me').then(setMe, () => {
      session.clear();
      setMe(null);
    });
  };
  useEffect(identify, []);

  useEffect(() => {
    if (me && (route.path === '' || route.path === 'login')) location.hash = HOME[me.role];
  }, [me, route.path]);

  const { t, l } = i18n;
  const page = (() => {
    if (me === undefined) return <p class="muted">{t('loading')}</p>;
    if (me === null) return <LoginPage onLogin={identify} />;
    const [section, id] = route.parts;
    switch (section) {
      case 'tasks':
        return id ? <TaskPage id={id} /> : <TasksPage me={me} />;
      case 'inbox':
        return <InboxPage />;
      case 'file':
        return <FilingPage me={me} />;
      case 'consignments':
        return id ? <ConsignmentPage id={id} me={me} /> : <ConsignmentsPage me={me} query={route.query} />;
      case 'executions':
        return id ? <ExecutionPage id={id} me={me} /> : <ExecutionsPage me={me} query={route.query} />;
      case 'stats':
        return <StatsPage me={me} />;
      case 'trains':
        return <TrainsPage />;
      default:
        return <p class="muted">{t('loading')}</p>;
    }
  })();

  return (
    <I18nContext.Provider value={i18n}>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('skip')}
      </a>
      <header class="top">
        <span class="brand">{t('appTitle')}</span>
        {me && (
          <nav aria-label={lang === 'zh' ? '主导航' : 'Main'}>
            {NAV[me.role].map(([href, key]) => (
              <a key={href} href={href} aria-current={`#/${route.parts[0]}` === href ? 'page' : undefined}>
                {t(key)}
              </a>
            ))}
          </nav>
        )}
        <span class="spacer" />
        {me && (
          <span class="whoami" data-testid="whoami" title={t('whoami')}>
            {l(labels.bureau(me.bureau))} · {t(me.role)}
            {me.enterprise && ` · ${me.enterprise}`}
          </span>
        )}
        <button type="button" class="link" lang={lang === 'zh' ? 'en' : 'zh-CN'} title={t('languageName')} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {t('language')}
        </button>
        {me && (
          <button type="button" class="link" onClick={() => { session.clear(); setMe(null); location.hash = '#/login'; }}>
            {t('logout')}
          </button>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
      <footer class="muted">{t('timezone')}</footer>
    </I18nContext.Provider>
  );
}

takeTokenFromFragment();
const root = document.getElementById('app')!;
// index.html's "loading" line is for the moment before this script runs: preact would keep it.
root.replaceChildren();
render(<App />, root);
