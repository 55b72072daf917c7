// The campaign table's link to its kernel: Refresh, "checked N s ago", visibility reports (the
// kernel lists an idle campaign only while a view of it is on screen), and the not-connected
// state (pings; rows stay readable, Refresh and row opening are off until it answers).
import type { AnyModel } from "@anywidget/types";
import { h, show, uid } from "../lib/dom";
import type { Disposer } from "../lib/disposer";
import { LivenessMonitor, modelLink } from "../lib/connection";
import { watchVisibility } from "../lib/visibility";
import { freshnessText } from "../session/header";
import type { CampaignMessage, CampaignModel } from "../types";

type Model = AnyModel<CampaignModel>;

const RECHECK_MS = 15_000;
const FRESHNESS_TICK_MS = 5000;

export interface CampaignLive {
  /** Refresh, the freshness line, and the not-connected banner, for the table's head. */
  readonly refresh: HTMLButtonElement;
  readonly checked: HTMLElement;
  readonly banner: HTMLElement;
  /** Whether actions may go to the kernel. */
  alive(): boolean;
  /** Watch `root` for visibility once it is built. */
  attach(root: HTMLElement): void;
}

export function campaignLive(model: Model, disposer: Disposer): CampaignLive {
  const view = uid(`table-${Math.random().toString(36).slice(2, 8)}`);
  const refresh = h("button", { type: "button", class: "pw-btn pw-btn-ghost", "data-testid": "refresh", title: "Refresh the list from Puffle" }, "Refresh");
  const checked = h("span", { class: "pw-meta-item pw-checked", "data-testid": "checked-at" });
  const banner = h(
    "div",
    { class: "pw-connection", "data-testid": "connection", role: "status", "aria-live": "polite" },
  );
  show(banner, false);

  const post = (msg: CampaignMessage): boolean => {
    try {
      model.send(msg);
      return true;
    } catch {
      monitor.failed();
      return false;
    }
  };
  const render = (state = monitor.state) => {
    banner.dataset.state = state;
    banner.textContent =
      state === "dead"
        ? "Not connected: run the cell to reconnect. The rows show what was last saved."
        : state === "busy"
          ? "Waiting for the kernel: it is running another cell."
          : "";
    show(banner, state === "dead" || state === "busy");
    refresh.disabled = state === "dead";
  };
  const monitor = new LivenessMonitor(modelLink(model), (state) => render(state));
  disposer.add(() => monitor.dispose());
  disposer.interval(() => {
    if (document.visibilityState !== "hidden") monitor.check();
  }, RECHECK_MS);

  const renderChecked = () => {
    const at = model.get("checked_at");
    checked.textContent = freshnessText(at);
    show(checked, typeof at === "number");
  };
  disposer.onModel(model, "change:checked_at", renderChecked);
  disposer.interval(renderChecked, FRESHNESS_TICK_MS);
  disposer.listen(refresh, "click", () => {
    monitor.check();
    post({ type: "refresh" });
  });
  renderChecked();
  render();
  monitor.check();

  let attached = false;
  return {
    refresh,
    checked,
    banner,
    alive: () => {
      if (monitor.state === "dead") monitor.check(); // each action asks again
      return monitor.state !== "dead";
    },
    attach: (root) => {
      if (attached) return;
      attached = true;
      const report = (visible: boolean, gone = false) =>
        post({ type: "visibility", view, visible, ...(gone ? { gone: true } : {}) });
      disposer.add(watchVisibility(root, (visible) => report(visible)));
      disposer.add(() => report(false, true));
    },
  };
}
