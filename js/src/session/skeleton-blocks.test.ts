import { createBlocks, isBlockList, parseFieldList } from "./skeleton-blocks";
import { Disposer } from "../lib/disposer";

const BLOCKS = [
  {
    name: "Opener",
    strategy: "Reference their role",
    personalization: { fields: ["first_name", "company"], approach: "Short", fallback: "Generic" },
    weight: 2,
  },
];

function setup() {
  const onChange = vi.fn();
  const el = createBlocks(new Disposer(), BLOCKS, onChange);
  document.body.append(el);
  const field = (i: number, key: string) => el.querySelector(`[data-index="${i}"][data-key="${key}"]`) as HTMLInputElement;
  const type = (i: number, key: string, value: string) => {
    const input = field(i, key);
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const last = () => onChange.mock.calls.at(-1)?.[0];
  return { el, onChange, field, type, last };
}

describe("skeleton blocks", () => {
  afterEach(() => (document.body.textContent = ""));

  it("recognises block lists and parses comma lists", () => {
    expect(isBlockList(BLOCKS)).toBe(true);
    expect(isBlockList([1])).toBe(false);
    expect(parseFieldList(" a, b ,, c ")).toEqual(["a", "b", "c"]);
  });

  it("renders one card per block with chips", () => {
    const { el, field } = setup();
    expect(el.querySelectorAll("[data-testid=skeleton-block]")).toHaveLength(1);
    expect(field(0, "name").value).toBe("Opener");
    expect(field(0, "fields").value).toBe("first_name, company");
    expect([...el.querySelectorAll(".pw-chip")].map((c) => c.textContent)).toEqual(["first_name", "company"]);
    expect(field(0, "fallback").value).toBe("Generic");
  });

  it("edits fields and keeps unknown keys", () => {
    const { type, last, el } = setup();
    type(0, "fields", "first_name, position");
    expect(last()[0]).toEqual({
      name: "Opener",
      strategy: "Reference their role",
      personalization: { fields: ["first_name", "position"], approach: "Short", fallback: "Generic" },
      weight: 2,
    });
    expect([...el.querySelectorAll(".pw-chip")].map((c) => c.textContent)).toEqual(["first_name", "position"]);
    type(0, "name", "Hook");
    expect(last()[0].name).toBe("Hook");
  });

  it("adds and removes blocks", () => {
    const { el, last } = setup();
    (el.querySelector("[data-action=add]") as HTMLButtonElement).click();
    expect(last()).toHaveLength(2);
    expect(el.querySelectorAll("[data-testid=skeleton-block]")).toHaveLength(2);
    (el.querySelector('[data-action=remove][data-index="0"]') as HTMLButtonElement).click();
    expect(last()).toEqual([{ name: "", strategy: "" }]);
  });
});
