import { findVars, unknownVars, highlightVars, fillVars, fillVarsToNodes, leadValues, leadName } from "./vars";

describe("findVars", () => {
  it("finds both syntaxes with positions", () => {
    const found = findVars("Hi %first_name%, about {{ company }} and {{lead.title}}");
    expect(found.map((v) => [v.name, v.syntax])).toEqual([
      ["first_name", "percent"],
      ["company", "braces"],
      ["lead.title", "braces"],
    ]);
    expect(found[0]).toMatchObject({ raw: "%first_name%", start: 3, end: 15 });
  });

  it("ignores percent signs that are not variables", () => {
    expect(findVars("50% off, 20% more, %1bad%, %%")).toEqual([]);
    expect(findVars("%company%'s team")[0]?.name).toBe("company");
  });
});

describe("unknownVars", () => {
  it("lists names not in the known list, once each", () => {
    expect(unknownVars("%a% %b% {{b}} %c%", ["a"])).toEqual(["b", "c"]);
    expect(unknownVars("%a%", [])).toEqual([]);
  });
});

describe("highlightVars", () => {
  it("wraps variables in spans and flags unknown ones", () => {
    const div = document.createElement("div");
    div.append(highlightVars("Hi %first_name% at {{ acme }}<b>", ["first_name"]));
    const spans = div.querySelectorAll(".pw-var");
    expect(spans.length).toBe(2);
    expect(spans[0]?.classList.contains("pw-var-unknown")).toBe(false);
    expect(spans[1]?.classList.contains("pw-var-unknown")).toBe(true);
    expect(spans[1]?.getAttribute("title")).toContain("acme");
    expect(div.querySelector("b")).toBeNull();
    expect(div.textContent).toBe("Hi %first_name% at {{ acme }}<b>");
  });
});

describe("filling from a lead", () => {
  const lead = {
    first_name: "Sarah",
    last_name: "Lee",
    company: "Acme",
    position: "",
    custom_fields: { pain_point: "Zapier glue", seats: 40 },
  };

  it("maps fields, custom fields, and derives full_name", () => {
    const v = leadValues(lead);
    expect(v.get("full_name")).toBe("Sarah Lee");
    expect(v.get("pain_point")).toBe("Zapier glue");
    expect(v.get("custom_fields.seats")).toBe("40");
    expect(v.has("position")).toBe(false);
  });

  it("fills known values and leaves missing ones visible", () => {
    expect(fillVars("Hi %first_name% {{full_name}} of {{ company }}: %pain_point%, %position%, {{custom_fields.seats}}", lead)).toBe(
      "Hi Sarah Sarah Lee of Acme: Zapier glue, %position%, 40",
    );
    expect(fillVars("%FirstName%", lead)).toBe("Sarah");
  });

  it("builds preview nodes", () => {
    const div = document.createElement("div");
    div.append(fillVarsToNodes("Hi %first_name%, %position%", lead));
    expect(div.textContent).toBe("Hi Sarah, %position%");
    expect(div.querySelector(".pw-var-filled")?.textContent).toBe("Sarah");
    expect(div.querySelector(".pw-var-missing")?.textContent).toBe("%position%");
  });

  it("names leads", () => {
    expect(leadName(lead, 0)).toBe("Sarah Lee (Acme)");
    expect(leadName({}, 2)).toBe("Lead 3");
  });
});
