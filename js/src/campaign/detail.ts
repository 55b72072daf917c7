// The opened session under the table: the `SessionWidget` that the model's `detail` names
// ("anywidget:<model_id>"), drawn through anywidget's host. A session drawn here stays mounted,
// hidden, while another row is shown, so switching back finds it as it was (what was typed in
// its chat box too); beyond KEEP_MOUNTED the least recently shown is taken down (its view sends
// its pending edits to the kernel as it goes, and the kernel keeps its widget).
import type { AnyModel, Host } from "@anywidget/types";
import { h, show } from "../lib/dom";
import type { Disposer } from "../lib/disposer";
import type { CampaignModel } from "../types";

type Model = AnyModel<CampaignModel>;

export const KEEP_MOUNTED = 4;

export interface CampaignDetail {
  /** Where the opened sessions are drawn (below the table). */
  readonly el: HTMLElement;
  /** Why the selected session cannot be shown, for the table to place. */
  readonly problem: HTMLElement;
}

interface Mounted {
  el: HTMLElement;
  controller: AbortController;
  failure: string;
}

export function createCampaignDetail(model: Model, host: Host | undefined, disposer: Disposer): CampaignDetail {
  const el = h("div", { class: "pw-campaign-detail", "data-testid": "campaign-detail" });
  const problem = h("div", { class: "pw-error", role: "alert", "data-testid": "detail-error" });
  const mounted = new Map<string, Mounted>(); // least recently shown first

  const renderProblem = () => {
    const ref = model.get("detail");
    const text = model.get("detail_error") || (ref ? (mounted.get(ref)?.failure ?? "") : "");
    problem.textContent = text;
    show(problem, !!text);
  };

  const unmount = (ref: string) => {
    const m = mounted.get(ref);
    if (!m) return;
    mounted.delete(ref);
    m.controller.abort(); // anywidget takes the session's view down
    m.el.remove();
  };

  const mount = (ref: string): Mounted => {
    const m: Mounted = {
      el: h("div", { class: "pw-campaign-opened", "data-ref": ref }),
      controller: new AbortController(),
      failure: "",
    };
    el.append(m.el);
    const { signal } = m.controller;
    void (async () => {
      try {
        if (!host) throw new Error("this page cannot draw one widget inside another");
        const widget = await host.getWidget(ref);
        if (!signal.aborted) await widget.render({ el: m.el, signal });
      } catch (error) {
        if (signal.aborted) return;
        m.failure = `Could not show this session here (${String(error)}). Show it from a cell instead: SessionWidget(cw.selected).`;
        renderProblem();
      }
    })();
    return m;
  };

  const renderDetail = () => {
    const ref = model.get("detail");
    if (ref) {
      const m = mounted.get(ref) ?? mount(ref);
      mounted.delete(ref);
      mounted.set(ref, m); // now the most recently shown
    }
    for (const [key, m] of mounted) show(m.el, key === ref);
    while (mounted.size > KEEP_MOUNTED) unmount(mounted.keys().next().value as string);
    show(el, !!ref);
    renderProblem();
  };

  disposer.onModel(model, "change:detail", renderDetail);
  disposer.onModel(model, "change:detail_error", renderProblem);
  disposer.add(() => {
    for (const ref of [...mounted.keys()]) unmount(ref);
  });
  renderDetail();
  return { el, problem };
}
