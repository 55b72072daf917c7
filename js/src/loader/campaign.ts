// The `_esm` of the campaign table when the front-end code is shared (see code.ts).
import { renderEntry } from "./code";

export default { render: renderEntry("campaign") };
