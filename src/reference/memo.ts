/**
 * Values made once and kept: the texts and lookups every visit asks
 * for that depend only on reference data (a payer profile and a rule, a rule row and a
 * payer kind, a profile and a date). The outer cache is a Map, or a WeakMap when its keys
 * are objects that may be made per visit (a profile with a payer's own overrides).
 */
/** A value made once for a key and kept. */
export function memo<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = make()));
  return value;
}

export interface OuterCache<A, B, V> {
  get(key: A): Map<B, V> | undefined;
  set(key: A, inner: Map<B, V>): unknown;
}

export function memoPair<A, B, V>(outer: OuterCache<A, B, V>, first: A, second: B, make: () => V): V {
  let inner = outer.get(first);
  if (!inner) outer.set(first, (inner = new Map()));
  return memo(inner, second, make);
}
