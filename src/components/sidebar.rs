//! The side panel: entities grouped by name (count, click to jump through
//! the mentions) and the quotes with their speakers.

use super::group_row::{Group, GroupRow};
use super::{ellipsis, DocRef};
use crate::state::Target;
use crate::text::short_label;
use pressmark_engine::Label;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SidebarProps {
    pub doc: DocRef,
    pub selected: Option<Target>,
    pub on_jump: Callback<Target>,
    /// "Label text": (text, label) to add wherever the text occurs.
    pub on_label_text: Callback<(String, Label)>,
}

fn groups(doc: &pressmark_engine::Document) -> Vec<Rc<Group>> {
    let mut map: HashMap<(Label, &str), Vec<(usize, u32)>> = HashMap::new();
    for e in &doc.entities {
        map.entry((e.label, doc.slice(e.start, e.end)))
            .or_default()
            .push((e.start, e.id));
    }
    let mut out: Vec<Group> = map
        .into_iter()
        .map(|((label, name), ids)| Group {
            label,
            name: AttrValue::from(name.to_string()),
            ids,
        })
        .collect();
    out.sort_by(|a, b| {
        a.label
            .cmp(&b.label)
            .then(b.ids.len().cmp(&a.ids.len()))
            .then_with(|| a.name.cmp(&b.name))
    });
    out.into_iter().map(Rc::new).collect()
}

/// Names listed per label, and quotes listed, before "Show more".
const GROUPS_SHOWN: usize = 300;
const QUOTES_SHOWN: usize = 500;

