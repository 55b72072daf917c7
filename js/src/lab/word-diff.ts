// A word diff as DOM: kept text as text nodes, added words in <ins>, removed ones in <del>.
// Text only ever becomes text nodes.
import { h } from "../lib/dom";
import type { DiffPiece } from "./types";

export function wordDiff(pieces: readonly DiffPiece[]): DocumentFragment {
  const frag = document.createDocumentFragment();
  for (const [op, text] of pieces) {
    if (op === "add") frag.append(h("ins", { class: "pw-lab-add" }, text));
    else if (op === "del") frag.append(h("del", { class: "pw-lab-del" }, text));
    else frag.append(text);
  }
  return frag;
}

/** Words added and removed, e.g. "+4 −2 words". */
export function diffSummary(pieces: readonly DiffPiece[]): string {
  let added = 0;
  let removed = 0;
  for (const [op, text] of pieces) {
    const words = text.split(/\s+/).filter(Boolean).length;
    if (op === "add") added += words;
    else if (op === "del") removed += words;
  }
  return `+${added} −${removed} words`;
}
