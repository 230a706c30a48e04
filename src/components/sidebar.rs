//! The side panel, in two tabs: **Names** (label text; entities grouped by
//! the entity they name, with a count, click to jump through the mentions;
//! the quotes with their speakers) and **Sources** (who is quoted, how
//! much). Its state (tab, lists shown in full, rows opened) is the
//! reducer's (`Ui`).

use super::group_row::{Group, GroupRow};
use super::sources_view::SourcesView;
use super::{ellipsis, ClustersRef, DocRef};
use crate::state::{Action, Target};
use crate::text::short_label;
use crate::ui::{Side, Ui, UiAction};
use pressmark_engine::sources::{self, Gender};
use pressmark_engine::{Document, Label};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SidebarProps {
    pub doc: DocRef,
    /// The document's clusters (computed once per document by `App`).
    pub clusters: ClustersRef,
    pub selected: Option<Target>,
    pub ui: Rc<Ui>,
    /// The user's genders for speakers.
    pub genders: Rc<Vec<(String, Gender)>>,
    pub dispatch: Callback<Action>,
    /// The clusters are of an earlier version (a long article's are worked
    /// out after each change is painted).
    #[prop_or_default]
    pub updating: bool,
    pub on_jump: Callback<Target>,
    /// "Label text": (text, label) to add wherever the text occurs.
    pub on_label_text: Callback<(String, Label)>,
}

/// The entities as the engine clusters them, by label, most mentioned
/// first.
fn groups(doc: &Document, clusters: &sources::Clusters) -> Vec<Rc<Group>> {
    let mut out: Vec<Group> = clusters
        .list
        .iter()
        .map(|c| Group {
            label: c.label,
            name: AttrValue::from(c.name.clone()),
            ids: Vec::with_capacity(c.mentions.len()),
        })
        .collect();
    for (i, e) in doc.entities.iter().enumerate() {
        if let Some(g) = clusters.of_entity.get(i).and_then(|&c| out.get_mut(c)) {
            g.ids.push((
                e.start,
                e.id,
                AttrValue::from(doc.slice(e.start, e.end).to_string()),
            ));
        }
    }
    out.sort_by(|a, b| {
        a.label
            .cmp(&b.label)
            .then(b.ids.len().cmp(&a.ids.len()))
            .then_with(|| a.name.cmp(&b.name))
    });
    out.into_iter().map(Rc::new).collect()
}

/// Names listed per label, and quotes listed, before "Show more".
const GROUPS_SHOWN: usize = 40;
const QUOTES_SHOWN: usize = 50;
/// Up to this many entities, the Sources table is counted even while its
/// tab is closed.
const SOURCES_EAGER: usize = 20_000;

