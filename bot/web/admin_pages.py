"""HTML of the admin console: the NLU inbox and the model registry. Every value goes through ``esc``."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from bot.db.models import AssistantModel, ModelActivation
from bot.rasa.health import PartHealth
from bot.shop.policy import Policy
from bot.staff.accounts import SignedIn
from bot.training.evaluation import Comparison, Scores, intents_changed
from bot.training.inbox import InboxGroup
from bot.training.intents import describe, named
from bot.training.registry import Wait
from bot.web.pages import csrf, esc, when

NEW_INTENT = "__new__"


def _confidence(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def intent(name: str | None) -> str:
    """An intent's name with what it means beside it (``bot.training.intents``)."""
    if not name:
        return "–"
    return f'<span class="intent"><b>{esc(name)}</b> <small class="meaning">({esc(describe(name))})</small></span>'


def _confusion(pair: str) -> str:
    true, _, predicted = pair.partition(" -> ")
    return f"{intent(true)} → {intent(predicted)}" if predicted else esc(pair)


def health(parts: list[PartHealth], policy: Policy) -> str:
    """Which processes of the service answer, their restarts (what ``python -m bot status`` prints)."""
    if not parts:
        return ('<section class="card" id="health"><h2>Service</h2><p>Not run under the supervisor '
                "(<code>scripts/serve</code> runs it): no process record.</p></section>")  # fmt: skip
    rows = "".join(
        f'<tr data-part="{esc(p.name)}" data-state="{esc(p.state)}"><td>{esc(PART_NAMES.get(p.name, p.name))}</td>'
        f"<td>{esc(p.state)}</td><td>{p.restarts}</td>"
        f"<td>{esc(when(dt.datetime.fromtimestamp(p.since, dt.timezone.utc), policy))}</td></tr>"
        for p in parts
    )
    return (f'<section class="card" id="health"><h2>Service</h2><table><thead><tr><th>Part</th><th>State</th>'
            f"<th>Restarts</th><th>Since</th></tr></thead><tbody>{rows}</tbody></table></section>")  # fmt: skip


PART_NAMES = {"actions": "Action server", "rasa": "Rasa server", "web": "Web gateway"}


def inbox(groups: list[InboxGroup], intents: list[str], staff: SignedIn, policy: Policy) -> str:
    """The inbox: one card per group of repeated texts, each with its label and dismiss forms."""
    if not groups:
        return '<p class="card" id="inbox-empty">The inbox is empty: nothing the assistant was unsure of.</p>'
    options = "".join(f'<option value="{esc(i)}">{esc(named(i))}</option>' for i in intents)
    cards = []
    for g in groups:
        chats = " ".join(f'<a href="/staff/admin/conversations/{esc(quote(c, safe=""))}">conversation {n}</a>'
                         for n, c in enumerate(g.conversations[:5], 1))  # fmt: skip
        cards.append(f"""<section class="card inbox-group" data-key="{esc(g.key)}">
<p class="said"><q>{esc(g.text)}</q> <small>×{g.count} · {esc(", ".join(g.sources))} · understood as
{intent(g.predicted_intent)}, confidence {_confidence(g.confidence)} · last {esc(when(g.last_at, policy))}</small></p>
<p><small>{chats}</small></p>
<form method="post" action="/staff/admin/inbox/label" class="label-form">{csrf(staff)}
<input type="hidden" name="key" value="{esc(g.key)}">
<label>Example as it will be trained <input name="text" value="{esc(g.text)}" maxlength="200" size="60"></label>
<label>Intent <select name="intent"><option value="">choose…</option>{options}
<option value="{NEW_INTENT}">a new intent…</option></select></label>
<label>New intent name (only for a new intent) <input name="new_intent" maxlength="60"></label>
<button name="action" value="label" class="label">Label</button></form>
<form method="post" action="/staff/admin/inbox/dismiss">{csrf(staff)}
<input type="hidden" name="key" value="{esc(g.key)}"><button class="dismiss">Dismiss</button></form></section>""")
    return "".join(cards)


def conversation(lines: list[tuple[str, str, dt.datetime]], policy: Policy) -> str:
    """A conversation as the admin sees it: redacted."""
    items = "".join(f'<li class="line {esc(author)}"><span class="author">{esc(author)}</span> '
                    f'<span class="text">{esc(text)}</span> <small>{esc(when(at, policy))}</small></li>'
                    for author, text, at in lines)  # fmt: skip
    return f'<ol id="transcript">{items or "<li>No lines.</li>"}</ol>'


def _scores_line(scores: Scores | None) -> str:
    if scores is None:
        return "–"
    return (f"accuracy {scores['accuracy']:.3f} · macro F1 {scores['macro_f1']:.3f} · "
            f"fallback {scores['fallback_rate']:.3f}")  # fmt: skip


