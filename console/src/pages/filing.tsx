import { useMemo, useState } from 'preact/hooks';
import { consignmentFilingSchema } from '../../../shared/domain/consignment.ts';
import { api, ApiProblem, type Me } from '../api.ts';
import { BUREAU_LIST, CATEGORIES, labels, PORT_LIST, TRADE_MODES, TRANSPORT_MODES, UNITS, useI18n, type UiKey } from '../i18n.ts';
import { href } from '../router.ts';
import { FieldError, fieldErrors, PageTitle, ProblemView } from '../ui.tsx';

interface ContainerRow {
  number: string;
  sealNumber: string;
}
interface GoodsRow {
  hsCode: string;
  description: string;
  quantity: string;
  unit: string;
  netWeightKg: string;
  originCountry: string;
  category: string;
}
interface Party {
  name: string;
  country: string;
  creditCode: string;
}
interface Filing {
  direction: 'import' | 'export';
  portCode: string;
  tradeMode: string;
  transportMode: string;
  inlandBureau: string;
  consignor: Party;
  consignee: Party;
  containers: ContainerRow[];
  goods: GoodsRow[];
}

const emptyGoods = (): GoodsRow => ({ hsCode: '', description: '', quantity: '', unit: 'PCE', netWeightKg: '', originCountry: '', category: 'general' });

function initialFiling(me: Me): Filing {
  const ours: Party = { name: '', country: 'CN', creditCode: me.enterprise ?? '' };
  return {
    direction: 'import',
    portCode: 'ALASHANKOU',
    tradeMode: 'general-trade',
    transportMode: 'rail',
    inlandBureau: me.bureau,
    consignor: { name: '', country: '', creditCode: '' },
    consignee: ours,
    containers: [{ number: '', sealNumber: '' }],
    goods: [emptyGoods()],
  };
}

const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
const numeric = (value: string) => (value.trim() === '' ? undefined : Number(value));
const party = (p: Party) => ({ name: text(p.name), country: text(p.country)?.toUpperCase(), ...(text(p.creditCode) && { creditCode: text(p.creditCode) }) });

/** The form as the body of POST /consignments. */
function body(f: Filing) {
  return {
    direction: f.direction,
    portCode: f.portCode,
    tradeMode: f.tradeMode,
    transportMode: f.transportMode,
    ...(f.direction === 'import' ? { destinationBureau: f.inlandBureau } : { originBureau: f.inlandBureau }),
    consignor: party(f.consignor),
    consignee: party(f.consignee),
    containers: f.containers.map((c) => ({ number: text(c.number)?.toUpperCase(), ...(text(c.sealNumber) && { sealNumber: text(c.sealNumber) }) })),
    goods: f.goods.map((g) => ({
      hsCode: text(g.hsCode),
      description: text(g.description),
      quantity: numeric(g.quantity),
      unit: g.unit,
      netWeightKg: numeric(g.netWeightKg),
      originCountry: text(g.originCountry)?.toUpperCase(),
      categories: [g.category],
    })),
  };
}

/** The API's own filing schema, bundled: the same rules and messages, checked as one types. */
function validate(f: Filing): Map<string, string> {
  const parsed = consignmentFilingSchema.safeParse(body(f));
  const errors = new Map<string, string>();
  if (!parsed.success) for (const issue of parsed.error.issues) if (!errors.has(issue.path.join('.'))) errors.set(issue.path.join('.'), issue.message);
  return errors;
}

