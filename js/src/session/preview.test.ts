import { SessionContext } from "./context";
import { createPreview } from "./preview";
import { sessionModel } from "../test/fixtures";

describe("preview", () => {
  it("fills the draft from the chosen lead and leaves missing values visible", () => {
    const model = sessionModel({ draft_subject: "About %company%", draft_body: "Hi %first_name%, %position%" });
    const ctx = new SessionContext(model);
    const el = createPreview(ctx);
    const q = (id: string) => el.querySelector(`[data-testid=${id}]`) as HTMLElement;
    expect(q("preview-subject").textContent).toBe("About Acme");
    expect(q("preview-body").textContent).toBe("Hi Sarah, VP Sales");
    const select = q("preview-lead") as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(["Sarah Lee (Acme)", "Bill Lumbergh (Initech)"]);
    select.value = "1";
    select.dispatchEvent(new Event("change"));
    expect(q("preview-body").textContent).toBe("Hi Bill, %position%");
    expect(q("preview-body").querySelector(".pw-var-missing")?.textContent).toBe("%position%");
  });

  it("copies the filled subject and body", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const ctx = new SessionContext(sessionModel({ draft_subject: "About %company%", draft_body: "Hi %first_name%" }));
    const el = createPreview(ctx);
    (el.querySelector("[data-testid=copy-preview]") as HTMLButtonElement).click();
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith("About Acme\n\nHi Sarah"));
    ctx.disposer.dispose();
  });

  it("shows an empty state without leads and follows lead changes", () => {
    const model = sessionModel({ sample_leads: [] });
    const ctx = new SessionContext(model);
    const el = createPreview(ctx);
    expect(el.querySelector(".pw-empty")?.hasAttribute("hidden")).toBe(false);
    model.kernelSet("sample_leads", [{ full_name: "Ann Z", company: "Zeta" }]);
    expect(el.querySelector(".pw-empty")?.hasAttribute("hidden")).toBe(true);
    expect(el.querySelector("[data-testid=preview-subject]")?.textContent).toBe("Quick question about Zeta");
    ctx.disposer.dispose();
  });
});
