// A textarea with `%var%` / `{{var}}` highlighting: a mirror layer renders the highlighted text
// and sizes the box; the real textarea sits on top with transparent text and a visible caret.
// The textarea carries the testid, so tests (and Playwright's fill()) type into a real input.
import { h, replaceChildren } from "../lib/dom";
import type { Disposer } from "../lib/disposer";
import { highlightVars } from "../lib/vars";

export interface VarEditorOptions {
  testid: string;
  label: string;
  /** Single line: Enter does not insert a newline and pasted newlines become spaces. */
  singleLine?: boolean;
  /** A multi-line editor that starts two lines high instead of six (grows with its text). */
  short?: boolean;
  placeholder?: string;
  onInput(value: string): void;
}

export class VarEditor {
  readonly el: HTMLDivElement;
  readonly input: HTMLTextAreaElement;
  private readonly mirror: HTMLDivElement;
  private known: readonly string[] = [];

  constructor(disposer: Disposer, private readonly options: VarEditorOptions) {
    this.mirror = h("div", { class: "pw-editor-mirror", "aria-hidden": "true" });
    this.input = h("textarea", {
      class: "pw-editor-input",
      "data-testid": options.testid,
      "aria-label": options.label,
      rows: options.singleLine ? 1 : options.short ? 2 : 6,
      spellcheck: "true",
      placeholder: options.placeholder ?? null,
    });
    const size = options.singleLine ? " pw-editor-single" : options.short ? " pw-editor-short" : "";
    this.el = h("div", { class: `pw-editor${size}` }, this.mirror, this.input);
    disposer.listen(this.input, "input", () => this.onInput());
    disposer.listen<KeyboardEvent>(this.input, "keydown", (e) => {
      if (options.singleLine && e.key === "Enter") e.preventDefault();
    });
    disposer.listen(this.input, "scroll", () => {
      this.mirror.scrollTop = this.input.scrollTop;
    });
  }

  get value(): string {
    return this.input.value;
  }

  /** Replace the text (from the kernel), keeping the caret where it was if focused. */
  set value(text: string) {
    if (this.input.value === text) return;
    const focused = this.input.ownerDocument.activeElement === this.input;
    const { selectionStart, selectionEnd } = this.input;
    this.input.value = text;
    if (focused) {
      this.input.selectionStart = Math.min(selectionStart, text.length);
      this.input.selectionEnd = Math.min(selectionEnd, text.length);
    }
    this.refresh();
  }

  /** Put `text` where the caret is (replacing a selection) as if typed, caret after it. */
  insert(text: string): void {
    const { selectionStart, selectionEnd } = this.input;
    this.input.setRangeText(text, selectionStart ?? this.input.value.length, selectionEnd ?? this.input.value.length, "end");
    this.input.focus({ preventScroll: true });
    this.onInput();
  }

  /** Names allowed in this campaign; others are flagged. Empty list: nothing is flagged. */
  setKnown(names: readonly string[]): void {
    this.known = names;
    this.refresh();
  }

  refresh(): void {
    const text = this.input.value;
    // A trailing newline needs a character after it or the mirror is one line short.
    replaceChildren(this.mirror, highlightVars(text, this.known), text.endsWith("\n") || text === "" ? "\u200b" : null);
  }

  private onInput(): void {
    if (this.options.singleLine && /[\r\n]/.test(this.input.value)) {
      this.input.value = this.input.value.replace(/\r?\n|\r/g, " ");
    }
    this.refresh();
    this.options.onInput(this.input.value);
  }
}
