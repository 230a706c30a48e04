//! In-browser tests (wasm-bindgen-test, headless Chromium): the reducer, and
//! the App mounted into a div, driven by clicks, selections and keys.
//!
//!   CHROMEDRIVER=/usr/bin/chromedriver \
//!   CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --target wasm32-unknown-unknown -p pressmark-app
//!
//! The tests make their own annotations (by selection and keys), so they
//! pass whatever the rule engine finds.
#![cfg(target_arch = "wasm32")]

use pressmark_app::dom;
use pressmark_app::state::{reduce, Action, AppState};
use pressmark_engine::{Annotator, Label};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, KeyboardEvent, KeyboardEventInit, MouseEvent, MouseEventInit};

wasm_bindgen_test_configure!(run_in_browser);

fn doc() -> web_sys::Document {
    dom::document()
}

async fn tick() {
    dom::sleep(0).await;
    dom::sleep(0).await;
}

/// Waits (up to ~10 s: a busy 2-core machine runs the browser and the
/// build at once; a wait, not a speed measure) for a selector to match
/// inside `root`.
async fn wait_for(root: &Element, sel: &str) -> Element {
    for _ in 0..500 {
        if let Some(e) = root.query_selector(sel).unwrap() {
            return e;
        }
        dom::sleep(20).await;
    }
    panic!("timed out waiting for {sel}");
}

fn all(root: &Element, sel: &str) -> Vec<Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length())
        .filter_map(|i| list.get(i)?.dyn_into().ok())
        .collect()
}

fn button(root: &Element, name: &str) -> HtmlElement {
    all(root, "button")
        .into_iter()
        .find(|b| {
            b.text_content().unwrap_or_default().trim() == name
                || b.get_attribute("aria-label").as_deref() == Some(name)
        })
        .unwrap_or_else(|| panic!("no button {name:?}"))
        .dyn_into()
        .unwrap()
}

fn key(k: &str, shift: bool, ctrl: bool, alt: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(k);
    init.set_shift_key(shift);
    init.set_ctrl_key(ctrl);
    init.set_alt_key(alt);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    let target: web_sys::EventTarget = match doc().active_element() {
        Some(a) => a.into(),
        None => doc().into(),
    };
    target.dispatch_event(&ev).unwrap();
}

fn mouseup(el: &Element) {
    let init = MouseEventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&MouseEvent::new_with_mouse_event_init_dict("mouseup", &init).unwrap())
        .unwrap();
}

/// Selects the first occurrence of `needle` in the article's text (it may
/// cross highlights), then releases the mouse as a person would.
fn select_text(article: &Element, needle: &str) {
    fn collect(n: &web_sys::Node, out: &mut Vec<(web_sys::Node, String)>) {
        if n.node_type() == web_sys::Node::TEXT_NODE {
            out.push((n.clone(), n.text_content().unwrap_or_default()));
            return;
        }
        if n.dyn_ref::<Element>()
            .is_some_and(|e| e.has_attribute("data-nontext"))
        {
            return;
        }
        let kids = n.child_nodes();
        for i in 0..kids.length() {
            collect(&kids.get(i).unwrap(), out);
        }
    }
    for p in all(article, ".para") {
        let mut nodes = Vec::new();
        collect(&p, &mut nodes);
        let whole: String = nodes.iter().map(|(_, t)| t.as_str()).collect();
        let Some(b) = whole.find(needle) else {
            continue;
        };
        // UTF-16 offsets of the needle in the paragraph, mapped to text nodes
        let (s16, e16) = (
            whole[..b].encode_utf16().count() as u32,
            whole[..b + needle.len()].encode_utf16().count() as u32,
        );
        let locate = |off: u32, at_end: bool| {
            let mut acc = 0;
            for (n, t) in &nodes {
                let len = t.encode_utf16().count() as u32;
                if off < acc + len || (at_end && off == acc + len) {
                    return (n.clone(), off - acc);
                }
                acc += len;
            }
            let (n, t) = nodes.last().unwrap();
            (n.clone(), t.encode_utf16().count() as u32)
        };
        let (sn, so) = locate(s16, false);
        let (en, eo) = locate(e16, true);
        let range = doc().create_range().unwrap();
        range.set_start(&sn, so).unwrap();
        range.set_end(&en, eo).unwrap();
        let sel = dom::window().get_selection().unwrap().unwrap();
        sel.remove_all_ranges().unwrap();
        sel.add_range(&range).unwrap();
        mouseup(article);
        return;
    }
    panic!("{needle:?} not in the article");
}

