// A stand-in for anywidget's model in tests: traits, change events, custom messages.
import type { AnyModel } from "@anywidget/types";
import { deepEqual } from "../lib/json";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (...args: any[]) => void;

export class FakeModel<T extends Record<string, any> = Record<string, any>> implements AnyModel<T> {
  /** Everything the browser sent with `model.send`, in order. */
  readonly sent: any[] = [];
  /** How many times `save_changes` was called. */
  saves = 0;
  widget_manager = {
    get_model: () => Promise.reject(new Error("FakeModel has no widget manager")),
  } as AnyModel<T>["widget_manager"];

  private state: T;
  private handlers = new Map<string, Handler[]>();

  constructor(state: T) {
    this.state = structuredClone(state);
  }

  get<K extends keyof T>(key: K): T[K] {
    return this.state[key];
  }

  /** Browser-side set (Backbone semantics: an event only when the value changes). */
  set<K extends keyof T>(key: K, value: T[K]): void {
    if (deepEqual(this.state[key], value)) return;
    this.state[key] = value;
    this.emit(`change:${String(key)}`);
    this.emit("change");
  }

  /** A change coming from the kernel. */
  kernelSet<K extends keyof T>(key: K, value: T[K]): void {
    this.set(key, structuredClone(value));
  }

  /** Several kernel changes applied together (like `hold_sync`), events after all values. */
  kernelUpdate(patch: Partial<T>): void {
    const changed: string[] = [];
    for (const [key, value] of Object.entries(patch)) {
      if (deepEqual(this.state[key], value)) continue;
      (this.state as Record<string, unknown>)[key] = structuredClone(value);
      changed.push(key);
    }
    for (const key of changed) this.emit(`change:${key}`);
    if (changed.length) this.emit("change");
  }

  on(eventName: string, callback: Handler): void {
    const list = this.handlers.get(eventName) ?? [];
    list.push(callback);
    this.handlers.set(eventName, list);
  }

  off(eventName?: string | null, callback?: Handler | null): void {
    for (const [name, list] of this.handlers) {
      if (eventName && name !== eventName) continue;
      const kept = callback ? list.filter((fn) => fn !== callback) : [];
      this.handlers.set(name, kept);
    }
  }

  save_changes(): void {
    this.saves += 1;
  }

  send(content: unknown): void {
    this.sent.push(structuredClone(content));
  }

  /** Messages of one `type` sent so far. */
  sentOfType(type: string): any[] {
    return this.sent.filter((m) => m && m.type === type);
  }

  emit(eventName: string, ...args: unknown[]): void {
    for (const fn of [...(this.handlers.get(eventName) ?? [])]) fn(...args);
  }

  listenerCount(): number {
    let n = 0;
    for (const list of this.handlers.values()) n += list.length;
    return n;
  }
}
