import { formatTimestamp, formatElapsed, parseTime, fullTimestamp } from "./time";

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
