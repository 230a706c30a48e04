//! The selected highlight: its label and rule, and everything one can do to
//! it (relabel, resize, delete, apply to all; a quote's speaker).

use super::speaker_picker::SpeakerPicker;
use super::{ellipsis, DocRef};
use crate::state::{Action, Edge, Step, Target};
use crate::text::{self, short_label};
use pressmark_engine::{Label, Source};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub doc: DocRef,
    pub target: Target,
    pub dispatch: Callback<Action>,
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
            let same: Vec<_> = doc
                .entities
                .iter()
                .filter(|o| doc.slice(o.start, o.end) == name)
                .collect();
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
                        { match e.source {
                            Source::Rule => html!{ <>{ "Found by rule " }<code>{ e.rule.to_string() }</code></> },
                            Source::User => html!{ { "Added or corrected by you" } },
                        } }
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
                                    { format!("Label all {} “{}” as {}", same.len(), ellipsis(name, 30), e.label.as_str()) }</button>
                            } } else { Html::default() } }
                            { if same.len() > 1 { html! {
                                <button type="button" class="btn small" onclick={act(d, Action::RemoveAll { id })}>
                                    { format!("Remove all {} “{}”", same.len(), ellipsis(name, 30)) }</button>
                            } } else { Html::default() } }
                            { if more > 0 { html! {
                                <button type="button" class="btn small" onclick={act(d, Action::LabelOccurrences { id })}>
                                    { format!("Label {} more “{}” as {}", more, ellipsis(name, 30), e.label.as_str()) }</button>
                            } } else { Html::default() } }
                        </div>
                    } } else { Html::default() } }
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
                    <p class="meta">{ match q.source {
                        Source::Rule => html!{ <>{ "Found by rule " }<code>{ q.rule.to_string() }</code></> },
                        Source::User => html!{ { "Added or corrected by you" } },
                    } }</p>
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
