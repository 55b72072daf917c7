import { debounce } from "./debounce";

describe("debounce", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("calls once with the last arguments after the quiet period", () => {
    const fn = vi.fn();
    const d = debounce(fn, 300);
    d(1);
    d(2);
    vi.advanceTimersByTime(299);
    expect(fn).not.toHaveBeenCalled();
    d(3);
    vi.advanceTimersByTime(300);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn).toHaveBeenCalledWith(3);
    expect(d.pending()).toBe(false);
  });

  it("flush runs now, cancel drops", () => {
    const fn = vi.fn();
    const d = debounce(fn, 300);
    d("a");
    expect(d.pending()).toBe(true);
    d.flush();
    expect(fn).toHaveBeenCalledWith("a");
    d.flush();
    expect(fn).toHaveBeenCalledTimes(1);
    d("b");
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});
