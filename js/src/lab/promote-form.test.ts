import { Disposer } from "../lib/disposer";
import { labModel, labRow } from "./fixtures";
import { createPromoteForm } from "./promote-form";

const TARGET = "3c90c3cc-0d44-4b50-8888-8dd25736052a";

function mount() {
  const model = labModel();
  const view = createPromoteForm("A", model, new Disposer());
  document.body.append(view.el);
  const q = <T extends HTMLElement>(id: string) => view.el.querySelector(`[data-testid=${id}]`) as T;
  return { model, view, q, form: view.el.querySelector("form") as HTMLFormElement };
}

describe("promote form", () => {
  afterEach(() => (document.body.textContent = ""));

  it("asks for the target session and sends the promote message", () => {
    const { model, view, q, form } = mount();
    view.update(labRow());
    expect(form.hidden).toBe(true);
    q<HTMLButtonElement>("lab-promote").click();
    expect(form.hidden).toBe(false);
    expect(document.activeElement).toBe(q("lab-promote-target"));
    q<HTMLInputElement>("lab-promote-target").value = ` ${TARGET} `;
    q<HTMLButtonElement>("lab-promote-confirm").click();
    expect(model.sentOfType("promote")).toEqual([{ type: "promote", variant: "A", session_id: TARGET }]);
    expect(form.hidden).toBe(true);
  });

  it("refuses something that is not a session id, saying why", () => {
    const { model, view, q } = mount();
    view.update(labRow());
    q<HTMLButtonElement>("lab-promote").click();
    q<HTMLInputElement>("lab-promote-target").value = "my session";
    q<HTMLButtonElement>("lab-promote-confirm").click();
    expect(model.sent).toEqual([]);
    expect(q("lab-promote-hint").textContent).toMatch(/UUID/);
  });

  it("is disabled until the variant has a finished draft", () => {
    const { view, q, form } = mount();
    view.update(labRow({ status: "running", subject: null, body: null }));
    expect(q<HTMLButtonElement>("lab-promote").disabled).toBe(true);
    view.update(labRow());
    q<HTMLButtonElement>("lab-promote").click();
    view.update(labRow({ status: "failed", subject: null, body: null }));
    expect(form.hidden).toBe(true);
  });
});
