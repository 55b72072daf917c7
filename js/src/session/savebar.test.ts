import { SessionContext } from "./context";
import { createDraft } from "./draft";
import { createSavebar } from "./savebar";
import { sessionModel } from "../test/fixtures";

function setup() {
  const model = sessionModel();
  const ctx = new SessionContext(model);
  const draft = createDraft(ctx);
  const bar = createSavebar(ctx);
  document.body.append(bar, draft);
  const q = <T extends HTMLElement>(id: string) => document.querySelector(`[data-testid=${id}]`) as T;
  return { model, ctx, q };
}

function type(el: HTMLTextAreaElement, value: string) {
  el.focus();
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

describe("save bar", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    document.body.textContent = "";
  });

  it("is disabled and quiet when nothing is dirty", () => {
    const { q } = setup();
    expect(q<HTMLButtonElement>("save").disabled).toBe(true);
    expect(q<HTMLButtonElement>("revert").disabled).toBe(true);
    expect(q("dirty").hidden).toBe(true);
  });

  it("marks dirty fields and flushes pending edits before save", () => {
    const { q, model } = setup();
    type(q("draft-body"), "Hi there");
    expect(q("dirty").textContent).toBe("• unsaved (body)");
    expect(q<HTMLButtonElement>("save").disabled).toBe(false);
    q<HTMLButtonElement>("save").click();
    expect(model.sent.map((m) => m.type)).toEqual(["edit", "save"]);
    expect(model.sent[0]).toMatchObject({ field: "draft_body", value: "Hi there" });
  });

  it("revert drops pending edits, sends revert and shows the baseline", () => {
    const { q, model } = setup();
    type(q("draft-subject"), "typo");
    q<HTMLButtonElement>("revert").click();
    vi.advanceTimersByTime(1000);
    expect(model.sent).toEqual([{ type: "revert" }]);
    expect(q<HTMLTextAreaElement>("draft-subject").value).toBe("Quick question about {{company}}");
    expect(q("dirty").hidden).toBe(true);
    // the kernel's reverted values are shown
    model.kernelSet("draft_subject", "Kernel baseline subject");
    expect(q<HTMLTextAreaElement>("draft-subject").value).toBe("Kernel baseline subject");
  });
});
