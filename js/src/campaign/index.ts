// Placeholder entry point until the campaign table lands.
import type { AnyModel } from "@anywidget/types";
import type { CampaignModel } from "../types";

function render({ model, el }: { model: AnyModel<CampaignModel>; el: HTMLElement }): () => void {
  el.textContent = model.get("campaign_id");
  return () => {};
}

export default { render };