fn count(root: &Element, label: &str, text: &str) -> usize {
    mark_texts(root, label)
        .iter()
        .filter(|t| *t == text)
        .count()
}

/// The texts of the highlights with a label.
fn mark_texts(root: &Element, label: &str) -> Vec<String> {
    all(root, &format!("mark[data-label=\"{label}\"]"))
        .iter()
        .map(|m| m.text_content().unwrap_or_default())
        .collect()
}

struct Mounted {
    root: Element,
    handle: Option<yew::AppHandle<pressmark_app::app::App>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        self.root.remove();
    }
}

/// Waits until the app says its state is saved (`data-saved-revision`).
async fn wait_saved(root: &Element) {
    for _ in 0..200 {
        if let Some(app) = root.query_selector(".app").unwrap() {
            let n = |a: &str| {
                app.get_attribute(a)
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0)
            };
            if n("data-revision") > 0 && n("data-saved-revision") >= n("data-revision") {
                return;
            }
        }
        dom::sleep(20).await;
    }
    let app = root.query_selector(".app").unwrap();
    panic!(
        "the work was not saved within 4 s: revision {:?}, saved {:?}, {:?}",
        app.as_ref().and_then(|a| a.get_attribute("data-revision")),
        app.as_ref()
            .and_then(|a| a.get_attribute("data-saved-revision")),
        root.query_selector("[role=alert]")
            .unwrap()
            .and_then(|b| b.text_content())
    );
}

/// Forgets the user's rules saved in this browser.
fn clear_rules() {
    let storage = dom::window().local_storage().unwrap().unwrap();
    storage.remove_item(dom::RULES_KEY).unwrap();
}

async fn mount(clear: bool) -> Mounted {
    if clear {
        dom::clear_saved();
        clear_rules();
        pressmark_app::store::reset().await.unwrap();
    }
    let root = doc().create_element("div").unwrap();
    doc().body().unwrap().append_child(&root).unwrap();
    let handle = pressmark_app::mount(root.clone());
    Mounted {
        root,
        handle: Some(handle),
    }
}

async fn mount_with_sample() -> Mounted {
    let m = mount(true).await;
    wait_for(&m.root, "textarea").await;
    button(&m.root, "Load sample article").click();
    wait_for(&m.root, ".article .para").await;
    m
}

#[wasm_bindgen_test]
fn reducer_runs_in_the_browser() {
    // "sprocket" is nothing the rules find: the add and the undo must each
    // change the document.
    let text = "Ann Lee visited Paris with a sprocket.";
    let d = Annotator::new().annotate(text);
    let (start, end) = (text.find("sprocket").unwrap(), text.len() - 1);
    let before: Vec<(usize, usize)> = d.entities.iter().map(|e| (e.start, e.end)).collect();
    assert!(
        !before.iter().any(|&(s, e)| s < end && start < e),
        "the rules found nothing there: {before:?}"
    );
    let s0 = reduce(&AppState::default(), Action::Load(d));
    let s = reduce(
        &s0,
        Action::AddEntity {
            start,
            end,
            label: Label::Org,
        },
    );
    let added: Vec<_> = s
        .doc
        .as_ref()
        .unwrap()
        .entities
        .iter()
        .filter(|e| e.start == start && e.end == end)
        .collect();
    assert_eq!(added.len(), 1);
    assert_eq!(
        (added[0].label, added[0].rule.as_ref()),
        (Label::Org, "user")
    );
    assert_eq!(s.undo.len(), 1);
    let u = reduce(&s, Action::Undo);
    assert_eq!(u.doc, s0.doc, "undo restores the document exactly");
    assert_eq!(u.redo.len(), 1);
    let r = reduce(&u, Action::Redo);
    assert_eq!(r.doc, s.doc, "redo adds it again");
}

