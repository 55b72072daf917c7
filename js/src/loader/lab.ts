// The `_esm` of the prompt lab grid when the front-end code is shared (see code.ts).
import { renderEntry } from "./code";

export default { render: renderEntry("lab") };
