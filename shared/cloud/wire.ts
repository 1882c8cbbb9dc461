// Helpers shared by the product wrappers: flattening request parameters the
// way the generated SDKs do, and lenient zod pieces for response fields whose
// wire type varies (numbers sent as strings, JSON sent as strings).
import * as z from 'zod';

/**
 * A time in whole seconds, as the API's examples write times (`2019-05-16T10:26:14Z`), rounded down so a listing
 * bounded by it misses nothing.
 */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Flat RPC parameters as sent on the wire: `InstanceIds.1`, `Tags.1.Key`. */
export type WireParams = Record<string, string>;

type WireValue =
  string | number | boolean | undefined | null | readonly WireValue[] | { readonly [key: string]: WireValue };

/**
 * Flattens nested parameters like the generated SDKs (openapi-util `query`):
 * arrays become `Key.1`, `Key.2`, objects `Key.Sub`, arrays of objects
 * `Key.1.Sub`; undefined and null are left out.
 */
export function flattenParams(params: Readonly<Record<string, WireValue>>): WireParams {
  const out: WireParams = {};
  const visit = (prefix: string, value: WireValue): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((item: WireValue, i: number) => visit(`${prefix}.${i + 1}`, item));
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, WireValue>)) visit(`${prefix}.${k}`, v);
    } else {
      out[prefix] = String(value);
    }
  };
  for (const [key, value] of Object.entries(params)) visit(key, value);
  return out;
}

export type { WireValue };

/** `Tags.N.Key` / `Tags.N.Value` list from a map. */
export function tagList(
  tags: Readonly<Record<string, string>> | undefined,
): Array<{ Key: string; Value: string }> | undefined {
  if (tags === undefined) return undefined;
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** A number that some APIs send as a string. */
export const wireNumber = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]).transform(Number);

/** A JSON object sent either as an object or as a JSON string ("" and absent → {}). */
export const jsonObject = z
  .union([z.record(z.string(), z.unknown()), z.string(), z.null()])
  .optional()
  .transform((value, ctx): Record<string, unknown> => {
    if (value === undefined || value === null || value === '') return {};
    if (typeof value !== 'string') return value;
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // fall through to the issue below
    }
    ctx.addIssue({ code: 'custom', message: 'expected a JSON object string' });
    return z.NEVER;
  });

/** A string map (tags) sent as an object, as a JSON string, or absent. */
export const jsonStringMap = jsonObject.transform((value): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
});

/** `{TagKey, TagValue}[]` (or ECS's `{Tag: [...]}`) → map. */
const tagEntry = z.object({ TagKey: z.string(), TagValue: z.string().optional().default('') });
export const tagArray = z
  .union([z.array(tagEntry), z.object({ Tag: z.array(tagEntry).optional() })])
  .optional()
  .transform((value): Record<string, string> => {
    const list = value === undefined ? [] : Array.isArray(value) ? value : (value.Tag ?? []);
    return Object.fromEntries(list.map((t) => [t.TagKey, t.TagValue]));
  });

/** A list sent flat (`[...]`) in newer API versions or wrapped (`{Item: [...]}`) in older ones. */
export function flatOrWrapped<T extends z.ZodType>(item: T, wrapperKey: string) {
  const list = z.array(item);
  return z.unknown().transform((value, ctx): Array<z.output<T>> => {
    if (value === undefined || value === null) return [];
    const isWrapper = typeof value === 'object' && !Array.isArray(value);
    const inner: unknown = isWrapper ? ((value as Record<string, unknown>)[wrapperKey] ?? []) : value;
    // Parsed here rather than with a union so a bad item is reported by its own path.
    const parsed = list.safeParse(inner);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      ctx.addIssue({ code: 'custom', message: issue.message, path: isWrapper ? [wrapperKey, ...path] : path });
    }
    return z.NEVER;
  });
}

/** Optional string that treats "" as absent (APIs send "" for unset fields). */
export const optionalString = z
  .string()
  .nullish()
  .transform((v) => (v === '' || v === null ? undefined : v));