#[wasm_bindgen_test]
async fn empty_page_explains_itself() {
    let m = mount(true).await;
    tick().await;
    let ta = wait_for(&m.root, "textarea").await;
    let label = m
        .root
        .query_selector("label[for=article-text]")
        .unwrap()
        .unwrap();
    assert_eq!(label.text_content().unwrap(), "Article text");
    assert_eq!(ta.id(), "article-text");
    assert!(button(&m.root, "Annotate").has_attribute("disabled"));
    button(&m.root, "Load sample article");
    button(&m.root, "Open file…");
    assert!(m
        .root
        .text_content()
        .unwrap()
        .contains("Annotate a news article"));
}

#[wasm_bindgen_test]
async fn paste_and_annotate_keeps_paragraphs() {
    let m = mount(true).await;
    tick().await;
    let ta: web_sys::HtmlTextAreaElement = wait_for(&m.root, "textarea").await.dyn_into().unwrap();
    ta.set_value("Headline here\r\n\r\nFirst line\nsecond line of one paragraph.\n\n\nLast paragraph 👋 e\u{301}.");
    ta.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    tick().await;
    button(&m.root, "Annotate").click();
    wait_for(&m.root, ".article .para").await;
    let paras: Vec<_> = all(&m.root, ".article .para")
        .iter()
        .map(|p| p.text_content().unwrap())
        .collect();
    assert_eq!(
        paras,
        [
            "Headline here",
            "First line\nsecond line of one paragraph.",
            "Last paragraph 👋 e\u{301}."
        ]
    );
}

#[wasm_bindgen_test]
async fn label_by_selection_delete_undo_redo() {
    let m = mount_with_sample().await;
    let article = wait_for(&m.root, ".article").await;
    select_text(&article, "Rex Tillerson");
    let menu = wait_for(&m.root, ".label-menu").await;
    assert!(menu.text_content().unwrap().contains("Rex Tillerson"));
    key("4", false, false, false); // NORP: not what the rules would say
    tick().await;
    assert!(m.root.query_selector(".label-menu").unwrap().is_none());
    assert_eq!(
        mark_texts(&m.root, "NORP")
            .iter()
            .filter(|t| *t == "Rex Tillerson")
            .count(),
        1
    );
    let mark = m
        .root
        .query_selector("mark[data-label=NORP][data-source=user]")
        .unwrap()
        .unwrap();
    assert!(mark.get_attribute("title").unwrap().contains("NORP · user"));

    // selected after adding: number keys relabel it, Delete removes it
    key("1", false, false, false);
    tick().await;
    assert_eq!(count(&m.root, "NORP", "Rex Tillerson"), 0);
    let persons = count(&m.root, "PERSON", "Rex Tillerson");
    assert!(persons >= 1);
    key("Delete", false, false, false);
    tick().await;
    assert_eq!(count(&m.root, "PERSON", "Rex Tillerson"), persons - 1);

    // undo twice: back to NORP; redo once: PERSON again
    key("z", false, true, false);
    tick().await;
    assert_eq!(count(&m.root, "PERSON", "Rex Tillerson"), persons);
    key("z", false, true, false);
    tick().await;
    assert_eq!(count(&m.root, "NORP", "Rex Tillerson"), 1);
    key("Z", true, true, false);
    tick().await;
    assert_eq!(count(&m.root, "NORP", "Rex Tillerson"), 0);
    assert_eq!(count(&m.root, "PERSON", "Rex Tillerson"), persons);
}

