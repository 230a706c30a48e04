//! One row of the side panel's entity list: an entity (its fullest name),
//! its label and how often the article mentions it; opened, the mentions
//! themselves ("Jones" under "Maria Jones").

use super::ellipsis;
use pressmark_engine::Label;
use std::rc::Rc;
use yew::prelude::*;

/// One entity: its fullest name, label and mentions (start, entity id,
/// text as written), in text order.
#[derive(Debug, PartialEq)]
pub struct Group {
    pub label: Label,
    pub name: AttrValue,
    pub ids: Vec<(usize, u32, AttrValue)>,
}

impl Group {
    /// The key that opens and closes it (`Ui::expanded`).
    pub fn key(&self) -> String {
        format!("{} {}", self.label.as_str(), self.name)
    }
}

#[derive(Properties, PartialEq)]
pub struct GroupRowProps {
    pub group: Rc<Group>,
    /// The selected highlight is one of these mentions.
    pub current: bool,
    /// Its mentions are listed.
    pub expanded: bool,
    pub on_jump: Callback<Rc<Group>>,
    pub on_mention: Callback<u32>,
    pub on_expand: Callback<String>,
}

#[component]
pub fn GroupRow(props: &GroupRowProps) -> Html {
    let g = &props.group;
    let onclick = {
        let (cb, g) = (props.on_jump.clone(), g.clone());
        Callback::from(move |_| cb.emit(g.clone()))
    };
    let n = g.ids.len();
    // Mentions written differently from the name (a surname, an acronym)
    // make the row worth opening.
    let forms = g.ids.iter().any(|(_, _, t)| *t != g.name);
    let toggle = {
        let (cb, key) = (props.on_expand.clone(), g.key());
        Callback::from(move |_| cb.emit(key.clone()))
    };
    let list_id = format!("mentions-{}", g.ids.first().map_or(0, |m| m.1));
    html! {
        <li class="group-item" data-entity={g.name.clone()} data-mentions={n.to_string()}>
            <button type="button" class={classes!("group", props.current.then_some("current"))} {onclick}
                data-group-label={g.label.as_str()}
                title={format!("{} × {n}: click to jump through the mentions", g.name)}>
                <span class="group-name">{ ellipsis(&g.name, 44) }</span>
                <span class="count" aria-label={format!("{n} mentions")}>{ n }</span>
            </button>
            { if n > 1 || forms { html! {
                <button type="button" class="btn btn-quiet expand" onclick={toggle}
                    aria-expanded={if props.expanded { "true" } else { "false" }} aria-controls={list_id.clone()}
                    aria-label={format!("Mentions of {}", g.name)}>{ if props.expanded { "▾" } else { "▸" } }</button>
            } } else { html! { <span class="expand-spacer" aria-hidden="true"></span> } } }
            { if props.expanded { html! {
                <ol class="mentions" id={list_id}>
                    { for g.ids.iter().map(|(_, id, text)| {
                        let (cb, id) = (props.on_mention.clone(), *id);
                        html! { <li><button type="button" class="linkish mention" data-mention={id.to_string()}
                            onclick={Callback::from(move |_| cb.emit(id))}>{ ellipsis(text, 40) }</button></li> }
                    }) }
                </ol>
            } } else { Html::default() } }
        </li>
    }
}
