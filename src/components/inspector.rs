//! The selected highlight: its label, why it was found (the rule in
//! words), and everything one can do to it (relabel, resize, delete, apply
//! to all, make a rule of it for every article; a quote's speaker).

use super::rule_preview::{Proposal, RulePreview};
use super::speaker_picker::SpeakerPicker;
use super::{ellipsis, DocRef, RulesRef};
use crate::state::{Action, Edge, Step, Target};
use crate::text::{self, short_label};
use crate::user_rules;
use pressmark_engine::{explain, Label, RuleKind, UserRule};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub doc: DocRef,
    /// The document's clusters ("all mentions" of an entity).
    pub clusters: super::ClustersRef,
    pub target: Target,
    pub dispatch: Callback<Action>,
    pub rules: RulesRef,
    /// The document was annotated with these rules (its `user:` rule ids
    /// point into them).
    pub rules_current: bool,
    /// A rule proposed from this inspector, not added yet.
    pub proposal: Option<Proposal>,
    pub on_propose: Callback<RuleKind>,
    pub on_apply: Callback<()>,
    pub on_cancel: Callback<()>,
}

/// "Found because: …" and the rule id.
fn why(rule: &str, rules: &[UserRule], current: bool) -> Html {
    // A rule of the user's own list: show it, when the ids refer to it.
    let own = rule
        .strip_prefix("user:")
        .and_then(|r| r.strip_prefix(user_rules::SET_NAME))
        .and_then(|r| r.strip_prefix(':'))
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|_| current)
        .and_then(|n| rules.get(n.checked_sub(1)?));
    match explain(rule) {
        Some(words) => html! {
            <span class="why">
                <span class="why-label">{ "Found because: " }</span>{ words }
                { match own { Some(r) => html! { <>{ " " }<code class="rule-line">{ r.to_string() }</code></> }, None => Html::default() } }
                <span class="rule-id">{ "Rule id " }<code>{ rule.to_string() }</code></span>
            </span>
        },
        None => html! {
            <span class="why">
                { "Found by the rule " }<code>{ rule.to_string() }</code>
                { " (this version of Pressmark cannot describe it)" }
            </span>
        },
    }
}

fn act(d: &Callback<Action>, a: Action) -> Callback<MouseEvent> {
    let d = d.clone();
    Callback::from(move |_| d.emit(a.clone()))
}

fn resize_buttons(d: &Callback<Action>, target: Target) -> Html {
    let b = |edge: Edge, widen: bool, sym: &'static str, label: &'static str| {
        html! {
            <button type="button" class="btn small" aria-label={label} title={label}
                onclick={act(d, Action::Resize { target, edge, widen, step: Step::Word })}>{ sym }</button>
        }
    };
    html! {
        <div class="resize" role="group" aria-label="Resize">
            <span class="resize-label">{ "Start" }</span>
            { b(Edge::Start, true, "◀", "Widen start by a word (Shift+←)") }
            { b(Edge::Start, false, "▶", "Narrow start by a word (Ctrl+→)") }
            <span class="resize-label">{ "End" }</span>
            { b(Edge::End, false, "◀", "Narrow end by a word (Ctrl+←)") }
            { b(Edge::End, true, "▶", "Widen end by a word (Shift+→)") }
        </div>
    }
}

/// "Always tag ‘X’ as LABEL" and "Never tag ‘X’" for the selected entity's
/// text, or the preview of the one chosen.
fn rule_actions(props: &InspectorProps, name: &str, label: Label) -> Html {
    let phrase = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let body = match &props.proposal {
        Some(p) => html! {
            <RulePreview proposal={p.clone()} on_apply={props.on_apply.clone()} on_cancel={props.on_cancel.clone()} />
        },
        None => {
            let make = |kind: RuleKind| UserRule::new(kind, false).ok();
            let always = make(RuleKind::Tag {
                label,
                phrase: phrase.clone(),
            });
            let never = make(RuleKind::Never {
                label: None,
                phrase: phrase.clone(),
            });
            if always.is_none() && never.is_none() {
                return Html::default(); // too long to be a rule
            }
            let mine = |r: &Option<UserRule>| {
                r.as_ref()
                    .and_then(|r| props.rules.iter().find(|o| user_rules::same(o, r)))
            };
            let button = |rule: &Option<UserRule>| match rule {
                Some(r) if mine(rule).is_none() => {
                    let (cb, kind) = (props.on_propose.clone(), r.kind.clone());
                    html! {
                        <button type="button" class="btn small" onclick={Callback::from(move |_| cb.emit(kind.clone()))}
                            title="See what it changes in this article before adding it">
                            { user_rules::describe(r) }{ "…" }</button>
                    }
                }
                _ => Html::default(),
            };
            html! {
                <>
                    { match mine(&always) {
                        Some(r) => html! { <p class="fine">{ "Your rule " }<code>{ r.to_string() }</code>{ " tags it in every article." }</p> },
                        None => Html::default(),
                    } }
                    { button(&always) }
                    { button(&never) }
                </>
            }
        }
    };
    html! {
        <div class="apply-all rule-actions" role="group" aria-labelledby="rule-actions-title">
            <h3 id="rule-actions-title">{ "Every article" }</h3>
            { body }
        </div>
    }
}

