import type { Host } from "@anywidget/types";
import widget from "./index";
import { KEEP_MOUNTED } from "./detail";
import { campaignModel } from "../test/fixtures";

const { render } = widget;

/** A stand-in for anywidget's host: each render draws a marker and records its signal. */
function fakeHost(fail: Set<string> = new Set()) {
  const asked: string[] = [];
  const views = new Map<string, { el: HTMLElement; signal: AbortSignal }[]>();
  const host = {
    async getWidget(ref: string) {
      asked.push(ref);
      if (fail.has(ref)) throw new Error("no such model");
      return {
        exports: {},
        async render({ el, signal }: { el: HTMLElement; signal?: AbortSignal }) {
          el.append(Object.assign(document.createElement("div"), { className: "session-view", textContent: ref }));
          views.set(ref, [...(views.get(ref) ?? []), { el, signal: signal as AbortSignal }]);
        },
      };
    },
    getModel: () => Promise.reject(new Error("unused")),
  } as unknown as Host;
  return { host, asked, views };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function mount(host: Host | undefined) {
  const model = campaignModel();
  const el = document.createElement("div");
  document.body.append(el);
  const cleanup = render({ model, el, host });
  const q = (id: string) => el.querySelector(`[data-testid=${id}]`) as HTMLElement;
  const shown = () => [...el.querySelectorAll<HTMLElement>(".pw-campaign-opened")].filter((e) => !e.hidden).map((e) => e.textContent);
  return { model, el, cleanup, q, shown };
}

describe("campaign detail (the opened session below the table)", () => {
  afterEach(() => (document.body.textContent = ""));

  it("draws the referenced session below the table, and nothing without one", async () => {
    const { host, asked } = fakeHost();
    const { model, q, shown } = mount(host);
    expect(q("campaign-detail").hidden).toBe(true);
    model.kernelSet("detail", "anywidget:m1");
    await flush();
    expect(asked).toEqual(["anywidget:m1"]);
    expect(q("campaign-detail").hidden).toBe(false);
    expect(shown()).toEqual(["anywidget:m1"]);
    const table = q("campaign-table");
    expect(table.nextElementSibling).toBe(q("campaign-detail")); // below the table's box
    model.kernelSet("detail", null);
    expect(q("campaign-detail").hidden).toBe(true);
  });

  it("keeps an opened session mounted while another is shown", async () => {
    const { host, asked, views } = fakeHost();
    const { model, shown } = mount(host);
    model.kernelSet("detail", "anywidget:m1");
    await flush();
    const typed = views.get("anywidget:m1")?.[0]?.el.querySelector(".session-view") as HTMLElement;
    model.kernelSet("detail", "anywidget:m2");
    await flush();
    expect(shown()).toEqual(["anywidget:m2"]);
    model.kernelSet("detail", "anywidget:m1");
    await flush();
    expect(shown()).toEqual(["anywidget:m1"]);
    expect(asked).toEqual(["anywidget:m1", "anywidget:m2"]); // drawn once each
    expect(typed.isConnected).toBe(true);
    expect(views.get("anywidget:m1")?.[0]?.signal.aborted).toBe(false);
  });

  it("takes down the least recently shown beyond the limit, and everything on cleanup", async () => {
    const { host, views } = fakeHost();
    const { model, cleanup } = mount(host);
    for (let i = 0; i <= KEEP_MOUNTED; i++) {
      model.kernelSet("detail", `anywidget:m${i}`);
      await flush();
    }
    expect(views.get("anywidget:m0")?.[0]?.signal.aborted).toBe(true);
    expect(views.get("anywidget:m1")?.[0]?.signal.aborted).toBe(false);
    cleanup();
    for (const [, list] of views) for (const v of list) expect(v.signal.aborted).toBe(true);
  });

  it("says why a session cannot be shown: the kernel's reason, or the page's", async () => {
    const { host } = fakeHost(new Set(["anywidget:gone"]));
    const { model, q } = mount(host);
    expect(q("detail-error").hidden).toBe(true);
    model.kernelSet("detail_error", "Could not open this session here: boom");
    expect(q("detail-error").hidden).toBe(false);
    expect(q("detail-error").textContent).toBe("Could not open this session here: boom");
    model.kernelUpdate({ detail_error: "", detail: "anywidget:gone" });
    await flush();
    expect(q("detail-error").textContent).toContain("Could not show this session here");
    expect(q("detail-error").textContent).toContain("SessionWidget(cw.selected)");
    expect(q("campaign-table").contains(q("detail-error"))).toBe(true);
  });

  it("without a host (an older front end): points to the cell pattern", async () => {
    const { model, q } = mount(undefined);
    model.kernelSet("detail", "anywidget:m1");
    await flush();
    expect(q("detail-error").textContent).toContain("cannot draw one widget inside another");
  });
});
