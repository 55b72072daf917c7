import { filledDrafts } from "./filled";

describe("filled drafts", () => {
  it("shows each lead's draft and names the variables it cannot fill", () => {
    const el = filledDrafts([
      { lead: "Sarah Lee (Acme)", subject: "Idea for Acme", body: "Hi Sarah, %nickname%", missing: ["nickname"] },
      { lead: "Tom <i>", subject: "Idea for Globex", body: "Hi Tom", missing: [] },
    ]) as HTMLElement;
    expect(el.querySelector("summary")?.textContent).toBe("Filled for 2 leads");
    const leads = [...el.querySelectorAll(".pw-lab-filled-lead")];
    expect(leads.map((l) => l.querySelector(".pw-lab-filled-name")?.textContent)).toEqual(["Sarah Lee (Acme)", "Tom <i>"]);
    expect(leads[0]?.querySelector(".pw-var")?.textContent).toBe("%nickname%");
    expect(leads[0]?.querySelector(".pw-hint")?.textContent).toBe("No value for nickname");
    expect(leads[1]?.querySelector(".pw-hint")).toBeNull();
    expect(el.querySelector("i")).toBeNull();
  });

  it("is absent without leads", () => {
    expect(filledDrafts([])).toBeNull();
  });
});
