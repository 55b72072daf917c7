// The contract between the lab's Python side (puffle_widgets/lab/grid.py, rows.py) and this
// front end. tests/lab/test_contract.py fails when `LabModel`, `LabRow` or `LabMessage` stop
// matching the Python traits, row keys and message types.

export type VariantStatus = "pending" | "running" | "done" | "failed" | "skipped";
export type RunState = "ready" | "running" | "stopping" | "done";

/** A piece of a word diff: kept, added or removed text (with its whitespace). */
export type DiffPiece = [op: "eq" | "add" | "del", text: string];

export interface LabMetrics {
  subject_length: number;
  body_words: number;
  variables: string[];
  unknown_variables: string[];
  reading_seconds: number;
}

export interface LabDiff {
  subject: DiffPiece[];
  body: DiffPiece[];
}

/** A draft with one lead's values filled in; `missing`: variables the lead has no value for. */
export interface FilledDraft {
  lead: string;
  subject: string;
  body: string;
  missing: string[];
}

/** One variant's column (Python: lab/rows.py `ROW_KEYS`). */
export interface LabRow {
  name: string;
  messages: string[];
  status: VariantStatus;
  turns_done: number;
  turns: number;
  elapsed_ms: number | null; // at the time the kernel sent the row
  session_id: string | null;
  subject: string | null;
  body: string | null;
  skeleton: [label: string, text: string][];
  error: string | null;
  metrics: LabMetrics | null; // null until the variant has a draft
  diff: LabDiff | null; // null for the baseline, or without drafts to compare
  filled: FilledDraft[];
  examples: number;
  notice: string;
}

export interface LabProgress {
  variants: number;
  finished: number;
  failed: number;
  skipped: number;
  turns: number;
  turns_done: number;
}

export interface Rating {
  star: boolean;
  note: string;
}

/** Synced traits of `LabGrid`. */
export interface LabModel {
  campaign_id: string;
  node_id: string;
  variants: LabRow[];
  progress: LabProgress | Record<string, never>;
  run_state: RunState;
  baseline: string; // written by the browser too
  ratings: Record<string, Rating>; // written by the browser too
  leads: string[];
  available_var_names: string[];
  fallback_key: string;
  /** "IPY_MODEL_<id>" of the kernel's shared front-end code, or "" (see loader/code.ts). */
  code_ref: string;
}

/** What the browser sends (Python: lab/grid.py `MESSAGE_TYPES`). */
export type LabMessage = { type: "stop" } | { type: "promote"; variant: string; session_id: string };
