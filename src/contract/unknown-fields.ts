/**
 * Fields of a visit that the contract does not know. The schema strips them, so without
 * this a misspelt `"assistantMinute": 20` would bill the line without CO and say nothing.
 * Walks the input beside the zod schema at every level (objects, arrays, records) and
 * names each unknown field with the nearest known field at that level.
 */
import type { z } from "zod";
import { formatIssuePath } from "./visit.js";

export interface UnknownField {
  /** where it is: services[0].assistantMinute */
  path: string;
  field: string;
  /** the known field at that level it is most like */
  nearest: string | undefined;
}

/** Deepest a visit may nest (the contract's deepest path is 4 levels); more is refused before validation. */
export const MAX_VISIT_DEPTH = 32;

/** The depth of a JSON value, counted without recursion so that a hostile one cannot overflow the stack. */
export function jsonDepth(value: unknown, stopAt = MAX_VISIT_DEPTH + 1): number {
  if (value === null || typeof value !== "object") return 0;
  let deepest = 0;
  // Two parallel stacks, and only objects pushed: the common visit is a few dozen values.
  const values: object[] = [value];
  const depths: number[] = [1];
  while (values.length > 0) {
    const current = values.pop()!;
    const depth = depths.pop()!;
    if (depth > deepest) deepest = depth;
    if (deepest >= stopAt) return deepest;
    // Indexes and for-in rather than Object.values, which made an array of every object's values.
    if (Array.isArray(current)) {
      for (let index = 0; index < current.length; index++) {
        const child: unknown = current[index];
        if (child !== null && typeof child === "object") {
          values.push(child);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    // A JSON value's properties are all its own: JSON.parse makes plain objects.
    for (const key in current) {
      const child: unknown = (current as Record<string, unknown>)[key];
      if (child !== null && typeof child === "object") {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return deepest;
}

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  valueType?: z.ZodType;
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/** The object, array or record under optional/nullable/default/pipe wrappers. */
function unwrap(schema: z.ZodType): SchemaDef {
  let def = defOf(schema);
  for (let guard = 0; guard < 10; guard++) {
    const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
    if (!inner) break;
    def = defOf(inner);
  }
  return def;
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The known field most like the unknown one (case folded), ties to the shorter. */
export function nearestField(field: string, known: readonly string[]): string | undefined {
  const lower = field.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const distance = editDistance(lower, name.toLowerCase());
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && name.length < best.length)) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

export function unknownFields(input: unknown, schema: z.ZodType, limit = 50): UnknownField[] {
  const found: UnknownField[] = [];
  const walk = (value: unknown, current: z.ZodType, path: PropertyKey[]): void => {
    if (found.length >= limit || value === null || typeof value !== "object") return;
    const def = unwrap(current);
    if (def.type === "array" && def.element && Array.isArray(value)) {
      value.forEach((item, index) => walk(item, def.element!, [...path, index]));
    } else if (def.type === "record" && def.valueType && !Array.isArray(value)) {
      for (const [key, item] of Object.entries(value)) walk(item, def.valueType, [...path, key]);
    } else if (def.type === "object" && def.shape && !Array.isArray(value)) {
      const known = Object.keys(def.shape);
      for (const [key, item] of Object.entries(value)) {
        const field = def.shape[key];
        if (field) walk(item, field, [...path, key]);
        else if (found.length < limit) found.push({ path: formatIssuePath([...path, key]), field: key, nearest: nearestField(key, known) });
      }
    }
  };
  walk(input, schema, []);
  return found;
}
