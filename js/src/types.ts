// The contract between the Python widgets (puffle_widgets/widgets/) and this front end.
// Every synced trait is declared here once; the Python side declares the same names, and
// tests/test_contract.py fails when `SessionModel`, `CampaignModel`, `ClientMessage` or
// `EDITABLE_FIELDS` stop matching the Python traits and message handlers.

/** One transcript entry; the API may add keys, which the UI ignores. */
export interface Message {
  role: string;
  content: string;
  [extra: string]: unknown;
}

/** A per-lead sample email written by the examples task. */
export interface GeneratedExample {
  lead_id?: string | null;
  subject?: string | null;
  body?: string | null;
  [extra: string]: unknown;
}

/** Lead data used to preview variables and to generate examples. */
export interface SampleLead {
  first_name?: string | null;
  last_name?: string | null;
  full_name?: string | null;
  company?: string | null;
  position?: string | null;
  headline?: string | null;
  linkedin_url?: string | null;
  custom_fields?: Record<string, unknown> | null;
  [extra: string]: unknown;
}

export type Skeleton = Record<string, unknown>;
export type HistoryEntry = Record<string, unknown>;

/**
 * The fields a user can edit; `baseline` and `conflict` are keyed by these names. The one
 * TypeScript list of them (Python: widgets/session/drafts.py `EDITABLE_FIELDS`; the contract
 * test in tests/test_contract.py keeps both equal).
 */
export const EDITABLE_FIELDS = ["title", "draft_subject", "draft_body", "skeleton"] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** The values a turn rewrote, before and after it (for the word diff on demand): only the
 * fields it changed are present. */
export interface TurnValues {
  draft_subject?: string | null;
  draft_body?: string | null;
  skeleton?: Skeleton | null;
}

/** What one finished turn changed (Python: widgets/session/changes.py). */
export interface TurnChange {
  /** Index in `messages` of the assistant reply that ended the turn. */
  message_index: number;
  fields: EditableField[];
  from_version: number | null;
  to_version: number | null;
  before: TurnValues;
  after: TurnValues;
  /** Fields whose hand edit, saved from this kernel, the turn replaced. */
  replaced_hand_edit: EditableField[];
}

/** The server value of each editable field that its working copy started from. */
export type Baseline = { [F in EditableField]: SessionModel[F] };

/**
 * The widget's display state. `reconnecting`: polling hit 429/5xx/network errors and keeps
 * retrying with backoff. `error`: a fatal 401/403/404 (see `error`), polling stopped.
 */
export type WidgetStatus =
  | "loading"
  | "idle"
  | "chat_processing"
  | "generating_examples"
  | "reconnecting"
  | "error"
  // A task status the docs do not list yet: shown as written, and treated as busy.
  | (string & {});

/** Synced traits of `SessionWidget`. */
export interface SessionModel {
  // Server-owned, read-only in the browser.
  session_id: string;
  campaign_id: string;
  node_id: string;
  framework_version: number | null;
  task_status: string | null;
  created_at: string | null; // ISO 8601
  updated_at: string | null; // ISO 8601
  messages: Message[];
  skeleton_history: HistoryEntry[];
  draft_history: HistoryEntry[];
  generated_examples: GeneratedExample[] | null;

  // Working copies: what the editors show. They start equal to `baseline`.
  title: string | null;
  draft_subject: string | null;
  draft_body: string | null;
  skeleton: Skeleton | null;
  /** The server values the working copies were last synced from; dirty = working != baseline. */
  baseline: Baseline;
  /** Fields whose server value moved while the user had unsaved edits: field -> server value. */
  conflict: Partial<Record<EditableField, unknown>>;

  // Turn context set on the widget in Python, sent with every turn.
  available_var_names: string[];
  sample_leads: SampleLead[];

  // Display state.
  status: WidgetStatus;
  /** Epoch milliseconds when the current task was first seen busy; null when idle. */
  busy_since: number | null;
  /** Human-readable error; "" when none. */
  error: string;
  /** Human-readable transient notice (saved, busy, conflict...); "" when none. */
  notice: string;
  /** Marks this widget's static snapshot (div.puffle-fallback[data-puffle-for]), which a
   * rendered view hides. */
  fallback_key: string;

  // The workspace.
  /** What each finished turn changed, oldest first (up to 100; sent as deltas). */
  turn_changes: TurnChange[];
  /** The framework version the shown examples were made from; null when unknown or none. */
  examples_version: number | null;
  /** The height (px) the user gave the view; null: fit the notebook. */
  view_height: number | null;

  // Sync machinery (lib/deltas.ts; Python: widgets/session/sync.py).
  /**
   * How many deltas the lists of `DELTA_KEYS` are at. The kernel sends those lists whole only
   * in a full state (with `rev`); after that each change arrives as a `DeltaMessage`, which
   * the model applies with `model.set` and `rev` follows. The session front end never calls
   * `save_changes()`: it would push these lists back (the kernel ignores them).
   */
  rev: number;
  /** "IPY_MODEL_<id>" of the hidden model holding the front-end code once per kernel, which
   * this widget's `_esm` (a loader, src/loader/) imports from; "" when `_esm` holds it all
   * (no IPython kernel, e.g. marimo). Python: widgets/assets.py. */
  code_ref: string;
  /** Messages sent from the browser or `w.send()` not yet seen in the server's transcript. */
  outbox: OutboxEntry[];
  /** The banner: what went wrong, in the user's words; null when nothing is wrong. */
  problem: Problem | null;
  /** Epoch ms of the last successful read from the server (re-sent at most every 10 s when
   * nothing else changed). */
  checked_at: number | null;
}

