// The editing protocol for one editable field (title, draft_subject, draft_body, skeleton).
//
// The editor owns its text while the user types: input updates `local` at once and, debounced,
// sends {type:"edit", field, value, base}. `base` is the baseline value recorded at the first
// keystroke after the field was clean; it is forgotten once the field is clean again. A kernel
// change of the field replaces `local` only when no edit is pending and the editor is not
// focused with dirty text, so a dirty draft is never overwritten by an incoming update.
import type { EditableField } from "../types";
import { debounce, type Debounced } from "../lib/debounce";
import { clone, deepEqual } from "../lib/json";
import type { SessionContext } from "./context";

export const EDIT_DEBOUNCE_MS = 300;

export interface FieldSyncHost<V> {
  /** Put a value coming from the kernel (or a revert) into the editor. */
  show(value: V): void;
  /** Whether the user is in this editor right now. */
  isFocused(): boolean;
  /** Text typed but not yet turned into a value (e.g. invalid JSON): kernel changes wait. */
  hasUnparsedInput?(): boolean;
}

/** Strings compare with null == "" (the API's fresh rows have nulls, editors show ""). */
function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (v === null || v === undefined ? "" : v);
  return deepEqual(norm(a), norm(b));
}

export class FieldSync<V> {
  local: V;
  private base: { value: unknown } | null = null;
  /** The value of the last edit sent, to recognise our own save landing in `baseline`. */
  private lastSent: { value: unknown } | null = null;
  private readonly sendLater: Debounced<[]>;
  private host: FieldSyncHost<V> | null = null;
  /** The kernel changed this field while the editor kept its own text (focused, dirty). */
  private diverged = false;

  constructor(
    private readonly ctx: SessionContext,
    readonly field: EditableField,
  ) {
    this.local = this.kernelValue();
    this.sendLater = debounce(() => this.sendEdit(), EDIT_DEBOUNCE_MS);
    ctx.registerSync(this as FieldSync<unknown>);
    ctx.on(field, () => this.onKernelChange());
    ctx.on("baseline", () => this.onBaselineChange());
    // Cleanup: the last keystrokes still reach the kernel when the view goes away.
    ctx.disposer.add(() => this.sendLater.flush());
  }

  attach(host: FieldSyncHost<V>): void {
    this.host = host;
  }

  baselineValue(): unknown {
    return this.ctx.get("baseline")?.[this.field] ?? null;
  }

  kernelValue(): V {
    return clone(this.ctx.get(this.field)) as V;
  }

  isDirty(): boolean {
    return !same(this.local, this.baselineValue());
  }

  /** The base recorded for the current edit, if any (for tests and diagnostics). */
  recordedBase(): { value: unknown } | null {
    return this.base;
  }

  /** The user changed the value. */
  input(value: V): void {
    if (this.base === null) this.base = { value: clone(this.baselineValue()) };
    this.local = value;
    this.sendLater();
    this.ctx.emitLocal();
  }

  /** Before Save: send pending keystrokes, and re-send the text if the kernel's working copy
   * no longer matches it (e.g. a revert from Python arrived while the user was typing here and
   * the editor kept the text): what gets saved is what the editor shows. */
  flush(): void {
    this.sendLater.flush();
    if (this.diverged && !this.host?.hasUnparsedInput?.()) this.sendEdit();
  }

  /** Take a value as the editor's own (revert, "take server's"): no edit is sent. */
  adopt(value: V): void {
    this.sendLater.cancel();
    this.base = null;
    this.diverged = false;
    this.local = clone(value);
    this.host?.show(this.local);
    this.ctx.emitLocal();
  }

  /** The user settled a conflict. "mine" keeps the text (pending keystrokes go first, on their
   * old base, ahead of the resolve message); "server" shows the server's value and drops them.
   * Either way the server's value is the base of every later edit, also for keystrokes made
   * before the kernel's new baseline arrives (the model's baseline is still the old one then). */
  settle(keep: "mine" | "server", serverValue: unknown): void {
    if (keep === "mine") this.sendLater.flush();
    else this.adopt(serverValue as V);
    this.base = { value: clone(serverValue) };
  }

  private wireValue(): unknown {
    const v = this.local as unknown;
    if (v === "" && this.baselineValue() === null) return null;
    return clone(v);
  }

  private sendEdit(): void {
    const base = this.base ? this.base.value : clone(this.baselineValue());
    const value = this.wireValue();
    this.lastSent = { value };
    this.diverged = false;
    this.ctx.send({ type: "edit", field: this.field, value, base });
    if (!this.isDirty()) this.base = null;
  }

  private onKernelChange(): void {
    if (this.sendLater.pending() || this.host?.hasUnparsedInput?.()) return;
    // An edit in progress (base recorded, so the text was dirty when typed) in a focused editor.
    if (this.base !== null && this.isDirty() && this.host?.isFocused()) {
      this.diverged = !same(this.kernelValue(), this.wireValue());
      return;
    }
    const incoming = this.kernelValue();
    this.diverged = false;
    if (!deepEqual(incoming, this.local)) {
      this.local = incoming;
      this.host?.show(this.local);
    }
    if (!this.isDirty()) this.base = null;
    this.ctx.emitLocal();
  }

  private onBaselineChange(): void {
    const baseline = this.baselineValue();
    if (!this.sendLater.pending() && !this.isDirty()) this.base = null;
    // Our own save landed while the user kept typing: later edits build on the saved value.
    else if (this.base !== null && this.lastSent !== null && same(baseline, this.lastSent.value)) {
      this.base = { value: clone(baseline) };
    }
    this.ctx.emitLocal();
  }
}
