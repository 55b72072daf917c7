// Display of times: today's timestamps show the time only, older ones the date as well.

export function parseTime(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** "14:05" for today, "Apr 22, 14:05" this year, "Apr 22, 2025, 14:05" otherwise; "" if unparseable. */
export function formatTimestamp(value: string | number | Date | null | undefined, now: Date = new Date()): string {
  const d = parseTime(value);
  if (!d) return "";
  const time: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit" };
  if (sameDay(d, now)) return d.toLocaleTimeString(undefined, time);
  const date: Intl.DateTimeFormatOptions = { month: "short", day: "numeric", ...time };
  if (d.getFullYear() !== now.getFullYear()) date.year = "numeric";
  return d.toLocaleString(undefined, date);
}

/** Full timestamp for a tooltip. */
export function fullTimestamp(value: string | number | Date | null | undefined): string {
  const d = parseTime(value);
  return d ? d.toLocaleString() : "";
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
