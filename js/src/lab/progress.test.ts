import { createProgress, progressLabel } from "./progress";

describe("progress", () => {
  it("fills the bar with finished turns and says what finished, failed and was skipped", () => {
    const view = createProgress();
    view.update({ variants: 8, finished: 3, failed: 1, skipped: 2, turns: 16, turns_done: 8 }, "running");
    const bar = view.el.querySelector("[role=progressbar]") as HTMLElement;
    expect(bar.getAttribute("aria-valuenow")).toBe("8");
    expect(bar.getAttribute("aria-valuemax")).toBe("16");
    expect((bar.firstElementChild as HTMLElement).style.width).toBe("50%");
    expect(view.el.textContent).toBe("Running · 3 of 8 variants finished · 1 failed · 2 skipped · 8 of 16 turns");
  });

  it("says when nothing ran yet, and when the run is stopping or done", () => {
    expect(progressLabel({}, "ready")).toBe("No run yet");
    expect(progressLabel({ variants: 2, finished: 1, turns: 2, turns_done: 1 }, "stopping")).toMatch(/^Stopping: running variants finish/);
    const view = createProgress();
    view.update({ variants: 1, finished: 1, turns: 2, turns_done: 2 }, "done");
    expect((view.el.querySelector("[role=progressbar]") as HTMLElement).dataset.state).toBe("done");
    expect((view.el.querySelector(".pw-lab-progress-fill") as HTMLElement).style.width).toBe("100%");
  });
});
