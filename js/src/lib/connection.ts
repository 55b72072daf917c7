// Is there a live kernel-side widget behind this view? The view pings (a custom message with a
// nonce) and the kernel answers "pong" from its event loop. No pong in time: if the page knows
// the kernel is busy running a cell (comm messages wait for it), the view is "waiting for the
// kernel", not dead; otherwise it is dead until a later ping is answered. Pings go out on
// render, before each action and periodically; a send that throws (a closed comm) is dead at
// once.
import type { AnyModel } from "@anywidget/types";

export type Liveness = "checking" | "alive" | "busy" | "dead";

/** How a monitor reaches the kernel; `kernelStatus` is null where the page cannot tell, and
 * `onKernelStatus` calls back when the page sees the kernel's status change (if it can). */
export interface Link {
  ping(nonce: string): void;
  onPong(callback: (nonce: string) => void): () => void;
  kernelStatus(): string | null;
  onKernelStatus?(callback: (status: string) => void): () => void;
}

export interface LivenessOptions {
  /** Wait this long (ms) for a pong. */
  timeoutMs?: number;
  /** While the kernel is busy, ping again this often (ms). */
  busyRetryMs?: number;
}

/** Kernel statuses that mean "running something": its comm messages wait their turn. */
const BUSY_STATUSES = new Set(["busy", "starting"]);
/** Kernel statuses after which no kernel-side widget of before is left. */
const GONE_STATUSES = new Set(["restarting", "autorestarting", "dead", "terminating"]);

function newNonce(): string {
  const random = globalThis.crypto?.randomUUID?.();
  return random ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export class LivenessMonitor {
  private current: Liveness = "checking";
  private readonly sent = new Set<string>();
  private waiting: ReturnType<typeof setTimeout> | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private readonly stopListening: () => void;
  private disposed = false;
  private readonly timeoutMs: number;
  private readonly busyRetryMs: number;

  constructor(
    private readonly link: Link,
    private readonly onChange: (state: Liveness) => void,
    { timeoutMs = 4000, busyRetryMs = 2000 }: LivenessOptions = {},
  ) {
    this.timeoutMs = timeoutMs;
    this.busyRetryMs = busyRetryMs;
    const stopPongs = link.onPong((nonce) => this.pong(nonce));
    const stopStatus = link.onKernelStatus?.((status) => this.kernelChanged(status)) ?? (() => {});
    this.stopListening = () => {
      stopPongs();
      stopStatus();
    };
  }

  get state(): Liveness {
    return this.current;
  }

  /** Ping now, unless a ping is already waiting for its answer. */
  check(): void {
    if (this.disposed || this.waiting !== null) return;
    const nonce = newNonce();
    this.sent.add(nonce);
    if (this.sent.size > 50) this.sent.delete(this.sent.values().next().value as string);
    try {
      this.link.ping(nonce);
    } catch {
      this.set("dead");
      return;
    }
    this.waiting = setTimeout(() => this.timedOut(), this.timeoutMs);
  }

  /** The channel failed (a send threw): dead until a later ping is answered. */
  failed(): void {
    this.set("dead");
  }

  dispose(): void {
    this.disposed = true;
    this.stopListening();
    this.clearTimers();
  }

  private kernelChanged(status: string): void {
    if (GONE_STATUSES.has(status)) {
      // A restart (or a dead kernel) takes every kernel-side widget with it: no need to ask.
      this.clearTimers();
      this.set("dead");
    } else if (this.current !== "alive" && !BUSY_STATUSES.has(status)) {
      this.check(); // the kernel is free again: is this view's widget there?
    }
  }

  private pong(nonce: string): void {
    if (!this.sent.has(nonce)) return;
    this.sent.delete(nonce);
    this.clearTimers();
    this.set("alive");
  }

  private timedOut(): void {
    this.waiting = null;
    const status = this.link.kernelStatus();
    if (status !== null && BUSY_STATUSES.has(status)) {
      this.set("busy");
      this.retry = setTimeout(() => {
        this.retry = null;
        this.check();
      }, this.busyRetryMs);
    } else {
      this.set("dead");
    }
  }

  private clearTimers(): void {
    if (this.waiting !== null) clearTimeout(this.waiting);
    if (this.retry !== null) clearTimeout(this.retry);
    this.waiting = this.retry = null;
  }

  private set(state: Liveness): void {
    if (this.disposed || state === this.current) return;
    this.current = state;
    this.onChange(state);
  }
}

/** The kernel connection of JupyterLab's widget manager (also Notebook 7 and Voila); absent
 * elsewhere. Only `status` and the Lumino `statusChanged` signal are used. */
interface KernelLike {
  status?: unknown;
  statusChanged?: {
    connect(slot: (sender: unknown, status: unknown) => void): unknown;
    disconnect?(slot: (sender: unknown, status: unknown) => void): unknown;
  };
}

function kernelOf(model: AnyModel): KernelLike | undefined {
  const manager = model.widget_manager as unknown as { kernel?: KernelLike | null } | undefined;
  return manager?.kernel ?? undefined;
}

/** A `Link` over an anywidget model: pings with `model.send`, pongs from `msg:custom`, and the
 * kernel status from the widget manager where it has one (JupyterLab, Notebook 7, Voila). */
export function modelLink(model: AnyModel): Link {
  return {
    ping: (nonce) => model.send({ type: "ping", nonce }),
    onPong: (callback) => {
      const handler = (msg: unknown) => {
        if (msg && typeof msg === "object" && (msg as { type?: unknown }).type === "pong") {
          const nonce = (msg as { nonce?: unknown }).nonce;
          if (typeof nonce === "string") callback(nonce);
        }
      };
      model.on("msg:custom", handler);
      return () => model.off("msg:custom", handler);
    },
    kernelStatus: () => {
      const status = kernelOf(model)?.status;
      return typeof status === "string" ? status : null;
    },
    onKernelStatus: (callback) => {
      const signal = kernelOf(model)?.statusChanged;
      if (!signal || typeof signal.connect !== "function") return () => {};
      const slot = (_sender: unknown, status: unknown) => {
        if (typeof status === "string") callback(status);
      };
      signal.connect(slot);
      return () => signal.disconnect?.(slot);
    },
  };
}
