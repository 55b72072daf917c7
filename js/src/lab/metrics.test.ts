import { metricsList } from "./metrics";

describe("metrics", () => {
  it("lists the numbers and flags unknown variables", () => {
    const dl = metricsList({ subject_length: 21, body_words: 80, variables: ["company", "nick"], unknown_variables: ["nick"], reading_seconds: 21 });
    const values = [...dl.querySelectorAll("dd")].map((d) => d.textContent);
    expect(values).toEqual(["21 chars", "80 words", "company, nick", "nick", "≈ 21 s"]);
    expect(dl.querySelector("[data-testid=lab-unknown-vars] .pw-var-unknown")?.textContent).toBe("nick");
  });

  it("says none when there are no variables", () => {
    const dl = metricsList({ subject_length: 0, body_words: 0, variables: [], unknown_variables: [], reading_seconds: 0 });
    expect([...dl.querySelectorAll("dd")].map((d) => d.textContent)).toEqual(["0 chars", "0 words", "none", "none", "≈ 0 s"]);
    expect(dl.querySelector(".pw-var-unknown")).toBeNull();
  });
});
