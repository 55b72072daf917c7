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
    expect(model.sent[1]).toEqual({ type: "resolve_conflict", field: "draft_body", keep: "mine", server: "server" });
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
    expect(model.sent).toEqual([{ type: "resolve_conflict", field: "draft_body", keep: "server", server: "server" }]);
    expect(body.value).toBe("server");
    model.kernelSet("conflict", {});
    expect(panel.hidden).toBe(true);
  });

  it("sends the server value the card showed with the choice", () => {
    const { model, panel, body } = setup();
    type(body, "mine");
    model.kernelSet("conflict", { draft_body: "server" });
    (panel.querySelector("[data-testid=take-server]") as HTMLButtonElement).click();
    expect(model.sentOfType("resolve_conflict")).toEqual([{ type: "resolve_conflict", field: "draft_body", keep: "server", server: "server" }]);
  });

  it("after take server's, typing before the kernel answers builds on the server's value", () => {
    const { model, panel, body } = setup();
    type(body, "mine");
    vi.advanceTimersByTime(1000);
    model.kernelSet("conflict", { draft_body: "server" });
    (panel.querySelector("[data-testid=take-server]") as HTMLButtonElement).click();
    // The kernel has not answered yet: the model's baseline is still the old one.
    type(body, "server, edited");
    vi.advanceTimersByTime(1000);
    expect(model.sentOfType("edit").at(-1)).toEqual({ type: "edit", field: "draft_body", value: "server, edited", base: "server" });
  });

  it("keep mine keeps building on the server's value when a stale baseline arrives", () => {
    const { model, panel, body } = setup();
    const old = model.get("baseline");
    type(body, "mine");
    vi.advanceTimersByTime(1000);
    model.kernelSet("conflict", { draft_body: "server" });
    (panel.querySelector("[data-testid=keep-mine]") as HTMLButtonElement).click();
    model.kernelUpdate({ conflict: {}, baseline: { ...old, draft_body: "server" } });
    model.kernelUpdate({ conflict: { draft_body: "server" }, baseline: old }); // a late re-send
    type(body, "mine, more");
    vi.advanceTimersByTime(1000);
    expect(model.sentOfType("edit").at(-1)).toMatchObject({ value: "mine, more", base: "server" });
  });

  it("keeps the same buttons while the user types and the server value changes", () => {
    const { model, panel, body } = setup();
    type(body, "mine");
    model.kernelSet("conflict", { draft_body: "server" });
    const mine = panel.querySelector("[data-testid=keep-mine]");
    const server = panel.querySelector("[data-testid=take-server]");
    type(body, "mine, more");
    model.kernelSet("title", "Renamed by the server");
    model.kernelSet("conflict", { draft_body: "server, newer" });
    expect(panel.querySelector("[data-testid=keep-mine]")).toBe(mine);
    expect(panel.querySelector("[data-testid=take-server]")).toBe(server);
    expect(panel.querySelector(".pw-diff-del")?.textContent).toContain("server, newer");
    expect(panel.querySelector(".pw-diff-add")?.textContent).toContain("mine, more");
  });

  it("a click on a button whose card was redrawn under the pointer still lands", () => {
    const { model, panel, body } = setup();
    type(body, "mine");
    model.kernelSet("conflict", { draft_body: "server" });
    const mine = panel.querySelector("[data-testid=keep-mine]") as HTMLButtonElement;
    mine.dispatchEvent(new MouseEvent("mousedown", { bubbles: true }));
    model.kernelSet("title", "Renamed by the server"); // redraws the card between down and up
    mine.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
    mine.click();
    expect(model.sentOfType("resolve_conflict")).toHaveLength(1);
  });

  it("drops the card of a settled field and keeps the others", () => {
    const { model, panel, body } = setup();
    type(body, "mine");
    model.kernelSet("conflict", { draft_body: "server", title: "their title" });
    const bodyCard = panel.querySelector("[data-testid=conflict][data-field=draft_body]");
    model.kernelSet("conflict", { draft_body: "server" });
    expect(panel.querySelectorAll("[data-testid=conflict]")).toHaveLength(1);
    expect(panel.querySelector("[data-testid=conflict]")).toBe(bodyCard);
    model.kernelSet("conflict", {});
    expect(panel.hidden).toBe(true);
    expect(panel.querySelectorAll("[data-testid=conflict]")).toHaveLength(0);
  });

  it("shows skeleton conflicts as JSON", () => {
    const { model, panel } = setup();
    model.kernelSet("conflict", { skeleton: { hook: "server hook" } });
    expect(panel.querySelector(".pw-diff")?.textContent).toContain('"hook": "server hook"');
  });
});
