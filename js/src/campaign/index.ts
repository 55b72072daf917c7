// anywidget entry point of the campaign table (the list part of `CampaignWidget`); only the
// default export (anywidget warns about a named `render`).
import type { AnyModel } from "@anywidget/types";
import type { CampaignModel } from "../types";
import { Disposer } from "../lib/disposer";
import { hideOwnFallback } from "../lib/fallback";
import { createCampaignTable } from "./table";

function render({ model, el }: { model: AnyModel<CampaignModel>; el: HTMLElement }): () => void {
  const disposer = new Disposer();
  const root = createCampaignTable(model, disposer);
  el.append(root);
  disposer.add(hideOwnFallback(model.get("fallback_key")));
  return () => {
    disposer.dispose();
    root.remove();
  };
}

export default { render };
