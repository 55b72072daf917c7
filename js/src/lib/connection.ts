// Is there a live kernel-side widget behind this view? The view pings (a custom message with a
// nonce) and the kernel answers "pong" from its event loop. No pong in time: if the page knows
// the kernel is busy running a cell (comm messages wait for it), the view is "waiting for the
// kernel", not dead; otherwise it is dead until a later ping is answered. Pings go out on
// render, before each action and periodically; a send that throws (a closed comm) is dead at
// once.
import type { AnyModel } from "@anywidget/types";

export type Liveness = "checking" | "alive" | "busy" | "dead";

/** How a monitor reaches the kernel; `kernelStatus` is null where the page cannot tell. */
export interface Link {
  ping(nonce: string): void;
  onPong(callback: (nonce: string) => void): () => void;
  kernelStatus(): string | null;
}

export interface LivenessOptions {
  /** Wait this long (ms) for a pong. */
  timeoutMs?: number;
  /** While the kernel is busy, ping again this often (ms). */
  busyRetryMs?: number;
}

/** Kernel statuses that mean "running something": its comm messages wait their turn. */
const BUSY_STATUSES = new Set(["busy", "starting", "restarting", "autorestarting"]);

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
    this.stopListening = link.onPong((nonce) => this.pong(nonce));
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
      const manager = model.widget_manager as unknown as { kernel?: { status?: unknown } } | undefined;
      const status = manager?.kernel?.status;
      return typeof status === "string" ? status : null;
    },
  };
}
