import { VarEditor } from "./editor";
import { Disposer } from "../lib/disposer";

function make(singleLine = false) {
  const d = new Disposer();
  const onInput = vi.fn();
  const ed = new VarEditor(d, { testid: "ed", label: "Editor", singleLine, onInput });
  document.body.append(ed.el);
  return { d, ed, onInput };
}

function type(ed: VarEditor, text: string) {
  ed.input.value = text;
  ed.input.dispatchEvent(new Event("input", { bubbles: true }));
}

describe("VarEditor", () => {
  afterEach(() => (document.body.textContent = ""));

  it("is a real textarea with testid and label", () => {
    const { ed } = make();
    expect(ed.input.tagName).toBe("TEXTAREA");
    expect(ed.input.dataset.testid).toBe("ed");
    expect(ed.input.getAttribute("aria-label")).toBe("Editor");
  });

  it("highlights variables in the mirror and flags unknown ones", () => {
    const { ed, onInput } = make();
    ed.setKnown(["first_name"]);
    type(ed, "Hi %first_name% from {{ acme }}");
    expect(onInput).toHaveBeenCalledWith("Hi %first_name% from {{ acme }}");
    const vars = ed.el.querySelectorAll(".pw-editor-mirror .pw-var");
    expect([...vars].map((v) => v.textContent)).toEqual(["%first_name%", "{{ acme }}"]);
    expect(vars[1]?.classList.contains("pw-var-unknown")).toBe(true);
    expect(ed.el.querySelector(".pw-editor-mirror")?.getAttribute("aria-hidden")).toBe("true");
  });

  it("keeps a single-line editor on one line", () => {
    const { ed, onInput } = make(true);
    type(ed, "a\nb");
    expect(onInput).toHaveBeenCalledWith("a b");
    const enter = new KeyboardEvent("keydown", { key: "Enter", cancelable: true });
    ed.input.dispatchEvent(enter);
    expect(enter.defaultPrevented).toBe(true);
  });

  it("setting the value re-renders without an input callback", () => {
    const { ed, onInput } = make();
    ed.value = "%x%";
    expect(ed.el.querySelector(".pw-var")?.textContent).toBe("%x%");
    expect(onInput).not.toHaveBeenCalled();
  });

  it("removes its listeners on dispose", () => {
    const { d, ed, onInput } = make();
    d.dispose();
    type(ed, "after");
    expect(onInput).not.toHaveBeenCalled();
  });
});
