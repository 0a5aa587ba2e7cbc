/**
 * Just enough reading of LocalStack's pytest files to find which template a snapshot entry ran:
 * template constants, import aliases, test functions with their decorators, `parametrize` lists,
 * and the simple edits a test makes to a loaded template (`template["States"]["X"]["Resource"] = arn`).
 * Anything this cannot read is reported as skipped, never guessed.
 */
export interface TemplateIndex {
  /** class name → constant → path of the file (relative to the stepfunctions tests folder). */
  classes: Map<string, Map<string, string>>;
  /** class name → string constant → its value (placeholders the tests replace). */
  strings: Map<string, Map<string, string>>;
}

const CONSTANT = /(\w+)\s*(?::\s*Final\[str\])?\s*=\s*os\.path\.join\(\s*_THIS_FOLDER\s*,([^)]*)\)/g;

export function indexTemplateModule(index: TemplateIndex, moduleDir: string, source: string): void {
  const classMatch = /class (\w+)\(TemplateLoader\)/.exec(source);
  if (!classMatch) return;
  const constants = new Map<string, string>();
  for (const m of source.matchAll(CONSTANT)) {
    const parts = [...(m[2] as string).matchAll(/"([^"]*)"/g)].map((p) => p[1] as string);
    constants.set(m[1] as string, `${moduleDir}/${parts.join('/')}`);
  }
  index.classes.set(classMatch[1] as string, constants);
  const strings = new Map<string, string>();
  for (const m of source.matchAll(/^ {4}(\w+)\s*(?::\s*Final\[str\])?\s*=\s*("[^"\n]*")\s*$/gm)) {
    const value = pythonLiteral(m[2] as string);
    if (typeof value === 'string') strings.set(m[1] as string, value);
  }
  index.strings.set(classMatch[1] as string, strings);
}

/** `Alias.CONSTANT` naming a string constant of an imported template class, or undefined. */
export function templateString(text: string, aliases: Map<string, string>, index: TemplateIndex): string | undefined {
  const m = /^(\w+)\.(\w+)$/.exec(text.trim());
  const className = m ? aliases.get(m[1] as string) : undefined;
  return className ? index.strings.get(className)?.get(m?.[2] as string) : undefined;
}

/** The source with line breaks inside brackets removed, so each statement is on one line. */
export function joinContinuations(source: string): string {
  let out = '';
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (quote) {
      out += c;
      if (c === '\\') out += source[++i] ?? '';
      else if (c === quote || c === '\n') quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth = Math.max(0, depth - 1);
    if (c === '\n' && depth > 0) {
      while (source[i + 1] === ' ') i++;
      continue;
    }
    out += c;
  }
  return out;
}

/** alias (or class name) → class name, for the template classes a test module imports. */
export function importAliases(source: string, index: TemplateIndex): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const m of source.matchAll(/from tests\.aws\.services\.stepfunctions\.templates\.[\w.]+ import\s*(\([^)]*\)|[^\n]+)/g)) {
    for (const part of (m[1] as string).replace(/[()]/g, '').split(',')) {
      const [name, alias] = part.trim().split(/\s+as\s+/);
      if (name && index.classes.has(name)) aliases.set(alias ?? name, name);
    }
  }
  return aliases;
}

export interface TemplateRef {
  className: string;
  constant: string;
  file: string;
}

/** Every `Alias.CONSTANT` in `text` that names a template constant. */
export function templateRefs(text: string, aliases: Map<string, string>, index: TemplateIndex): TemplateRef[] {
  const refs: TemplateRef[] = [];
  for (const m of text.matchAll(/\b(\w+)\.([A-Z][A-Z0-9_]*)\b/g)) {
    const className = aliases.get(m[1] as string);
    const file = className ? index.classes.get(className)?.get(m[2] as string) : undefined;
    if (className && file) refs.push({ className, constant: m[2] as string, file });
  }
  return refs;
}

export interface TestFunction {
  name: string;
  className: string;
  decorators: string;
  body: string;
}

