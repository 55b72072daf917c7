// History: `draft_history` and `skeleton_history` as one timeline, newest first. Entries are
// free-form; selecting one shows a line diff from that version to the current one.
import { h, replaceChildren, show } from "../lib/dom";
import { isPlainObject, prettyJson } from "../lib/json";
import { formatTimestamp, fullTimestamp, parseTime } from "../lib/time";
import type { HistoryEntry } from "../types";
import type { SessionContext } from "./context";
import { diffView } from "./diff-view";

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
    ...draft.filter(isPlainObject).map((entry, index): Item => ({ kind: "draft", index, entry })),
    ...skeleton.filter(isPlainObject).map((entry, index): Item => ({ kind: "skeleton", index, entry })),
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

/** The text of a version and of the current state, in the same shape, for diffing. */
export function versionTexts(ctx: SessionContext, it: Item): { before: string; after: string } {
  const e = it.entry;
  if (it.kind === "skeleton") {
    const skel = "skeleton" in e ? e.skeleton : stripMeta(e);
    return { before: prettyJson(skel), after: prettyJson(ctx.localValue("skeleton")) };
  }
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
  let selected: { kind: Kind; index: number } | null = null;
  const current = () => items.find((it) => selected && it.kind === selected.kind && it.index === selected.index) ?? null;

  const renderDetail = () => {
    const it = current();
    if (!it) {
      replaceChildren(detail, items.length ? h("p", { class: "pw-hint" }, "Select a version to compare it with the current one.") : null);
      return;
    }
    const { before, after } = versionTexts(ctx, it);
    const v = entryVersion(it.entry);
    replaceChildren(detail, diffView(before, after, { before: v === null ? "that version" : `v${v}`, after: "current" }));
  };

  const renderList = () => {
    items = timeline(ctx.get("draft_history") ?? [], ctx.get("skeleton_history") ?? []);
    if (!current()) selected = null;
    replaceChildren(
      list,
      items.map((it) => {
        const v = entryVersion(it.entry);
        const at = entryTime(it.entry);
        const active = current() === it;
        return h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              class: active ? "pw-history-entry pw-selected" : "pw-history-entry",
              "data-testid": "history-entry",
              "data-kind": it.kind,
              "data-index": it.index,
              "aria-pressed": active ? "true" : "false",
              "aria-label": `Compare ${it.kind} ${v === null ? `entry ${it.index + 1}` : `version ${v}`} with the current version`,
            },
            h("span", { class: `pw-badge pw-kind pw-kind-${it.kind}` }, it.kind === "draft" ? "Draft" : "Skeleton"),
            h("span", { class: "pw-history-version" }, v === null ? `#${it.index + 1}` : `v${v}`),
            h("span", { class: "pw-history-summary" }, summary(it)),
            at ? h("time", { class: "pw-history-time", datetime: at, title: fullTimestamp(at) }, formatTimestamp(at)) : null,
          ),
        );
      }),
    );
    show(empty, items.length === 0);
    renderDetail();
  };

  ctx.disposer.listen(list, "click", (e) => {
    const btn = (e.target as Element).closest<HTMLButtonElement>("button[data-kind]");
    if (!btn) return;
    const next = { kind: btn.dataset.kind as Kind, index: Number(btn.dataset.index) };
    const same = selected && selected.kind === next.kind && selected.index === next.index;
    selected = same ? null : next;
    for (const b of list.querySelectorAll<HTMLButtonElement>("button[data-kind]")) {
      const on = !!selected && b.dataset.kind === selected.kind && Number(b.dataset.index) === selected.index;
      b.classList.toggle("pw-selected", on);
      b.setAttribute("aria-pressed", on ? "true" : "false");
    }
    renderDetail();
  });
  ctx.on(["draft_history", "skeleton_history"], renderList);
  ctx.on(["draft_subject", "draft_body", "skeleton"], renderDetail);
  ctx.onLocal(() => {
    if (selected) renderDetail();
  });
  renderList();
  return section;
}
