// One view's link to its kernel-side widget: is it alive (lib/connection.ts), is the view on
// screen (lib/visibility.ts, reported to the kernel, which polls an idle session only while a
// view is visible), and what the view does when nothing answers: a banner that says so, actions
// disabled, and every field read-only but still selectable, so what the user typed stays
// visible and can be copied. One per view, made by the first component that asks.
import { h, show, uid } from "../lib/dom";
import { LivenessMonitor, modelLink } from "../lib/connection";
import type { Liveness } from "../lib/connection";
import { watchVisibility } from "../lib/visibility";
import type { ClientMessage } from "../types";
import type { SessionContext } from "./context";

/** Ping again this often (ms) while the page is visible. */
export const RECHECK_MS = 15_000;
/** Buttons that keep working without a kernel (they only read what is shown). */
const OFFLINE_OK = ".pw-copy, .pw-nav-btn, [role=tab], [data-offline-ok]";

export class SessionConnection {
  readonly view = uid(`view-${Math.random().toString(36).slice(2, 8)}`);
  readonly banner: HTMLElement;
  private readonly monitor: LivenessMonitor;
  private readonly listeners = new Set<(state: Liveness) => void>();
  private root: HTMLElement | null = null;
  private frozen: { el: HTMLInputElement | HTMLTextAreaElement | HTMLButtonElement; was: boolean }[] = [];

  constructor(private readonly ctx: SessionContext) {
    this.banner = h("div", { class: "pw-connection", "data-testid": "connection", role: "status", "aria-live": "polite" });
    show(this.banner, false);
    this.monitor = new LivenessMonitor(modelLink(ctx.model), (state) => this.changed(state));
    ctx.disposer.add(() => this.monitor.dispose());
    ctx.disposer.interval(() => {
      if (document.visibilityState !== "hidden") this.monitor.check();
    }, RECHECK_MS);
    ctx.on(["status", "task_status", "outbox"], () => this.renderBanner());
    this.monitor.check();
  }

  get state(): Liveness {
    return this.monitor.state;
  }

  get alive(): boolean {
    return this.state !== "dead";
  }

  onChange(callback: (state: Liveness) => void): void {
    this.listeners.add(callback);
    this.ctx.disposer.add(() => this.listeners.delete(callback));
  }

  /** The view's root is in place: watch whether it is on screen and tell the kernel. */
  attach(root: HTMLElement): void {
    if (this.root !== null) return;
    this.root = root;
    const report = (visible: boolean, gone = false) =>
      this.post({ type: "visibility", view: this.view, visible, ...(gone ? { gone: true } : {}) });
    this.ctx.disposer.add(watchVisibility(root, (visible) => report(visible)));
    this.ctx.disposer.add(() => report(false, true));
    this.apply();
  }

  /** Ask the kernel again whether it is there. */
  recheck(): void {
    this.monitor.check();
  }

  /** An action for the kernel: checks the link again, then sends. False when it could not be
   * handed over (the comm is closed). */
  action(msg: ClientMessage): boolean {
    this.monitor.check();
    return this.post(msg);
  }

  private post(msg: ClientMessage): boolean {
    try {
      this.ctx.send(msg);
      return true;
    } catch {
      this.monitor.failed();
      return false;
    }
  }

  private changed(state: Liveness): void {
    this.apply();
    for (const listener of [...this.listeners]) listener(state);
  }

  /** Not connected: fields read-only (still selectable), actions disabled; undone when alive. */
  private apply(): void {
    this.renderBanner();
    const root = this.root;
    if (root === null) return;
    root.dataset.connection = this.state;
    if (this.state === "dead") {
      if (this.frozen.length) return;
      for (const el of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("textarea, input")) {
        this.frozen.push({ el, was: el.readOnly });
        el.readOnly = true;
      }
      for (const el of root.querySelectorAll<HTMLButtonElement>("button")) {
        if (el.matches(OFFLINE_OK)) continue;
        this.frozen.push({ el, was: el.disabled });
        el.disabled = true;
      }
    } else if (this.frozen.length) {
      for (const { el, was } of this.frozen) {
        if (el instanceof HTMLButtonElement) el.disabled = was;
        else el.readOnly = was;
      }
      this.frozen = [];
      this.ctx.emitLocal(); // components re-derive what they enable
    }
  }

  private renderBanner(): void {
    const state = this.state;
    const banner = this.banner;
    banner.replaceChildren();
    banner.dataset.state = state;
    if (state === "dead") {
      const working = this.ctx.busy() || (this.ctx.get("outbox") ?? []).some((e) => e.state !== "failed");
      banner.append(
        h("strong", {}, "Not connected: run the cell to reconnect."),
        " ",
        h(
          "span",
          {},
          "Nothing in the kernel answers this view (the kernel restarted or stopped, or the notebook was opened from a saved copy). " +
            "It shows what was last saved; what you typed stays here and can be copied.",
        ),
      );
      if (working) {
        banner.append(h("p", { class: "pw-connection-note", "data-testid": "saved-while-working" }, "Generating when this notebook was saved: run the cell to see the reply."));
      }
    } else if (state === "busy") {
      banner.append(h("strong", {}, "Waiting for the kernel:"), " it is running another cell; this view answers when it is done.");
    }
    show(banner, state === "dead" || state === "busy");
  }
}

const connections = new WeakMap<SessionContext, SessionConnection>();

/** The connection of this view (made on first use). */
export function connectionOf(ctx: SessionContext): SessionConnection {
  let connection = connections.get(ctx);
  if (connection === undefined) {
    connection = new SessionConnection(ctx);
    connections.set(ctx, connection);
  }
  return connection;
}
