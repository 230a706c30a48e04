//! The Rules panel: the user's rules (filter, change a label, delete), and
//! importing or exporting them as a `.rules` file (the CLI's `--rules`).

use super::RulesRef;
use crate::dom;
use crate::user_rules::{self, RulesOp};
use pressmark_engine::{Label, RuleKind, UserRule};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RulesPanelProps {
    pub rules: RulesRef,
    /// An article is open (changes re-run the rules on it).
    pub has_doc: bool,
    /// The open article was annotated with other rules than these (it was
    /// opened from a file, or saved before they changed elsewhere).
    pub stale: bool,
    pub on_rerun: Callback<()>,
    /// Why the last import failed (shown as an alert).
    pub import_error: Option<String>,
    pub on_change: Callback<RulesOp>,
    pub on_import: Callback<()>,
    pub on_export: Callback<()>,
    pub on_dismiss_error: Callback<()>,
    pub on_close: Callback<()>,
    /// The filter typed over the list (`Ui::rules_filter`), and its changes.
    pub filter: String,
    pub on_filter: Callback<String>,
}

/// The label choice of a rule: `Some(None)` is `never` with any label;
/// `None` means the rule has no label to choose.
fn label_choice(r: &UserRule) -> Option<Option<Label>> {
    match &r.kind {
        RuleKind::Tag { label, .. } | RuleKind::Pattern { label, .. } => Some(Some(*label)),
        RuleKind::Never { label, .. } => Some(*label),
        RuleKind::Cue(_) | RuleKind::Title(_) => None,
    }
}

fn row(r: &UserRule, rules: &RulesRef, on_change: &Callback<RulesOp>) -> Html {
    let n = r.line;
    let line = r.to_string();
    let on_label = {
        let (cb, rule, rules) = (on_change.clone(), r.clone(), rules.clone());
        Callback::from(move |e: Event| {
            let Some(value) = dom::event_value(&e) else {
                return;
            };
            let label = Label::parse(&value);
            let Some(new) = user_rules::with_label(&rule, label) else {
                return;
            };
            let op = RulesOp::Replace {
                old: rule.clone(),
                new,
            };
            // A change that is refused (it would duplicate a rule) must not
            // leave the choice showing a label the rule does not have.
            if user_rules::plan(&rules, &op).is_err() {
                dom::set_event_value(&e, label_choice(&rule).flatten().map_or("", |l| l.as_str()));
            }
            cb.emit(op);
        })
    };
    let on_delete = {
        let (cb, rule) = (on_change.clone(), r.clone());
        Callback::from(move |_| {
            // The button goes with its row: keep focus in the panel.
            dom::focus_id("rules-title");
            cb.emit(RulesOp::Delete(rule.clone()));
        })
    };
    let select = match label_choice(r) {
        None => Html::default(),
        Some(current) => {
            let never = matches!(r.kind, RuleKind::Never { .. });
            html! {
                <select class="rule-label" aria-label={format!("Label of rule {n}")} onchange={on_label}>
                    { if never { html! { <option value="" selected={current.is_none()}>{ "any label" }</option> } } else { Html::default() } }
                    { for Label::ALL.iter().map(|l| html! {
                        <option value={l.as_str()} selected={current == Some(*l)}>{ l.as_str() }</option>
                    }) }
                </select>
            }
        }
    };
    html! {
        <li class="rule-row" key={line.clone()} data-rule-line={n.to_string()}>
            <span class="rule-no" aria-hidden="true">{ n }</span>
            <span class="rule-body">
                <code class="rule-text">{ line.clone() }</code>
                <span class="rule-desc">{ user_rules::describe(r) }</span>
            </span>
            <span class="rule-controls">
                { select }
                <button type="button" class="btn small btn-danger" aria-label={format!("Delete rule {n}: {line}")}
                    title="Delete this rule" onclick={on_delete}>{ "Delete" }</button>
            </span>
        </li>
    }
}

