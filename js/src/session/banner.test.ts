import { SessionContext } from "./context";
import { countdownText, createBanner, creditsText, detailsText } from "./banner";
import { sessionModel } from "../test/fixtures";
import type { Problem } from "../types";

function problem(overrides: Partial<Problem> = {}): Problem {
  return {
    kind: "credits",
    title: "Not enough Puffle credits (402)",
    detail: "This needs 1 credit, your balance is 0. Add credits in Puffle, then press Retry.",
    status: 402,
    request_id: "req_123",
    retry_at: null,
    balance: 0,
    required: 1,
    retryable: true,
    ...overrides,
  };
}

function setup(p: Problem | null) {
  const model = sessionModel({ problem: p });
  const ctx = new SessionContext(model);
  const el = createBanner(ctx);
  const q = (id: string) => el.querySelector(`[data-testid=${id}]`) as HTMLElement;
  return { model, ctx, el, q };
}

describe("problem banner", () => {
  afterEach(() => vi.useRealTimers());

  it("is hidden without a problem", () => {
    const { el } = setup(null);
    expect(el.hidden).toBe(true);
  });

  it("says what went wrong and what to do, with credits and a details line", () => {
    const { el, q } = setup(problem());
    expect(el.hidden).toBe(false);
    expect(el.getAttribute("role")).toBe("alert");
    expect(q("banner-title").textContent).toBe("Not enough Puffle credits (402)");
    expect(q("banner-detail").textContent).toContain("Add credits");
    expect(q("banner-credits").textContent).toBe("Balance: 0 · needed: 1");
    expect(q("banner-details").textContent).toBe("HTTP 402 · request id req_123");
    expect(q("retry-now").hidden).toBe(true); // credits do not come back by waiting
  });

  it("counts down to the next automatic retry and offers Retry now", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date(2026, 3, 22, 10, 0, 0));
    const { q, model } = setup(null);
    model.kernelUpdate({
      problem: problem({ kind: "rate_limited", title: "Puffle asked us to slow down (429)", detail: "Retrying in 5 s. Nothing you typed is lost.", status: 429, retry_at: Date.now() + 5000, balance: null, required: null }),
    });
    expect(q("banner-countdown").textContent).toBe("Retrying in 5 s.");
    expect(q("banner-detail").textContent).toBe("Nothing you typed is lost.");
    vi.advanceTimersByTime(2000);
    expect(q("banner-countdown").textContent).toBe("Retrying in 3 s.");
    expect(q("retry-now").hidden).toBe(false);
    q("retry-now").click();
    expect(model.sentOfType("retry_now")).toEqual([{ type: "retry_now" }]);
    vi.advanceTimersByTime(5000);
    expect(q("banner-countdown").textContent).toBe("Retrying now…");
  });

  it("dismissing hides it at once and tells the kernel", () => {
    const { el, q, model } = setup(problem());
    q("dismiss").click();
    expect(el.hidden).toBe(true);
    expect(model.sentOfType("dismiss")).toEqual([{ type: "dismiss" }]);
    model.kernelUpdate({ problem: problem({ title: "Another one" }) });
    expect(el.hidden).toBe(false);
  });

  it("formats its parts", () => {
    expect(countdownText(10_500, 0)).toBe("Retrying in 11 s.");
    expect(detailsText(problem({ status: null, request_id: null }))).toBe("");
    expect(creditsText(problem({ balance: null, required: 3 }))).toBe("needed: 3");
  });
});