def wait_words(seconds: float) -> str:
    """A wait in whole minutes, as an admin plans around it: "about 3 minutes"."""
    minutes = max(1, round(seconds / 60))
    return f"about {minutes} minute{'s' if minutes != 1 else ''}"


def models(rows: list[tuple[AssistantModel, Scores | None]], history: list[ModelActivation], staff: SignedIn,
           policy: Policy, busy: AssistantModel | None, before: AssistantModel | None,
           waits: tuple[Wait, Wait]) -> str:  # fmt: skip
    """The registry, the retrain and roll-back buttons and the activation history.

    ``waits`` are the expected waits of a fine-tuning and of a full training; each retrain button leads to a page
    that asks for confirmation first.
    """
    fine_tune, full = (wait.seconds for wait in waits)
    retrain = (f'<p id="busy">Model <a href="/staff/admin/models/{busy.id}">{busy.id}</a> is being '
               f'{esc(busy.status)}: <span class="progress">{esc(busy.progress)}</span></p>') if busy else (
        '<form method="get" action="/staff/admin/models/retrain">'
        '<button id="retrain">Retrain from the training data…</button> <small>fine-tunes the model in service when '
        f"only examples changed ({wait_words(fine_tune)}), else trains in full ({wait_words(full)})</small></form>"
        '<form method="get" action="/staff/admin/models/retrain"><input type="hidden" name="full" value="yes">'
        f'<button id="retrain-full">Full retrain from scratch…</button> <small>{wait_words(full)}</small></form>'
    )  # fmt: skip
    body = []
    for model, scores in rows:
        state = "active" if model.active else model.status
        rollback = "" if model.active or model.status not in ("ready", "blocked", "served") else (
            f'<form method="post" action="/staff/admin/models/rollback">{csrf(staff)}'
            f'<input type="hidden" name="model" value="{model.id}"><button class="rollback">Put back in service'
            "</button></form>") if any(a.model_id == model.id for a in history) else ""  # fmt: skip
        file = model.file.rsplit("/", 1)[-1] if model.file else "–"
        body.append(f"""<tr data-model="{model.id}" class="{esc(state)}"><td><a href="/staff/admin/models/{model.id}">
{model.id}</a></td><td class="state">{esc(state)}</td><td>{esc(file)}<br><small>data {esc(model.data_fingerprint[:12])}
</small></td><td>{esc(model.trained_by)}<br><small>{esc(when(model.started_at, policy))}</small></td>
<td>{esc(_scores_line(scores))}</td><td>{rollback}</td></tr>""")
    activations = "".join(f"<li>{esc(when(a.at, policy))}: model {a.model_id} by {esc(a.by)} ({esc(a.kind)})"
                          f"{': ' + esc(a.reason) if a.reason else ''}</li>" for a in history)  # fmt: skip
    back = (f'<form method="post" action="/staff/admin/models/rollback">{csrf(staff)}<button id="rollback-previous">'
            f"Roll back to model {before.id}, in service before</button></form>") if before else ""  # fmt: skip
    return f"""<section class="card">{retrain}{back}</section>
<section class="card"><h2>Registry</h2><table id="models"><thead><tr><th>Model</th><th>State</th><th>File</th>
<th>Trained by</th><th>Held-out scores</th><th></th></tr></thead><tbody>{"".join(body)}</tbody></table></section>
<section class="card"><h2>Activations</h2><ol id="activations">{activations or "<li>None yet.</li>"}</ol></section>"""


def retrain_confirmation(full: bool, fine_tune: Wait, whole: Wait, serving: AssistantModel | None,
                         staff: SignedIn) -> str:  # fmt: skip
    """The step before a training run: what it will do, how long it takes, and the button that starts it."""
    wait = whole if full else fine_tune
    took = (f" (model {wait.judged_by}, the last trained this way, took {wait.seconds:.0f} s)"
            if wait.judged_by is not None else "")  # fmt: skip
    how = ("The model is trained in full from the training data, from scratch." if full else
           "The model in service is fine-tuned on the training data. If an intent, entity or slot was added, or the "
           f"config changed, it is trained in full instead, which takes {wait_words(whole.seconds)}.")  # fmt: skip
    now = f"model {serving.id}" if serving is not None else "the model in service"
    return f"""<section class="card" id="retrain-confirm">
<p id="expected-time"><b>Retraining takes {wait_words(wait.seconds)}</b>{esc(took)}.</p>
<p>{esc(how)} The new model is then scored on the held-out split next to the active one.</p>
<p>Customers keep chatting with {esc(now)} meanwhile; the new model answers them only once you activate it.</p>
<form method="post" action="/staff/admin/models/retrain">{csrf(staff)}<input type="hidden" name="confirm" value="yes">
{'<input type="hidden" name="full" value="yes">' if full else ""}
<button id="confirm-retrain">{"Start the full retrain" if full else "Start retraining"}</button>
<a href="/staff/admin/models" id="cancel-retrain">Cancel</a></form></section>"""


