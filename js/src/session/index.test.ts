import widget from "./index";
import { sessionModel } from "../test/fixtures";
import { EDIT_DEBOUNCE_MS } from "./field-sync";

// The module exports only its default (anywidget warns about a named `render`).
const { initialize, render } = widget;

function mount(overrides = {}) {
  const model = sessionModel(overrides);
  const el = document.createElement("div");
  document.body.append(el);
  const cleanup = render({ model, el });
  const q = <T extends HTMLElement>(id: string) => el.querySelector(`[data-testid=${id}]`) as T;
  return { model, el, cleanup, q };
}

function type(target: HTMLTextAreaElement | HTMLInputElement, value: string) {
  target.focus();
  target.value = value;
  target.dispatchEvent(new Event("input", { bubbles: true }));
}

describe("session view", () => {
  afterEach(() => {
    vi.useRealTimers();
    document.body.textContent = "";
  });

  it("keeps keys from reaching notebook shortcuts, except run-cell chords and Escape outside fields", () => {
    const { q } = mount();
    const reached: string[] = [];
    const onDocument = (e: Event) => reached.push((e as KeyboardEvent).key);
    document.addEventListener("keydown", onDocument);
    const press = (target: HTMLElement, key: string, init: KeyboardEventInit = {}) =>
      target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, ...init }));
    try {
      const button = q<HTMLButtonElement>("refresh");
      const transcript = q("transcript");
      for (const key of ["a", "b", "d", "m", "x"]) {
        press(button, key);
        press(transcript, key);
        press(q("chat-input"), key);
        press(q("draft-body"), key);
      }
      press(q("chat-input"), "Enter", { shiftKey: true });
      press(q("chat-input"), "Escape");
      expect(reached).toEqual([]);
      // Notebook 7 matches shortcuts before the root sees the key: the focused element itself
      // must carry data-lm-suppress-shortcuts, except for the keys that belong to the notebook.
      expect(button.hasAttribute("data-lm-suppress-shortcuts")).toBe(true);
      expect(transcript.hasAttribute("data-lm-suppress-shortcuts")).toBe(true);
      press(button, "Enter", { shiftKey: true });
      press(transcript, "Escape");
      press(q("chat-input"), "s", { ctrlKey: true });
      expect(reached).toEqual(["Enter", "Escape", "s"]);
      expect(button.hasAttribute("data-lm-suppress-shortcuts")).toBe(false);
      expect(transcript.hasAttribute("data-lm-suppress-shortcuts")).toBe(false);
    } finally {
      document.removeEventListener("keydown", onDocument);
    }
  });

  it("renders a full model", () => {
    const { el, q } = mount();
    const root = el.firstElementChild as HTMLElement;
    expect(root.classList.contains("puffle-widget")).toBe(true);
    expect(root.classList.contains("puffle-session")).toBe(true);
    expect(root.hasAttribute("data-lm-suppress-shortcuts")).toBe(true);
    expect(root.getAttribute("role")).toBe("region");
    expect(root.getAttribute("aria-label")).toBeTruthy();
    for (const id of ["title", "status", "transcript", "chat-input", "send", "draft-subject", "draft-body", "save", "error", "tab-draft", "tab-skeleton", "tab-history", "tab-examples", "resize-handle"]) {
      expect(q(id), id).not.toBeNull();
    }
    expect(el.querySelectorAll("[data-testid=message]")).toHaveLength(2);
    // History and Examples are built when their tab first opens.
    expect(q("history")).toBeNull();
    expect(q("examples")).toBeNull();
    for (const [tab, ids] of [
      ["skeleton", ["skeleton"]],
      ["history", ["history"]],
      ["examples", ["examples", "generate-examples"]],
    ] as const) {
      q<HTMLButtonElement>(`tab-${tab}`).click();
      for (const id of ids) expect(q(id), id).not.toBeNull();
    }
    expect(el.querySelectorAll("[data-testid=example-row]")).toHaveLength(2);
  });

  it("switches sections as tabs: no focus into a field, one panel shown", () => {
    const { el, q } = mount();
    const draftTab = q<HTMLButtonElement>("tab-draft");
    expect(draftTab.getAttribute("role")).toBe("tab");
    expect(draftTab.getAttribute("aria-selected")).toBe("true");
    const skeletonTab = q<HTMLButtonElement>("tab-skeleton");
    skeletonTab.focus();
    skeletonTab.click();
    expect(document.activeElement).toBe(skeletonTab);
    const shown = [...el.querySelectorAll<HTMLElement>("[role=tabpanel]")].filter((p) => !p.hidden);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.querySelector("[data-testid=skeleton]")).not.toBeNull();
    draftTab.focus(); // as a browser does when a button is clicked
    draftTab.click();
    expect(document.activeElement).toBe(draftTab);
    expect(q("draft-title")).not.toBe(document.activeElement);
  });

  it("names controls by what they show", () => {
    const { el, q } = mount();
    for (const tab of ["skeleton", "history", "examples"]) q<HTMLButtonElement>(`tab-${tab}`).click();
    for (const c of el.querySelectorAll<HTMLElement>("button, input, textarea, select")) {
      const aria = c.getAttribute("aria-label");
      const text = c.textContent?.trim() ?? "";
      const label = c.id ? el.querySelector(`label[for="${c.id}"]`)?.textContent?.trim() : undefined;
      if (aria !== null && (text || label)) expect(aria, c.outerHTML.slice(0, 120)).toBe(c.tagName === "BUTTON" ? text : label);
    }
  });

  it("marks examples made from an older framework version on their tab", () => {
    const { q, model } = mount({ framework_version: 8, examples_version: 8 });
    expect(q("tab-examples").dataset.alert).toBe("false");
    model.kernelSet("examples_version", 6);
    expect(q("tab-examples").dataset.alert).toBe("true");
  });

  it("sends the chosen height and fits the visible area", () => {
    const { q, model, el } = mount();
    const root = el.firstElementChild as HTMLElement;
    const handle = q("resize-handle");
    expect(handle.getAttribute("role")).toBe("separator");
    handle.dispatchEvent(new MouseEvent("dblclick", { bubbles: true }));
    expect(model.sentOfType("resize")).toEqual([{ type: "resize", height: null }]);
    model.kernelSet("view_height", 400);
    expect(root.style.getPropertyValue("--pw-height")).toBe("400px");
  });

  it("fades a Saved. notice and shows Refresh working", () => {
    const { q, model } = mount();
    model.kernelSet("notice", "Saved.");
    expect(q("notice").dataset.fade).toBe("true");
    model.kernelSet("notice", "The session is busy; your save will go when the running task finishes.");
    expect(q("notice").dataset.fade).toBeUndefined();
    const refresh = q<HTMLButtonElement>("refresh");
    refresh.click();
    expect(refresh.textContent).toBe("Refreshing…");
    expect(refresh.getAttribute("aria-busy")).toBe("true");
    expect(model.sentOfType("refresh")).toHaveLength(1);
  });

  it("gives every control an accessible name", () => {
    const { el } = mount();
    for (const c of el.querySelectorAll("button, input, textarea, select")) {
      const named = c.getAttribute("aria-label") || c.textContent?.trim() || (c.id && el.querySelector(`label[for="${c.id}"]`));
      expect(named, c.outerHTML.slice(0, 80)).toBeTruthy();
    }
  });

  it("follows trait changes: new message, status, task finished", () => {
    const { model, el, q } = mount();
    model.kernelUpdate({ status: "chat_processing", task_status: "chat_processing", busy_since: Date.now() });
    expect(q("status").dataset.status).toBe("chat_processing");
    expect(q<HTMLButtonElement>("send").disabled).toBe(false); // Send while busy queues
    expect(q("typing").hidden).toBe(false);
    model.kernelUpdate({
      status: "idle",
      task_status: null,
      busy_since: null,
      messages: [...model.get("messages"), { role: "assistant", content: "Here is the draft." }],
    });
    expect(el.querySelectorAll("[data-testid=message]")).toHaveLength(3);
    expect(q("status").dataset.status).toBe("idle");
    expect(q<HTMLButtonElement>("send").disabled).toBe(false);
    expect(q("typing").hidden).toBe(true);
  });

  it("stops key events from fields reaching the notebook", () => {
    const { el, q } = mount();
    const outer = vi.fn();
    el.addEventListener("keydown", outer);
    for (const id of ["chat-input", "draft-body", "draft-title"]) {
      q(id).dispatchEvent(new KeyboardEvent("keydown", { key: "a", bubbles: true }));
      q(id).dispatchEvent(new KeyboardEvent("keydown", { key: "d", bubbles: true }));
    }
    expect(outer).not.toHaveBeenCalled();
  });

  it("keeps two views of one model consistent", () => {
    vi.useFakeTimers();
    const model = sessionModel();
    const a = document.createElement("div");
    const b = document.createElement("div");
    document.body.append(a, b);
    const cleanA = render({ model, el: a });
    const cleanB = render({ model, el: b });
    const subjectA = a.querySelector("[data-testid=draft-subject]") as HTMLTextAreaElement;
    const subjectB = b.querySelector("[data-testid=draft-subject]") as HTMLTextAreaElement;
    type(subjectA, "Edited in A");
    vi.advanceTimersByTime(EDIT_DEBOUNCE_MS);
    expect(model.sentOfType("edit")).toHaveLength(1);
    // The kernel applies the edit to the working copy: view B follows, view A keeps its text.
    model.kernelSet("draft_subject", "Edited in A");
    expect(subjectB.value).toBe("Edited in A");
    expect(subjectA.value).toBe("Edited in A");
    expect(b.querySelector("[data-testid=dirty]")?.textContent).toContain("unsaved");
    cleanA();
    model.kernelSet("title", "Still live");
    expect(b.querySelector("[data-testid=title]")?.textContent).toBe("Still live");
    cleanB();
  });

  it("cleanup removes every listener and timer", () => {
    vi.useFakeTimers();
    const { model, el, cleanup, q } = mount({ status: "chat_processing", task_status: "chat_processing", busy_since: Date.now() });
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    const status = q("status");
    type(q("draft-body"), "unsent keystrokes");
    vi.advanceTimersByTime(1); // jsdom's own selection timer from focus(); the edit is still pending
    expect(model.sentOfType("edit")).toHaveLength(0);
    cleanup();
    expect(model.listenerCount()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    // pending edits were flushed, not lost
    expect(model.sentOfType("edit")[0]?.value).toBe("unsent keystrokes");
    expect(el.children).toHaveLength(0);
    model.kernelUpdate({ status: "idle", task_status: null, messages: [] });
    expect(status.dataset.status).toBe("chat_processing");
  });

  it("announces itself with the revision it holds, and shows deltas applied once per model", () => {
    const model = sessionModel({ rev: 4 });
    const stop = initialize({ model });
    const a = document.createElement("div");
    const b = document.createElement("div");
    const cleanA = render({ model, el: a });
    const cleanB = render({ model, el: b });
    expect(model.sentOfType("resync")).toEqual([
      { type: "resync", rev: 4 },
      { type: "resync", rev: 4 },
    ]);
    const count = model.get("messages").length;
    const reply = { role: "assistant", content: "Appended by a delta" };
    model.emit("msg:custom", { type: "delta", rev: 5, base_rev: 4, key: "messages", start: count, items: [reply] });
    for (const el of [a, b]) {
      const shown = el.querySelectorAll("[data-testid=message]");
      expect(shown).toHaveLength(count + 1);
      expect(shown[count]?.textContent).toContain("Appended by a delta");
    }
    expect(model.get("rev")).toBe(5);
    cleanA();
    cleanB();
    stop();
    expect(model.listenerCount()).toBe(0);
  });
});
