// Assembles one session view: header on top, then transcript + chat on the left and the work
// sections (save bar, conflicts, draft, skeleton, history, examples) on the right. The two
// columns collapse into one on narrow containers (CSS container query in styles.css).
import { h } from "../lib/dom";
import { isolateKeys } from "../lib/keys";
import { createChatBox } from "./chat-box";
import { createConflicts } from "./conflict";
import type { SessionContext } from "./context";
import { createDraft } from "./draft";
import { createExamples } from "./examples";
import { createHeader } from "./header";
import { createHistory } from "./history";
import { createSavebar } from "./savebar";
import { createSkeleton } from "./skeleton";
import { createTranscript } from "./transcript";

function sectionNav(ctx: SessionContext, sections: HTMLElement[]): HTMLElement {
  const nav = h("nav", { class: "pw-nav", "aria-label": "Sections" });
  for (const section of sections) {
    const label = section.getAttribute("aria-label") ?? "";
    const btn = h("button", { type: "button", class: "pw-nav-btn", "aria-label": `Go to ${label}` }, label);
    ctx.disposer.listen(btn, "click", () => {
      section.scrollIntoView?.({ block: "start", behavior: "smooth" });
      section.querySelector<HTMLElement>("input, textarea, select, button:not([disabled])")?.focus({ preventScroll: true });
    });
    nav.append(btn);
  }
  return nav;
}

export function buildSessionView(ctx: SessionContext): HTMLElement {
  const header = createHeader(ctx);
  const transcript = createTranscript(ctx);
  const chat = createChatBox(ctx);
  const sections = [createDraft(ctx), createSkeleton(ctx), createHistory(ctx), createExamples(ctx)];
  const work = h(
    "div",
    { class: "pw-col pw-col-work" },
    h("div", { class: "pw-work-bar" }, sectionNav(ctx, sections), createSavebar(ctx)),
    createConflicts(ctx),
    sections,
  );
  const root = h(
    "div",
    {
      class: "puffle-widget puffle-session",
      "data-lm-suppress-shortcuts": "true",
      role: "region",
      "aria-label": "Puffle AI chat session",
    },
    header,
    h("div", { class: "pw-body" }, h("div", { class: "pw-col pw-col-chat" }, transcript, chat), work),
  );
  isolateKeys(ctx.disposer, root);
  return root;
}
