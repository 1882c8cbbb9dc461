// Matching scaling groups and images against policy selectors.
import type { Selector } from './policy/common';
import type { GroupSnapshot } from './snapshot';

/** Glob with `*` (any run, also empty) and `?` (one character); the whole string must match. */
export function globMatch(pattern: string, text: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${source}$`, 's').test(text);
}

/** Every wanted tag present with that value; `*` accepts any value. */
export function tagsMatch(
  wanted: Readonly<Record<string, string>> | undefined,
  actual: Readonly<Record<string, string>>,
): boolean {
  if (wanted === undefined) return true;
  return Object.entries(wanted).every(
    ([key, value]) => Object.hasOwn(actual, key) && (value === '*' || actual[key] === value),
  );
}

export function groupMatches(selector: Selector, group: Pick<GroupSnapshot, 'id' | 'name' | 'tags'>): boolean {
  if (!tagsMatch(selector.tags, group.tags)) return false;
  if (selector.ids !== undefined && !selector.ids.includes(group.id)) return false;
  if (selector.names !== undefined && !selector.names.some((glob) => globMatch(glob, group.name))) return false;
  return true;
}