#[component]
pub fn RulesPanel(props: &RulesPanelProps) -> Html {
    let filter = props.filter.clone();
    let title_ref = use_node_ref();
    // Opening the panel moves focus into it (Tab then reaches its controls).
    {
        let t = title_ref.clone();
        use_effect_with((), move |_| {
            dom::focus_node(&t, false);
        });
    }
    let on_filter = {
        let cb = props.on_filter.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = dom::event_value(&e) {
                cb.emit(v);
            }
        })
    };
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let rules = &props.rules;
    let wanted = filter.trim().to_lowercase();
    let shown: Vec<&UserRule> = rules
        .iter()
        .filter(|r| {
            wanted.is_empty()
                || r.to_string().to_lowercase().contains(&wanted)
                || user_rules::describe(r).to_lowercase().contains(&wanted)
        })
        .collect();
    let count = if wanted.is_empty() {
        format!(
            "{} rule{}",
            rules.len(),
            if rules.len() == 1 { "" } else { "s" }
        )
    } else {
        format!("{} of {} rules", shown.len(), rules.len())
    };
    html! {
        <section id="rules-panel" class="rules-panel panel" data-testid="rules-panel" role="dialog" aria-modal="false" aria-labelledby="rules-title">
            <div class="panel-head">
                <h2 id="rules-title" tabindex="-1" ref={title_ref}>{ "Your rules" }</h2>
                <button type="button" class="btn btn-quiet" aria-label="Close rules (Esc)" onclick={click(&props.on_close)}>{ "✕" }</button>
            </div>
            <p class="fine">
                { "They run before the built-in rules on every article you annotate in this browser, and are saved here. " }
                { if props.has_doc { "Changing one updates this article at once (Undo takes it back); your corrections are kept." } else { "" } }
            </p>
            { if props.stale { html! {
                <p class="rules-stale">
                    { "This article was annotated with other rules. " }
                    <button type="button" class="linkish" onclick={click(&props.on_rerun)}>{ "Re-run rules" }</button>
                    { " to apply these (your corrections are kept)." }
                </p>
            } } else { Html::default() } }
            { match &props.import_error {
                Some(msg) => html! {
                    <div class="rules-alert" role="alert">
                        <span>{ msg.clone() }</span>
                        <button type="button" class="btn btn-quiet small" aria-label="Dismiss import message" onclick={click(&props.on_dismiss_error)}>{ "✕" }</button>
                    </div>
                },
                None => Html::default(),
            } }
            <div class="rules-actions">
                <button type="button" class="btn small" onclick={click(&props.on_import)}
                    title="Add the rules of a .rules file (rules you have already are skipped)">{ "Import .rules…" }</button>
                <button type="button" class="btn small" onclick={click(&props.on_export)} disabled={rules.is_empty()}
                    title={format!("Save your rules as {}, for `pressmark annotate --rules`", user_rules::FILE_NAME)}>{ "Export .rules" }</button>
            </div>
            { if rules.is_empty() { html! {
                <p class="rules-empty">
                    { "No rules yet. Select a highlight (or some text) and choose “Always tag…” or “Never tag…”, or import a " }
                    <code>{ ".rules" }</code>{ " file: one rule a line, such as " }<code>{ "ORG Acme Widgets" }</code>{ " or " }<code>{ "never Jordan" }</code>{ "." }
                </p>
            } } else { html! {
                <>
                    <div class="rules-filter">
                        <input type="search" class="find-input" aria-label="Filter rules" placeholder="Filter rules" autocomplete="off"
                            value={filter.clone()} oninput={on_filter} />
                        <span class="count" aria-live="polite">{ count }</span>
                    </div>
                    { if shown.is_empty() { html! { <p class="fine">{ format!("No rule matches “{}”.", filter.trim()) }</p> } } else { Html::default() } }
                    <ol class="rule-list" aria-label="Rules, in file order">
                        { for shown.iter().map(|r| row(r, rules, &props.on_change)) }
                    </ol>
                </>
            } } }
        </section>
    }
}
