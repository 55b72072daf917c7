import { createJsonField, parseJsonObject } from "./json-field";
import { Disposer } from "../lib/disposer";

describe("json field", () => {
  it("parses objects and rejects the rest", () => {
    const reserved = new Set(["hook"]);
    expect(parseJsonObject('{"a": 1}', reserved)).toEqual({ value: { a: 1 } });
    expect(parseJsonObject("", reserved)).toEqual({ value: {} });
    expect(parseJsonObject("[1]", reserved).error).toMatch(/object/);
    expect(parseJsonObject("{nope", reserved).error).toMatch(/Invalid JSON/);
    expect(parseJsonObject('{"hook": 1}', reserved).error).toMatch(/hook/);
  });

  it("reports valid values and keeps invalid text with an error", () => {
    const onChange = vi.fn();
    const field = createJsonField(new Disposer(), { tone: "casual" }, { label: "Other", testid: "j", reserved: new Set(), onChange });
    const area = field.el.querySelector("textarea") as HTMLTextAreaElement;
    const error = field.el.querySelector("[data-testid=j-error]") as HTMLElement;
    expect(JSON.parse(area.value)).toEqual({ tone: "casual" });
    area.value = '{"tone": "formal",';
    area.dispatchEvent(new Event("input"));
    expect(field.invalid()).toBe(true);
    expect(error.hidden).toBe(false);
    expect(area.value).toBe('{"tone": "formal",');
    expect(onChange).not.toHaveBeenCalled();
    area.value = '{"tone": "formal"}';
    area.dispatchEvent(new Event("input"));
    expect(field.invalid()).toBe(false);
    expect(error.hidden).toBe(true);
    expect(onChange).toHaveBeenCalledWith({ tone: "formal" });
  });
});
