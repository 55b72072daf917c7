import { copyButton } from "./copy-button";
import { Disposer } from "../lib/disposer";

describe("copyButton", () => {
  it("copies the current text and shows feedback", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const d = new Disposer();
    let text = "first";
    const btn = copyButton(d, () => text, "Copy subject");
    text = "second";
    btn.click();
    await vi.waitFor(() => expect(btn.textContent).toBe("Copied"));
    expect(writeText).toHaveBeenCalledWith("second");
    expect(btn.hasAttribute("aria-label")).toBe(false); // named by what it shows
    expect(btn.title).toBe("Copy subject");
    d.dispose();
  });
});
