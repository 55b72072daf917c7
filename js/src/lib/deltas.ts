// Applies the kernel's deltas of the long lists (transcript, histories, examples) to the
// model, once per model (anywidget's `initialize`), so every view of it sees whole lists and
// the widget state saved from the browser holds the whole session. See types.ts
// `DeltaMessage` and widgets/session/deltas.py.
import type { AnyModel } from "@anywidget/types";
import { DELTA_KEYS } from "../types";
import type { DeltaKey, DeltaMessage, SessionModel } from "../types";

type Model = AnyModel<SessionModel>;

function isDelta(msg: unknown): msg is DeltaMessage {
  if (typeof msg !== "object" || msg === null) return false;
  const m = msg as Partial<DeltaMessage>;
  return (
    m.type === "delta" &&
    typeof m.rev === "number" &&
    typeof m.base_rev === "number" &&
    typeof m.start === "number" &&
    (DELTA_KEYS as readonly unknown[]).includes(m.key) &&
    (m.items === null || Array.isArray(m.items))
  );
}

/** The list `key` after applying `delta` to `current`, or undefined if it cannot apply. */
export function applied(current: unknown[] | null, delta: DeltaMessage): unknown[] | null | undefined {
  if (delta.start === 0) return delta.items === null ? null : [...delta.items];
  const held = current ?? [];
  if (delta.items === null || delta.start > held.length) return undefined;
  return [...held.slice(0, delta.start), ...delta.items];
}

/** Follow the kernel's deltas on `model`; returns the function that stops. */
export function followDeltas(model: Model): () => void {
  // While waiting for the whole state after a gap, deltas are dropped: it will include them.
  let waiting = false;
  const resync = () => {
    if (waiting) return;
    waiting = true;
    model.send({ type: "resync", rev: model.get("rev") });
  };
  const onMessage = (msg: unknown) => {
    if (!isDelta(msg) || waiting) return;
    const held = model.get("rev") ?? 0;
    if (msg.rev <= held) return; // already in a whole state that overtook it
    if (msg.base_rev !== held) return resync();
    const key: DeltaKey = msg.key;
    const next = applied(model.get(key) as unknown[] | null, msg);
    if (next === undefined) return resync();
    // Never save_changes(): the kernel owns these lists; this copy only follows them.
    model.set(key, next as SessionModel[DeltaKey]);
    model.set("rev", msg.rev);
  };
  // A whole state (after a resync, or a page's request) carries the revision it is at.
  const onRev = () => {
    waiting = false;
  };
  model.on("msg:custom", onMessage);
  model.on("change:rev", onRev);
  return () => {
    model.off("msg:custom", onMessage);
    model.off("change:rev", onRev);
  };
}

/** Tell the kernel a view renders, and which revision it holds (see types.ts `resync`). */
export function announceView(model: Model): void {
  model.send({ type: "resync", rev: model.get("rev") });
}
