// anywidget entry point of `SessionWidget`: `initialize` once per model, `render` once per view
// (exported only as the default: anywidget warns about named exports). Several views of one
// model can exist at once; each keeps its own DOM and listeners and follows the same traits,
// which the model keeps whole (lib/deltas.ts applies the kernel's deltas of the long lists
// once, for all views).
import type { AnyModel } from "@anywidget/types";
import { announceView, followDeltas } from "../lib/deltas";
import { hideOwnFallback } from "../lib/fallback";
import type { SessionModel } from "../types";
import { SessionContext } from "./context";
import { buildSessionView } from "./view";

function initialize({ model }: { model: AnyModel<SessionModel> }): () => void {
  return followDeltas(model);
}

function render({ model, el }: { model: AnyModel<SessionModel>; el: HTMLElement }): () => void {
  const ctx = new SessionContext(model);
  const root = buildSessionView(ctx);
  el.append(root);
  ctx.disposer.add(hideOwnFallback(model.get("fallback_key")));
  announceView(model);
  return () => {
    ctx.disposer.dispose();
    root.remove();
  };
}

export default { initialize, render };
