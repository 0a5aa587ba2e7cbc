/**
 * A form generated from a JSON Schema (the task kind's answer schema, converted from the same zod
 * schema the API parses with): enums become selects, strings inputs, objects fieldsets, arrays of
 * objects tables with a row per item. Errors are shown beside the field their path names.
 */
import { labels, messageIn, useI18n, type UiKey } from './i18n.ts';

export interface JsonSchema {
  type?: string | string[];
  enum?: Array<string | number>;
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  maxLength?: number;
  minimum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export type FormValue = string | number | boolean | FormValue[] | { [key: string]: FormValue } | undefined;

const FIELD_LABELS: Record<string, UiKey> = {
  outcome: 'outcome',
  disposal: 'disposal',
  findings: 'findings',
  method: 'method',
  containers: 'containers',
  number: 'containerNumber',
  radiation: 'radiation',
  quarantine: 'quarantine',
  treatment: 'treatment',
  surfaceTreatment: 'treatment',
  details: 'taskDetails',
};
const VALUE_LABELS: Record<string, UiKey> = { pass: 'pass', fail: 'fail', normal: 'normal', alarm: 'alarm', done: 'done', 'not-needed': 'notNeeded' };

/** The variant of a kind-discriminated union whose `kind` is `kind`. */
export function variantFor(schema: JsonSchema, kind: string): JsonSchema | undefined {
  return (schema.oneOf ?? schema.anyOf ?? [schema]).find((variant) => variant.properties?.kind?.const === kind);
}

const idOf = (path: string) => `f-${path.replaceAll('.', '-')}`;

interface FieldProps {
  schema: JsonSchema;
  path: string;
  name: string;
  value: FormValue;
  required: boolean;
  errors: Map<string, string>;
  readOnly?: (path: string) => boolean;
  onChange(path: string, value: FormValue): void;
}

function useFieldLabel() {
  const { t, l } = useI18n();
  return {
    field: (name: string) => (FIELD_LABELS[name] ? t(FIELD_LABELS[name]) : name),
    option: (name: string, value: string) => {
      if (name === 'disposal') return l(labels.disposal(value));
      return VALUE_LABELS[value] ? t(VALUE_LABELS[value]) : value;
    },
  };
}

function ErrorText({ path, errors }: { path: string; errors: Map<string, string> }) {
  const { lang } = useI18n();
  const message = errors.get(path);
  return message ? (
    <span class="field-error" id={`${idOf(path)}-error`} role="alert">
      {messageIn(message, lang)}
    </span>
  ) : null;
}

function Input({ schema, path, name, value, required, errors, readOnly, onChange, bare }: FieldProps & { bare?: boolean }) {
  const { t } = useI18n();
  const label = useFieldLabel();
  const id = idOf(path);
  const invalid = errors.has(path);
  const common = {
    id,
    name: path,
    'aria-invalid': invalid ? ('true' as const) : undefined,
    'aria-describedby': invalid ? `${id}-error` : undefined,
    'aria-label': bare ? label.field(name) : undefined,
    required,
  };
  let control;
  if (schema.enum) {
    control = (
      <select {...common} value={value === undefined ? '' : String(value)} onChange={(e) => onChange(path, e.currentTarget.value || undefined)}>
        {!required && <option value="">{t('none')}</option>}
        {required && value === undefined && <option value="" />}
        {schema.enum.map((option) => (
          <option key={String(option)} value={String(option)}>
            {label.option(name, String(option))}
          </option>
        ))}
      </select>
    );
  } else if (schema.type === 'number' || schema.type === 'integer') {
    control = <input {...common} type="number" value={value === undefined ? '' : String(value)} onInput={(e) => onChange(path, e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))} />;
  } else if (schema.type === 'boolean') {
    control = <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(path, e.currentTarget.checked)} />;
  } else if ((schema.maxLength ?? 0) > 200) {
    control = <textarea {...common} rows={3} value={typeof value === 'string' ? value : ''} onInput={(e) => onChange(path, e.currentTarget.value || undefined)} />;
  } else {
    control = (
      <input {...common} type="text" readOnly={readOnly?.(path)} value={typeof value === 'string' ? value : ''} onInput={(e) => onChange(path, e.currentTarget.value || undefined)} />
    );
  }
  if (bare) {
    return (
      <>
        {control}
        <ErrorText path={path} errors={errors} />
      </>
    );
  }
  return (
    <div class="field">
      <label for={id}>{label.field(name)}</label>
      {control}
      <ErrorText path={path} errors={errors} />
    </div>
  );
}

function Field(props: FieldProps) {
  const { schema, path, name, value, errors, onChange } = props;
  const label = useFieldLabel();
  const { t } = useI18n();
  if (schema.type === 'object' && schema.properties) {
    const object = (value && typeof value === 'object' && !Array.isArray(value) ? value : {}) as Record<string, FormValue>;
    return (
      <fieldset>
        {name && <legend>{label.field(name)}</legend>}
        <ErrorText path={path} errors={errors} />
        {Object.entries(schema.properties)
          .filter(([, inner]) => inner.const === undefined)
          .map(([key, inner]) => (
            <Field key={key} {...props} schema={inner} path={path ? `${path}.${key}` : key} name={key} value={object[key]} required={schema.required?.includes(key) ?? false} />
          ))}
      </fieldset>
    );
  }
  if (schema.type === 'array' && schema.items?.type === 'object' && schema.items.properties) {
    const rows = Array.isArray(value) ? value : [];
    const columns = Object.entries(schema.items.properties);
    return (
      <fieldset>
        <legend>{label.field(name)}</legend>
        <ErrorText path={path} errors={errors} />
        <table class="form-table">
          <thead>
            <tr>
              {columns.map(([key]) => (
                <th key={key} scope="col">
                  {label.field(key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                {columns.map(([key, inner]) => (
                  <td key={key}>
                    <Input
                      {...props}
                      schema={inner}
                      path={`${path}.${i}.${key}`}
                      name={key}
                      value={(row as Record<string, FormValue>)[key]}
                      required={schema.items?.required?.includes(key) ?? false}
                      bare
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {!props.readOnly?.(`${path}.0.number`) && (
          <button type="button" class="secondary" onClick={() => onChange(path, [...rows, {}])}>
            +
          </button>
        )}
        {rows.length === 0 && <p class="muted">{t('empty')}</p>}
      </fieldset>
    );
  }
  return <Input {...props} />;
}

export function SchemaForm(props: Omit<FieldProps, 'path' | 'name' | 'required'>) {
  return <Field {...props} path="" name="" required />;
}

/** The value with `path` (dot-separated) set. */
export function setAt(root: FormValue, path: string, value: FormValue): FormValue {
  const [head, ...rest] = path.split('.');
  if (head === undefined || head === '') return value;
  const index = /^\d+$/.test(head) ? Number(head) : undefined;
  if (index !== undefined) {
    const array = Array.isArray(root) ? [...root] : [];
    array[index] = setAt(array[index], rest.join('.'), value);
    return array;
  }
  const object = root && typeof root === 'object' && !Array.isArray(root) ? { ...root } : {};
  object[head] = setAt(object[head], rest.join('.'), value);
  return object;
}

/** Drops empty strings and objects left empty, which the schema treats as absent fields. */
export function pruned(value: FormValue): FormValue {
  if (Array.isArray(value)) return value.map(pruned);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, pruned(v)] as const)
      .filter(([, v]) => v !== undefined && v !== '' && !(v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0));
    return Object.fromEntries(entries) as FormValue;
  }
  return value;
}