#[component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let doc = &props.doc;
    let d = &props.dispatch;
    let deselect = act(d, Action::Select(None));
    match props.target {
        Target::Entity(id) => {
            let Some(e) = doc.entities.iter().find(|e| e.id == id) else {
                return Html::default();
            };
            let name = doc.slice(e.start, e.end);
            // the entity's cluster and every mention written the same
            let (full, same) = crate::state::mentions_of(doc, &props.clusters, id);
            let differ = same.iter().filter(|o| o.label != e.label).count();
            let more = text::find_whole_word(&doc.text, name)
                .into_iter()
                .filter(|&(s, t)| {
                    let i = doc.entities.partition_point(|x| x.end <= s);
                    doc.entities.get(i).is_none_or(|x| x.start >= t)
                })
                .count();
            html! {
                <section class="panel inspector" aria-labelledby="inspector-title">
                    <div class="panel-head">
                        <h2 id="inspector-title">
                            <span class={classes!("tag", format!("chip-{}", e.label.as_str()))}>{ short_label(e.label) }</span>
                            { format!(" “{}”", ellipsis(name, 60)) }
                        </h2>
                        <button type="button" class="btn btn-quiet" aria-label="Deselect (Esc)" onclick={deselect}>{ "✕" }</button>
                    </div>
                    <p class="meta">
                        { e.label.as_str() }{ " — " }{ e.label.describe() }<br/>
                        { why(&e.rule, &props.rules, props.rules_current) }
                    </p>
                    <div class="label-buttons" role="group" aria-label="Label">
                        { for Label::ALL.iter().enumerate().map(|(i, l)| html! {
                            <button type="button" class={classes!("btn", "small", "label-btn", format!("chip-{}", l.as_str()))}
                                aria-pressed={if *l == e.label { "true" } else { "false" }}
                                title={format!("{} (key {})", l.describe(), i + 1)}
                                onclick={act(d, Action::Relabel { id, label: *l })}>{ l.as_str() }</button>
                        }) }
                    </div>
                    { resize_buttons(d, props.target) }
                    <div class="row">
                        <button type="button" class="btn btn-danger" onclick={act(d, Action::Delete(props.target))} title="Delete (Delete / Backspace)">{ "Delete" }</button>
                    </div>
                    { if same.len() > 1 || more > 0 { html! {
                        <div class="apply-all" role="group" aria-label="Apply to all">
                            <h3>{ "Apply to all" }</h3>
                            { if differ > 0 { html! {
                                <button type="button" class="btn small" onclick={act(d, Action::RelabelAll { id, label: e.label })}>
                                    { format!("Label all {} “{}” as {}", same.len(), ellipsis(&full, 30), e.label.as_str()) }</button>
                            } } else { Html::default() } }
                            { if same.len() > 1 { html! {
                                <button type="button" class="btn small" onclick={act(d, Action::RemoveAll { id })}>
                                    { format!("Remove all {} “{}”", same.len(), ellipsis(&full, 30)) }</button>
                            } } else { Html::default() } }
                            { if more > 0 { html! {
                                <button type="button" class="btn small" onclick={act(d, Action::LabelOccurrences { id })}>
                                    { format!("Label {} more “{}” as {}", more, ellipsis(name, 30), e.label.as_str()) }</button>
                            } } else { Html::default() } }
                        </div>
                    } } else { Html::default() } }
                    { rule_actions(props, name, e.label) }
                </section>
            }
        }
        Target::Quote(id) => {
            let Some(q) = doc.quotes.iter().find(|q| q.id == id) else {
                return Html::default();
            };
            html! {
                <section class="panel inspector" aria-labelledby="inspector-title">
                    <div class="panel-head">
                        <h2 id="inspector-title"><span class="tag chip-quote">{ "❝" }</span>{ " Quote" }</h2>
                        <button type="button" class="btn btn-quiet" aria-label="Deselect (Esc)" onclick={deselect}>{ "✕" }</button>
                    </div>
                    <blockquote class="quote-preview">{ ellipsis(doc.slice(q.start, q.end), 220) }</blockquote>
                    <p class="meta">{ why(&q.rule, &props.rules, props.rules_current) }</p>
                    <SpeakerPicker doc={doc.clone()} quote={id} dispatch={d.clone()} />
                    { resize_buttons(d, props.target) }
                    <div class="row">
                        <button type="button" class="btn btn-danger" onclick={act(d, Action::Delete(props.target))} title="Delete (Delete / Backspace)">{ "Delete quote" }</button>
                    </div>
                </section>
            }
        }
    }
}
