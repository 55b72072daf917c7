import { loadEntry, renderEntry } from "./code";
import type { CodeModel, WidgetModule } from "./code";
import { FakeModel } from "../test/fake-model";

function kernel(digest: string, css = ".puffle-widget{}") {
  const code = new FakeModel<CodeModel>({ code: { session: "S", campaign: "C" }, css, digest });
  const models = new Map<string, FakeModel<any>>([[`code-${digest}`, code]]);
  const widget = () => {
    const model = new FakeModel<{ code_ref: string }>({ code_ref: `IPY_MODEL_code-${digest}` });
    model.widget_manager = { get_model: async (id: string) => models.get(id) as any };
    return model;
  };
  return { widget };
}

function importer() {
  const imported: string[] = [];
  const rendered: string[] = [];
  const load = async (source: string): Promise<WidgetModule> => {
    imported.push(source);
    return { default: { render: () => rendered.push(source) } };
  };
  return { load, imported, rendered };
}

describe("front-end code shared by a kernel's widgets", () => {
  afterEach(() => {
    document.head.querySelectorAll("style[id^=puffle-widgets-css-]").forEach((s) => s.remove());
  });

  it("imports each entry once per page and adds the CSS once", async () => {
    const k = kernel("d1");
    const imp = importer();
    await Promise.all([loadEntry(k.widget(), "session", imp.load), loadEntry(k.widget(), "session", imp.load)]);
    await loadEntry(k.widget(), "session", imp.load);
    await loadEntry(k.widget(), "campaign", imp.load);
    expect(imp.imported).toEqual(["S", "C"]);
    expect(document.querySelectorAll("#puffle-widgets-css-d1")).toHaveLength(1);
  });

  it("keeps code of another digest apart (another kernel, a rebuilt bundle)", async () => {
    const imp = importer();
    await loadEntry(kernel("d2").widget(), "session", imp.load);
    await loadEntry(kernel("d3").widget(), "session", imp.load);
    expect(imp.imported).toEqual(["S", "S"]);
  });

  it("renders with the loaded code", async () => {
    const imp = importer();
    const el = document.createElement("div");
    await renderEntry("session", imp.load)({ model: kernel("d4").widget(), el } as any);
    expect(imp.rendered).toEqual(["S"]);
  });

  it("says in the view when there is no code to load, leaving the snapshot", async () => {
    const model = new FakeModel<{ code_ref: string }>({ code_ref: "" });
    const el = document.createElement("div");
    const cleanup = (await renderEntry("session", importer().load)({ model, el } as any)) as () => void;
    expect(el.textContent).toContain("could not load its front end");
    cleanup();
    expect(el.textContent).toBe("");
  });

  it("tries again after a failed import", async () => {
    const k = kernel("d5");
    let calls = 0;
    const flaky = async (): Promise<WidgetModule> => {
      calls += 1;
      if (calls === 1) throw new Error("network");
      return { default: { render: () => undefined } };
    };
    await expect(loadEntry(k.widget(), "session", flaky)).rejects.toThrow("network");
    await loadEntry(k.widget(), "session", flaky);
    expect(calls).toBe(2);
  });
});
