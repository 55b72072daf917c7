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
  it("renders one card per lead with newlines kept", () => {
    const { rows } = setup();
    expect(rows()).toHaveLength(2);
    const first = rows()[0] as HTMLElement;
    expect(first.tagName).toBe("LI");
    expect(first.querySelector(".pw-example-lead")?.textContent).toBe("lead-1");
    expect(first.querySelector(".pw-example-subject")?.textContent).toBe("Quick question about Acme");
    expect(first.querySelector(".pw-example-body")?.textContent).toBe("Hi Sarah,\nLine two");
    expect(first.querySelector("[data-testid=copy-example]")).not.toBeNull();
  });

  it("marks examples made from an older framework version, with Regenerate", () => {
    const { q, model } = setup({ framework_version: 8, examples_version: 8 });
    expect(q("examples-stale").hidden).toBe(true);
    model.kernelSet("examples_version", 6);
    expect(q("examples-stale").hidden).toBe(false);
    expect(q("examples-stale").textContent).toContain("Made from v6; the draft is now v8.");
    q<HTMLButtonElement>("regenerate-examples").click();
    expect(model.sent).toEqual([{ type: "generate_examples" }]);
    model.kernelSet("generated_examples", null);
    expect(q("examples-stale").hidden).toBe(true);
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
