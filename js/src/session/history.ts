// History: `draft_history` and `skeleton_history` as one timeline, newest first. Entries are
// free-form; selecting one compares that version with the current one (skeletons field by
// field, as text), and Restore puts it back on the server (the kernel plans it by the rules of
// Save, restore.py). The list is updated in place: a turn adds its rows, nothing is rebuilt.
import { h, replaceChildren, show, uid } from "../lib/dom";
import { isPlainObject, prettyJson } from "../lib/json";
import { parseTime, setTime } from "../lib/time";
import type { HistoryEntry } from "../types";
import type { SessionContext } from "./context";
import { diffView } from "./diff-view";
import { skeletonDiffView } from "./skeleton-diff";

type Kind = "draft" | "skeleton";
interface Item {
  kind: Kind;
  index: number;
  entry: HistoryEntry;
}

const META_KEYS = new Set(["version", "framework_version", "at", "created_at", "updated_at", "timestamp", "saved_at", "id"]);
const TIME_KEYS = ["at", "created_at", "timestamp", "saved_at", "updated_at"];

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const stripMeta = (e: HistoryEntry) => Object.fromEntries(Object.entries(e).filter(([k]) => !META_KEYS.has(k)));
const RESTORE_WAIT_MS = 8000;
const keyOf = (it: Item) => `${it.kind}:${it.index}`;

export function entryTime(e: HistoryEntry): string | null {
  for (const k of TIME_KEYS) if (parseTime(e[k] as string)) return String(e[k]);
  return null;
}

export function entryVersion(e: HistoryEntry): number | null {
  const v = e.version ?? e.framework_version;
  return typeof v === "number" ? v : typeof v === "string" && v.trim() && !Number.isNaN(Number(v)) ? Number(v) : null;
}

/** Newest first: by time when entries have one, then version, then position in the list. */
export function timeline(draft: HistoryEntry[], skeleton: HistoryEntry[]): Item[] {
  const items: Item[] = [
    ...draft.map((entry, index): Item => ({ kind: "draft", index, entry })).filter((it) => isPlainObject(it.entry)),
    ...skeleton.map((entry, index): Item => ({ kind: "skeleton", index, entry })).filter((it) => isPlainObject(it.entry)),
  ];
  const key = (it: Item): number[] => [parseTime(entryTime(it.entry))?.getTime() ?? -Infinity, entryVersion(it.entry) ?? -Infinity, it.index];
  return items.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (kb[i] as number) > (ka[i] as number) ? 1 : -1;
    return 0;
  });
}

const draftText = (subject: unknown, body: unknown) => `Subject: ${str(subject) ?? ""}\n\n${str(body) ?? ""}`;

/** Whether Restore has something to put back: a draft entry's subject or body, a skeleton. */
export function restorable(it: Item): boolean {
  const e = it.entry;
  if (it.kind === "skeleton") return isPlainObject(e.skeleton);
  return [e.subject, e.body, e.draft_subject, e.draft_body].some((v) => typeof v === "string");
}

/** The text of a draft version and of the current draft, in the same shape, for diffing. */
export function versionTexts(ctx: SessionContext, it: Item): { before: string; after: string } {
  const e = it.entry;
  const subject = e.subject ?? e.draft_subject;
  const body = e.body ?? e.draft_body;
  const current = { subject: ctx.localValue("draft_subject"), body: ctx.localValue("draft_body") };
  if (subject === undefined && body === undefined) return { before: prettyJson(stripMeta(e)), after: prettyJson(current) };
  return { before: draftText(subject, body), after: draftText(current.subject, current.body) };
}

function summary(it: Item): string {
  const e = it.entry;
  if (it.kind === "draft") {
    const s = str(e.subject ?? e.draft_subject) ?? str(e.body ?? e.draft_body)?.split("\n")[0] ?? "";
    return s || Object.keys(stripMeta(e)).join(", ");
  }
  const skel = isPlainObject(e.skeleton) ? e.skeleton : stripMeta(e);
  return str(skel.hook) ?? str(skel.subject) ?? Object.keys(skel).slice(0, 4).join(", ");
}

const versionLabel = (it: Item) => {
  const v = entryVersion(it.entry);
  return v === null ? `#${it.index + 1}` : `v${v}`;
};