#[wasm_bindgen_test]
async fn resize_with_keys_and_hide_labels() {
    let m = mount_with_sample().await;
    let article = wait_for(&m.root, ".article").await;
    select_text(&article, "Tillerson acknowledged");
    wait_for(&m.root, ".label-menu").await;
    key("6", false, false, false);
    tick().await;
    assert!(mark_texts(&m.root, "NUMBER").contains(&"Tillerson acknowledged".to_string()));
    // narrow the end by a word, widen the start by a word, then by a character (Alt)
    key("ArrowLeft", false, true, false);
    tick().await;
    assert!(mark_texts(&m.root, "NUMBER").contains(&"Tillerson".to_string()));
    key("ArrowLeft", true, false, false);
    tick().await;
    assert!(
        mark_texts(&m.root, "NUMBER").contains(&"Rex Tillerson".to_string()),
        "{:?}",
        mark_texts(&m.root, "NUMBER")
    );
    key("ArrowRight", true, false, true);
    tick().await;
    assert!(
        mark_texts(&m.root, "NUMBER").contains(&"Rex Tillerson ".to_string()),
        "{:?}",
        mark_texts(&m.root, "NUMBER")
    );

    // the legend hides and shows a label
    let chip: HtmlElement = m
        .root
        .query_selector(".legend .chip[data-legend=NUMBER]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let n: usize = chip
        .query_selector(".count")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(n, all(&m.root, ".article mark[data-label=NUMBER]").len());
    chip.click();
    tick().await;
    assert!(mark_texts(&m.root, "NUMBER").is_empty());
    assert_eq!(chip.get_attribute("aria-pressed").as_deref(), Some("false"));
    chip.click();
    tick().await;
    assert!(!mark_texts(&m.root, "NUMBER").is_empty());
}

#[wasm_bindgen_test]
async fn quotes_and_speakers() {
    let m = mount_with_sample().await;
    let article = wait_for(&m.root, ".article").await;
    select_text(&article, "“It is impossible to achieve success in the fight against ISIS without the widest possible international cooperation,”");
    wait_for(&m.root, ".label-menu").await;
    key("q", false, false, false);
    tick().await;
    let q = all(&m.root, ".quote[data-speaker]")
        .into_iter()
        .find(|q| q.text_content().unwrap().contains("widest possible"))
        .expect("the new quote");
    // a new user quote may have no speaker yet (unless the rules had one there)
    let input: web_sys::HtmlInputElement = wait_for(&m.root, ".speaker-picker input[type=text]")
        .await
        .dyn_into()
        .unwrap();
    input.set_value("Peskov");
    let form = m.root.query_selector(".type-speaker").unwrap().unwrap();
    form.dispatch_event(
        &web_sys::Event::new_with_event_init_dict("submit", &{
            let i = web_sys::EventInit::new();
            i.set_bubbles(true);
            i.set_cancelable(true);
            i
        })
        .unwrap(),
    )
    .unwrap();
    tick().await;
    let q = all(&m.root, ".quote[data-speaker]")
        .into_iter()
        .find(|x| x.text_content().unwrap().contains("widest possible"))
        .unwrap_or(q);
    assert_eq!(q.get_attribute("data-speaker").as_deref(), Some("Peskov"));
    assert!(m
        .root
        .query_selector(".quotes-panel")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap()
        .contains("— Peskov"));
    button(&m.root, "Clear speaker").click();
    tick().await;
    let q = all(&m.root, ".quote[data-speaker]")
        .into_iter()
        .find(|x| x.text_content().unwrap().contains("widest possible"))
        .unwrap();
    assert_eq!(q.get_attribute("data-speaker").as_deref(), Some(""));
}

#[wasm_bindgen_test]
async fn work_survives_a_remount() {
    let m = mount_with_sample().await;
    let article = wait_for(&m.root, ".article").await;
    select_text(&article, "Nasser Bourita");
    wait_for(&m.root, ".label-menu").await;
    key("5", false, false, false);
    tick().await;
    wait_saved(&m.root).await;
    drop(m);
    let m2 = mount(false).await;
    wait_for(&m2.root, ".article .para").await;
    assert!(mark_texts(&m2.root, "DATE").contains(&"Nasser Bourita".to_string()));
    // and the history came back too
    let undo = button(&m2.root, "Undo");
    assert!(
        !undo.has_attribute("disabled"),
        "the undo history is restored"
    );
    undo.click();
    tick().await;
    assert!(
        !mark_texts(&m2.root, "DATE").contains(&"Nasser Bourita".to_string()),
        "button"
    );
    key("Z", true, true, false);
    tick().await;
    assert!(
        mark_texts(&m2.root, "DATE").contains(&"Nasser Bourita".to_string()),
        "redo key"
    );
}

fn button_starting(root: &Element, prefix: &str) -> HtmlElement {
    all(root, "button")
        .into_iter()
        .find(|b| {
            b.text_content()
                .unwrap_or_default()
                .trim()
                .starts_with(prefix)
        })
        .unwrap_or_else(|| panic!("no button starting {prefix:?}"))
        .dyn_into()
        .unwrap()
}

#[wasm_bindgen_test]
async fn apply_to_all_and_jump_from_the_side_panel() {
    let m = mount_with_sample().await;
    let article = wait_for(&m.root, ".article").await;
    // "coalition" (lower case) occurs 6 times as a whole word in the sample
    select_text(&article, "coalition");
    wait_for(&m.root, ".label-menu").await;
    key("6", false, false, false);
    tick().await;
    assert_eq!(count(&m.root, "NUMBER", "coalition"), 1);
    button_starting(&m.root, "Label 5 more “coalition” as NUMBER").click();
    tick().await;
    assert_eq!(count(&m.root, "NUMBER", "coalition"), 6);
    // relabel one, then all the others like it
    key("4", false, false, false);
    tick().await;
    assert_eq!(count(&m.root, "NORP", "coalition"), 1);
    button_starting(&m.root, "Label all 6 “coalition” as NORP").click();
    tick().await;
    assert_eq!(count(&m.root, "NORP", "coalition"), 6);
    button_starting(&m.root, "Remove all 6 “coalition”").click();
    tick().await;
    assert_eq!(count(&m.root, "NORP", "coalition"), 0);
    key("z", false, true, false);
    tick().await;
    assert_eq!(count(&m.root, "NORP", "coalition"), 6);

    // the side panel lists the name with its count; clicking jumps through the mentions
    let group: HtmlElement = all(&m.root, ".entities-panel button.group")
        .into_iter()
        .find(|b| {
            b.text_content()
                .unwrap_or_default()
                .starts_with("coalition")
        })
        .expect("a group for “coalition”")
        .dyn_into()
        .unwrap();
    assert!(group.text_content().unwrap().ends_with('6'));
    group.click();
    tick().await;
    let first = doc().active_element().expect("a focused highlight");
    assert_eq!(first.text_content().unwrap(), "coalition");
    group.click();
    tick().await;
    let second = doc().active_element().unwrap();
    assert_eq!(second.text_content().unwrap(), "coalition");
    assert_ne!(
        first.get_attribute("data-id"),
        second.get_attribute("data-id"),
        "the next mention"
    );
}

#[wasm_bindgen_test]
async fn speaker_from_the_article_list() {
    let m = mount_with_sample().await;
    let article = wait_for(&m.root, ".article").await;
    select_text(
        &article,
        "“It is a multidimensional approach that includes preventive and repressive aspects.”",
    );
    wait_for(&m.root, ".label-menu").await;
    key("q", false, false, false);
    tick().await;
    let select: web_sys::HtmlSelectElement = wait_for(&m.root, ".speaker-picker select")
        .await
        .dyn_into()
        .unwrap();
    let options = all(&select, "option");
    assert!(
        options.len() > 1,
        "PERSON/ORG names from the article are offered"
    );
    let name = options[1].get_attribute("value").unwrap();
    select.set_value(&name);
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    tick().await;
    let q = all(&m.root, ".quote[data-speaker]")
        .into_iter()
        .find(|x| x.text_content().unwrap().contains("multidimensional"))
        .unwrap();
    assert_eq!(q.get_attribute("data-speaker"), Some(name));
}

#[wasm_bindgen_test]
async fn a_rule_made_from_a_highlight_outlives_the_article() {
    let m = mount_with_sample().await;
    let article = wait_for(&m.root, ".article").await;
    // "coalition" (lower case, 6 times) is not highlighted by the built-in rules
    select_text(&article, "coalition");
    wait_for(&m.root, ".label-menu").await;
    key("6", false, false, false);
    tick().await;
    assert_eq!(count(&m.root, "NUMBER", "coalition"), 1);
    // the new highlight is selected: the inspector offers the rule and previews it
    button_starting(&m.root, "Always tag ‘coalition’ as NUMBER").click();
    let effect = wait_for(&m.root, "[data-testid=rule-preview-effect]").await;
    assert_eq!(
        effect.text_content().unwrap(),
        "In this article: adds 5 highlights."
    );
    assert_eq!(
        count(&m.root, "NUMBER", "coalition"),
        1,
        "not before Add rule"
    );
    button(&m.root, "Add rule").click();
    tick().await;
    assert_eq!(count(&m.root, "NUMBER", "coalition"), 6);
    let titles: Vec<String> = all(&m.root, "mark[data-label=NUMBER][data-source=rule]")
        .iter()
        .filter(|e| e.text_content().unwrap_or_default() == "coalition")
        .map(|e| e.get_attribute("title").unwrap_or_default())
        .collect();
    assert_eq!(titles.len(), 5);
    assert!(
        titles.iter().all(|t| t.contains("user:my rules:1")),
        "{titles:?}"
    );
    // kept under its own key, as a .rules file (saved by an effect after
    // the render: wait for it rather than race it)
    let storage = dom::window().local_storage().unwrap().unwrap();
    for _ in 0..100 {
        if storage.get_item(dom::RULES_KEY).unwrap().is_some() {
            break;
        }
        dom::sleep(20).await;
    }
    assert_eq!(
        storage.get_item(dom::RULES_KEY).unwrap().as_deref(),
        Some("NUMBER coalition\n")
    );
    // listed in the Rules panel
    let rules_button: HtmlElement = m
        .root
        .query_selector("#rules-button")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    rules_button.click();
    let row = wait_for(&m.root, "[data-testid=rules-panel] [data-rule-line='1']").await;
    assert!(row.text_content().unwrap().contains("NUMBER coalition"));
    // undo takes the rule out of the panel with its highlights
    key("z", false, true, false);
    tick().await;
    assert!(m
        .root
        .query_selector("[data-testid=rules-panel] [data-rule-line]")
        .unwrap()
        .is_none());
    assert_eq!(count(&m.root, "NUMBER", "coalition"), 1);
    key("Z", true, true, false);
    tick().await;
    assert_eq!(count(&m.root, "NUMBER", "coalition"), 6);
    wait_saved(&m.root).await;
    drop(m);

    // another article, in a fresh app: the rule comes back and applies
    dom::clear_saved();
    pressmark_app::store::reset().await.unwrap();
    let m2 = mount(false).await;
    tick().await;
    let ta: web_sys::HtmlTextAreaElement = wait_for(&m2.root, "textarea").await.dyn_into().unwrap();
    ta.set_value("A coalition of small parties won.");
    ta.dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();
    tick().await;
    button(&m2.root, "Annotate").click();
    wait_for(&m2.root, ".article .para").await;
    let mark = wait_for(&m2.root, "mark[data-label=NUMBER]").await;
    assert_eq!(mark.text_content().unwrap(), "coalition");
    assert!(mark
        .get_attribute("title")
        .unwrap()
        .contains("user:my rules:1"));
    drop(m2);
    clear_rules();
}

fn active_format() -> Option<String> {
    let a = doc().active_element()?;
    a.get_attribute("data-format").or_else(|| Some(a.id()))
}

#[wasm_bindgen_test]
async fn the_download_menu_works_by_keyboard() {
    let m = mount_with_sample().await;
    let b: HtmlElement = wait_for(&m.root, "#download-button")
        .await
        .dyn_into()
        .unwrap();
    assert_eq!(b.get_attribute("aria-haspopup").as_deref(), Some("menu"));
    assert_eq!(b.get_attribute("aria-expanded").as_deref(), Some("false"));
    b.focus().unwrap();
    key("ArrowDown", false, false, false);
    let menu = wait_for(&m.root, "[role=menu]").await;
    tick().await;
    assert_eq!(b.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert_eq!(
        b.get_attribute("aria-controls"),
        Some(menu.id()),
        "the button controls the menu"
    );
    let items = all(&menu, "[role=menuitem]");
    assert_eq!(items.len(), pressmark_engine::format::Format::ALL.len() + 2);
    assert_eq!(active_format().as_deref(), Some("pressmark"));
    key("ArrowDown", false, false, false);
    assert_eq!(active_format().as_deref(), Some("jsonl"));
    key("End", false, false, false);
    assert_eq!(active_format().as_deref(), Some("sources-csv"));
    key("ArrowDown", false, false, false);
    assert_eq!(active_format().as_deref(), Some("pressmark"), "wraps");
    // a digit in the menu is not a relabel of anything
    let before = mark_texts(&m.root, "NORP").len();
    key("4", false, false, false);
    tick().await;
    assert_eq!(mark_texts(&m.root, "NORP").len(), before);
    key("Escape", false, false, false);
    tick().await;
    assert!(m.root.query_selector("[role=menu]").unwrap().is_none());
    assert_eq!(active_format().as_deref(), Some("download-button"));
    assert_eq!(b.get_attribute("aria-expanded").as_deref(), Some("false"));
    // ↑ opens it on the last item
    key("ArrowUp", false, false, false);
    wait_for(&m.root, "[role=menu]").await;
    tick().await;
    assert_eq!(active_format().as_deref(), Some("sources-csv"));
    key("Escape", false, false, false);
    tick().await;
}

#[wasm_bindgen_test]
async fn imported_highlights_say_so_after_a_reload() {
    use pressmark_engine::format::{export, import, Format};
    let d = Annotator::new().annotate("Ann Lee went to Paris.\n\n“Yes,” said Ann Lee.");
    let bytes = export(std::slice::from_ref(&d), Format::W3c)
        .remove(0)
        .bytes;
    let imported = import(&bytes, Format::W3c, None).unwrap().docs.remove(0);
    let s = reduce(&AppState::default(), Action::Load(imported));
    dom::clear_saved();
    clear_rules();
    // work saved by an older version (localStorage) is read and moved over
    pressmark_app::store::reset().await.unwrap();
    dom::save(
        &pressmark_app::persist::doc_json(&s).unwrap(),
        &pressmark_app::persist::history_json(&s, 200).unwrap(),
    )
    .unwrap();
    let m = mount(false).await;
    wait_for(&m.root, ".article .para").await;
    let marks = all(&m.root, ".article mark[data-id]");
    assert!(!marks.is_empty());
    assert!(marks
        .iter()
        .all(|e| e.get_attribute("data-source").as_deref() == Some("import")));
    marks[0].dyn_ref::<HtmlElement>().unwrap().click();
    let why = wait_for(&m.root, ".inspector .why").await;
    let why = why.text_content().unwrap_or_default();
    assert!(
        why.contains("Found because: imported from another file"),
        "{why}"
    );
    assert!(why.contains("import:w3c"), "{why}");
    assert!(
        !marks[0].class_list().contains("user"),
        "not marked as a correction"
    );
}