def _how_trained(model: AssistantModel) -> str:
    took = f" in {model.train_seconds:.0f} s" if model.train_seconds is not None else ""
    if model.method == "fine-tuned":
        return f"fine-tuned from model {model.base_model_id}{took}"
    return {"auto": "fine-tunes the model in service if it can", "full": f"trained in full{took}"}.get(model.method, "")


def model_report(model: AssistantModel, scores: Scores | None, comparison: Comparison | None,
                 staff: SignedIn) -> str:  # fmt: skip
    """One model: live progress while it trains, then its scores next to the active model's and the gate."""
    live = model.status in ("training", "evaluating")
    parts = [
        f"""<section class="card"><p>State: <b id="model-status">{esc("active" if model.active else model.status)}
</b> · <span id="model-progress" data-live="{"yes" if live else "no"}"
 data-url="/staff/admin/models/{model.id}/progress">{esc(model.progress)}</span></p>
<p><small>Trained by {esc(model.trained_by)} · <span id="how-trained">{esc(_how_trained(model))}</span>
· data fingerprint {esc(model.data_fingerprint[:16])}
{" · override: " + esc(model.override_reason) if model.override_reason else ""}</small></p></section>"""
    ]
    if scores is not None:
        parts.append(f'<section class="card"><h2>Held-out split ({scores["examples"]} examples)</h2>'
                     f'<p id="scores">{esc(_scores_line(scores))}</p></section>')  # fmt: skip
    if comparison is not None:
        verdict = ("<p id=\"gate\" class=\"notice\">The regression gate passed.</p>" if comparison["passed"] else
                   '<div id="gate" class="error" role="alert"><p>The regression gate blocked this model:</p><ul>'
                   + "".join(f"<li>{esc(r)}</li>" for r in comparison["regressions"]) + "</ul></div>")  # fmt: skip
        changed = "".join(f"<tr><td>{intent(i)}</td><td>{a:.2f}</td><td>{b:.2f}</td><td>{b - a:+.2f}</td></tr>"
                          for i, (a, b) in intents_changed(comparison).items())  # fmt: skip
        gone = "".join(f"<li>{_confusion(k)} ({v})</li>" for k, v in comparison["confusions_gone"].items())
        new = "".join(f"<li>{_confusion(k)} ({v})</li>" for k, v in comparison["confusions_new"].items())
        rows = "".join(f"<tr><th>{label}</th><td>{a:.3f}</td><td>{b:.3f}</td><td>{b - a:+.3f}</td></tr>"
                       for label, (a, b) in (("accuracy", comparison["accuracy"]), ("macro F1", comparison["macro_f1"]),
                                             ("fallback rate", comparison["fallback_rate"])))  # fmt: skip
        parts.append(f"""<section class="card"><h2>Next to the active model</h2>{verdict}
<table id="comparison"><thead><tr><th></th><th>active</th><th>this model</th><th>change</th></tr></thead>
<tbody>{rows}</tbody></table>
<h3>Intents whose F1 changed</h3><table id="intents-changed"><thead><tr><th>Intent</th><th>active</th><th>this</th>
<th>change</th></tr></thead><tbody>{changed or '<tr><td colspan="4">None.</td></tr>'}</tbody></table>
<h3>Confusions fixed (true → predicted)</h3><ul id="confusions-gone">{gone or "<li>None.</li>"}</ul>
<h3>New confusions</h3><ul id="confusions-new">{new or "<li>None.</li>"}</ul></section>""")
    if scores is not None:
        table = "".join(
            f"<tr><td>{intent(i)}</td><td>{s['precision']:.2f}</td><td>{s['recall']:.2f}</td><td>{s['f1']:.2f}</td>"
            f"<td>{s['support']}</td></tr>"
            for i, s in scores["intents"].items()
        )
        parts.append(f"""<section class="card"><h2>Per intent</h2><table id="per-intent"><thead><tr><th>Intent</th>
<th>Precision</th><th>Recall</th><th>F1</th><th>Examples</th></tr></thead><tbody>{table}</tbody></table></section>""")
    if not model.active and model.status in ("ready", "blocked", "served"):
        reason = ('<label>Reason for overriding the gate (required) <textarea name="reason" id="override-reason" '
                  'maxlength="500" required></textarea></label>') if model.status == "blocked" else ""  # fmt: skip
        parts.append(f"""<section class="card"><form method="post" action="/staff/admin/models/{model.id}/activate"
 id="activate-form">{csrf(staff)}{reason}<button id="activate">{"Override and activate" if reason else "Activate"}
</button></form></section>""")
    return "".join(parts)
