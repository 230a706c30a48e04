//! A proposed rule ("Always tag ‘X’ as ORG", "Never tag ‘X’") before it is
//! added: what it will change in this article, and Add rule / Cancel. Shown
//! in the inspector or in the menu over a text selection.

use crate::dom;
pub use crate::ui::{Place, Proposal};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RulePreviewProps {
    pub proposal: Proposal,
    pub on_apply: Callback<()>,
    pub on_cancel: Callback<()>,
}

#[component]
pub fn RulePreview(props: &RulePreviewProps) -> Html {
    let p = &props.proposal;
    let apply_ref = use_node_ref();
    // Focus "Add rule": Enter adds it, Esc cancels, the effect is read out.
    {
        let r = apply_ref.clone();
        use_effect_with((), move |_| {
            dom::focus_and_reveal_node(&r);
        });
    }
    // Buttons in the selection menu must not take the text selection away.
    let keep = Callback::from(|e: MouseEvent| e.prevent_default());
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let added = p.plan.change.added.first().map(|(_, r)| r.to_string());
    let replaces = p.plan.replaces();
    html! {
        <div class="rule-preview" role="group" aria-labelledby="rule-preview-what">
            <p id="rule-preview-what" class="rule-preview-what">{ p.plan.what.clone() }</p>
            <p id="rule-preview-effect" class="rule-preview-effect" data-testid="rule-preview-effect">
                { p.effect.clone().unwrap_or_else(|| "No article is open.".to_string()) }
            </p>
            { if replaces.is_empty() { Html::default() } else { html! {
                <p class="fine rule-preview-replaces">
                    { if replaces.len() == 1 { "Replaces your rule " } else { "Replaces your rules " } }
                    { for replaces.iter().enumerate().map(|(i, r)| html! { <>{ if i > 0 { ", " } else { "" } }<code>{ r.to_string() }</code></> }) }
                    { "." }
                </p>
            } } }
            <p class="fine">
                { "Your own corrections are kept. The rule also applies to every article you annotate next" }
                { match added { Some(line) => html! { <>{ ": " }<code>{ line }</code></> }, None => Html::default() } }
                { "." }
            </p>
            <div class="row">
                <button type="button" class="btn btn-primary small" ref={apply_ref} aria-describedby="rule-preview-effect"
                    onmousedown={keep.clone()} onclick={click(&props.on_apply)}>{ "Add rule" }</button>
                <button type="button" class="btn small" onmousedown={keep} onclick={click(&props.on_cancel)}>{ "Cancel" }</button>
            </div>
        </div>
    }
}
