import { formatTimestamp, formatElapsed, parseTime, fullTimestamp, refreshTimes, relativeTime, setTime } from "./time";

describe("time", () => {
  const now = new Date(2026, 3, 22, 15, 0, 0);

  it("shows today's times without a date", () => {
    const today = new Date(2026, 3, 22, 10, 5).toISOString();
    const text = formatTimestamp(today, now);
    expect(text).toMatch(/10.05/);
    expect(text).not.toMatch(/22|Apr/);
  });

  it("shows older times with the date", () => {
    const older = new Date(2026, 3, 20, 10, 5).toISOString();
    expect(formatTimestamp(older, now)).toMatch(/20/);
    expect(formatTimestamp(new Date(2024, 0, 2, 9, 0), now)).toMatch(/2024/);
  });

  it("is empty for missing or bad values", () => {
    expect(formatTimestamp(null, now)).toBe("");
    expect(formatTimestamp("not a date", now)).toBe("");
    expect(parseTime("")).toBeNull();
    expect(fullTimestamp(undefined)).toBe("");
  });

  it("formats elapsed durations", () => {
    expect(formatElapsed(7_400)).toBe("0:07");
    expect(formatElapsed(754_000)).toBe("12:34");
    expect(formatElapsed(3_723_000)).toBe("1:02:03");
    expect(formatElapsed(-5)).toBe("0:00");
  });
});

describe("relative times", () => {
  const now = new Date(2026, 3, 22, 15, 0, 0);
  const ago = (ms: number) => new Date(now.getTime() - ms);

  it("words recent times relative to now", () => {
    expect(relativeTime(ago(10_000), now)).toBe("just now");
    expect(relativeTime(ago(5 * 60_000), now)).toBe("5 min ago");
    expect(relativeTime(ago(3 * 3600_000), now)).toBe("3 h ago");
    expect(relativeTime(new Date(2026, 3, 21, 9, 0), now)).toBe("yesterday");
    expect(relativeTime(new Date(2026, 3, 2, 9, 0), now)).toMatch(/2/);
    expect(relativeTime(new Date(2024, 0, 2, 9, 0), now)).toMatch(/2024/);
    expect(relativeTime(new Date(now.getTime() + 120_000), now)).toBe("in 2 min");
    expect(relativeTime("nope", now)).toBe("");
  });

  it("keeps the exact time on hover and refreshes the wording", () => {
    const el = document.createElement("time");
    const at = ago(30_000);
    setTime(el, at, "Updated ", now);
    expect(el.textContent).toBe("Updated just now");
    expect(el.title).toBe(fullTimestamp(at));
    expect(el.getAttribute("datetime")).toBe(at.toISOString());
    const box = document.createElement("div");
    box.append(el);
    refreshTimes(box, new Date(now.getTime() + 10 * 60_000));
    expect(el.textContent).toBe("Updated 10 min ago");
    setTime(el, null);
    expect(el.textContent).toBe("");
    expect(el.hasAttribute("datetime")).toBe(false);
  });
});
