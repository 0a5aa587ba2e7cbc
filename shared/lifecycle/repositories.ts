import { createRepositories, type Repositories } from '../data/repositories.ts';

let repositories: Repositories | undefined;

/** The repositories of this process, made on first use (after the environment is in place). */
export function repos(): Repositories {
  return (repositories ??= createRepositories());
}
