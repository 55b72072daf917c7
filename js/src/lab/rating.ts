// A variant's star and note. Both live in the `ratings` trait, which the browser writes, so a
// saved notebook keeps them; the note goes back debounced (300 ms) and is never overwritten
// while the user is typing in it.
import type { AnyModel } from "@anywidget/types";
import { debounce } from "../lib/debounce";
import type { Disposer } from "../lib/disposer";
import { h, hasFocusWithin } from "../lib/dom";
import type { LabModel, Rating } from "./types";

export interface RatingView {
  el: HTMLElement;
  update(rating: Rating | undefined): void;
}

export function createRating(name: string, model: AnyModel<LabModel>, disposer: Disposer): RatingView {
  const star = h(
    "button",
    { type: "button", class: "pw-btn pw-btn-ghost pw-lab-star", "aria-pressed": "false", "data-testid": "lab-star" },
    "☆ Star",
  );
  const note = h("textarea", {
    class: "pw-input pw-textarea pw-lab-note",
    rows: 2,
    placeholder: "Note",
    "aria-label": `Note on variant ${name}`,
    "data-testid": "lab-note",
  });
  const el = h("div", { class: "pw-lab-rating" }, star, note);

  const write = (patch: Partial<Rating>) => {
    const all = { ...(model.get("ratings") ?? {}) };
    all[name] = { star: false, note: "", ...all[name], ...patch };
    model.set("ratings", all);
    model.save_changes();
  };
  const saveNote = debounce(() => write({ note: note.value }), 300);
  disposer.add(() => saveNote.flush());

  disposer.listen(star, "click", () => {
    saveNote.flush();
    write({ star: star.getAttribute("aria-pressed") !== "true" });
  });
  disposer.listen(note, "input", () => saveNote());
  disposer.listen(note, "blur", () => saveNote.flush());

  return {
    el,
    update(rating) {
      const starred = rating?.star ?? false;
      star.setAttribute("aria-pressed", starred ? "true" : "false");
      star.textContent = starred ? "★ Starred" : "☆ Star";
      star.title = starred ? "Unstar this variant" : "Star this variant";
      if (!hasFocusWithin(note) && !saveNote.pending()) note.value = rating?.note ?? "";
    },
  };
}
