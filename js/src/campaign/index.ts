// anywidget entry point of `CampaignWidget`: the table (with Refresh, the freshness line and
// the connection state), and the opened session below it, drawn through anywidget's host.
// Only the default export (anywidget warns about a named `render`).
import type { RenderProps } from "@anywidget/types";
import type { CampaignModel } from "../types";
import { Disposer } from "../lib/disposer";
import { h } from "../lib/dom";
import { hideOwnFallback } from "../lib/fallback";
import { createCampaignDetail } from "./detail";
import { createCampaignTable } from "./table";

type Props = Pick<RenderProps<CampaignModel>, "model" | "el"> & Partial<Pick<RenderProps<CampaignModel>, "host">>;

function render({ model, el, host }: Props): () => void {
  const disposer = new Disposer();
  const detail = createCampaignDetail(model, host, disposer);
  const table = createCampaignTable(model, disposer, detail.problem);
  const view = h("div", { class: "puffle-campaign-view" }, table, detail.el);
  el.append(view);
  disposer.add(hideOwnFallback(model.get("fallback_key")));
  return () => {
    disposer.dispose();
    view.remove();
  };
}

export default { render };
