/**
 * Settings arrive as text (flags, environment variables). These read them the same way everywhere; what
 * they cannot read becomes NaN, which config validation then reports in its own words.
 */

/** `10`, `2.5` → the number; absent → undefined (the default applies); anything else (`1e3`, `-1`, `ten`) → NaN. */
export function parseDecimal(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  return /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : Number.NaN;
}

/** Seconds as text → milliseconds, with parseDecimal's rules. */
export function secondsToMs(text: string | undefined): number | undefined {
  const seconds = parseDecimal(text);
  return seconds === undefined ? undefined : seconds * 1000;
}

/** `a, b,,a` → [a, b]: comma-separated, trimmed, empty entries dropped, first occurrence kept. */
export function parseList(value: readonly string[] | string | undefined): string[] {
  const items = typeof value === 'string' ? value.split(',') : (value ?? []).flatMap((item) => item.split(','));
  return [...new Set(items.map((item) => item.trim()).filter((item) => item !== ''))];
}
