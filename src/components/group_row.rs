//! One row of the side panel's entity list: a name, its label and count.

use super::ellipsis;
use pressmark_engine::Label;
use std::rc::Rc;
use yew::prelude::*;

/// One name under one label, and where it occurs (start, entity id), in
/// text order.
#[derive(Debug, PartialEq)]
pub struct Group {
    pub label: Label,
    pub name: AttrValue,
    pub ids: Vec<(usize, u32)>,
}

#[derive(Properties, PartialEq)]
pub struct GroupRowProps {
    pub group: Rc<Group>,
    /// The selected highlight is one of these mentions.
    pub current: bool,
    pub on_jump: Callback<Rc<Group>>,
}

#[component]
pub fn GroupRow(props: &GroupRowProps) -> Html {
    let g = &props.group;
    let onclick = {
        let (cb, g) = (props.on_jump.clone(), g.clone());
        Callback::from(move |_| cb.emit(g.clone()))
    };
    let n = g.ids.len();
    html! {
        <li>
            <button type="button" class={classes!("group", props.current.then_some("current"))} {onclick}
                data-label={g.label.as_str()}
                title={format!("{} × {n}: click to jump through the mentions", g.name)}>
                <span class="group-name">{ ellipsis(&g.name, 48) }</span>
                <span class="count" aria-label={format!("{n} mentions")}>{ n }</span>
            </button>
        </li>
    }
}