export function FilingPage({ me }: { me: Me }) {
  const { t, l } = useI18n();
  const [filing, setFiling] = useState(() => initialFiling(me));
  const [touched, setTouched] = useState(new Set<string>());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState(new Map<string, string>());
  const [problem, setProblem] = useState<unknown>();
  const [filedId, setFiledId] = useState<string>();
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useMemo(() => crypto.randomUUID(), [filedId]);
  const errors = useMemo(() => validate(filing), [filing]);
  const shown = (path: string) => serverErrors.get(path) ?? (submitted || touched.has(path) ? errors.get(path) : undefined);

  const update = (change: (f: Filing) => Filing) => {
    setFiling(change);
    setServerErrors(new Map());
  };
  const touch = (path: string) => setTouched((s) => new Set(s).add(path));

  const input = (path: string, labelKey: UiKey, value: string, set: (v: string) => void, extra: Record<string, unknown> = {}) => {
    const id = `file-${path.replaceAll('.', '-')}`;
    const message = shown(path);
    return (
      <div class="field">
        <label for={id}>{t(labelKey)}</label>
        <input
          id={id}
          name={path}
          value={value}
          aria-invalid={message ? 'true' : undefined}
          aria-describedby={message ? `${id}-error` : undefined}
          onInput={(e) => set(e.currentTarget.value)}
          onBlur={() => touch(path)}
          {...extra}
        />
        <FieldError message={message} id={`${id}-error`} />
      </div>
    );
  };
  const select = (path: string, labelKey: UiKey, value: string, options: Array<[string, string]>, set: (v: string) => void) => {
    const id = `file-${path.replaceAll('.', '-')}`;
    const message = shown(path);
    return (
      <div class="field">
        <label for={id}>{t(labelKey)}</label>
        <select id={id} name={path} value={value} onChange={(e) => set(e.currentTarget.value)} aria-invalid={message ? 'true' : undefined} aria-describedby={message ? `${id}-error` : undefined}>
          {options.map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
        <FieldError message={message} id={`${id}-error`} />
      </div>
    );
  };
  const partyFields = (role: 'consignor' | 'consignee') => (
    <fieldset>
      <legend>{t(role)}</legend>
      {input(`${role}.name`, 'name', filing[role].name, (v) => update((f) => ({ ...f, [role]: { ...f[role], name: v } })))}
      {input(`${role}.country`, 'country', filing[role].country, (v) => update((f) => ({ ...f, [role]: { ...f[role], country: v } })), { maxLength: 2, size: 4 })}
      {input(`${role}.creditCode`, 'creditCode', filing[role].creditCode, (v) => update((f) => ({ ...f, [role]: { ...f[role], creditCode: v } })), { maxLength: 18 })}
    </fieldset>
  );

  const submit = async (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    if (errors.size > 0) {
      document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setBusy(true);
    try {
      const filed = await api<{ id: string }>('/consignments', { method: 'POST', body: body(filing), headers: { 'idempotency-key': idempotencyKey } });
      setFiledId(filed.id);
    } catch (error) {
      setServerErrors(fieldErrors(error));
      setProblem(error instanceof ApiProblem && error.errors.length > 0 ? undefined : error);
    } finally {
      setBusy(false);
    }
  };

  if (filedId) {
    return (
      <section>
        <PageTitle>{t('fileTitle')}</PageTitle>
        <p class="success" role="status">
          {t('filed')}: <a href={href('consignments', filedId)} data-testid="filed-link">{filedId}</a>
        </p>
        <button type="button" onClick={() => { setFiledId(undefined); setFiling(initialFiling(me)); setSubmitted(false); setTouched(new Set()); }}>
          {t('fileTitle')}
        </button>
      </section>
    );
  }

  const bureaus = BUREAU_LIST.filter((b) => b.code !== 'HQ').map((b): [string, string] => [b.code, `${l(b.shortName)} (${b.code})`]);
  return (
    <section>
      <PageTitle>{t('fileTitle')}</PageTitle>
      <form onSubmit={submit} noValidate aria-labelledby="page-title">
        {submitted && errors.size > 0 && (
          <p class="field-error" role="alert">
            {t('fixErrors')}
          </p>
        )}
        {problem !== undefined && <ProblemView error={problem} />}
        <fieldset class="grid">
          <legend>{t('consignment')}</legend>
          {select('direction', 'direction', filing.direction, [['import', l(labels.direction('import'))], ['export', l(labels.direction('export'))]], (v) =>
            update((f) => {
              const direction = v === 'export' ? 'export' : 'import';
              const ours = direction === 'import' ? f.consignee : f.consignor;
              const theirs = direction === 'import' ? f.consignor : f.consignee;
              return { ...f, direction, consignor: direction === 'export' ? ours : theirs, consignee: direction === 'export' ? theirs : ours };
            }),
          )}
          {select('portCode', 'port', filing.portCode, PORT_LIST.map((p) => [p.code, l(p.name)]), (v) => update((f) => ({ ...f, portCode: v })))}
          {select('tradeMode', 'tradeMode', filing.tradeMode, TRADE_MODES.map((m) => [m, l(labels.tradeMode(m))]), (v) => update((f) => ({ ...f, tradeMode: v })))}
          {select('transportMode', 'transportMode', filing.transportMode, TRANSPORT_MODES.map((m) => [m, l(labels.transportMode(m))]), (v) => update((f) => ({ ...f, transportMode: v })))}
          {select(filing.direction === 'import' ? 'destinationBureau' : 'originBureau', filing.direction === 'import' ? 'destinationBureau' : 'originBureau', filing.inlandBureau, bureaus, (v) =>
            update((f) => ({ ...f, inlandBureau: v })),
          )}
        </fieldset>
        <div class="two">
          {partyFields('consignor')}
          {partyFields('consignee')}
        </div>
        <fieldset>
          <legend>{t('containers')}</legend>
          {filing.containers.map((c, i) => (
            <div class="row" key={i}>
              {input(`containers.${i}.number`, 'containerNumber', c.number, (v) => update((f) => ({ ...f, containers: f.containers.map((x, j) => (j === i ? { ...x, number: v } : x)) })), { maxLength: 11, autocapitalize: 'characters' })}
              {input(`containers.${i}.sealNumber`, 'sealNumber', c.sealNumber, (v) => update((f) => ({ ...f, containers: f.containers.map((x, j) => (j === i ? { ...x, sealNumber: v } : x)) })))}
              {filing.containers.length > 1 && (
                <button type="button" class="secondary" onClick={() => update((f) => ({ ...f, containers: f.containers.filter((_, j) => j !== i) }))}>
                  {t('remove')}
                </button>
              )}
            </div>
          ))}
          <button type="button" class="secondary" onClick={() => update((f) => ({ ...f, containers: [...f.containers, { number: '', sealNumber: '' }] }))}>
            {t('addContainer')}
          </button>
        </fieldset>
        <fieldset>
          <legend>{t('goods')}</legend>
          {filing.goods.map((g, i) => {
            const set = (key: keyof GoodsRow) => (v: string) => update((f) => ({ ...f, goods: f.goods.map((x, j) => (j === i ? { ...x, [key]: v } : x)) }));
            return (
              <div class="row goods" key={i}>
                {input(`goods.${i}.hsCode`, 'hsCode', g.hsCode, set('hsCode'), { inputMode: 'numeric', maxLength: 10, size: 10 })}
                {input(`goods.${i}.description`, 'description', g.description, set('description'))}
                {input(`goods.${i}.quantity`, 'quantity', g.quantity, set('quantity'), { inputMode: 'decimal', size: 8 })}
                {select(`goods.${i}.unit`, 'unit', g.unit, UNITS.map((u) => [u, `${l(labels.unit(u))} (${u})`]), set('unit'))}
                {input(`goods.${i}.netWeightKg`, 'netWeightKg', g.netWeightKg, set('netWeightKg'), { inputMode: 'decimal', size: 8 })}
                {input(`goods.${i}.originCountry`, 'originCountry', g.originCountry, set('originCountry'), { maxLength: 2, size: 4 })}
                {select(`goods.${i}.categories`, 'categories', g.category, CATEGORIES.map((c) => [c, l(labels.category(c))]), set('category'))}
                {filing.goods.length > 1 && (
                  <button type="button" class="secondary" onClick={() => update((f) => ({ ...f, goods: f.goods.filter((_, j) => j !== i) }))}>
                    {t('remove')}
                  </button>
                )}
              </div>
            );
          })}
          <button type="button" class="secondary" onClick={() => update((f) => ({ ...f, goods: [...f.goods, emptyGoods()] }))}>
            {t('addGoods')}
          </button>
        </fieldset>
        <div class="actions">
          <button type="submit" disabled={busy}>
            {t('fileSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
