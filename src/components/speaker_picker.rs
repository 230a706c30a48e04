//! Choosing a quote's speaker: the engine's ranked candidates, any PERSON or
//! ORG in the article, or a typed name; or none.

use super::DocRef;
use crate::state::Action;
use crate::text;
use pressmark_engine::{Label, Speaker};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SpeakerPickerProps {
    pub doc: DocRef,
    pub quote: u32,
    pub dispatch: Callback<Action>,
}

/// A speaker called `name` for the quote `start..end`: the nearest mention
/// of the name as a PERSON/ORG entity, else the nearest whole-word
/// occurrence, else no span.
pub fn speaker_named(
    doc: &pressmark_engine::Document,
    start: usize,
    end: usize,
    name: &str,
) -> Speaker {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let ents = doc
        .entities
        .iter()
        .filter(|e| {
            matches!(e.label, Label::Person | Label::Org) && doc.slice(e.start, e.end) == name
        })
        .map(|e| (e.start, e.end));
    let span = text::nearest(ents, start, end).or_else(|| {
        let found = text::find_whole_word(&doc.text, &name);
        text::nearest(found, start, end).filter(|&(s, e)| e <= start || s >= end)
    });
    Speaker { name, span }
}

#[component]
pub fn SpeakerPicker(props: &SpeakerPickerProps) -> Html {
    let doc = &props.doc;
    let input = use_node_ref();
    let Some(q) = doc.quotes.iter().find(|q| q.id == props.quote) else {
        return Html::default();
    };
    let (qs, qe, qid) = (q.start, q.end, q.id);
    let current = q.speaker.as_ref().map(|s| s.name.clone());

    // PERSON and ORG names in the article, nearest to the quote first.
    let mut names: Vec<(String, Label, usize)> = Vec::new();
    for e in doc
        .entities
        .iter()
        .filter(|e| matches!(e.label, Label::Person | Label::Org))
    {
        let n = doc.slice(e.start, e.end).to_string();
        let dist = if e.end <= qs {
            qs - e.end
        } else {
            e.start.saturating_sub(qe)
        };
        match names.iter_mut().find(|(m, _, _)| *m == n) {
            Some(x) => x.2 = x.2.min(dist),
            None => names.push((n, e.label, dist)),
        }
    }
    names.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.0.cmp(&b.0)));

    let set = {
        let d = props.dispatch.clone();
        let doc = doc.clone();
        Callback::from(move |name: String| {
            let sp = speaker_named(&doc, qs, qe, &name);
            d.emit(Action::SetSpeaker {
                quote: qid,
                speaker: Some(sp),
            })
        })
    };
    let on_pick = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = crate::dom::event_value(&e).filter(|v| !v.is_empty()) {
                set.emit(v);
            }
        })
    };
    let on_type = {
        let set = set.clone();
        let input = input.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(v) = crate::dom::value_of(&input).filter(|v| !v.trim().is_empty()) {
                set.emit(v);
                crate::dom::clear_value(&input);
            }
        })
    };
    let clear = {
        let d = props.dispatch.clone();
        Callback::from(move |_| {
            d.emit(Action::SetSpeaker {
                quote: qid,
                speaker: None,
            })
        })
    };

    html! {
        <div class="speaker-picker">
            <p class="current-speaker">
                { "Speaker: " }
                { match &current {
                    Some(n) => html!{ <strong class="speaker-name">{ n.clone() }</strong> },
                    None => html!{ <em class="none">{ "none" }</em> },
                } }
            </p>
            { if q.candidates.is_empty() { Html::default() } else { html! {
                <div class="candidates" role="group" aria-label="Suggested speakers">
                    <h3>{ "Suggested" }</h3>
                    { for q.candidates.iter().map(|c| {
                        let chosen = current.as_deref() == Some(c.name.as_str());
                        let d = props.dispatch.clone();
                        let sp = Speaker { name: c.name.clone(), span: c.span };
                        let onclick = Callback::from(move |_| d.emit(Action::SetSpeaker { quote: qid, speaker: Some(sp.clone()) }));
                        html! {
                            <button type="button" class="btn small candidate" aria-pressed={if chosen { "true" } else { "false" }} {onclick}>
                                { c.name.clone() }<span class="score">{ format!(" {:.0}%", c.score * 100.0) }</span>
                            </button>
                        }
                    }) }
                </div>
            } } }
            <label class="field-label" for={format!("speaker-select-{qid}")}>{ "Person or organisation in the article" }</label>
            <select id={format!("speaker-select-{qid}")} onchange={on_pick}>
                <option value="" selected=true>{ if names.is_empty() { "(none found)" } else { "Choose…" } }</option>
                { for names.iter().map(|(n, l, _)| html! {
                    <option value={n.clone()}>{ format!("{n} ({})", l.as_str()) }</option>
                }) }
            </select>
            <form class="type-speaker" onsubmit={on_type}>
                <label class="field-label" for={format!("speaker-input-{qid}")}>{ "Or type a name" }</label>
                <div class="inline">
                    <input id={format!("speaker-input-{qid}")} type="text" ref={input} autocomplete="off" placeholder="Name" />
                    <button type="submit" class="btn small">{ "Set speaker" }</button>
                </div>
            </form>
            <button type="button" class="btn small" onclick={clear} disabled={current.is_none()}>{ "Clear speaker" }</button>
        </div>
    }
}
