// Display of times: today's timestamps show the time only, older ones the date as well.

export function parseTime(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

// Formatters are costly to make (toLocaleString makes one per call): one per format, reused,
// so a transcript of a thousand timed messages renders fast.
const formats = new Map<string, Intl.DateTimeFormat>();
function format(d: Date, options: Intl.DateTimeFormatOptions): string {
  const key = JSON.stringify(options);
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, options);
    formats.set(key, f);
  }
  return f.format(d);
}

const TIME: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit" };
const FULL: Intl.DateTimeFormatOptions = { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "2-digit", second: "2-digit" };

/** "14:05" for today, "Apr 22, 14:05" this year, "Apr 22, 2025, 14:05" otherwise; "" if unparseable. */
export function formatTimestamp(value: string | number | Date | null | undefined, now: Date = new Date()): string {
  const d = parseTime(value);
  if (!d) return "";
  if (sameDay(d, now)) return format(d, TIME);
  const date: Intl.DateTimeFormatOptions = { month: "short", day: "numeric", ...TIME };
  if (d.getFullYear() !== now.getFullYear()) date.year = "numeric";
  return format(d, date);
}

/** Full timestamp for a tooltip. */
export function fullTimestamp(value: string | number | Date | null | undefined): string {
  const d = parseTime(value);
  return d ? format(d, FULL) : "";
}

/** "0:07", "12:34", "1:02:03" */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const hours = Math.floor(total / 3600);
  const pad = (n: number) => String(n).padStart(2, "0");
  return hours > 0 ? `${hours}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** "just now", "5 min ago", "3 h ago", "yesterday", then the date ("Apr 22", "Apr 22, 2025");
 * "in 2 min" for times ahead; "" if unparseable. The exact time belongs in a tooltip. */
export function relativeTime(value: string | number | Date | null | undefined, now: Date = new Date()): string {
  const d = parseTime(value);
  if (!d) return "";
  const seconds = Math.round((now.getTime() - d.getTime()) / 1000);
  const ahead = seconds < 0;
  const abs = Math.abs(seconds);
  const span = (n: number, unit: string) => (ahead ? `in ${n} ${unit}` : `${n} ${unit} ago`);
  if (abs < 45) return ahead ? "in a moment" : "just now";
  if (abs < 3600) return span(Math.max(1, Math.floor(abs / 60)), "min");
  if (abs < 86_400 && (sameDay(d, now) || abs < 6 * 3600)) return span(Math.floor(abs / 3600), "h");
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
  if (!ahead && sameDay(d, yesterday)) return "yesterday";
  const date: Intl.DateTimeFormatOptions = { month: "short", day: "numeric" };
  if (d.getFullYear() !== now.getFullYear()) date.year = "numeric";
  return format(d, date);
}

/** Point a `<time>` element at `value`: relative text, machine time, the exact time on hover.
 * Elements marked this way are kept current by `refreshTimes`. */
export function setTime(el: HTMLElement, value: string | number | Date | null | undefined, prefix = "", now: Date = new Date()): void {
  const d = parseTime(value);
  el.textContent = d ? `${prefix}${relativeTime(d, now)}` : "";
  el.title = d ? fullTimestamp(d) : "";
  if (d) {
    el.setAttribute("datetime", d.toISOString());
    el.dataset.relative = prefix;
  } else {
    el.removeAttribute("datetime");
    delete el.dataset.relative;
  }
}

/** Re-word every relative time under `root` (call now and then: "just now" ages). */
export function refreshTimes(root: ParentNode, now: Date = new Date()): void {
  for (const el of root.querySelectorAll<HTMLElement>("time[data-relative]")) {
    const at = el.getAttribute("datetime");
    if (at) el.textContent = `${el.dataset.relative ?? ""}${relativeTime(at, now)}`;
  }
}
