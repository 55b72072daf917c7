import { LivenessMonitor, modelLink } from "./connection";
import type { Link, Liveness } from "./connection";
import { FakeModel } from "../test/fake-model";

class FakeLink implements Link {
  pings: string[] = [];
  status: string | null = "idle";
  throws = false;
  private listener: ((nonce: string) => void) | null = null;
  ping(nonce: string) {
    if (this.throws) throw new Error("Comm is closed");
    this.pings.push(nonce);
  }
  onPong(cb: (nonce: string) => void) {
    this.listener = cb;
    return () => (this.listener = null);
  }
  kernelStatus() {
    return this.status;
  }
  answer(nonce = this.pings[this.pings.length - 1] as string) {
    this.listener?.(nonce);
  }
}

function setup() {
  const link = new FakeLink();
  const states: Liveness[] = [];
  const monitor = new LivenessMonitor(link, (s) => states.push(s), { timeoutMs: 1000, busyRetryMs: 500 });
  return { link, states, monitor };
}

describe("LivenessMonitor", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("a pong means alive", () => {
    const { link, states, monitor } = setup();
    monitor.check();
    expect(link.pings).toHaveLength(1);
    monitor.check(); // one ping at a time
    expect(link.pings).toHaveLength(1);
    link.answer();
    expect(states).toEqual(["alive"]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("no pong and an idle kernel: dead, until a later ping is answered", () => {
    const { link, states, monitor } = setup();
    monitor.check();
    vi.advanceTimersByTime(1000);
    expect(states).toEqual(["dead"]);
    monitor.check();
    link.answer();
    expect(states).toEqual(["dead", "alive"]);
  });

  it("no pong while the kernel is busy: waiting, pinging again", () => {
    const { link, states, monitor } = setup();
    link.status = "busy";
    monitor.check();
    vi.advanceTimersByTime(1000);
    expect(states).toEqual(["busy"]);
    vi.advanceTimersByTime(500);
    expect(link.pings).toHaveLength(2);
    link.answer(link.pings[0]); // the first ping's answer, late: still ours
    expect(states).toEqual(["busy", "alive"]);
  });

  it("a page that cannot tell the kernel's status counts as dead after the timeout", () => {
    const { link, states, monitor } = setup();
    link.status = null;
    monitor.check();
    vi.advanceTimersByTime(1000);
    expect(states).toEqual(["dead"]);
  });

  it("a send that throws is dead at once; foreign nonces are ignored", () => {
    const { link, states, monitor } = setup();
    link.answer("not-ours");
    expect(states).toEqual([]);
    link.throws = true;
    monitor.check();
    expect(states).toEqual(["dead"]);
    monitor.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("modelLink", () => {
  it("pings with model.send, hears pongs on msg:custom, reads the manager's kernel", () => {
    const model = new FakeModel({});
    (model as unknown as { widget_manager: unknown }).widget_manager = { kernel: { status: "busy" } };
    const link = modelLink(model);
    const heard: string[] = [];
    const stop = link.onPong((n) => heard.push(n));
    link.ping("n1");
    expect(model.sent).toEqual([{ type: "ping", nonce: "n1" }]);
    model.emit("msg:custom", { type: "pong", nonce: "n1" });
    model.emit("msg:custom", { type: "other" });
    expect(heard).toEqual(["n1"]);
    expect(link.kernelStatus()).toBe("busy");
    stop();
    model.emit("msg:custom", { type: "pong", nonce: "n2" });
    expect(heard).toEqual(["n1"]);
    expect(modelLink(new FakeModel({})).kernelStatus()).toBeNull();
  });
});

describe("LivenessMonitor and the kernel's status", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("a restart is dead at once; a free kernel is asked again", () => {
    const link = new FakeLink();
    let statusListener: ((s: string) => void) | null = null;
    const withStatus: Link = Object.assign(link, {
      onKernelStatus: (cb: (s: string) => void) => {
        statusListener = cb;
        return () => (statusListener = null);
      },
    });
    const states: Liveness[] = [];
    const monitor = new LivenessMonitor(withStatus, (s) => states.push(s), { timeoutMs: 1000 });
    monitor.check();
    link.answer();
    (statusListener as unknown as (s: string) => void)("restarting");
    expect(states).toEqual(["alive", "dead"]);
    (statusListener as unknown as (s: string) => void)("idle");
    expect(link.pings).toHaveLength(2); // asked again
    monitor.dispose();
    expect(statusListener).toBeNull();
  });

  it("modelLink follows the manager's kernel statusChanged signal", () => {
    const slots: ((sender: unknown, status: unknown) => void)[] = [];
    const model = new FakeModel({});
    (model as unknown as { widget_manager: unknown }).widget_manager = {
      kernel: {
        status: "idle",
        statusChanged: {
          connect: (slot: (sender: unknown, status: unknown) => void) => slots.push(slot),
          disconnect: (slot: (sender: unknown, status: unknown) => void) => slots.splice(slots.indexOf(slot), 1),
        },
      },
    };
    const seen: string[] = [];
    const stop = modelLink(model).onKernelStatus?.((s) => seen.push(s)) as () => void;
    slots[0]?.(null, "restarting");
    expect(seen).toEqual(["restarting"]);
    stop();
    expect(slots).toHaveLength(0);
  });
});
