"""Driving a live `SessionWidget` view in any host page, and watching static snapshots."""

from __future__ import annotations

from playwright.sync_api import Locator, expect

# An init script: on every DOM change and every frame, whether a static snapshot (or the output
# row holding it) takes space on screen, and whether a widget view had mounted by then.
SNAPSHOT_WATCH = """(() => {
  const watched = { beforeMount: 0, present: 0, shown: [] };
  window.__puffleSnapshots = watched;
  const check = (when) => {
    const mounted = !!document.querySelector('.puffle-campaign, .puffle-session');
    for (const el of document.querySelectorAll('.puffle-fallback')) {
      watched.present += 1;
      if (!mounted) watched.beforeMount += 1;
      const row = el.closest('.jp-OutputArea-child') ?? el;
      if (el.getClientRects().length > 0 || row.getBoundingClientRect().height > 0) {
        if (watched.shown.length < 20) watched.shown.push({ when, mounted });
      }
    }
  };
  new MutationObserver(() => check('mutation')).observe(document, {
    subtree: true, childList: true, attributes: true,
  });
  const frame = () => { check('frame'); requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
})();"""


def messages(view: Locator, role: str | None = None) -> Locator:
    """The transcript messages of a session view (of one role, if given)."""
    return view.locator("[data-testid=message]" + (f"[data-role={role}]" if role else ""))


def send_and_see_reply(view: Locator, message: str) -> None:
    """Type `message` in the view's chat box and send it; the server's transcript then shows it
    and, with no further action, the assistant's reply after it."""
    view.get_by_test_id("chat-input").fill(message)
    view.get_by_test_id("send").click()
    expect(messages(view, "user").last).to_contain_text(message)
    expect(messages(view).last).to_have_attribute("data-role", "assistant")
    expect(view.get_by_test_id("status")).to_have_attribute("data-status", "idle")
