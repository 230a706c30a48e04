//! One paragraph of the highlighted article. Its props are only the
//! annotations inside it, so an edit re-renders just the paragraph it touches.

use crate::state::Target;
use crate::text::{self, Piece, Seg};
use pressmark_engine::{Entity, Label, Quote, Source};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ParagraphProps {
    /// The paragraph's text (`start..end` of the document).
    pub text: AttrValue,
    pub start: usize,
    pub u16_start: usize,
    /// Entities and quotes overlapping the paragraph, sorted.
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub hidden: Vec<Label>,
    /// The selected highlight, when it is in this paragraph.
    pub selected: Option<Target>,
}

fn handle(edge: &'static str) -> Html {
    html! { <span class={classes!("handle", format!("handle-{edge}"))} data-nontext="" data-handle={edge} aria-hidden="true"></span> }
}

#[component]
pub fn Paragraph(props: &ParagraphProps) -> Html {
    let start = props.start;
    let end = start + props.text.len();
    let t: &str = &props.text;
    let slice =
        |s: usize, e: usize| -> String { t.get(s - start..e - start).unwrap_or("").to_string() };
    let ents: Vec<&Entity> = props.entities.iter().collect();
    let quotes: Vec<&Quote> = props.quotes.iter().collect();
    let segs = text::segment(start, end, &ents, &quotes, &props.hidden);

    let piece = |p: &Piece| -> Html {
        match p {
            Piece::Text(s, e) => html! { {slice(*s, *e)} },
            Piece::Entity {
                start: s,
                end: e,
                id,
                label,
                source,
                rule,
            } => {
                let user = *source == Source::User;
                let selected = props.selected == Some(Target::Entity(*id));
                let body = slice(*s, *e);
                let whole = props
                    .entities
                    .iter()
                    .find(|x| x.id == *id)
                    .is_some_and(|x| x.start == *s && x.end == *e);
                html! {
                    <mark
                        class={classes!("ent", format!("ent-{}", label.as_str()), user.then_some("user"), selected.then_some("selected"))}
                        data-kind="entity"
                        data-id={id.to_string()}
                        data-label={label.as_str()}
                        data-short={text::short_label(*label)}
                        data-source={source.as_str()}
                        tabindex="0"
                        role="button"
                        aria-pressed={if selected { "true" } else { "false" }}
                        aria-label={format!("{body}: {}", label.as_str())}
                        title={format!("{} · {}", label.as_str(), rule)}
                    >
                        { if selected && whole { handle("start") } else { Html::default() } }
                        { body }
                        { if selected && whole { handle("end") } else { Html::default() } }
                    </mark>
                }
            }
        }
    };

    html! {
        <p class="para" data-u16={props.u16_start.to_string()} data-start={start.to_string()}>
            { for segs.iter().map(|seg| match seg {
                Seg::Plain(p) => piece(p),
                Seg::Quote { id, start: s, end: e, speaker, source, rule, pieces } => {
                    let user = *source == Source::User;
                    let q = props.quotes.iter().find(|q| q.id == *id);
                    let selected = props.selected == Some(Target::Quote(*id));
                    let opens = q.is_some_and(|q| q.start == *s);
                    let closes = q.is_some_and(|q| q.end == *e);
                    let who = speaker.clone().unwrap_or_default();
                    let title = if who.is_empty() { format!("Quote · no speaker · {rule}") } else { format!("Quote · {who} · {rule}") };
                    html! {
                        <span
                            class={classes!("quote", (!closes).then_some("cont"), user.then_some("user"), selected.then_some("selected"), (closes && who.is_empty()).then_some("no-speaker"))}
                            data-kind="quote"
                            data-id={id.to_string()}
                            data-source={source.as_str()}
                            data-speaker={speaker.clone().map(AttrValue::from)}
                            title={title}
                        >
                            { if selected && opens { handle("start") } else { Html::default() } }
                            { for pieces.iter().map(piece) }
                            { if selected && closes { handle("end") } else { Html::default() } }
                            { if closes {
                                html! {
                                    <button type="button"
                                        class={classes!("speaker-tag", who.is_empty().then_some("none"))}
                                        data-nontext=""
                                        data-kind="quote"
                                        data-id={id.to_string()}
                                        aria-pressed={if selected { "true" } else { "false" }}
                                        aria-label={if who.is_empty() { "Quote without a speaker: choose one".to_string() } else { format!("Quote by {who}: change speaker") }}
                                    >{ if who.is_empty() { "speaker?".to_string() } else { who.clone() } }</button>
                                }
                            } else { Html::default() } }
                        </span>
                    }
                }
            }) }
        </p>
    }
}
