/** Code-unit string order: the same on every machine, unlike localeCompare (which follows the ICU locale). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
