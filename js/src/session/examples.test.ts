import { SessionContext } from "./context";
import { createExamples, exampleLeadName } from "./examples";
import { sessionModel } from "../test/fixtures";

function setup(overrides = {}) {
  const model = sessionModel(overrides);
  const ctx = new SessionContext(model);
  const el = createExamples(ctx);
  const q = <T extends HTMLElement>(id: string) => el.querySelector(`[data-testid=${id}]`) as T;
  const rows = () => [...el.querySelectorAll<HTMLElement>("[data-testid=example-row]")];
  return { model, ctx, el, q, rows };
}

describe("examples", () => {
  it("renders one row per lead with newlines kept", () => {
    const { rows } = setup();
    expect(rows()).toHaveLength(2);
    const cells = rows()[0]?.querySelectorAll("th, td") ?? [];
    expect(cells[0]?.textContent).toBe("lead-1");
    expect(cells[1]?.textContent).toBe("Quick question about Acme");
    expect(cells[2]?.textContent).toBe("Hi Sarah,\nLine two");
    expect(rows()[0]?.querySelector("[data-testid=copy-example]")).not.toBeNull();
  });

  it("names leads from whatever the example carries", () => {
    expect(exampleLeadName({ first_name: "Ann", last_name: "Z", lead_id: "x" }, 0)).toBe("Ann Z");
    expect(exampleLeadName({}, 4)).toBe("Lead 5");
  });

  it("shows an empty state and follows updates", () => {
    const { q, rows, model } = setup({ generated_examples: null });
    expect(q("examples-empty").hidden).toBe(false);
    expect(q("examples-table").hidden).toBe(true);
    model.kernelSet("generated_examples", [{ lead_id: "l", subject: "S", body: "B" }]);
    expect(rows()).toHaveLength(1);
    expect(q("examples-empty").hidden).toBe(true);
  });

  it("sends generate_examples when allowed", () => {
    const { q, model } = setup();
    expect(q<HTMLButtonElement>("generate-examples").disabled).toBe(false);
    q<HTMLButtonElement>("generate-examples").click();
    expect(model.sent).toEqual([{ type: "generate_examples" }]);
  });

  it.each([
    [{ status: "generating_examples", task_status: "generating_examples" }, /finish/],
    [{ skeleton: null }, /skeleton/],
    [{ sample_leads: [] }, /sample leads/],
  ])("is disabled with a reason for %j", (state, why) => {
    const { q, model } = setup(state);
    const btn = q<HTMLButtonElement>("generate-examples");
    expect(btn.disabled).toBe(true);
    expect(btn.title).toMatch(why);
    btn.click();
    expect(model.sent).toEqual([]);
  });

  it("enables once the task finishes", () => {
    const { q, model } = setup({ status: "generating_examples", task_status: "generating_examples" });
    model.kernelUpdate({ status: "idle", task_status: null });
    expect(q<HTMLButtonElement>("generate-examples").disabled).toBe(false);
  });
});
