import { SessionContext } from "./context";
import { createDraft } from "./draft";
import { EDIT_DEBOUNCE_MS } from "./field-sync";
import { sessionModel } from "../test/fixtures";

function setup(overrides = {}) {
  const model = sessionModel(overrides);
  const ctx = new SessionContext(model);
  const el = createDraft(ctx);
  document.body.append(el);
  const q = <T extends HTMLElement>(id: string) => el.querySelector(`[data-testid=${id}]`) as T;
  return { model, ctx, el, q };
}

function type(el: HTMLTextAreaElement | HTMLInputElement, value: string) {
  el.focus();
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

describe("draft section", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    document.body.textContent = "";
  });

  it("shows the working copies", () => {
    const { q } = setup();
    expect(q<HTMLInputElement>("draft-title").value).toBe("Intro email to VPs of Sales");
    expect(q<HTMLTextAreaElement>("draft-subject").value).toBe("Quick question about {{company}}");
    expect(q<HTMLTextAreaElement>("draft-body").value).toBe("Hi %first_name%,\nWe help %company% teams.");
  });

  it("flags unknown variables with a class, a title and a list", () => {
    const { q, el } = setup({ draft_body: "Hi %first_name% %nickname% {{ team.size }}" });
    const flagged = el.querySelectorAll(".pw-var-unknown");
    expect([...flagged].map((n) => n.textContent)).toEqual(["%nickname%", "{{ team.size }}"]);
    expect(flagged[0]?.getAttribute("title")).toContain("nickname");
    expect(q("unknown-vars").textContent).toBe("Unknown variables: nickname, team.size");
    expect(q("unknown-vars").hidden).toBe(false);
    type(q("draft-body"), "Hi %first_name%");
    expect(q("unknown-vars").hidden).toBe(true);
  });

  it("re-flags when available_var_names changes", () => {
    const { q, el, model } = setup({ draft_body: "Hi %nickname%" });
    expect(el.querySelectorAll(".pw-var-unknown")).toHaveLength(1);
    model.kernelSet("available_var_names", [...model.get("available_var_names"), "nickname"]);
    expect(el.querySelectorAll(".pw-var-unknown")).toHaveLength(0);
    expect(q("unknown-vars").hidden).toBe(true);
  });

  it("flags nothing when available_var_names is empty", () => {
    const { q, el } = setup({ available_var_names: [], draft_body: "%anything%" });
    expect(el.querySelectorAll(".pw-var").length).toBeGreaterThan(0);
    expect(el.querySelectorAll(".pw-var-unknown").length).toBe(0);
    expect(q("unknown-vars").hidden).toBe(true);
  });

  it("sends one debounced edit with the right base after several keystrokes", () => {
    const { q, model } = setup();
    const subject = q<HTMLTextAreaElement>("draft-subject");
    for (const text of ["Q", "Qu", "Qui", "Quic", "Quick"]) type(subject, text);
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS - 1);
    expect(model.sentOfType("edit")).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(model.sentOfType("edit")).toEqual([
      { type: "edit", field: "draft_subject", value: "Quick", base: "Quick question about {{company}}" },
    ]);
  });

  it("never overwrites a dirty draft with a kernel update", () => {
    const { q, model } = setup();
    const body = q<HTMLTextAreaElement>("draft-body");
    type(body, "my words");
    model.kernelSet("draft_body", "kernel words");
    expect(body.value).toBe("my words");
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS);
    model.kernelSet("draft_body", "kernel words again");
    expect(body.value).toBe("my words");
  });

  it("takes kernel updates when the editor is clean", () => {
    const { q, model } = setup();
    model.kernelUpdate({ draft_subject: "New from chat", baseline: { ...model.get("baseline"), draft_subject: "New from chat" } });
    expect(q<HTMLTextAreaElement>("draft-subject").value).toBe("New from chat");
    model.kernelSet("title", "Renamed");
    expect(q<HTMLInputElement>("draft-title").value).toBe("Renamed");
  });

  it("edits the title through the same protocol", () => {
    const { q, model } = setup();
    type(q("draft-title"), "New title");
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS);
    expect(model.sentOfType("edit")).toEqual([
      { type: "edit", field: "title", value: "New title", base: "Intro email to VPs of Sales" },
    ]);
  });
});
