// The `_esm` of `SessionWidget` when the front-end code is shared (see code.ts): deltas are
// followed from `initialize` (once per model, before any view), the view comes from the code.
import type { AnyModel } from "@anywidget/types";
import { followDeltas } from "../lib/deltas";
import type { SessionModel } from "../types";
import { renderEntry } from "./code";

export default {
  initialize({ model }: { model: AnyModel<SessionModel> }): () => void {
    return followDeltas(model);
  },
  render: renderEntry("session"),
};