/** The test methods of a module, each with its decorator block (black keeps it free of blank lines). */
export function testFunctions(source: string): TestFunction[] {
  const lines = source.split('\n');
  const out: TestFunction[] = [];
  let className = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const cls = /^class (\w+)/.exec(line);
    if (cls) className = cls[1] as string;
    const def = /^ {4}def (test_\w+)\(/.exec(line);
    if (!def) continue;
    let start = i;
    while (start > 0 && (lines[start - 1] as string).trim() !== '' && !/^\S/.test(lines[start - 1] as string)) start--;
    let end = i + 1;
    while (end < lines.length && !/^ {4}(def |@|class )|^\S/.test(lines[end] as string)) end++;
    out.push({ name: def[1] as string, className, decorators: lines.slice(start, i).join('\n'), body: lines.slice(i, end).join('\n') });
  }
  return out;
}

/** The text between the parenthesis at `open` and its partner. */
export function balanced(text: string, open: number): string {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [];
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (pairs[c]) stack.push(pairs[c] as string);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return text.slice(open + 1, i);
    }
  }
  return text.slice(open + 1);
}

/** Splits on top-level commas. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      current += c;
      if (c === '\\') current += text[++i] ?? '';
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if (c === ',' && depth === 0) {
      if (current.trim()) parts.push(current.trim());
      current = '';
    } else current += c;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

export interface Parametrize {
  names: string[];
  items: string[];
  ids: string[] | null;
}

export function parametrizations(decorators: string): Parametrize[] {
  const out: Parametrize[] = [];
  for (const m of decorators.matchAll(/@pytest\.mark\.parametrize\(/g)) {
    const args = splitTopLevel(balanced(decorators, (m.index ?? 0) + m[0].length - 1));
    const names = (args[0] ?? '').replace(/["']/g, '').split(',').map((s) => s.trim());
    const list = args[1] ?? '';
    const items = list.startsWith('[') ? splitTopLevel(balanced(list, 0)) : [];
    const idsArg = args.find((a) => a.startsWith('ids='));
    const ids = idsArg?.slice(4).startsWith('[')
      ? splitTopLevel(balanced(idsArg.slice(4), 0)).map((s) => pythonLiteral(s)).map((v) => (typeof v === 'string' ? v : String(v)))
      : null;
    out.push({ names, items, ids });
  }
  return out;
}

/** A Python literal (str, number, bool, None, and lists/dicts of those) as JSON, or undefined. */
export function pythonLiteral(text: string): unknown {
  const t = text.trim();
  if (/^[rbf]?'/.test(t) || /^[rbf]?"/.test(t)) {
    if (/^[rbf]/.test(t)) return undefined;
    const q = t[0];
    if (t[t.length - 1] !== q) return undefined;
    const inner = t.slice(1, -1);
    if (q === "'") return safeJson(`"${inner.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`);
    return safeJson(t);
  }
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) return Number(t);
  if (t === 'True') return true;
  if (t === 'False') return false;
  if (t === 'None') return null;
  if (t.startsWith('[') || t.startsWith('{')) {
    const bare = t.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    if (bare.includes("'") || /[A-Za-z_]/.test(bare.replace(/\b(True|False|None)\b/g, '').replace(/\d[eE]/g, ''))) return undefined;
    return safeJson(t.replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false').replace(/\bNone\b/g, 'null').replace(/,(\s*[\]}])/g, '$1'));
  }
  return undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A Python expression made of literals, names bound in `env`, and lists or tuples of those (with
 * `*name` spreads), as JSON; undefined for anything else.
 */
export function pythonValue(text: string, env: ReadonlyMap<string, unknown>): unknown {
  const t = text.trim();
  if (/^[A-Za-z_]\w*$/.test(t)) return env.has(t) ? env.get(t) : pythonLiteral(t);
  if (t.startsWith('[') || t.startsWith('(')) {
    const inner = balanced(t, 0);
    if (inner.length + 2 !== t.length) return undefined;
    const out: unknown[] = [];
    for (const part of splitTopLevel(inner)) {
      const spread = part.startsWith('*');
      const value = pythonValue(spread ? part.slice(1) : part, env);
      if (value === undefined) return undefined;
      if (spread) {
        if (!Array.isArray(value)) return undefined;
        out.push(...(value as unknown[]));
      } else out.push(value);
    }
    return out;
  }
  return pythonLiteral(t);
}

/** The module's top-level constants (`NAME: Final[...] = <expression>`) that `pythonValue` can read. */
export function moduleConstants(pythonSource: string, env = new Map<string, unknown>()): Map<string, unknown> {
  const source = withoutComments(pythonSource);
  for (const m of source.matchAll(/^([A-Z_][A-Z0-9_]*)\s*(?::[^=\n]+)?=\s*/gm)) {
    const start = (m.index ?? 0) + m[0].length;
    const open = source[start];
    const text = open === '[' || open === '(' ? `${open}${balanced(source, start)}${open === '[' ? ']' : ')'}` : source.slice(start).split('\n')[0] ?? '';
    const value = pythonValue(text, env);
    if (value !== undefined) env.set(m[1] as string, value);
  }
  return env;
}

/**
 * Lists a test body builds with a loop over a constant (`xs = []` / `for v in CONST:` /
 * `xs.append(<expression of v>)`), added to `env`.
 */
export function loopLists(body: string, env: Map<string, unknown>): Map<string, unknown> {
  const out = new Map(env);
  const loop = /(\w+)\s*(?::[^=\n]+)?=\s*\[\]\s*\n\s*for (\w+) in (\w+):\s*\n\s*\1\.append\((.+)\)\s*$/gm;
  for (const m of body.matchAll(loop)) {
    const items = out.get(m[3] as string);
    if (!Array.isArray(items)) continue;
    const values = items.map((item) => pythonValue(m[4] as string, new Map([...out, [m[2] as string, item]])));
    if (values.every((v) => v !== undefined)) out.set(m[1] as string, values);
  }
  return out;
}

/** The source with `# comments` removed (not `#` inside string literals). */
function withoutComments(source: string): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (quote) {
      out += c;
      if (c === '\\') out += source[++i] ?? '';
      else if (c === quote || c === '\n') quote = null;
    } else if (c === '#') {
      while (i + 1 < source.length && source[i + 1] !== '\n') i++;
    } else {
      if (c === '"' || c === "'") quote = c;
      out += c;
    }
  }
  return out;
}

