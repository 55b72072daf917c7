// Placeholder entry point until the session view lands.
import type { AnyModel } from "@anywidget/types";
import type { SessionModel } from "../types";

function render({ model, el }: { model: AnyModel<SessionModel>; el: HTMLElement }): () => void {
  el.textContent = model.get("title") ?? model.get("session_id");
  return () => {};
}

export default { render };
