"""A marimo app for tests/environments/test_marimo.py, served with `marimo run`.

Every viewer of a `marimo run` app gets a kernel that is a thread of one server process, so
os.environ (and anything cached per process) is shared between viewers. Each viewer here picks
who they are with `?viewer=NAME`; the test passes the viewers' keys, sessions and campaigns in
PUFFLE_TEST_VIEWERS (JSON), so no key is ever in a URL.
"""

import marimo

__generated_with = "0.25.2"
app = marimo.App()


@app.cell
def imports():
    import json
    import os

    import marimo as mo

    from puffle_widgets import CampaignWidget, Puffle, SessionWidget
    from puffle_widgets.client import PollSchedule, default_client

    return (
        CampaignWidget,
        PollSchedule,
        Puffle,
        SessionWidget,
        default_client,
        json,
        mo,
        os,
    )


@app.cell
def viewer(json, mo, os):
    viewers = json.loads(os.environ["PUFFLE_TEST_VIEWERS"])
    me = viewers[mo.query_params()["viewer"]]
    return (me,)


@app.cell
def explicit_client(PollSchedule, Puffle, me, os):
    # What apps should do: a client built from this viewer's own key, passed to every widget.
    client = Puffle(
        api_key=me["key"],
        base_url=os.environ["PUFFLE_API_BASE_URL"],
        poll_interval=PollSchedule(0.2, 1.0, 1.5),
    )
    return (client,)


@app.cell
def session_widget(SessionWidget, client, me):
    session_widget = SessionWidget(me["session"], client=client)
    session_widget
    return


@app.cell
def default_client_view(default_client, me, os):
    # What apps should not rely on, checked because it must still not leak: the environment is
    # the process's, and the default client follows the key it holds when asked (one client
    # per key and base URL), so this viewer's request goes out with this viewer's key.
    os.environ["PUFFLE_API_KEY"] = me["key"]
    seen_with_default = default_client().sessions.get(me["session"])
    seen_with_default
    return


@app.cell
def sessions_table(client, me):
    client.sessions.list(me["campaign"])
    return


@app.cell
def campaign_widget(CampaignWidget, client, me, mo):
    # A row click opens that session below the table; the selection is also a value that
    # other cells can follow (the next cell reruns when it changes).
    campaign = CampaignWidget(me["campaign"], client=client)
    campaign_view = mo.ui.anywidget(campaign)
    campaign_view
    return campaign, campaign_view


@app.cell
def picked_session(campaign, campaign_view, mo):
    picked = campaign_view.value["selected"]
    titles = {s.id: s.title for s in campaign.sessions}
    mo.md(f"Picked: {titles.get(picked, 'nothing yet')}")
    return


if __name__ == "__main__":
    app.run()
