//! The paste view: a large text area, Annotate, the sample and Open file….

use crate::{dom, flows, worker};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub busy: bool,
    /// The text area holds text (`Ui::has_text`).
    pub has_text: bool,
    pub on_has_text: Callback<bool>,
    pub on_annotate: Callback<String>,
    pub on_sample: Callback<()>,
    pub on_open: Callback<()>,
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let area = use_node_ref();
    let oninput = {
        let (had, cb, area) = (props.has_text, props.on_has_text.clone(), area.clone());
        Callback::from(move |_: InputEvent| {
            let value = dom::value_of(&area);
            // A long article will be annotated in the worker: start it (it
            // compiles the wasm) while the reader gets to the button.
            if value
                .as_ref()
                .is_some_and(|v| v.len() >= flows::WORKER_MIN_BYTES)
            {
                worker::warm();
            }
            let v = value.is_some_and(|v| !v.trim().is_empty());
            if v != had {
                cb.emit(v);
            }
        })
    };
    let annotate = {
        let area = area.clone();
        let cb = props.on_annotate.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(v) = dom::value_of(&area).filter(|v| !v.trim().is_empty()) {
                cb.emit(v);
            }
        })
    };
    // Ctrl+Enter annotates too.
    let onkeydown = {
        let area = area.clone();
        let cb = props.on_annotate.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                if let Some(v) = dom::value_of(&area).filter(|v| !v.trim().is_empty()) {
                    cb.emit(v);
                }
            }
        })
    };
    {
        let area = area.clone();
        use_effect_with((), move |_| dom::focus_if_free(&area));
    }
    let sample = {
        let cb = props.on_sample.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let open = {
        let cb = props.on_open.clone();
        Callback::from(move |_| cb.emit(()))
    };
    html! {
        <section class="editor">
            <div class="intro">
                <h2>{ "Annotate a news article" }</h2>
                <p>{ "Paste an article below and press " }<strong>{ "Annotate" }</strong>{ ". Pressmark marks the " }
                    <span class="ent ent-PERSON plain">{ "people" }</span>{ ", " }
                    <span class="ent ent-ORG plain">{ "organisations" }</span>{ ", " }
                    <span class="ent ent-LOC plain">{ "places" }</span>{ ", " }
                    <span class="ent ent-NORP plain">{ "groups" }</span>{ ", " }
                    <span class="ent ent-DATE plain">{ "dates" }</span>{ " and " }
                    <span class="ent ent-NUMBER plain">{ "numbers" }</span>
                    { " it finds, and every direct quote with its speaker. Correct what it got wrong, then download the result as JSON or in the format of the next tool (brat, CoNLL, spaCy, doccano, Label Studio, W3C, CSV)." }
                </p>
                <p class="fine">{ "Everything runs in your browser: the text never leaves this page. Work in progress is kept in this browser until you start a new article." }</p>
            </div>
            <form class="paste" onsubmit={annotate}>
                <label for="article-text" class="field-label">{ "Article text" }</label>
                <textarea id="article-text" ref={area} {oninput} {onkeydown}
                    placeholder="Paste the article here: headline, then paragraphs separated by blank lines…"
                    spellcheck="false" rows="16" />
                <div class="actions">
                    <button type="submit" class="btn btn-primary" disabled={props.busy || !props.has_text}>
                        { if props.busy { "Annotating…" } else { "Annotate" } }
                    </button>
                    <button type="button" class="btn" onclick={sample} disabled={props.busy}>{ "Load sample article" }</button>
                    <button type="button" class="btn" onclick={open} disabled={props.busy}>{ "Open file…" }</button>
                    <span class="fine">{ "A .txt article, or annotations: Pressmark .json, brat .ann (with its .txt), CoNLL, spaCy, doccano, Label Studio or W3C. Ctrl+Enter annotates." }</span>
                </div>
            </form>
        </section>
    }
}
