// What every component of one session view shares: the model, the view's disposer, the
// registry of editable fields, and a local "edit state changed" signal between components.
import type { AnyModel } from "@anywidget/types";
import { EDITABLE_FIELDS } from "../types";
import type { ClientMessage, EditableField, SessionModel } from "../types";
import { Disposer } from "../lib/disposer";
import { isBusy } from "../lib/status";
import type { FieldSync } from "./field-sync";

export type SessionAnyModel = AnyModel<SessionModel>;
export type SessionKey = keyof SessionModel & string;

export class SessionContext {
  readonly disposer = new Disposer();
  private readonly syncs = new Map<EditableField, FieldSync<unknown>>();
  private readonly localListeners = new Set<() => void>();

  constructor(readonly model: SessionAnyModel) {}

  get<K extends SessionKey>(key: K): SessionModel[K] {
    return this.model.get(key);
  }

  /** Listen to `change:<key>` for each key; removed on cleanup. */
  on(keys: SessionKey | readonly SessionKey[], cb: () => void): void {
    for (const key of typeof keys === "string" ? [keys] : keys) this.disposer.onModel(this.model, `change:${key}`, cb);
  }

  send(msg: ClientMessage): void {
    this.model.send(msg);
  }

  /** A server task owns the session. */
  busy(): boolean {
    return isBusy(this.get("status"), this.get("task_status"));
  }

  /** The status to show: the widget status, or the task the server reports while "idle". */
  displayStatus(): string {
    const status = this.get("status") ?? "loading";
    const task = this.get("task_status");
    return status === "idle" && task ? task : status;
  }

  /** No new work may start: busy, still loading, or failed. */
  blocked(): boolean {
    const status = this.get("status");
    return this.busy() || status === "loading" || status === "error";
  }

  registerSync(sync: FieldSync<unknown>): void {
    this.syncs.set(sync.field, sync);
  }

  sync(field: EditableField): FieldSync<unknown> | undefined {
    return this.syncs.get(field);
  }

  /** The value the user sees for a field: the editor's copy if there is one, else the model's. */
  localValue(field: EditableField): unknown {
    const sync = this.syncs.get(field);
    return sync ? sync.local : this.get(field);
  }

  dirtyFields(): EditableField[] {
    return EDITABLE_FIELDS.filter((f) => this.syncs.get(f)?.isDirty() ?? false);
  }

  /** Send every pending debounced edit now. */
  flushEdits(): void {
    for (const sync of this.syncs.values()) sync.flush();
  }

  /** Local edit state changed (typing, kernel update, revert): components re-derive. */
  onLocal(cb: () => void): void {
    this.localListeners.add(cb);
    this.disposer.add(() => this.localListeners.delete(cb));
  }

  emitLocal(): void {
    for (const cb of [...this.localListeners]) cb();
  }
}
