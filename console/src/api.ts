/**
 * The HTTP API as the console calls it: the token from sessionStorage as a bearer, JSON in and
 * out, and problem+json turned into an `ApiProblem` whose field errors the forms show beside
 * their fields. The API's origin is the page's own unless index.html names another.
 */
import type { Lang } from './i18n.ts';

const TOKEN_KEY = 'console.token';

export const apiBase = (): string => document.querySelector<HTMLMetaElement>('meta[name="api-url"]')?.content.replace(/\/$/, '') ?? '';

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  save: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export interface FieldError {
  field: string;
  message: string;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldError[],
  ) {
    super(`${status} ${title}: ${detail}`);
  }
}

let currentLang: Lang = 'zh';
/**
 * JSON calls ask for any language: the API's problems then stay bilingual (`中文 / English`)
 * and the console shows the half in the language chosen now, also after a switch. Downloads
 * (CSV) ask for the reader's language.
 */
export const setApiLanguage = (lang: Lang) => {
  currentLang = lang;
};

export interface CallOptions {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

async function request(path: string, options: CallOptions = {}): Promise<Response> {
  const token = session.token();
  // `*` names neither zh nor en (the browser would otherwise send its own languages).
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': '*', ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(apiBase() + path, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  if (!response.ok) {
    const text = await response.text();
    let problem: { title?: string; detail?: string; errors?: FieldError[] } = {};
    try {
      problem = JSON.parse(text) as typeof problem;
    } catch {
      problem = { title: response.statusText, detail: text };
    }
    throw new ApiProblem(response.status, problem.title ?? response.statusText, problem.detail ?? '', problem.errors ?? []);
  }
  return response;
}

export async function api<T>(path: string, options: CallOptions = {}): Promise<T> {
  const response = await request(path, options);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A download the API answers in another representation (CSV, PDF): saved as a file. */
export async function download(path: string, accept: string, fallbackName: string): Promise<void> {
  // A file is written once: its labels in the reader's language.
  const response = await request(path, { headers: { accept, 'accept-language': currentLang } });
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const query = (params: Record<string, string | number | undefined>): string => {
  const entries = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : '';
};

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export interface Me {
  subject: string;
  bureau: string;
  role: 'officer' | 'declarant' | 'hq';
  enterprise?: string;
}
