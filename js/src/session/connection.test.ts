import { SessionContext } from "./context";
import { connectionOf, RECHECK_MS } from "./connection";
import { sessionModel } from "../test/fixtures";
import { h } from "../lib/dom";

function setup(overrides = {}) {
  vi.useFakeTimers();
  const model = sessionModel(overrides);
  const ctx = new SessionContext(model);
  const root = h(
    "div",
    { class: "puffle-widget" },
    h("textarea", { "data-testid": "body" }),
    h("input", { "data-testid": "title" }),
    h("button", { "data-testid": "save" }, "Save"),
    h("button", { class: "pw-btn pw-copy", "data-testid": "copy" }, "Copy"),
  );
  document.body.append(root);
  const connection = connectionOf(ctx);
  connection.attach(root);
  root.prepend(connection.banner);
  const q = <T extends HTMLElement>(id: string) => root.querySelector(`[data-testid=${id}]`) as T;
  const pong = () => {
    const ping = model.sentOfType("ping").at(-1);
    model.emit("msg:custom", { type: "pong", nonce: ping.nonce });
  };
  return { model, ctx, root, connection, q, pong };
}

describe("session connection", () => {
  afterEach(() => {
    document.body.textContent = "";
    vi.useRealTimers();
  });

  it("pings on render and reports its visibility", () => {
    const { model, connection, pong } = setup();
    expect(model.sentOfType("ping")).toHaveLength(1);
    expect(model.sentOfType("visibility")).toEqual([{ type: "visibility", view: connection.view, visible: true }]);
    pong();
    expect(connection.state).toBe("alive");
  });

  it("no answer: says so, fields read-only but kept, actions off; all back when it answers", () => {
    const { connection, q, pong, ctx } = setup({ status: "chat_processing", task_status: "chat_processing" });
    q<HTMLTextAreaElement>("body").value = "typed before";
    vi.advanceTimersByTime(5000);
    expect(connection.state).toBe("dead");
    expect(q("connection").hidden).toBe(false);
    expect(q("connection").textContent).toContain("Not connected: run the cell to reconnect.");
    expect(q("saved-while-working").textContent).toContain("Generating when this notebook was saved");
    expect(q<HTMLTextAreaElement>("body").readOnly).toBe(true);
    expect(q<HTMLTextAreaElement>("body").disabled).toBe(false); // still selectable, copyable
    expect(q<HTMLTextAreaElement>("body").value).toBe("typed before");
    expect(q<HTMLInputElement>("title").readOnly).toBe(true);
    expect(q<HTMLButtonElement>("save").disabled).toBe(true);
    expect(q<HTMLButtonElement>("copy").disabled).toBe(false);
    vi.advanceTimersByTime(RECHECK_MS); // it asks again by itself
    pong();
    expect(connection.state).toBe("alive");
    expect(q("connection").hidden).toBe(true);
    expect(q<HTMLTextAreaElement>("body").readOnly).toBe(false);
    expect(q<HTMLButtonElement>("save").disabled).toBe(false);
    ctx.disposer.dispose();
  });

  it("a busy kernel is waiting, not dead", () => {
    const { model, connection, q } = setup();
    (model as unknown as { widget_manager: unknown }).widget_manager = { kernel: { status: "busy" } };
    vi.advanceTimersByTime(5000);
    expect(connection.state).toBe("busy");
    expect(q("connection").textContent).toContain("Waiting for the kernel");
    expect(q<HTMLButtonElement>("save").disabled).toBe(false);
  });

  it("a send that throws (a closed comm) is dead at once, and actions re-check", () => {
    const { model, connection } = setup();
    model.send = () => {
      throw new Error("Comm is closed");
    };
    expect(connection.action({ type: "refresh" })).toBe(false);
    expect(connection.state).toBe("dead");
  });

  it("says it is gone when the view is removed", () => {
    const { model, ctx, connection } = setup();
    ctx.disposer.dispose();
    expect(model.sentOfType("visibility").at(-1)).toEqual({ type: "visibility", view: connection.view, visible: false, gone: true });
    expect(vi.getTimerCount()).toBe(0);
  });
});
