import { deepEqual, prettyJson, isPlainObject, clone } from "./json";

describe("json helpers", () => {
  it("compares structurally", () => {
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
    expect(deepEqual("a", "a")).toBe(true);
  });

  it("formats and clones", () => {
    expect(prettyJson({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(isPlainObject([])).toBe(false);
    const src = { a: { b: 1 } };
    const copy = clone(src);
    copy.a.b = 2;
    expect(src.a.b).toBe(1);
  });
});
