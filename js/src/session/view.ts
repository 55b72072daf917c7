// Assembles one session view: the header, then two panes, transcript + chat box and the work
// sections (Draft, Skeleton, History, Examples) as tabs under the save bar, then a resize grip.
//
// The view fits the notebook: its height is the visible notebook area (or the height the user
// dragged it to, kept in `view_height`), each pane scrolls on its own, and below ~700 px wide
// the panes stack (a container query in styles/session-layout.css). History and Examples are
// built the first time their tab opens.
import { h } from "../lib/dom";
import { fittedHeight, MIN_HEIGHT, scrollingAncestor, visibleHeight } from "../lib/fit";
import { isolateKeys } from "../lib/keys";
import { resizeHandle } from "../lib/resize-handle";
import { createTabs } from "../lib/tabs";
import { followHostTheme } from "../lib/theme";
import { refreshTimes } from "../lib/time";
import { createChatBox } from "./chat-box";
import { createConflicts } from "./conflict";
import type { SessionContext } from "./context";
import { createDraft } from "./draft";
import { createExamples, staleExamplesVersion } from "./examples";
import { createHeader } from "./header";
import { createHistory } from "./history";
import { createSavebar } from "./savebar";
import { createSkeleton } from "./skeleton";
import { createTranscript } from "./transcript";

/** Notices that confirm something done: they fade after a while. */
const TRANSIENT_NOTICE = /^(Saved|Restored|Nothing to (save|restore))\b/;
const REFRESH_SHOWN_MS = 500;
const REFRESH_GIVE_UP_MS = 4000;
const TIMES_EVERY_MS = 30_000;

/** Keep the view as tall as the notebook lets it be, or as the user made it. */
function fitHeight(ctx: SessionContext, root: HTMLElement): { min(): number; max(): number; current(): number; preview(px: number): void; commit(px: number | null): void } {
  const d = ctx.disposer;
  let shown = 0;
  const visible = () => visibleHeight(root);
  const apply = (px: number) => {
    shown = px;
    root.style.setProperty("--pw-height", `${px}px`);
  };
  const refit = () => apply(fittedHeight(visible(), ctx.get("view_height")));
  refit();
  ctx.on("view_height", refit);
  const win = root.ownerDocument.defaultView;
  if (win) d.listen(win, "resize", refit);
  // Once in the page, measure the notebook's own scroller, and follow its size.
  let observed: Element | null = null;
  const observer = typeof ResizeObserver === "function" ? new ResizeObserver(() => refit()) : null;
  if (observer) d.add(() => observer.disconnect());
  const attach = () => {
    refit();
    const scroller = scrollingAncestor(root);
    if (observer && scroller && scroller !== observed) {
      if (observed) observer.unobserve(observed);
      observer.observe(scroller);
      observed = scroller;
    }
  };
  if (typeof requestAnimationFrame === "function") {
    const frame = requestAnimationFrame(attach);
    d.add(() => cancelAnimationFrame(frame));
  }
  return {
    min: () => MIN_HEIGHT,
    max: () => fittedHeight(visible(), Number.MAX_SAFE_INTEGER),
    current: () => shown,
    preview: apply,
    commit: (px) => {
      if (px === null) apply(fittedHeight(visible(), null));
      ctx.send({ type: "resize", height: px });
    },
  };
}

/** "Saved." and the like fade once shown; other notices stay. */
function fadeConfirmations(ctx: SessionContext, root: HTMLElement): void {
  const notice = () => root.querySelector<HTMLElement>("[data-testid=notice]");
  const update = () => {
    const el = notice();
    if (!el) return;
    if (TRANSIENT_NOTICE.test(ctx.get("notice") ?? "")) {
      delete el.dataset.fade;
      void el.offsetWidth; // restart the animation
      el.dataset.fade = "true";
    } else {
      delete el.dataset.fade;
    }
  };
  ctx.disposer.listen<AnimationEvent>(root, "animationend", (e) => {
    const el = e.target as HTMLElement;
    if (el.dataset.fade === "true" && e.animationName === "pw-fade-out") el.hidden = true;
  });
  ctx.on("notice", update);
  update();
}

/** Refresh says it is working until the kernel has answered (or gives up waiting). */
function refreshFeedback(ctx: SessionContext, root: HTMLElement): void {
  const d = ctx.disposer;
  let button: HTMLButtonElement | null = null;
  let label = "";
  let started = 0;
  let stop: (() => void) | null = null;
  const finish = () => {
    if (!button) return;
    const b = button;
    stop?.();
    stop = d.timeout(() => {
      b.textContent = label;
      b.removeAttribute("aria-busy");
      delete b.dataset.working;
      button = null;
    }, Math.max(0, REFRESH_SHOWN_MS - (Date.now() - started)));
  };
  d.listen<MouseEvent>(root, "click", (e) => {
    const b = (e.target as Element).closest<HTMLButtonElement>("[data-testid=refresh]");
    if (!b || button) return;
    button = b;
    label = b.textContent ?? "";
    started = Date.now();
    b.textContent = "Refreshing…";
    b.setAttribute("aria-busy", "true");
    b.dataset.working = "true";
    stop = d.timeout(finish, REFRESH_GIVE_UP_MS);
  });
  ctx.on(["updated_at", "status", "error", "notice"], finish);
  // `checked_at` (the last successful read) answers a refresh that found nothing new.
  d.onModel(ctx.model, "change:checked_at", finish);
}

export function buildSessionView(ctx: SessionContext): HTMLElement {
  const d = ctx.disposer;
  const header = createHeader(ctx);
  const transcript = createTranscript(ctx);
  const chat = createChatBox(ctx);
  const draft = createDraft(ctx);
  const skeleton = createSkeleton(ctx);
  const scroll = h("div", { class: "pw-work-scroll", "data-testid": "work-scroll" });
  const scrolls = new Map<string, number>();
  const tabs = createTabs(
    d,
    [
      { id: "draft", label: "Draft", build: () => draft },
      { id: "skeleton", label: "Skeleton", build: () => skeleton },
      { id: "history", label: "History", build: () => createHistory(ctx) },
      { id: "examples", label: "Examples", build: () => createExamples(ctx) },
    ],
    {
      label: "Work sections",
      onSelect: (id) => {
        scroll.scrollTop = scrolls.get(id) ?? 0; // each tab keeps its own place
      },
    },
  );
  d.listen(scroll, "scroll", () => scrolls.set(tabs.selected(), scroll.scrollTop));
  scroll.append(createConflicts(ctx), ...tabs.panels);

  const markStale = () => {
    const tab = tabs.tab("examples");
    if (tab) tab.dataset.alert = staleExamplesVersion(ctx) === null ? "false" : "true";
  };
  ctx.on(["examples_version", "framework_version", "generated_examples"], markStale);
  markStale();

  const work = h("div", { class: "pw-col pw-col-work" }, h("div", { class: "pw-work-bar" }, tabs.tablist, createSavebar(ctx)), scroll);
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
  root.append(resizeHandle(d, fitHeight(ctx, root)));
  isolateKeys(d, root);
  followHostTheme(d, root);
  fadeConfirmations(ctx, root);
  refreshFeedback(ctx, root);
  d.interval(() => refreshTimes(root), TIMES_EVERY_MS);
  return root;
}
