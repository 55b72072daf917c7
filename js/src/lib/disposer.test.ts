import { Disposer } from "./disposer";
import { FakeModel } from "../test/fake-model";

describe("Disposer", () => {
  afterEach(() => vi.useRealTimers());

  it("removes DOM and model listeners and timers", () => {
    vi.useFakeTimers();
    const d = new Disposer();
    const model = new FakeModel({ a: 1 });
    const btn = document.createElement("button");
    const clicks = vi.fn();
    const changes = vi.fn();
    const ticks = vi.fn();
    d.listen(btn, "click", clicks);
    d.onModel(model, "change:a", changes);
    d.interval(ticks, 1000);
    d.timeout(ticks, 500);
    btn.click();
    model.kernelSet("a", 2);
    expect(clicks).toHaveBeenCalledTimes(1);
    expect(changes).toHaveBeenCalledTimes(1);
    d.dispose();
    btn.click();
    model.kernelSet("a", 3);
    vi.advanceTimersByTime(5000);
    expect(clicks).toHaveBeenCalledTimes(1);
    expect(changes).toHaveBeenCalledTimes(1);
    expect(ticks).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
    expect(model.listenerCount()).toBe(0);
  });

  it("runs late additions immediately once disposed", () => {
    const d = new Disposer();
    d.dispose();
    const fn = vi.fn();
    d.add(fn);
    expect(fn).toHaveBeenCalled();
  });
});
