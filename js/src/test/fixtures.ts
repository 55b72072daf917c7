// A full session state as the Python widget would sync it, for tests.
import type { SessionModel, CampaignModel } from "../types";
import { FakeModel } from "./fake-model";

export function sessionState(overrides: Partial<SessionModel> = {}): SessionModel {
  const skeleton = {
    subject: "Quick thought on %company%'s onboarding",
    body: "Hi %first_name%,\n\n&&2-sentence pain hook tied to %position%.&&\n\nWorth a 10-min chat?",
    blocks: [
      {
        name: "Opener",
        strategy: "Reference their role and company",
        personalization: {
          fields: ["first_name", "position", "company"],
          approach: "Single-line, no flattery",
          fallback: "Generic intro tied to role",
        },
      },
    ],
    hook: "pattern-interrupt question",
    tone: { formality: "casual" },
  };
  const state: SessionModel = {
    session_id: "d1d1d1d1-1111-4111-8111-111111111111",
    campaign_id: "8c2b2d4e-e29b-41d4-a716-446655440000",
    node_id: "bbbb1111-1111-4111-8111-111111111111",
    framework_version: 3,
    task_status: null,
    created_at: "2026-04-22T10:00:00Z",
    updated_at: "2026-04-22T10:05:00Z",
    messages: [
      { role: "user", content: "Write an intro email for enterprise VPs of Sales" },
      { role: "assistant", content: "Got it — **who** is the sender?" },
    ],
    skeleton_history: [{ version: 1, skeleton: { hook: "question" }, at: "2026-04-22T10:01:00Z" }],
    draft_history: [
      { version: 1, subject: "Hello {{company}}", body: "Hi %first_name%,\nold line", at: "2026-04-22T10:01:00Z" },
      { version: 2, subject: "Quick question about {{company}}", body: "Hi %first_name%,\nsecond", at: "2026-04-22T10:03:00Z" },
    ],
    generated_examples: [
      { lead_id: "lead-1", subject: "Quick question about Acme", body: "Hi Sarah,\nLine two" },
      { lead_id: "lead-2", subject: "Quick question about Initech", body: "Hi Bill" },
    ],
    title: "Intro email to VPs of Sales",
    draft_subject: "Quick question about {{company}}",
    draft_body: "Hi %first_name%,\nWe help %company% teams.",
    skeleton,
    baseline: {
      title: "Intro email to VPs of Sales",
      draft_subject: "Quick question about {{company}}",
      draft_body: "Hi %first_name%,\nWe help %company% teams.",
      skeleton,
    },
    conflict: {},
    available_var_names: ["first_name", "last_name", "company", "position"],
    sample_leads: [
      { first_name: "Sarah", last_name: "Lee", company: "Acme", position: "VP Sales", custom_fields: { seats: 40 } },
      { first_name: "Bill", last_name: "Lumbergh", company: "Initech" },
    ],
    status: "idle",
    busy_since: null,
    error: "",
    notice: "",
    fallback_key: "f00d",
    turn_changes: [],
    examples_version: null,
    view_height: null,
    code_ref: "",
    rev: 0,
    outbox: [],
    problem: null,
    checked_at: null,
  };
  return { ...state, ...overrides };
}

export function sessionModel(overrides: Partial<SessionModel> = {}): FakeModel<SessionModel> {
  return new FakeModel<SessionModel>(sessionState(overrides));
}

export function campaignModel(overrides: Partial<CampaignModel> = {}): FakeModel<CampaignModel> {
  return new FakeModel<CampaignModel>({
    campaign_id: "8c2b2d4e-e29b-41d4-a716-446655440000",
    rows: [
      {
        id: "s-1",
        title: "Intro email",
        node_id: "node-1",
        task_status: null,
        framework_version: 2,
        draft_subject: "Quick question about {{company}}",
        updated_at: "2026-04-22T10:05:00Z",
      },
      {
        id: "s-2",
        title: null,
        node_id: "node-2",
        task_status: "chat_processing",
        framework_version: null,
        draft_subject: null,
        updated_at: null,
      },
    ],
    selected: null,
    status: "idle",
    error: "",
    fallback_key: "cafe",
    code_ref: "",
    checked_at: null,
    detail: null,
    detail_error: "",
    ...overrides,
  });
}
