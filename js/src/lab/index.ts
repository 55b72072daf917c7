// anywidget entry point of the prompt lab grid (`PromptLab`, puffle_widgets/lab).
import type { AnyModel } from "@anywidget/types";
import { Disposer } from "../lib/disposer";
import { hideOwnFallback } from "../lib/fallback";
import { createLabGrid } from "./grid";
import type { LabModel } from "./types";

export function render({ model, el }: { model: AnyModel<LabModel>; el: HTMLElement }): () => void {
  const disposer = new Disposer();
  const root = createLabGrid(model, disposer);
  el.append(root);
  disposer.add(hideOwnFallback(model.get("fallback_key")));
  return () => {
    disposer.dispose();
    root.remove();
  };
}

export default { render };
