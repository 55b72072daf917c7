// Lab grid state as the Python side syncs it, for the lab's tests.
import { FakeModel } from "../test/fake-model";
import type { LabModel, LabRow } from "./types";

export function labRow(overrides: Partial<LabRow> = {}): LabRow {
  return {
    name: "A",
    messages: ["Write an intro email for VPs of Sales", "Write the draft."],
    status: "done",
    turns_done: 2,
    turns: 2,
    elapsed_ms: 4200,
    session_id: "d1d1d1d1-1111-4111-8111-111111111111",
    subject: "An idea for %company%",
    body: "Hi %first_name%,\n\nWe help %nickname% teams.",
    skeleton: [
      ["Hook", "Observation from peers"],
      ["Blocks (3)", "Opener, Value, Call to action"],
    ],
    error: null,
    metrics: { subject_length: 21, body_words: 6, variables: ["company", "first_name", "nickname"], unknown_variables: ["nickname"], reading_seconds: 2 },
    diff: null,
    filled: [{ lead: "Sarah Lee (Acme)", subject: "An idea for Acme", body: "Hi Sarah,\n\nWe help %nickname% teams.", missing: ["nickname"] }],
    examples: 0,
    notice: "",
    ...overrides,
  };
}

export function labState(overrides: Partial<LabModel> = {}): LabModel {
  return {
    campaign_id: "8c2b2d4e-e29b-41d4-a716-446655440000",
    node_id: "bbbb1111-1111-4111-8111-111111111111",
    variants: [
      labRow(),
      labRow({
        name: "B",
        status: "running",
        turns_done: 1,
        elapsed_ms: 1000,
        subject: null,
        body: null,
        skeleton: [],
        metrics: null,
        filled: [],
      }),
      labRow({ name: "C", status: "failed", turns_done: 0, error: "InternalServerError: boom", subject: null, body: null, skeleton: [], metrics: null, filled: [] }),
    ],
    progress: { variants: 3, finished: 2, failed: 1, skipped: 0, turns: 6, turns_done: 5 },
    run_state: "running",
    baseline: "A",
    ratings: { A: { star: false, note: "" }, B: { star: false, note: "" }, C: { star: false, note: "" } },
    leads: ["Sarah Lee (Acme)"],
    available_var_names: ["first_name", "company"],
    fallback_key: "k3y",
    code_ref: "",
    ...overrides,
  };
}

export function labModel(overrides: Partial<LabModel> = {}): FakeModel<LabModel> {
  return new FakeModel<LabModel>(labState(overrides));
}
