import { SessionContext } from "./context";
import { createConflicts } from "./conflict";
import { createDraft } from "./draft";
import { sessionModel } from "../test/fixtures";

function type(el: HTMLTextAreaElement, value: string) {
  el.focus();
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

describe("conflict panel", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    document.body.textContent = "";
  });

  function setup() {
    const model = sessionModel();
    const ctx = new SessionContext(model);
    const panel = createConflicts(ctx);
    document.body.append(panel, createDraft(ctx));
    const body = document.querySelector("[data-testid=draft-body]") as HTMLTextAreaElement;
    return { model, ctx, panel, body };
  }

  it("is hidden without conflicts and shows both versions per field", () => {
    const { model, panel, body } = setup();
    expect(panel.hidden).toBe(true);
    type(body, "Hi %first_name%,\nmy line");
    model.kernelSet("conflict", { draft_body: "Hi %first_name%,\nserver line" });
    expect(panel.hidden).toBe(false);
    const box = panel.querySelector("[data-testid=conflict]") as HTMLElement;
    expect(box.dataset.field).toBe("draft_body");
    expect(box.textContent).toContain("The server changed this while you were editing");
    expect(box.querySelector(".pw-diff-del")?.textContent).toContain("server line");
    expect(box.querySelector(".pw-diff-add")?.textContent).toContain("my line");
    type(body, "Hi %first_name%,\nmy longer line");
    expect(panel.querySelector(".pw-diff-add")?.textContent).toContain("my longer line");
  });

  it("keep mine flushes my edit first, then resolves", () => {
    const { model, panel, body } = setup();
    type(body, "mine");
    model.kernelSet("conflict", { draft_body: "server" });
    (panel.querySelector("[data-testid=keep-mine]") as HTMLButtonElement).click();
    expect(model.sent.map((m) => m.type)).toEqual(["edit", "resolve_conflict"]);
    expect(model.sent[1]).toEqual({ type: "resolve_conflict", field: "draft_body", keep: "mine" });
    expect(body.value).toBe("mine");
    // later keystrokes carry the server's value as base (the kernel's new baseline)
    type(body, "mine, more");
    vi.advanceTimersByTime(1000);
    expect(model.sent[2]).toEqual({ type: "edit", field: "draft_body", value: "mine, more", base: "server" });
  });

  it("take server's shows the server's text and drops my pending edit", () => {
    const { model, panel, body } = setup();
    type(body, "mine");
    model.kernelSet("conflict", { draft_body: "server" });
    (panel.querySelector("[data-testid=take-server]") as HTMLButtonElement).click();
    vi.advanceTimersByTime(1000);
    expect(model.sent).toEqual([{ type: "resolve_conflict", field: "draft_body", keep: "server" }]);
    expect(body.value).toBe("server");
    model.kernelSet("conflict", {});
    expect(panel.hidden).toBe(true);
  });

  it("shows skeleton conflicts as JSON", () => {
    const { model, panel } = setup();
    model.kernelSet("conflict", { skeleton: { hook: "server hook" } });
    expect(panel.querySelector(".pw-diff")?.textContent).toContain('"hook": "server hook"');
  });
});
