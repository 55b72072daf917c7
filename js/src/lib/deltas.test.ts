import { applied, followDeltas } from "./deltas";
import { sessionModel } from "../test/fixtures";
import type { DeltaMessage, Message } from "../types";

function delta(rev: number, start: number, items: unknown[] | null, key: DeltaMessage["key"] = "messages"): DeltaMessage {
  return { type: "delta", rev, base_rev: rev - 1, key, start, items };
}

const reply = { role: "assistant", content: "Here is a shorter version." };

describe("deltas of the long lists", () => {
  it("appends from `start` and moves `rev`, without saving anything back", () => {
    const model = sessionModel();
    followDeltas(model);
    const before = model.get("messages");
    const changes: number[] = [];
    model.on("change:messages", () => changes.push(model.get("messages").length));
    model.emit("msg:custom", delta(1, before.length, [reply]));
    expect(model.get("messages")).toEqual([...before, reply]);
    expect(model.get("rev")).toBe(1);
    expect(changes).toEqual([before.length + 1]);
    expect(model.saves).toBe(0);
    expect(model.sent).toEqual([]);
  });

  it("replaces a list that did not just grow, and can set it to null", () => {
    const model = sessionModel();
    followDeltas(model);
    model.emit("msg:custom", delta(1, 0, [{ version: 9 }], "draft_history"));
    expect(model.get("draft_history")).toEqual([{ version: 9 }]);
    model.emit("msg:custom", delta(2, 0, null, "generated_examples"));
    expect(model.get("generated_examples")).toBeNull();
    expect(model.get("rev")).toBe(2);
  });

  it("asks for the whole state once on a gap, and follows again after it", () => {
    const model = sessionModel();
    followDeltas(model);
    const before = model.get("messages");
    model.emit("msg:custom", delta(3, before.length, [reply])); // 1 and 2 never came
    model.emit("msg:custom", delta(4, before.length + 1, [reply]));
    expect(model.sent).toEqual([{ type: "resync", rev: 0 }]);
    expect(model.get("messages")).toEqual(before); // nothing applied out of order
    // The kernel answers with the whole state at revision 4.
    const whole: Message[] = [...before, reply, reply];
    model.kernelUpdate({ messages: whole, rev: 4 });
    model.emit("msg:custom", delta(5, whole.length, [reply]));
    expect(model.get("messages")).toEqual([...whole, reply]);
    expect(model.get("rev")).toBe(5);
    expect(model.sent).toHaveLength(1);
  });

  it("ignores a delta the whole state already holds, and anything that is not a delta", () => {
    const model = sessionModel({ rev: 7 });
    followDeltas(model);
    const before = model.get("messages");
    model.emit("msg:custom", delta(6, 0, []));
    model.emit("msg:custom", { type: "pong", nonce: "x" });
    model.emit("msg:custom", { type: "delta", rev: 8, base_rev: 7, key: "title", start: 0, items: [] });
    expect(model.get("messages")).toEqual(before);
    expect(model.sent).toEqual([]);
  });

  it("resyncs rather than apply past the end of what it holds", () => {
    expect(applied([1, 2], delta(1, 3, [4]))).toBeUndefined();
    expect(applied(null, delta(1, 0, [1]))).toEqual([1]);
    const model = sessionModel();
    followDeltas(model);
    model.emit("msg:custom", delta(1, 99, [reply]));
    expect(model.sent).toEqual([{ type: "resync", rev: 0 }]);
  });

  it("stops listening when disposed", () => {
    const model = sessionModel();
    const stop = followDeltas(model);
    const listeners = model.listenerCount();
    stop();
    expect(model.listenerCount()).toBe(listeners - 2);
  });
});
