/**
 * A new, empty array of V8's element kind for any value. An empty array literal, and map or
 * filter over an empty array, get the kind for small integers instead, which changes when
 * the first object is added: a hot function that meets both an empty and a filled array at
 * one place is compiled for the one kind, sent back to the interpreter by the other, and
 * compiled again (the scrub's largest functions were compiled two and three times a run
 * for this). Lists made here and filled by push are of one kind, empty or not.
 */
export function objectList<T>(): T[] {
  const list: unknown[] = [undefined];
  list.length = 0;
  return list as T[];
}
