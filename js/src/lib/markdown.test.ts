import { renderMarkdown } from "./markdown";

function render(src: string): HTMLElement {
  const div = document.createElement("div");
  div.append(renderMarkdown(src));
  return div;
}

describe("renderMarkdown", () => {
  it("renders markdown", () => {
    const el = render("**bold** and `code`\n\n- one\n- two");
    expect(el.querySelector("strong")?.textContent).toBe("bold");
    expect(el.querySelector("code")?.textContent).toBe("code");
    expect(el.querySelectorAll("li").length).toBe(2);
  });

  it("neutralises an img onerror payload", () => {
    const el = render('hi <img src=x onerror="alert(1)"> there');
    const img = el.querySelector("img");
    expect(img?.hasAttribute("onerror")).not.toBe(true);
    expect(el.innerHTML).not.toContain("onerror");
  });

  it("drops script elements and inline handlers", () => {
    const el = render('<script>alert(1)</script><div onclick="x()">t</div><svg onload="x()"></svg>');
    expect(el.querySelector("script")).toBeNull();
    expect(el.innerHTML).not.toMatch(/onclick|onload|alert/);
  });

  it("removes javascript: links and hardens the others", () => {
    const el = render('[bad](javascript:alert(1)) <a href="JaVaScRiPt:alert(2)">raw</a> [ok](https://example.com)');
    for (const a of el.querySelectorAll("a")) {
      expect((a.getAttribute("href") ?? "").toLowerCase()).not.toContain("javascript:");
    }
    const ok = el.querySelector('a[href="https://example.com"]');
    expect(ok?.getAttribute("rel")).toBe("noopener noreferrer");
    expect(ok?.getAttribute("target")).toBe("_blank");
  });

  it("never loads images: markdown and raw images become links or nothing", () => {
    const el = render('![logo](https://tracker.example/p.gif) <img src="https://tracker.example/q.gif">');
    expect(el.querySelector("img")).toBeNull();
    const link = el.querySelector("a");
    expect(link?.textContent).toBe("[image: logo]");
    expect(link?.getAttribute("href")).toBe("https://tracker.example/p.gif");
    expect(render('![x](javascript:alert(1))').querySelector("a")?.hasAttribute("href")).toBe(false);
  });

  it("keeps plain text as text", () => {
    expect(render("a < b & c").textContent?.trim()).toBe("a < b & c");
  });
});
