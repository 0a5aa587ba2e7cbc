import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Per-function environment variables for handlers that share one process. On AWS each function
 * has its own process and `process.env`; here `process.env` is replaced once by a view that,
 * inside an invocation, shows that function's variables over the process's own. The overlay
 * follows the invocation's async context (promises, timers), so concurrent invocations of
 * different functions each see their own values.
 */
const overlay = new AsyncLocalStorage<Record<string, string>>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const base = process.env;
  const own = (key: string | symbol): Record<string, string> | undefined => {
    const store = overlay.getStore();
    return store && typeof key === 'string' && Object.hasOwn(store, key) ? store : undefined;
  };
  process.env = new Proxy(base, {
    get: (target, key) => own(key)?.[key as string] ?? Reflect.get(target, key),
    has: (target, key) => own(key) !== undefined || Reflect.has(target, key),
    set(target, key, value) {
      const store = own(key);
      if (store) store[key as string] = String(value);
      else Reflect.set(target, key, String(value));
      return true;
    },
    deleteProperty(target, key) {
      const store = own(key);
      // The function's own value goes; the process's value under it belongs to every other function.
      if (store) return delete store[key as string];
      return Reflect.deleteProperty(target, key);
    },
    ownKeys(target) {
      const keys = new Set(Reflect.ownKeys(target));
      for (const key of Object.keys(overlay.getStore() ?? {})) keys.add(key);
      return [...keys];
    },
    getOwnPropertyDescriptor(target, key) {
      const store = own(key);
      if (store) return { value: store[key as string], writable: true, enumerable: true, configurable: true };
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
}

/** Runs `fn` (and everything it starts) with `environment` layered over `process.env`. */
export function runWithEnvironment<T>(environment: Record<string, string>, fn: () => T): T {
  install();
  return overlay.run({ ...environment }, fn);
}
