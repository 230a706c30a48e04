//! The find bar (Ctrl+F): finds text anywhere in the article, also in the
//! paragraphs a long article has not rendered, which the browser's own
//! find cannot see. The match is selected in the text and scrolled to.

use super::DocRef;
use crate::state::Action;
use crate::text;
use crate::ui::UiAction;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FindBarProps {
    pub doc: DocRef,
    pub query: String,
    pub found: Option<(usize, usize)>,
    pub dispatch: Callback<Action>,
}

/// Matches counted at most (the bar says "1,000+").
const COUNT_CAP: usize = 1_000;

#[component]
pub fn FindBar(props: &FindBarProps) -> Html {
    let d = props.dispatch.clone();
    // Focus as soon as the bar is there (before the next key press: typing
    // right after Ctrl+F goes into the field).
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with((), move |_| crate::dom::focus_and_select(&input));
    }
    let find = {
        let d = d.clone();
        move |query: String, back: bool, again: bool| {
            d.emit(Action::FindNext { query, back, again })
        }
    };
    let oninput = {
        let find = find.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(q) = crate::dom::event_value(&e) {
                find(q, false, false);
            }
        })
    };
    let onkeydown = {
        let (find, q) = (find.clone(), props.query.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                find(q.clone(), e.shift_key(), true);
            }
        })
    };
    let step = |back: bool| {
        let (find, q) = (find.clone(), props.query.clone());
        Callback::from(move |_: MouseEvent| find(q.clone(), back, true))
    };
    let close = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::Ui(UiAction::FindOpen(false))))
    };
    let (n, before) = use_memo(
        (props.doc.clone(), props.query.clone(), props.found),
        |(doc, q, found)| text::count_matches(&doc.text, q, found.map_or(0, |f| f.0), COUNT_CAP),
    )
    .as_ref()
    .to_owned();
    let count = if props.query.is_empty() {
        String::new()
    } else if n == 0 {
        "No match".to_string()
    } else if n >= COUNT_CAP {
        format!("{} of {COUNT_CAP}+", before + 1)
    } else {
        format!("{} of {n}", before + 1)
    };
    html! {
        <div class="find-bar" role="search" data-testid="find-bar">
            <input id="find-input" ref={input} type="search" class="find-input" aria-label="Find in the article"
                placeholder="Find in the article" autocomplete="off" maxlength={text::FIND_MAX.to_string()}
                value={props.query.clone()} {oninput} {onkeydown} />
            <span class="find-count" aria-live="polite" data-testid="find-count">{ count }</span>
            <button type="button" class="btn btn-quiet" onclick={step(true)} disabled={n == 0} aria-label="Previous match" title="Previous match (Shift+Enter)">{ "↑" }</button>
            <button type="button" class="btn btn-quiet" onclick={step(false)} disabled={n == 0} aria-label="Next match" title="Next match (Enter)">{ "↓" }</button>
            <button type="button" class="btn btn-quiet" onclick={close} aria-label="Close find" title="Close (Esc)">{ "×" }</button>
        </div>
    }
}
