import { afterEach, describe, expect, it } from 'vitest';
import { runWithEnvironment } from '#local/lambda/environment.ts';

/** The per-invocation view of `process.env` that lets functions share one process. */
const KEY = 'LOCAL_ENV_TEST_CONSIGNMENT_TABLE';
const ONLY_IN_OVERLAY = 'LOCAL_ENV_TEST_OVERLAY_ONLY';

afterEach(() => {
  delete process.env[KEY];
  delete process.env[ONLY_IN_OVERLAY];
});

describe('Lambda environment overlay', () => {
  it('deleting a variable the function overrides removes the override only, not the process’s own value', () => {
    process.env[KEY] = 'process-value';
    runWithEnvironment({ [KEY]: 'function-value' }, () => {
      expect(process.env[KEY]).toBe('function-value');
      delete process.env[KEY];
      expect(process.env[KEY]).toBe('process-value');
    });
    expect(process.env[KEY]).toBe('process-value');
  });

  it('deleting a variable only the function has leaves the process untouched', () => {
    runWithEnvironment({ [ONLY_IN_OVERLAY]: 'function-value' }, () => {
      delete process.env[ONLY_IN_OVERLAY];
      expect(process.env[ONLY_IN_OVERLAY]).toBeUndefined();
      expect(ONLY_IN_OVERLAY in process.env).toBe(false);
    });
    expect(process.env[ONLY_IN_OVERLAY]).toBeUndefined();
  });

  it('deleting a variable the function does not override deletes the process’s own, as on AWS', () => {
    process.env[KEY] = 'process-value';
    runWithEnvironment({}, () => {
      delete process.env[KEY];
      expect(process.env[KEY]).toBeUndefined();
    });
    expect(process.env[KEY]).toBeUndefined();
  });

  it('writes inside an invocation go to the function’s own value when it has one', () => {
    process.env[KEY] = 'process-value';
    runWithEnvironment({ [KEY]: 'function-value' }, () => {
      process.env[KEY] = 'changed-by-function';
      expect(process.env[KEY]).toBe('changed-by-function');
    });
    expect(process.env[KEY]).toBe('process-value');
  });
});
