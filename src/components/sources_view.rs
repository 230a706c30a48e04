//! The Sources view: whose voices the article carries. One row per speaker
//! (resolved to the fullest name) with quotes, words quoted and their share,
//! the kind of voice, optionally a gender estimate the user can correct, and
//! a bar chart of the shares. The numbers are the engine's
//! (`pressmark_engine::sources`), the same as `pressmark sources` and the
//! `"sources"` of the JSON.

use super::ellipsis;
use crate::state::{Action, Target};
use crate::ui::UiAction;
use pressmark_engine::sources::{Basis, Gender, SourceRow, Sources, SpeakerKind};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SourcesViewProps {
    pub sources: Rc<Sources>,
    pub selected: Option<Target>,
    pub show_gender: bool,
    pub dispatch: Callback<Action>,
}

fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn row_name(r: &SourceRow) -> String {
    r.speaker.clone().unwrap_or_else(|| "Unattributed".into())
}

fn kind_word(k: SpeakerKind) -> &'static str {
    match k {
        SpeakerKind::Person => "person",
        SpeakerKind::Organisation => "organisation",
        SpeakerKind::Unnamed => "unnamed",
        SpeakerKind::Unattributed => "no speaker",
    }
}

/// The next quote of a row after the selected one (wrapping).
fn next_quote(r: &SourceRow, selected: Option<Target>) -> Option<u32> {
    let at = match selected {
        Some(Target::Quote(id)) => r.quotes.iter().position(|q| *q == id),
        _ => None,
    };
    match at {
        Some(i) => r.quotes.get((i + 1) % r.quotes.len()).copied(),
        None => r.quotes.first().copied(),
    }
}

/// The bar chart: one bar per row, each with its name and share as text.
fn chart(rows: &[SourceRow]) -> Html {
    const BAR_H: f64 = 22.0;
    const NAME_W: f64 = 130.0;
    const BAR_W: f64 = 130.0;
    let h = BAR_H * rows.len() as f64;
    html! {
        <svg class="sources-chart" role="group" aria-label="Share of quoted words by speaker"
            viewBox={format!("0 0 {} {h}", NAME_W + BAR_W + 46.0)} width="100%" data-testid="sources-chart">
            { for rows.iter().enumerate().map(|(i, r)| {
                let y = i as f64 * BAR_H;
                let w = (r.share * BAR_W).max(if r.words > 0 { 1.0 } else { 0.0 });
                let name = row_name(r);
                let label = format!("{name}: {} of quoted words", percent(r.share));
                html! {
                    <g role="img" aria-label={label.clone()} data-bar={name.clone()} data-share={format!("{:.4}", r.share)}>
                        <title>{ label }</title>
                        <text x={(NAME_W - 6.0).to_string()} y={(y + 15.0).to_string()} text-anchor="end" class="bar-name">{ ellipsis(&name, 20) }</text>
                        <rect x={NAME_W.to_string()} y={(y + 4.0).to_string()} width={format!("{w:.1}")} height={(BAR_H - 8.0).to_string()}
                            class={classes!("bar", format!("bar-{}", r.kind.as_str()))} />
                        <text x={(NAME_W + w + 4.0).to_string()} y={(y + 15.0).to_string()} class="bar-value">{ percent(r.share) }</text>
                    </g>
                }
            }) }
        </svg>
    }
}

