import { Disposer } from "./disposer";
import { declaredTheme, followHostTheme, hostTheme } from "./theme";

describe("host theme", () => {
  afterEach(() => {
    document.body.className = "";
    document.body.removeAttribute("data-theme");
    document.body.removeAttribute("data-jp-theme-light");
    document.body.textContent = "";
  });

  it("reads the marks JupyterLab, VS Code and marimo put on the page", () => {
    const el = document.createElement("div");
    el.setAttribute("data-jp-theme-light", "false");
    expect(declaredTheme(el)).toBe("dark");
    const vs = document.createElement("div");
    vs.className = "vscode-high-contrast vscode-high-contrast-light";
    expect(declaredTheme(vs)).toBe("light");
    vs.className = "vscode-dark";
    expect(declaredTheme(vs)).toBe("dark");
    const marimo = document.createElement("body");
    marimo.className = "dark dark-theme";
    marimo.dataset.theme = "dark";
    expect(declaredTheme(marimo)).toBe("dark");
    expect(declaredTheme(document.createElement("div"))).toBeNull();
  });

  it("finds the theme above a shadow root, as in marimo", () => {
    document.body.classList.add("dark");
    const host = document.createElement("div");
    document.body.append(host);
    const shadow = host.attachShadow({ mode: "open" });
    const root = document.createElement("div");
    shadow.append(root);
    expect(hostTheme(root)).toBe("dark");
  });

  it("follows a theme switch on the page", async () => {
    const root = document.createElement("div");
    document.body.append(root);
    const disposer = new Disposer();
    followHostTheme(disposer, root);
    expect(root.dataset.pwTheme).toBeUndefined();
    document.body.dataset.theme = "dark";
    await Promise.resolve(); // MutationObserver records arrive as a microtask
    expect(root.dataset.pwTheme).toBe("dark");
    document.body.dataset.theme = "light";
    await Promise.resolve();
    expect(root.dataset.pwTheme).toBe("light");
    disposer.dispose();
    document.body.dataset.theme = "dark";
    await Promise.resolve();
    expect(root.dataset.pwTheme).toBe("light");
  });
});
