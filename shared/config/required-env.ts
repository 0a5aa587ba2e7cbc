/**
 * A setting the deployment must provide (a table name, a topic or state machine ARN). Read when
 * used, not at import, so the local cloud can set a function's environment before its first call.
 */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the function's manifest entry must grant the resource it names`);
  return value;
}