#[component]
pub fn SourcesView(props: &SourcesViewProps) -> Html {
    let s = &props.sources;
    let sum = &s.summary;
    let d = props.dispatch.clone();
    let summary = if sum.quotes == 0 {
        "No quotes in this article yet.".to_string()
    } else {
        let top = match &sum.top_speaker {
            Some(n) => format!("; {n} has {} of the quoted words", percent(sum.top_share)),
            None => String::new(),
        };
        format!(
            "{} quote{} from {} speaker{}, {} words quoted{top}; {} unattributed.",
            sum.quotes,
            if sum.quotes == 1 { "" } else { "s" },
            sum.speakers,
            if sum.speakers == 1 { "" } else { "s" },
            sum.words,
            percent(sum.unattributed_share),
        )
    };
    let on_gender_toggle = {
        let (d, on) = (d.clone(), props.show_gender);
        Callback::from(move |_| d.emit(Action::Ui(UiAction::ShowGender(!on))))
    };
    let gender_cell = |r: &SourceRow| -> Html {
        if r.kind != SpeakerKind::Person {
            return Html::default();
        }
        let name = r.speaker.clone().unwrap_or_default();
        let user = r
            .gender
            .filter(|g| g.basis == Basis::User)
            .map(|g| g.gender);
        let estimate = match r.gender.filter(|g| g.basis != Basis::User) {
            Some(g) => format!("est. {} ({})", g.gender.as_str(), g.basis.as_str()),
            None => "est. unknown".to_string(),
        };
        let onchange = {
            let (d, name) = (d.clone(), name.clone());
            Callback::from(move |e: Event| {
                let v = crate::dom::event_value(&e).unwrap_or_default();
                d.emit(Action::SetGender {
                    name: name.clone(),
                    gender: Gender::parse(&v),
                });
            })
        };
        let shown = match user {
            Some(g) => format!("{} (set by you)", g.as_str()),
            None => estimate.clone(),
        };
        html! {
            <span class="gender">
                <select aria-label={format!("Gender of {name}: {shown}")} {onchange} data-gender={name.clone()}>
                    <option value="" selected={user.is_none()}>{ if user.is_some() { "back to the estimate".to_string() } else { estimate } }</option>
                    <option value="woman" selected={user == Some(Gender::Woman)}>{ "woman" }</option>
                    <option value="man" selected={user == Some(Gender::Man)}>{ "man" }</option>
                </select>
            </span>
        }
    };
    html! {
        <section class="panel sources-panel" aria-labelledby="sources-title" data-testid="sources-view">
            <h2 id="sources-title">{ "Sources" }</h2>
            <p class="sources-summary" data-testid="sources-summary">{ summary }</p>
            { if s.rows.is_empty() { Html::default() } else { html! {
                <>
                    <table class="sources-table">
                        <thead><tr>
                            <th scope="col">{ "Speaker" }</th>
                            <th scope="col" class="num"><abbr title="Quotes">{ "Qu." }</abbr></th>
                            <th scope="col" class="num">{ "Words" }</th>
                            <th scope="col" class="num">{ "Share" }</th>
                        </tr></thead>
                        <tbody>
                            { for s.rows.iter().map(|r| {
                                let name = row_name(r);
                                let current = matches!(props.selected, Some(Target::Quote(id)) if r.quotes.contains(&id));
                                let onclick = {
                                    let (d, next) = (d.clone(), next_quote(r, props.selected));
                                    Callback::from(move |_| if let Some(q) = next { d.emit(Action::Jump(Target::Quote(q))) })
                                };
                                html! {
                                    <tr class={classes!(current.then_some("current"))}
                                        data-speaker-row={r.speaker.clone().unwrap_or_default()} data-speaker-kind={r.kind.as_str()}
                                        data-quotes={r.quotes.len().to_string()} data-words={r.words.to_string()}>
                                        <th scope="row">
                                            <button type="button" class="linkish speaker-row" {onclick}
                                                title={format!("{name}: step through the {} quote{}", r.quotes.len(), if r.quotes.len() == 1 { "" } else { "s" })}>
                                                { ellipsis(&name, 34) }
                                            </button>
                                            <span class="kind">{ kind_word(r.kind) }</span>
                                            { if props.show_gender { gender_cell(r) } else { Html::default() } }
                                        </th>
                                        <td class="num">{ r.quotes.len() }</td>
                                        <td class="num">{ r.words }</td>
                                        <td class="num">{ percent(r.share) }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                    { chart(&s.rows) }
                    <p class="fine">
                        <label class="check">
                            <input type="checkbox" checked={props.show_gender} onchange={on_gender_toggle} data-testid="show-gender" />
                            { " Show gender estimates for people" }
                        </label>
                        { " — from the article's own pronouns and titles, else given-name statistics: an estimate, never a fact; set it where you know better. Download → Sources CSV saves this table." }
                    </p>
                </>
            } } }
        </section>
    }
}