/**
 * One message on its way. "queued": waits its turn (a task runs); cancellable. "sending": its
 * POST /turn went out, the transcript does not show it yet. "checking": the POST's answer was
 * lost; the widget polls to learn whether Puffle received it. "failed": not sent; the view
 * offers Retry, Edit (text back into the chat box) and Discard. An entry leaves the outbox
 * once the server's transcript holds it, or when it is cancelled.
 */
export interface OutboxEntry {
  id: string;
  text: string;
  state: "queued" | "sending" | "checking" | "failed";
  error: Problem | null;
  created_at: number; // epoch ms
}

export type ProblemKind =
  | "auth"
  | "credits"
  | "forbidden"
  | "not_found"
  | "busy"
  | "rate_limited"
  | "server"
  | "network"
  | "invalid"
  | "other";

/** What went wrong and what to do, with the status code and request id for a details line. */
export interface Problem {
  kind: ProblemKind;
  title: string;
  /** What to do. */
  detail: string;
  status: number | null;
  request_id: string | null;
  /** Epoch ms of the next automatic retry, for a countdown; null when none is planned. */
  retry_at: number | null;
  /** 402: the credits there are and the credits needed, when the server said. */
  balance: number | null;
  required: number | null;
  retryable: boolean;
}

/** Messages the browser sends to Python with `model.send(...)`. Python never replies inline. */
export type ClientMessage =
  /** `id`: made by the browser, the outbox entry's id (the chat box clears once it shows). */
  | { type: "send"; message: string; id: string }
  | { type: "edit"; field: EditableField; value: unknown; base: unknown }
  | { type: "save" }
  | { type: "revert" }
  | { type: "refresh" }
  | { type: "generate_examples" }
  // `server`: the server value the conflict card showed, which the click settles.
  | { type: "resolve_conflict"; field: EditableField; keep: "mine" | "server"; server: unknown }
  // Put a version back on the server by the rules of Save: `index` into draft_history,
  // skeleton_history, or (hand_edit) turn_changes, whose replaced hand edits come back.
  | { type: "restore"; kind: "draft" | "skeleton" | "hand_edit"; index: number }
  | { type: "resize"; height: number | null }
  /** Send a failed outbox entry again. */
  | { type: "retry"; id: string }
  /** Drop a queued or failed outbox entry. */
  | { type: "cancel"; id: string }
  /** Close the banner. */
  | { type: "dismiss" }
  /** Do not wait for the next automatic retry. */
  | { type: "retry_now" }
  /** A view says whether it is on screen (`gone`: it was removed): on render, on change, and
   * every half minute while visible. The kernel polls an idle session only while displayed. */
  | { type: "visibility"; view: string; visible: boolean; gone?: boolean }
  /** Is the kernel-side widget alive? The kernel answers `PongMessage` from its loop. */
  | { type: "ping"; nonce: string }
  /**
   * "I hold revision `rev` of the lists": sent by every view when it renders (which tells the
   * kernel a live view follows the widget) and when a delta does not follow the revision
   * held. The kernel answers with the whole state when `rev` is not its latest.
   */
  | { type: "resync"; rev?: number };

/** The lists the kernel sends as deltas after the first state (Python: deltas.py). */
export const DELTA_KEYS = ["messages", "skeleton_history", "draft_history", "generated_examples", "turn_changes"] as const;
export type DeltaKey = (typeof DELTA_KEYS)[number];

/**
 * Kernel -> browser (custom message): keep the first `start` items of `key` and append `items`
 * (`start` 0 and `items` the whole list, or null, when the list did not just grow). Applies on
 * top of revision `base_rev` only, and brings the model to `rev` (= base_rev + 1).
 */
export interface DeltaMessage {
  type: "delta";
  rev: number;
  base_rev: number;
  key: DeltaKey;
  start: number;
  items: unknown[] | null;
}


export type VisibilityMessage = Extract<ClientMessage, { type: "visibility" }>;
export type PingMessage = Extract<ClientMessage, { type: "ping" }>;

/** Kernel -> browser custom messages (`model.send` in Python; `msg:custom` here). */
export type KernelMessage = PongMessage | DeltaMessage;

export interface PongMessage {
  type: "pong";
  nonce: string;
}

/** Messages the campaign view sends to Python (`CampaignWidget.HANDLERS`). */
export type CampaignMessage =
  | { type: "refresh" }
  | { type: "visibility"; view: string; visible: boolean; gone?: boolean }
  | { type: "ping"; nonce: string };


/** One row of `CampaignWidget.rows`. */
export interface CampaignRow {
  id: string;
  title: string | null;
  node_id: string;
  task_status: string | null;
  framework_version: number | null;
  draft_subject: string | null;
  updated_at: string | null;
}

/** Synced traits of `CampaignWidget` (Python: widgets/campaign_traits.py). */
export interface CampaignModel {
  campaign_id: string;
  rows: CampaignRow[];
  /** Id of the selected session, or null; set by the browser on row click. */
  selected: string | null;
  /** "busy" while any session of the campaign runs a task. */
  status: "loading" | "idle" | "busy" | "reconnecting" | "error";
  error: string;
  fallback_key: string;
  /** As `SessionModel.code_ref`. */
  code_ref: string;
  /** Epoch ms of the last list read from the server. */
  checked_at: number | null;
  /** "anywidget:<model_id>" of the opened `SessionWidget` (drawn below the table), or null. */
  detail: string | null;
  /** Why the selected session could not be opened below, or "". */
  detail_error: string;
}
