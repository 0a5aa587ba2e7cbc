import type { Json } from '#test/conformance/case-types.ts';

/**
 * The feature group a case reports under: what a reader of the pass/fail table would look for
 * (the engine work is planned by these groups), decided from where the source files it and
 * what its definition uses.
 */
export function featureGroup(sourcePath: string, testName: string, definition: Json): string {
  const where = `${sourcePath}::${testName}`.toLowerCase();
  const text = JSON.stringify(definition);
  const usesJsonata = /"QueryLanguage":"JSONata"/.test(text);
  const usesJsonPath = !/^\{[^{]*"QueryLanguage":"JSONata"/.test(text) || /"QueryLanguage":"JSONPath"/.test(text);
  if (where.includes('query_language') || (usesJsonata && usesJsonPath && /"QueryLanguage"/.test(text) && where.includes('mixed'))) return 'query-language-mix';
  if (where.includes('choice_operators')) return 'choice';
  if (where.includes('intrinsic')) return usesJsonata ? 'jsonata' : 'intrinsics';
  if (where.includes('assign') || where.includes('variable')) return 'variables-assign';
  if (usesJsonata) return 'jsonata';
  if (where.includes('express')) return 'express-sync';
  if (where.includes('validation')) return 'validation';
  if (where.includes('context_object')) return 'parameters-and-context';
  if (where.includes('wait') || /"Type":"Wait"/.test(text) && !/"Type":"(Map|Parallel)"/.test(text)) return 'wait';
  if (where.includes('timeout') || where.includes('heartbeat')) return 'timeouts';
  if (where.includes('error') || where.includes('fail') || where.includes('runtime')) return 'errors-and-causes';
  if (where.includes('retry') || where.includes('catch') || /"(Retry|Catch)"/.test(text)) return 'retry-catch';
  if (/"Type":"Map"/.test(text)) return 'map';
  if (/"Type":"Parallel"/.test(text)) return 'parallel';
  if (/"Type":"Choice"/.test(text)) return 'choice';
  if (where.includes('json_path') || /"(InputPath|OutputPath|ResultPath)"/.test(text)) return 'jsonpath-paths';
  if (/States\.\w+\(/.test(text)) return 'intrinsics';
  return 'parameters-and-context';
}
