// The skeleton section: known text keys as labelled editors (variables highlighted), blocks as
// cards, any other key as JSON. Edits go through the same FieldSync protocol with the whole
// new skeleton object as value. A null skeleton shows an empty state.
import { h, hasFocusWithin, replaceChildren } from "../lib/dom";
import { Disposer } from "../lib/disposer";
import { clone } from "../lib/json";
import type { Skeleton } from "../types";
import type { SessionContext } from "./context";
import { VarEditor } from "./editor";
import { FieldSync } from "./field-sync";
import { createJsonField, type JsonField } from "./json-field";
import { createBlocks, isBlockList } from "./skeleton-blocks";

export const SKELETON_TEXT_KEYS: Record<string, string> = {
  hook: "Hook",
  value_prop: "Value proposition",
  cta: "Call to action",
  subject: "Subject",
  body: "Body",
  exampleSubject: "Example subject",
  exampleBody: "Example body",
};
const SINGLE_LINE = new Set(["subject", "exampleSubject"]);
const LONG = new Set(["body", "exampleBody"]);

export function createSkeleton(ctx: SessionContext): HTMLElement {
  const content = h("div", { class: "pw-skeleton-content" });
  const section = h(
    "section",
    { class: "pw-section pw-skeleton", "data-testid": "skeleton", "aria-label": "Skeleton" },
    h("h3", { class: "pw-section-title" }, "Skeleton"),
    content,
  );

  const sync = new FieldSync<Skeleton | null>(ctx, "skeleton");
  let working: Skeleton | null = null;
  let editors: VarEditor[] = [];
  let json: JsonField | null = null;
  // Listeners of one build; replaced on every rebuild.
  let build = new Disposer();
  ctx.disposer.add(() => build.dispose());

  const changed = () => sync.input(clone(working));

  const rebuild = (value: Skeleton | null) => {
    build.dispose();
    build = new Disposer();
    working = clone(value);
    editors = [];
    json = null;
    if (working === null || typeof working !== "object") {
      replaceChildren(content, h("p", { class: "pw-empty", "data-testid": "skeleton-empty" }, "No skeleton yet — chat first."));
      return;
    }
    const skel = working;
    const known = ctx.get("available_var_names") ?? [];
    const formKeys = new Set<string>();
    const fields: HTMLElement[] = [];
    for (const [key, label] of Object.entries(SKELETON_TEXT_KEYS)) {
      if (typeof skel[key] !== "string") continue;
      formKeys.add(key);
      const editor = new VarEditor(build, {
        testid: `skeleton-${key}`,
        label,
        singleLine: SINGLE_LINE.has(key),
        short: !SINGLE_LINE.has(key) && !LONG.has(key),
        onInput: (v) => {
          skel[key] = v;
          changed();
        },
      });
      editor.value = skel[key] as string;
      editor.setKnown(known);
      editors.push(editor);
      fields.push(h("div", { class: "pw-field", "data-key": key }, h("span", { class: "pw-label" }, label), editor.el));
    }
    let blocks: HTMLElement | null = null;
    if (isBlockList(skel.blocks)) {
      formKeys.add("blocks");
      blocks = createBlocks(build, skel.blocks, (list) => {
        skel.blocks = list;
        changed();
      });
    }
    let otherKeys = Object.keys(skel).filter((k) => !formKeys.has(k));
    const others = Object.fromEntries(otherKeys.map((k) => [k, skel[k]]));
    json = createJsonField(build, others, {
      label: "Other keys (JSON)",
      testid: "skeleton-json",
      reserved: formKeys,
      onChange: (obj) => {
        for (const k of otherKeys) delete skel[k];
        Object.assign(skel, obj);
        otherKeys = Object.keys(obj);
        changed();
      },
    });
    const jsonBox = otherKeys.length
      ? json.el
      : h("details", { class: "pw-more" }, h("summary", {}, "Add other keys (JSON)"), json.el);
    replaceChildren(content, fields, blocks, jsonBox);
  };

  sync.attach({
    show: rebuild,
    isFocused: () => hasFocusWithin(content),
    hasUnparsedInput: () => json?.invalid() ?? false,
  });
  ctx.on("available_var_names", () => editors.forEach((e) => e.setKnown(ctx.get("available_var_names") ?? [])));
  rebuild(sync.local);
  return section;
}
