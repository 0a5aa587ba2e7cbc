import { useMemo, useState } from 'preact/hooks';
import { z } from 'zod';
import { taskAnswerSchema } from '../../../shared/domain/tasks/task-results.ts';
import { api, ApiProblem, type Page } from '../api.ts';
import { labels, useI18n } from '../i18n.ts';
import { href } from '../router.ts';
import { pruned, SchemaForm, setAt, variantFor, type FormValue, type JsonSchema } from '../schema-form.tsx';
import { beijing } from '../time.ts';
import { fieldErrors, PageTitle, ProblemView, Show, useLoad } from '../ui.tsx';
import type { Task } from './tasks.tsx';

/** The answer schema of every task kind, as JSON Schema: what the form is generated from. */
const ANSWER_SCHEMA = z.toJSONSchema(taskAnswerSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** Port checks report every container of the task: one row each, the number filled in. */
function initialAnswer(task: Task): FormValue {
  if (task.kind === 'port-checks') {
    return { details: { containers: (task.input?.containers ?? []).map((number) => ({ number, radiation: 'normal', quarantine: 'pass', treatment: 'done' })) } };
  }
  return {};
}

function TaskForm({ task }: { task: Task }) {
  const { t, l, lang } = useI18n();
  const schema = useMemo(() => variantFor(ANSWER_SCHEMA, task.kind), [task.kind]);
  const [value, setValue] = useState<FormValue>(() => initialAnswer(task));
  const [errors, setErrors] = useState(new Map<string, string>());
  const [problem, setProblem] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);

  const submit = async (event: Event) => {
    event.preventDefault();
    const answer = pruned(value) as Record<string, FormValue>;
    // The API's own schema first, so the messages are the API's, without a round trip.
    const parsed = taskAnswerSchema.safeParse({ ...answer, kind: task.kind });
    if (!parsed.success) {
      setErrors(new Map(parsed.error.issues.map((issue) => [issue.path.join('.'), issue.message])));
      setProblem(undefined);
      return;
    }
    setBusy(true);
    try {
      await api(`/tasks/${encodeURIComponent(task.id)}/complete`, { method: 'POST', body: answer, headers: { 'idempotency-key': idempotencyKey } });
      setDone(true);
      setErrors(new Map());
    } catch (error) {
      setErrors(fieldErrors(error));
      setProblem(error instanceof ApiProblem && error.errors.length > 0 ? undefined : error);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <p class="success" role="status">
        {t('submitted')} — <a href="#/tasks">{t('navTasks')}</a>
        {task.consignmentId && (
          <>
            {' · '}
            <a href={href('consignments', task.consignmentId)}>{task.consignmentId}</a>
          </>
        )}
      </p>
    );
  }
  if (!schema) return <p>{t('unsupportedTask')}</p>;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="page-title">
      <dl class="facts">
        <dt>{t('consignment')}</dt>
        <dd>{task.consignmentId ? <a href={href('consignments', task.consignmentId)}>{task.consignmentId}</a> : task.trainId}</dd>
        <dt>{t('bureau')}</dt>
        <dd>{l(labels.bureau(task.bureau))}</dd>
        <dt>{t('deadline')}</dt>
        <dd>
          {beijing(task.dueAt, lang)} <span class="muted">({t('timezone')})</span>
        </dd>
        <dt>{t('escalation')}</dt>
        <dd>{task.escalation}</dd>
      </dl>
      {errors.size > 0 && (
        <p class="field-error" role="alert">
          {t('fixErrors')}
        </p>
      )}
      {problem !== undefined && <ProblemView error={problem} />}
      <SchemaForm
        schema={schema}
        value={value}
        errors={errors}
        readOnly={(path) => task.kind === 'port-checks' && /^details\.containers\.\d+\.number$/.test(path)}
        onChange={(path, next) => setValue((current) => setAt(current, path, next))}
      />
      <div class="actions">
        <button type="submit" disabled={busy}>
          {t('submit')}
        </button>
        <a href="#/tasks" class="button secondary">
          {t('cancel')}
        </a>
      </div>
    </form>
  );
}

export function TaskPage({ id }: { id: string }) {
  const { t, l } = useI18n();
  const loaded = useLoad(async () => {
    const page = await api<Page<Task>>('/tasks?limit=100');
    const task = page.items.find((item) => item.id === id);
    if (!task) throw new ApiProblem(404, 'Not Found', id, []);
    return task;
  }, [id]);
  return (
    <section>
      <PageTitle>{loaded.data ? `${t('completeTask')}：${l(labels.task(loaded.data.kind))}` : t('completeTask')}</PageTitle>
      <Show loaded={loaded}>{(task) => <TaskForm task={task} />}</Show>
    </section>
  );
}
