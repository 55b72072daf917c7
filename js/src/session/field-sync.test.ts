import { SessionContext } from "./context";
import { FieldSync, EDIT_DEBOUNCE_MS } from "./field-sync";
import { sessionModel } from "../test/fixtures";

function setup() {
  const model = sessionModel();
  const ctx = new SessionContext(model);
  const sync = new FieldSync<string | null>(ctx, "draft_subject");
  const shown: (string | null)[] = [];
  let focused = false;
  sync.attach({ show: (v) => shown.push(v), isFocused: () => focused });
  return { model, ctx, sync, shown, setFocused: (f: boolean) => (focused = f) };
}

describe("FieldSync", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("sends one debounced edit with the base recorded at the first keystroke", () => {
    const { model, sync } = setup();
    const base = model.get("baseline").draft_subject;
    sync.input("Q");
    sync.input("Qu");
    sync.input("Qui");
    expect(model.sentOfType("edit")).toHaveLength(0);
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS);
    expect(model.sentOfType("edit")).toEqual([{ type: "edit", field: "draft_subject", value: "Qui", base }]);
    expect(sync.isDirty()).toBe(true);
    expect(sync.recordedBase()).toEqual({ value: base });
  });

  it("keeps the recorded base while dirty even if the baseline moves", () => {
    const { model, sync } = setup();
    const base = model.get("baseline").draft_subject;
    sync.input("mine");
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS);
    model.kernelSet("baseline", { ...model.get("baseline"), draft_subject: "server moved" });
    sync.input("mine 2");
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS);
    expect(model.sentOfType("edit")[1].base).toBe(base);
  });

  it("rebases when our own save lands while the user keeps typing", () => {
    const { model, sync } = setup();
    sync.input("saved text");
    sync.flush();
    sync.input("saved text and more");
    model.kernelUpdate({ baseline: { ...model.get("baseline"), draft_subject: "saved text" } });
    sync.flush();
    expect(model.sentOfType("edit")[1]).toMatchObject({ value: "saved text and more", base: "saved text" });
  });

  it("forgets the base once the field is clean again", () => {
    const { model, sync } = setup();
    const base = model.get("baseline").draft_subject as string;
    sync.input(base + "x");
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS);
    sync.input(base);
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS);
    expect(model.sentOfType("edit")[1]).toMatchObject({ value: base, base });
    expect(sync.recordedBase()).toBeNull();
  });

  it("never overwrites pending or focused dirty text with a kernel update", () => {
    const { model, sync, shown, setFocused } = setup();
    sync.input("typing");
    model.kernelSet("draft_subject", "from kernel");
    expect(sync.local).toBe("typing");
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS);
    setFocused(true);
    model.kernelSet("draft_subject", "again from kernel");
    expect(sync.local).toBe("typing");
    expect(shown).toEqual([]);
  });

  it("takes kernel values when clean, even while focused", () => {
    const { model, sync, shown, setFocused } = setup();
    setFocused(true);
    model.kernelUpdate({
      draft_subject: "new",
      baseline: { ...model.get("baseline"), draft_subject: "new" },
    });
    expect(sync.local).toBe("new");
    expect(shown).toEqual(["new"]);
  });

  it("adopt cancels the pending edit and shows the value", () => {
    const { model, sync, shown } = setup();
    sync.input("zzz");
    sync.adopt("reverted");
    vi.advanceTimersByTime(1000);
    expect(model.sentOfType("edit")).toHaveLength(0);
    expect(shown).toEqual(["reverted"]);
  });

  it("settling for mine sends the pending keystrokes on their old base, later ones on the server's", () => {
    const { model, sync } = setup();
    const old = model.get("baseline").draft_subject;
    sync.input("mine");
    sync.settle("mine", "server");
    expect(model.sentOfType("edit")).toEqual([{ type: "edit", field: "draft_subject", value: "mine", base: old }]);
    sync.input("mine, more"); // before the kernel's new baseline arrives
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS);
    expect(model.sentOfType("edit")[1]).toMatchObject({ value: "mine, more", base: "server" });
  });

  it("settling for the server shows its value, drops the pending keystrokes and builds on it", () => {
    const { model, sync, shown } = setup();
    sync.input("mine");
    sync.settle("server", "server");
    vi.advanceTimersByTime(1000);
    expect(model.sentOfType("edit")).toHaveLength(0);
    expect(shown).toEqual(["server"]);
    sync.input("server, edited"); // before the kernel's new baseline arrives
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS);
    expect(model.sentOfType("edit")).toEqual([{ type: "edit", field: "draft_subject", value: "server, edited", base: "server" }]);
    // Once the kernel has settled it too, the field is clean and the base is forgotten.
    model.kernelUpdate({ draft_subject: "server", baseline: { ...model.get("baseline"), draft_subject: "server" } });
    sync.input("server");
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS);
    expect(sync.isDirty()).toBe(false);
    expect(sync.recordedBase()).toBeNull();
  });

  it("sends null instead of an empty string when the baseline is null", () => {
    const { model, ctx } = setup();
    model.kernelSet("baseline", { ...model.get("baseline"), title: null });
    const title = new FieldSync<string | null>(ctx, "title");
    title.input("");
    title.flush();
    expect(model.sentOfType("edit")[0]).toEqual({ type: "edit", field: "title", value: null, base: null });
  });

  it("before Save, re-sends the shown text when the kernel's copy moved under a focused editor", () => {
    const { model, sync, setFocused } = setup();
    setFocused(true);
    const original = model.get("draft_subject");
    sync.input("typed here");
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS);
    model.kernelSet("draft_subject", "typed here"); // the kernel took the edit
    sync.flush();
    expect(model.sentOfType("edit")).toHaveLength(1); // nothing diverged: nothing re-sent
    // A revert from Python while the user is still in the editor: the editor keeps the text.
    model.kernelSet("draft_subject", original);
    expect(sync.local).toBe("typed here");
    sync.flush();
    const edits = model.sentOfType("edit");
    expect(edits).toHaveLength(2);
    expect(edits[1].value).toBe("typed here");
    sync.flush();
    model.kernelSet("draft_subject", "typed here");
    sync.flush();
    expect(model.sentOfType("edit")).toHaveLength(2);
  });

  it("flushes on cleanup", () => {
    const { model, ctx, sync } = setup();
    sync.input("last words");
    ctx.disposer.dispose();
    expect(model.sentOfType("edit")[0]?.value).toBe("last words");
    expect(vi.getTimerCount()).toBe(0);
  });
});
