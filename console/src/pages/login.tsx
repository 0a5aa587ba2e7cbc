import { useState } from 'preact/hooks';
import { api, session, type Me } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { PageTitle } from '../ui.tsx';

/** Paste a token (locally `npm run token`), or arrive by a login link with `#token=`. */
export function LoginPage({ onLogin }: { onLogin: () => void }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [failed, setFailed] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    session.save(token.trim());
    try {
      await api<Me>('/me');
      onLogin();
    } catch {
      session.clear();
      setFailed(true);
    }
  };
  return (
    <section class="narrow">
      <PageTitle>{t('login')}</PageTitle>
      <form onSubmit={submit}>
        <label for="token">{t('tokenLabel')}</label>
        <textarea id="token" name="token" rows={5} value={token} onInput={(e) => setToken(e.currentTarget.value)} aria-describedby="token-help" required />
        <p id="token-help" class="muted">
          {t('tokenHelp')}
        </p>
        {failed && (
          <p class="field-error" role="alert">
            {t('loginFailed')}
          </p>
        )}
        <button type="submit">{t('login')}</button>
      </form>
    </section>
  );
}
