// Collects everything a view registers (model listeners, DOM listeners, timers) so that the
// cleanup function returned by `render` can undo all of it at once.
import type { AnyModel } from "@anywidget/types";

type Model = Pick<AnyModel, "on" | "off">;

export class Disposer {
  private fns: (() => void)[] = [];
  private disposed = false;

  /** Run `fn` on dispose (in reverse order of registration). */
  add(fn: () => void): void {
    if (this.disposed) fn();
    else this.fns.push(fn);
  }

  listen<E extends Event = Event>(
    target: EventTarget,
    type: string,
    handler: (event: E) => void,
    options?: AddEventListenerOptions,
  ): void {
    const fn = handler as EventListener;
    target.addEventListener(type, fn, options);
    this.add(() => target.removeEventListener(type, fn, options));
  }

  /** `model.on(event, cb)`, undone with `model.off(event, cb)` (only this callback). */
  onModel(model: Model, event: string, cb: () => void): void {
    model.on(event, cb);
    this.add(() => model.off(event, cb));
  }

  /** A repeating timer; returns a function that stops it early. */
  interval(fn: () => void, ms: number): () => void {
    const id = setInterval(fn, ms);
    const stop = () => clearInterval(id);
    this.add(stop);
    return stop;
  }

  /** A one-shot timer; returns a function that cancels it. */
  timeout(fn: () => void, ms: number): () => void {
    const id = setTimeout(fn, ms);
    const stop = () => clearTimeout(id);
    this.add(stop);
    return stop;
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const fns = this.fns.reverse();
    this.fns = [];
    for (const fn of fns) {
      try {
        fn();
      } catch (err) {
        console.error("puffle-widgets: cleanup step failed", err);
      }
    }
  }
}
