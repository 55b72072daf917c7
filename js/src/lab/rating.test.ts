import { Disposer } from "../lib/disposer";
import { labModel } from "./fixtures";
import { createRating } from "./rating";

function mount() {
  const model = labModel();
  const disposer = new Disposer();
  const view = createRating("B", model, disposer);
  document.body.append(view.el);
  view.update(model.get("ratings").B);
  const star = view.el.querySelector("[data-testid=lab-star]") as HTMLButtonElement;
  const note = view.el.querySelector("[data-testid=lab-note]") as HTMLTextAreaElement;
  return { model, disposer, view, star, note };
}

describe("rating", () => {
  afterEach(() => {
    vi.useRealTimers();
    document.body.textContent = "";
  });

  it("stars and unstars the variant in the ratings trait", () => {
    const { model, view, star } = mount();
    star.click();
    expect(model.get("ratings").B).toEqual({ star: true, note: "" });
    expect(model.get("ratings").A).toEqual({ star: false, note: "" });
    expect(model.saves).toBe(1);
    view.update(model.get("ratings").B);
    expect(star.getAttribute("aria-pressed")).toBe("true");
    expect(star.textContent).toBe("★ Starred");
    star.click();
    expect(model.get("ratings").B?.star).toBe(false);
  });

  it("sends the note debounced, and never overwrites it while typing", () => {
    vi.useFakeTimers();
    const { model, view, note } = mount();
    note.focus();
    note.value = "Warmer";
    note.dispatchEvent(new Event("input"));
    expect(model.get("ratings").B?.note).toBe("");
    view.update({ star: false, note: "from the kernel" });
    expect(note.value).toBe("Warmer");
    vi.advanceTimersByTime(300);
    expect(model.get("ratings").B).toEqual({ star: false, note: "Warmer" });
    note.blur();
    view.update({ star: true, note: "Set from a cell" });
    expect(note.value).toBe("Set from a cell");
  });

  it("sends a pending note when the star is clicked or the view goes", () => {
    vi.useFakeTimers();
    const { model, disposer, star, note } = mount();
    note.value = "First";
    note.dispatchEvent(new Event("input"));
    star.click();
    expect(model.get("ratings").B).toEqual({ star: true, note: "First" });
    note.value = "Last words";
    note.dispatchEvent(new Event("input"));
    disposer.dispose();
    expect(model.get("ratings").B?.note).toBe("Last words");
  });
});
