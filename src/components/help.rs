//! The help panel: what the app does and the key map.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub on_close: Callback<()>,
}

#[component]
pub fn Help(props: &HelpProps) -> Html {
    let close = {
        let cb = props.on_close.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let row = |keys: &[&str], what: &str| {
        html! {
            <tr><th scope="row">{ for keys.iter().enumerate().map(|(i, k)| html!{ <>{ if i > 0 { " / " } else { "" } }<kbd>{ *k }</kbd></> }) }</th><td>{ what.to_string() }</td></tr>
        }
    };
    html! {
        <section class="help panel" role="dialog" aria-modal="false" aria-labelledby="help-title">
            <div class="panel-head">
                <h2 id="help-title">{ "Keyboard and mouse" }</h2>
                <button type="button" class="btn btn-quiet" onclick={close} aria-label="Close help">{ "✕" }</button>
            </div>
            <p>{ "Select text in the article and pick a label from the menu, or press a key. Click (or Tab to) a highlight to select it; its label, rule and the actions for it appear in the side panel. Drag the small handles at its ends to resize it." }</p>
            <table class="keys">
                <tbody>
                    { row(&["1"], "PERSON") } { row(&["2"], "ORG") } { row(&["3"], "LOC") }
                    { row(&["4"], "NORP") } { row(&["5"], "DATE") } { row(&["6"], "NUMBER") }
                    { row(&["Q"], "mark the selected text as a quote") }
                    { row(&["Delete", "Backspace"], "delete the selected highlight") }
                    { row(&["Shift+→"], "widen: move the end right by a word") }
                    { row(&["Shift+←"], "widen: move the start left by a word") }
                    { row(&["Ctrl+←"], "narrow: move the end left by a word") }
                    { row(&["Ctrl+→"], "narrow: move the start right by a word") }
                    { row(&["Alt+…"], "with any of the four above: by one character instead of a word (Alt while dragging a handle or selecting: no snapping)") }
                    { row(&["Ctrl+Z"], "undo") }
                    { row(&["Ctrl+Shift+Z", "Ctrl+Y"], "redo") }
                    { row(&["Home", "End"], "the start / the end of the article") }
                    { row(&["Ctrl+F"], "find in the article (Enter: next, Shift+Enter: previous); a long article shows only the paragraphs near you, so the browser's own find cannot see the rest") }
                    { row(&["Esc"], "close the menu or the find bar / deselect") }
                    { row(&["?"], "show or hide this help") }
                </tbody>
            </table>
            <p>{ "The side panel has two tabs (← → move between them). Names lists each entity once, by its fullest name — a surname or an acronym counts for it; open a row to see its mentions. Sources shows who is quoted and how much: quotes, words and share per speaker, with a chart; click a speaker to step through their quotes. Its gender column is an estimate (the article's pronouns, else given-name statistics) that you can correct; Download → Sources CSV saves the table." }</p>
            <p>{ "Rules for every article: with a highlight selected (or text selected), “Always tag ‘…’ as …” and “Never tag ‘…’” show what they would change in this article before you add them. “Rules” in the toolbar lists your rules, and imports or exports them as a .rules file (the command line's --rules)." }</p>
            <p>{ "Other tools: “Download” saves Pressmark JSON (the first item) or the file brat, CoNLL, spaCy, doccano, Label Studio, W3C Web Annotation or a spreadsheet reads (↓ opens the menu, ↑ ↓ choose, Enter saves, Esc closes). “Open file…” opens any of them again (choose a brat .ann together with its .txt); what a file held that Pressmark has no place for is listed, not dropped silently." }</p>
            <p class="fine">{ "Your work is saved in this browser as you go; Download → Pressmark JSON saves a file (offsets are Unicode code points, in every format)." }</p>
        </section>
    }
}
