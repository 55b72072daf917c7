import { watchVisibility } from "./visibility";

type Callback = (entries: { isIntersecting: boolean }[]) => void;

class FakeObserver {
  static last: FakeObserver | null = null;
  observed: Element[] = [];
  disconnected = false;
  constructor(readonly callback: Callback) {
    FakeObserver.last = this;
  }
  observe(el: Element) {
    this.observed.push(el);
  }
  disconnect() {
    this.disconnected = true;
  }
  fire(isIntersecting: boolean) {
    this.callback([{ isIntersecting }]);
  }
}

function setPageHidden(hidden: boolean) {
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
  document.dispatchEvent(new Event("visibilitychange"));
}

describe("watchVisibility", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
    setPageHidden(false);
  });

  it("without IntersectionObserver: visible while the page is", () => {
    const el = document.createElement("div");
    const seen: boolean[] = [];
    const stop = watchVisibility(el, (v) => seen.push(v), { heartbeatMs: 0 });
    expect(seen).toEqual([true]);
    setPageHidden(true);
    setPageHidden(true); // no change, no report
    setPageHidden(false);
    expect(seen).toEqual([true, false, true]);
    stop();
    setPageHidden(true);
    expect(seen).toEqual([true, false, true]);
  });

  it("follows the IntersectionObserver and the page, and beats while visible", () => {
    vi.useFakeTimers();
    vi.stubGlobal("IntersectionObserver", FakeObserver);
    const el = document.createElement("div");
    const seen: boolean[] = [];
    const stop = watchVisibility(el, (v) => seen.push(v), { heartbeatMs: 1000 });
    const observer = FakeObserver.last as FakeObserver;
    expect(observer.observed).toEqual([el]);
    expect(seen).toEqual([]); // the observer reports first
    observer.fire(true);
    expect(seen).toEqual([true]);
    vi.advanceTimersByTime(2000);
    expect(seen).toEqual([true, true, true]); // heartbeats
    observer.fire(false); // scrolled away
    vi.advanceTimersByTime(2000);
    expect(seen).toEqual([true, true, true, false]); // no heartbeat while hidden
    observer.fire(true);
    setPageHidden(true);
    expect(seen).toEqual([true, true, true, false, true, false]);
    stop();
    expect(observer.disconnected).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
