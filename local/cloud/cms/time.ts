// CloudMonitor accepts times as Unix timestamps (milliseconds; seconds are
// also seen in older examples), ISO-8601 UTC, or `YYYY-MM-DD hh:mm:ss` in the
// console's time zone (UTC+8). See docs/decisions.md "CloudMonitor times".
import { invalidParameter } from '../core/errors';

const CONSOLE_OFFSET_MS = 8 * 3600 * 1000;

export function parseCmsTime(name: string, raw: string): number {
  const text = raw.trim();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return text.length >= 12 ? n : n * 1000;
  }
  const plain = /^(\d{4})-(\d{2})-(\d{2})[ ](\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (plain) {
    const [, y, mo, d, h, mi, s] = plain.map(Number) as [number, number, number, number, number, number, number];
    return Date.UTC(y, mo - 1, d, h, mi, s) - CONSOLE_OFFSET_MS;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(text)) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return ms;
  }
  throw invalidParameter(
    name,
    `"${raw}" is not a time: use a Unix timestamp in milliseconds, YYYY-MM-DDThh:mm:ssZ or YYYY-MM-DD hh:mm:ss.`,
  );
}