#[component]
pub fn Sidebar(props: &SidebarProps) -> Html {
    let doc = &props.doc;
    let ui = &props.ui;
    let d = props.dispatch.clone();
    let clusters = &props.clusters;
    let groups = use_memo((props.doc.clone(), clusters.clone()), |(d, c)| groups(d, c));
    // The Sources table: counted when its tab is open, or when that is
    // cheap (its size shows in the tab's name).
    let wanted = ui.side == Side::Sources || doc.entities.len() <= SOURCES_EAGER;
    let table = use_memo(
        (
            props.doc.clone(),
            clusters.clone(),
            props.genders.clone(),
            wanted,
        ),
        |(d, c, g, wanted)| wanted.then(|| Rc::new(sources::sources(d, c, g))),
    );
    let sel_pos = match props.selected {
        Some(Target::Entity(id)) => doc
            .entities
            .iter()
            .find(|e| e.id == id)
            .map(|e| (e.start, id)),
        _ => None,
    };
    // Rows are memoised components: the click reads the current selection
    // from here (a ref, never rendered), so a row only re-renders when its
    // own group changes.
    let sel_ref = use_mut_ref(|| None::<(usize, u32)>);
    *sel_ref.borrow_mut() = sel_pos;
    let on_group = {
        let on_jump = props.on_jump.clone();
        let sel_ref: Rc<RefCell<Option<(usize, u32)>>> = sel_ref.clone();
        use_callback(on_jump, move |g: Rc<Group>, on_jump| {
            // the next mention after the selected one (wrapping)
            let sel = *sel_ref.borrow();
            let next = match sel {
                Some(p) => g.ids.iter().find(|x| (x.0, x.1) > p).or(g.ids.first()),
                None => g.ids.first(),
            };
            if let Some(&(_, id, _)) = next {
                on_jump.emit(Target::Entity(id));
            }
        })
    };
    let on_mention = {
        let on_jump = props.on_jump.clone();
        use_callback(on_jump, |id: u32, on_jump| on_jump.emit(Target::Entity(id)))
    };
    let on_expand = {
        let d = d.clone();
        use_callback((), move |k: String, _| {
            d.emit(Action::Ui(UiAction::ToggleExpanded(k)))
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
    let group_cap = if ui.all_names {
        usize::MAX
    } else {
        GROUPS_SHOWN
    };
    let quote_cap = if ui.all_quotes {
        usize::MAX
    } else {
        QUOTES_SHOWN
    };
    let hidden_groups: usize = by_label
        .iter()
        .map(|(_, gs)| gs.len().saturating_sub(group_cap))
        .sum();
    let find_ref = use_node_ref();
    let on_find_label = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            if let Some(l) = crate::dom::event_value(&e).and_then(|v| Label::parse(&v)) {
                d.emit(Action::Ui(UiAction::FindLabel(l)));
            }
        })
    };
    let on_find_submit = {
        let (find_ref, cb, label) = (find_ref.clone(), props.on_label_text.clone(), ui.find_label);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = crate::dom::value_of(&find_ref).unwrap_or_default();
            if !text.trim().is_empty() {
                cb.emit((text, label));
            }
        })
    };
    let tab = |side: Side, label: &str, id: &str| {
        let on = ui.side == side;
        let d = d.clone();
        html! {
            <button type="button" role="tab" id={id.to_string()} class={classes!("tab", on.then_some("on"))}
                aria-selected={if on { "true" } else { "false" }} aria-controls="side-panel"
                tabindex={if on { "0" } else { "-1" }}
                onclick={Callback::from(move |_| d.emit(Action::Ui(UiAction::Side(side))))}>{ label.to_string() }</button>
        }
    };
    // ← → move between the two tabs (WAI-ARIA tabs).
    let on_tab_key = {
        let (d, side) = (d.clone(), ui.side);
        Callback::from(move |e: KeyboardEvent| {
            if matches!(e.key().as_str(), "ArrowLeft" | "ArrowRight") {
                e.prevent_default();
                let other = if side == Side::Names {
                    Side::Sources
                } else {
                    Side::Names
                };
                d.emit(Action::Ui(UiAction::Side(other)));
                crate::dom::focus_id(if other == Side::Names {
                    "tab-names"
                } else {
                    "tab-sources"
                });
            }
        })
    };
    let names = html! {
        <>
            <section class="panel find-panel" aria-labelledby="find-title">
                <h2 id="find-title">{ "Label text" }</h2>
                <form class="find-form" onsubmit={on_find_submit}>
                    <input ref={find_ref} type="text" class="find-input" aria-label="Text to label" placeholder="e.g. Raqqa" autocomplete="off" />
                    <select class="find-label" aria-label="Label for the text" onchange={on_find_label}>
                        { for Label::ALL.iter().map(|l| html! { <option value={l.as_str()} selected={*l == ui.find_label}>{ l.as_str() }</option> }) }
                    </select>
                    <button type="submit" class="btn">{ "Label all" }</button>
                </form>
                <p class="fine">{ "Labels every whole-word occurrence that is not highlighted yet (undo with Ctrl+Z)." }</p>
            </section>
            <section class="panel entities-panel" aria-labelledby="entities-title">
                <h2 id="entities-title">{ format!("Entities ({})", clusters.list.len()) }</h2>
                { if props.updating { html! { <p class="fine" data-testid="names-updating">{ "Updating the names…" }</p> } } else { Html::default() } }
                { if doc.entities.is_empty() { html!{ <p class="fine">{ "None yet. Select text in the article to label it." }</p> } } else {
                    html! { <p class="fine">{ format!("{} mentions; later mentions (a surname, an acronym) count for the fullest name.", doc.entities.len()) }</p> }
                } }
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
                                    let current = sel_pos.is_some_and(|p| g.ids.iter().any(|m| (m.0, m.1) == p));
                                    let expanded = ui.expanded.contains(&g.key());
                                    html! { <GroupRow key={g.key()} group={(*g).clone()} {current} {expanded}
                                        on_jump={on_group.clone()} on_mention={on_mention.clone()} on_expand={on_expand.clone()} /> }
                                }) }
                            </ul>
                        </details>
                    }
                }) }
                { if hidden_groups > 0 { html! {
                    <button type="button" class="btn btn-quiet show-all" data-testid="show-all-names"
                        onclick={{ let d = d.clone(); Callback::from(move |_| d.emit(Action::Ui(UiAction::ShowAllNames))) }}>
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
                        onclick={{ let d = d.clone(); Callback::from(move |_| d.emit(Action::Ui(UiAction::ShowAllQuotes))) }}>
                        { format!("Show {} more quotes", doc.quotes.len() - quote_cap) }</button>
                } } else { Html::default() } }
            </section>
        </>
    };
    html! {
        <>
            <div class="tabs" role="tablist" aria-label="Side panel" onkeydown={on_tab_key}>
                { tab(Side::Names, "Names", "tab-names") }
                { tab(Side::Sources, &match table.as_ref() {
                    Some(t) => format!("Sources ({})", t.rows.iter().filter(|r| r.speaker.is_some()).count()),
                    None => "Sources".to_string(),
                }, "tab-sources") }
            </div>
            <div id="side-panel" role="tabpanel" aria-labelledby={if ui.side == Side::Names { "tab-names" } else { "tab-sources" }}>
                { match ui.side {
                    Side::Names => names,
                    Side::Sources => match table.as_ref() {
                        Some(t) => html! { <SourcesView sources={t.clone()} selected={props.selected}
                            show_gender={ui.show_gender} dispatch={d.clone()} /> },
                        None => Html::default(), // not reached: counted while open
                    },
                } }
            </div>
        </>
    }
}