function row(it: Item): HTMLLIElement {
  const at = entryTime(it.entry);
  const time = h("time", { class: "pw-history-time" });
  if (at) setTime(time, at);
  const versionId = uid("pw-history-version");
  const compare = h(
    "button",
    { type: "button", class: "pw-history-entry", "data-testid": "history-entry", "data-kind": it.kind, "data-index": it.index, "aria-pressed": "false" },
    h("span", { class: `pw-badge pw-kind pw-kind-${it.kind}` }, it.kind === "draft" ? "Draft" : "Skeleton"),
    h("span", { class: "pw-history-version", id: versionId }, versionLabel(it)),
    h("span", { class: "pw-history-summary" }, summary(it)),
    at ? time : null,
  );
  const restore = restorable(it)
    ? h("button", { type: "button", class: "pw-btn pw-btn-ghost pw-history-restore", "data-testid": "history-restore", "data-kind": it.kind, "data-index": it.index, "aria-describedby": versionId }, "Restore")
    : null;
  return h("li", { class: "pw-history-item", "data-key": keyOf(it) }, compare, restore);
}

export function createHistory(ctx: SessionContext): HTMLElement {
  const list = h("ol", { class: "pw-timeline" });
  const detail = h("div", { class: "pw-history-detail", "aria-live": "polite" });
  const empty = h("p", { class: "pw-empty" }, "No earlier versions yet.");
  const section = h(
    "section",
    { class: "pw-section pw-history", "data-testid": "history", "aria-label": "History" },
    h("h3", { class: "pw-section-title" }, "History"),
    empty,
    list,
    detail,
  );
  let items: Item[] = [];
  // key -> the rendered row and the entry it shows (as JSON, to notice an entry rewritten).
  const rows = new Map<string, { li: HTMLLIElement; json: string }>();
  let selected: string | null = null;
  const current = () => items.find((it) => keyOf(it) === selected) ?? null;

  const renderDetail = () => {
    const it = current();
    if (!it) {
      replaceChildren(detail, items.length ? h("p", { class: "pw-hint" }, "Select a version to compare it with the current one, or restore it.") : null);
      return;
    }
    const labels = { before: versionLabel(it), after: "current" };
    if (it.kind === "skeleton") {
      const skel = "skeleton" in it.entry ? it.entry.skeleton : stripMeta(it.entry);
      replaceChildren(detail, skeletonDiffView(skel, ctx.localValue("skeleton"), labels));
      return;
    }
    const { before, after } = versionTexts(ctx, it);
    replaceChildren(detail, diffView(before, after, labels));
  };

  const markSelection = () => {
    for (const [key, { li }] of rows) {
      const button = li.querySelector<HTMLButtonElement>(".pw-history-entry");
      button?.classList.toggle("pw-selected", key === selected);
      button?.setAttribute("aria-pressed", key === selected ? "true" : "false");
    }
  };

  const renderList = () => {
    items = timeline(ctx.get("draft_history") ?? [], ctx.get("skeleton_history") ?? []);
    const wanted = new Set(items.map(keyOf));
    for (const [key, { li }] of rows) {
      if (!wanted.has(key)) {
        li.remove();
        rows.delete(key);
      }
    }
    let at: Element | null = list.firstElementChild;
    for (const it of items) {
      const key = keyOf(it);
      const json = JSON.stringify(it.entry);
      let kept = rows.get(key);
      if (kept && kept.json !== json) {
        kept.li.remove();
        kept = undefined;
      }
      if (!kept) {
        kept = { li: row(it), json };
        rows.set(key, kept);
      }
      if (kept.li !== at) list.insertBefore(kept.li, at);
      at = kept.li.nextElementSibling;
    }
    if (!current()) selected = null;
    markSelection();
    show(empty, items.length === 0);
    show(list, items.length > 0);
    renderDetail();
  };

  ctx.disposer.listen(list, "click", (e) => {
    const target = e.target as Element;
    const restore = target.closest<HTMLButtonElement>("button.pw-history-restore");
    if (restore) {
      // Until the kernel answers with new history or a notice (or, failing both, a while).
      restore.disabled = true;
      ctx.disposer.timeout(() => (restore.disabled = false), RESTORE_WAIT_MS);
      ctx.send({ type: "restore", kind: restore.dataset.kind as Kind, index: Number(restore.dataset.index) });
      return;
    }
    const btn = target.closest<HTMLButtonElement>("button.pw-history-entry");
    if (!btn) return;
    const key = `${btn.dataset.kind}:${btn.dataset.index}`;
    selected = selected === key ? null : key;
    markSelection();
    renderDetail();
  });
  const enableRestores = () => {
    for (const b of list.querySelectorAll<HTMLButtonElement>("button.pw-history-restore")) b.disabled = false;
  };
  ctx.on(["draft_history", "skeleton_history"], renderList);
  ctx.on(["notice", "error", "draft_history", "skeleton_history"], enableRestores);
  ctx.on(["draft_subject", "draft_body", "skeleton"], renderDetail);
  ctx.onLocal(() => {
    if (selected) renderDetail();
  });
  renderList();
  return section;
}
