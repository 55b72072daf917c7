import { SessionContext } from "./context";
import { createSkeleton } from "./skeleton";
import { EDIT_DEBOUNCE_MS } from "./field-sync";
import { sessionModel } from "../test/fixtures";

function setup(overrides = {}) {
  const model = sessionModel(overrides);
  const ctx = new SessionContext(model);
  const el = createSkeleton(ctx);
  document.body.append(el);
  const q = <T extends HTMLElement>(sel: string) => el.querySelector(sel) as T;
  const type = (target: HTMLTextAreaElement | HTMLInputElement, value: string) => {
    target.focus();
    target.value = value;
    target.dispatchEvent(new Event("input", { bubbles: true }));
  };
  return { model, ctx, el, q, type };
}

describe("skeleton section", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    document.body.textContent = "";
  });

  it("lays out known keys, blocks and other keys", () => {
    const { q, el } = setup();
    expect(q<HTMLTextAreaElement>("[data-testid=skeleton-hook]").value).toBe("pattern-interrupt question");
    expect(q<HTMLTextAreaElement>("[data-testid=skeleton-subject]").value).toContain("%company%");
    expect(el.querySelectorAll("[data-testid=skeleton-block]")).toHaveLength(1);
    expect(JSON.parse(q<HTMLTextAreaElement>("[data-testid=skeleton-json]").value)).toEqual({ tone: { formality: "casual" } });
    expect(el.querySelector("[data-testid=skeleton-body]")?.parentElement?.querySelector(".pw-var")).not.toBeNull();
  });

  it("shows an empty state for a null skeleton, then the kernel's skeleton", () => {
    const { q, model } = setup({ skeleton: null, baseline: { ...sessionModel().get("baseline"), skeleton: null } });
    expect(q("[data-testid=skeleton-empty]").textContent).toContain("No skeleton yet");
    model.kernelSet("skeleton", { hook: "h", value_prop: "v" });
    expect(q<HTMLTextAreaElement>("[data-testid=skeleton-value_prop]").value).toBe("v");
  });

  it("sends the whole new skeleton as one debounced edit with the base", () => {
    const { q, model, type } = setup();
    const base = model.get("baseline").skeleton;
    type(q("[data-testid=skeleton-hook]"), "a question");
    type(q('[data-key="approach"]'), "Warm");
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS);
    const edits = model.sentOfType("edit");
    expect(edits).toHaveLength(1);
    expect(edits[0].field).toBe("skeleton");
    expect(edits[0].base).toEqual(base);
    expect(edits[0].value.hook).toBe("a question");
    expect(edits[0].value.blocks[0].personalization.approach).toBe("Warm");
    expect(edits[0].value.tone).toEqual({ formality: "casual" });
  });

  it("keeps invalid JSON text, shows the error, and sends nothing", () => {
    const { q, model, type } = setup();
    const area = q<HTMLTextAreaElement>("[data-testid=skeleton-json]");
    type(area, '{"tone": ');
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS);
    expect(model.sentOfType("edit")).toHaveLength(0);
    expect(q("[data-testid=skeleton-json-error]").hidden).toBe(false);
    area.blur();
    model.kernelSet("skeleton", { hook: "server" });
    expect(q<HTMLTextAreaElement>("[data-testid=skeleton-json]").value).toBe('{"tone": ');
    type(area, '{"tone": "dry"}');
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS);
    expect(model.sentOfType("edit")[0].value.tone).toBe("dry");
  });

  it("does not overwrite a skeleton being edited", () => {
    const { q, model, type } = setup();
    type(q("[data-testid=skeleton-hook]"), "mine");
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS);
    model.kernelSet("skeleton", { hook: "theirs" });
    expect(q<HTMLTextAreaElement>("[data-testid=skeleton-hook]").value).toBe("mine");
  });
});