/**
 * A Python f-string whose fields are plain names bound in `env` (`f"{{% {items} %}}"`), formatted
 * as Python's `str()` would; undefined for anything else.
 */
export function fString(text: string, env: ReadonlyMap<string, unknown>): string | undefined {
  const m = /^f"((?:[^"\\]|\\.)*)"$/.exec(text.trim());
  if (!m) return undefined;
  let failed = false;
  const out = (m[1] as string).replace(/\{\{|\}\}|\{(\w+)\}/g, (whole, name: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const value = name !== undefined && env.has(name) ? pythonStr(env.get(name)) : undefined;
    if (value === undefined) failed = true;
    return value ?? '';
  });
  return failed ? undefined : out;
}

/** Python's `str()` of a JSON value (repr for items of lists and dicts); undefined where unsure. */
function pythonStr(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return pythonRepr(value);
}

function pythonRepr(value: unknown): string | undefined {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  // A float such as 1.0 arrives here as 1: only integers are certain.
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : undefined;
  if (typeof value === 'string') return value.includes("'") ? undefined : `'${value.replace(/\\/g, '\\\\')}'`;
  if (Array.isArray(value)) {
    const items = value.map(pythonRepr);
    return items.some((i) => i === undefined) ? undefined : `[${items.join(', ')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      const key = pythonRepr(k);
      const item = pythonRepr(v);
      return key === undefined || item === undefined ? undefined : `${key}: ${item}`;
    });
    return entries.some((e) => e === undefined) ? undefined : `{${entries.join(', ')}}`;
  }
  return undefined;
}
