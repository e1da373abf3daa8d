/**
 * A CommonJS package loaded on its first use instead of at start-up: for the parts of a
 * command that most runs never reach (a JSON error's position, a progress bar, the --pretty
 * table, CSV text that is not one of data/'s own files), so that a plain `otbill scrub` does
 * not read and compile their modules every time. Only for packages whose objects never meet
 * another copy of themselves (nothing here checks them with instanceof).
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export function lazyPackage<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
