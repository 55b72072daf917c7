// anywidget entry point of `SessionWidget`: one `render` per view (exported only as the
// default: anywidget warns about a named `render` export). Several views of one model
// can exist at once; each keeps its own DOM and listeners and follows the same traits.
import type { AnyModel } from "@anywidget/types";
import { hideOwnFallback } from "../lib/fallback";
import type { SessionModel } from "../types";
import { SessionContext } from "./context";
import { buildSessionView } from "./view";

function render({ model, el }: { model: AnyModel<SessionModel>; el: HTMLElement }): () => void {
  const ctx = new SessionContext(model);
  const root = buildSessionView(ctx);
  el.append(root);
  ctx.disposer.add(hideOwnFallback(model.get("fallback_key")));
  return () => {
    ctx.disposer.dispose();
    root.remove();
  };
}

export default { render };
