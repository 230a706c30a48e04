//! The legend: every label with its count; click to hide or show it.

use super::DocRef;
use crate::text::short_label;
use pressmark_engine::Label;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LegendProps {
    pub doc: DocRef,
    pub hidden: Vec<Label>,
    pub on_toggle: Callback<Label>,
}

#[component]
pub fn Legend(props: &LegendProps) -> Html {
    let mut counts = [0usize; 6];
    for e in &props.doc.entities {
        counts[Label::ALL.iter().position(|l| *l == e.label).unwrap_or(0)] += 1;
    }
    let quotes = props.doc.quotes.len();
    let no_speaker = props
        .doc
        .quotes
        .iter()
        .filter(|q| q.speaker.is_none())
        .count();
    html! {
        <div class="legend" role="group" aria-label="Labels: click to hide or show">
            { for Label::ALL.iter().zip(counts).enumerate().map(|(i, (l, n))| {
                let shown = !props.hidden.contains(l);
                let onclick = { let cb = props.on_toggle.clone(); let l = *l; Callback::from(move |_| cb.emit(l)) };
                html! {
                    <button type="button" class={classes!("chip", format!("chip-{}", l.as_str()), (!shown).then_some("off"))}
                        aria-pressed={if shown { "true" } else { "false" }}
                        title={format!("{} ({}): key {} labels a selection. Click to {} them.", l.as_str(), l.describe(), i + 1, if shown { "hide" } else { "show" })}
                        data-legend={l.as_str()} {onclick}>
                        <span class="swatch" aria-hidden="true">{ short_label(*l) }</span>
                        <span class="chip-name">{ l.as_str() }</span>
                        <span class="count">{ n }</span>
                    </button>
                }
            }) }
            <span class="chip chip-quote" title="Direct quotes (key Q marks a selection as a quote)">
                <span class="swatch" aria-hidden="true">{ "❝" }</span>
                <span class="chip-name">{ "Quotes" }</span>
                <span class="count">{ quotes }</span>
                { if no_speaker > 0 { html!{ <span class="warn-count">{ format!("{no_speaker} without speaker") }</span> } } else { Html::default() } }
            </span>
        </div>
    }
}
