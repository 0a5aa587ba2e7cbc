/**
 * Stands in for a Node built-in that a bundled shared/domain module imports for work the console
 * never does (e.g. the parcel sampler's hash); using it in the browser is a bug, said loudly.
 */
function unavailable(name: string): never {
  throw new Error(`${name} is not available in the browser console`);
}
export const createHash = (): never => unavailable('node:crypto createHash');
export const randomUUID = (): string => crypto.randomUUID();
export default {};