#[component]
pub fn Sidebar(props: &SidebarProps) -> Html {
    let doc = &props.doc;
    let groups = use_memo(props.doc.clone(), |d| groups(d));
    let sel_pos = match props.selected {
        Some(Target::Entity(id)) => doc
            .entities
            .iter()
            .find(|e| e.id == id)
            .map(|e| (e.start, id)),
        _ => None,
    };
    // Rows are memoised components: the click reads the current selection
    // from here, so a row only re-renders when its own group changes.
    let sel_ref = use_mut_ref(|| None::<(usize, u32)>);
    *sel_ref.borrow_mut() = sel_pos;
    let on_group = {
        let on_jump = props.on_jump.clone();
        let sel_ref: Rc<RefCell<Option<(usize, u32)>>> = sel_ref.clone();
        use_callback(on_jump, move |g: Rc<Group>, on_jump| {
            // the next mention after the selected one (wrapping)
            let sel = *sel_ref.borrow();
            let next = match sel {
                Some(p) => g.ids.iter().find(|x| **x > p).or(g.ids.first()),
                None => g.ids.first(),
            };
            if let Some(&(_, id)) = next {
                on_jump.emit(Target::Entity(id));
            }
        })
    };
    let mut by_label: Vec<(Label, Vec<&Rc<Group>>)> = Vec::new();
    for g in groups.iter() {
        match by_label.last_mut() {
            Some((l, v)) if *l == g.label => v.push(g),
            _ => by_label.push((g.label, vec![g])),
        }
    }
    // A very long article has tens of thousands of names and quotes: the
    // lists show the first ones, and all on request.
    let all_groups = use_state(|| false);
    let all_quotes = use_state(|| false);
    let group_cap = if *all_groups {
        usize::MAX
    } else {
        GROUPS_SHOWN
    };
    let quote_cap = if *all_quotes {
        usize::MAX
    } else {
        QUOTES_SHOWN
    };
    let hidden_groups: usize = by_label
        .iter()
        .map(|(_, gs)| gs.len().saturating_sub(group_cap))
        .sum();
    let find_ref = use_node_ref();
    // The chosen label is state, so the select always shows it (PERSON first).
    let find_label = use_state(|| Label::Person);
    let on_find_label = {
        let find_label = find_label.clone();
        Callback::from(move |e: Event| {
            if let Some(l) = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|s| Label::parse(&s.value()))
            {
                find_label.set(l);
            }
        })
    };
    let on_find_submit = {
        let (find_ref, cb, label) = (find_ref.clone(), props.on_label_text.clone(), *find_label);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = find_ref
                .cast::<web_sys::HtmlInputElement>()
                .map(|i| i.value())
                .unwrap_or_default();
            if !text.trim().is_empty() {
                cb.emit((text, label));
            }
        })
    };
    html! {
        <>
            <section class="panel find-panel" aria-labelledby="find-title">
                <h2 id="find-title">{ "Label text" }</h2>
                <form class="find-form" onsubmit={on_find_submit}>
                    <input ref={find_ref} type="text" class="find-input" aria-label="Text to label" placeholder="e.g. Raqqa" autocomplete="off" />
                    <select class="find-label" aria-label="Label for the text" onchange={on_find_label}>
                        { for Label::ALL.iter().map(|l| html! { <option value={l.as_str()} selected={*l == *find_label}>{ l.as_str() }</option> }) }
                    </select>
                    <button type="submit" class="btn">{ "Label all" }</button>
                </form>
                <p class="fine">{ "Labels every whole-word occurrence that is not highlighted yet (undo with Ctrl+Z)." }</p>
            </section>
            <section class="panel entities-panel" aria-labelledby="entities-title">
                <h2 id="entities-title">{ format!("Entities ({})", doc.entities.len()) }</h2>
                { if doc.entities.is_empty() { html!{ <p class="fine">{ "None yet. Select text in the article to label it." }</p> } } else { Html::default() } }
                { for by_label.iter().map(|(label, gs)| {
                    let total: usize = gs.iter().map(|g| g.ids.len()).sum();
                    html! {
                        <details class="group-section" open=true>
                            <summary>
                                <span class={classes!("tag", format!("chip-{}", label.as_str()))}>{ short_label(*label) }</span>
                                { format!(" {} ", label.as_str()) }<span class="count">{ total }</span>
                            </summary>
                            <ul class="groups">
                                { for gs.iter().take(group_cap).map(|g| {
                                    let current = sel_pos.is_some_and(|p| g.ids.contains(&p));
                                    html! { <GroupRow key={g.name.to_string()} group={(*g).clone()} {current} on_jump={on_group.clone()} /> }
                                }) }
                            </ul>
                        </details>
                    }
                }) }
                { if hidden_groups > 0 { html! {
                    <button type="button" class="btn btn-quiet show-all" data-testid="show-all-names"
                        onclick={{ let a = all_groups.clone(); Callback::from(move |_| a.set(true)) }}>
                        { format!("Show {hidden_groups} more names") }</button>
                } } else { Html::default() } }
            </section>
            <section class="panel quotes-panel" aria-labelledby="quotes-title">
                <h2 id="quotes-title">{ format!("Quotes ({})", doc.quotes.len()) }</h2>
                { if doc.quotes.is_empty() { html!{ <p class="fine">{ "None yet. Select a quotation and press Q to add one." }</p> } } else { Html::default() } }
                <ol class="quote-list">
                    { for doc.quotes.iter().take(quote_cap).map(|q| {
                        let cb = props.on_jump.clone();
                        let id = q.id;
                        let current = props.selected == Some(Target::Quote(id));
                        html! {
                            <li>
                                <button type="button" class={classes!("quote-item", current.then_some("current"))} onclick={Callback::from(move |_| cb.emit(Target::Quote(id)))}>
                                    <span class="quote-text">{ ellipsis(doc.slice(q.start, q.end), 110) }</span>
                                    { match &q.speaker {
                                        Some(s) => html!{ <span class="quote-speaker">{ format!("— {}", s.name) }</span> },
                                        None => html!{ <span class="quote-speaker none">{ "— no speaker" }</span> },
                                    } }
                                </button>
                            </li>
                        }
                    }) }
                </ol>
                { if doc.quotes.len() > quote_cap { html! {
                    <button type="button" class="btn btn-quiet show-all" data-testid="show-all-quotes"
                        onclick={{ let a = all_quotes.clone(); Callback::from(move |_| a.set(true)) }}>
                        { format!("Show {} more quotes", doc.quotes.len() - quote_cap) }</button>
                } } else { Html::default() } }
            </section>
        </>
    }
}
