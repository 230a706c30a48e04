//! Everything that touches the browser: DOM selections ↔ document offsets,
//! downloads, the clipboard, reading files, localStorage, timers.

use pressmark_engine::OffsetMap;
use std::future::Future;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement, Node};

/// localStorage keys.
pub const DOC_KEY: &str = "pressmark.doc";
pub const HISTORY_KEY: &str = "pressmark.history";
/// The user's rules, as the text of a `.rules` file (they outlive articles).
pub const RULES_KEY: &str = "pressmark.rules";
/// Saved rules that could not be read are moved here, not lost.
pub const UNREADABLE_RULES_KEY: &str = "pressmark.rules.unreadable";

pub fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

pub fn document() -> web_sys::Document {
    window().document().expect("a document")
}

/// Milliseconds since page load.
pub fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// A `performance.measure` entry from `start_ms` (a [`now`]) to now, for
/// tests and profiling. Errors are ignored.
pub fn measure(name: &str, start_ms: f64) {
    measure_with(name, start_ms, "end", now());
}

/// A `performance.measure` entry of `duration_ms` from `start_ms` (work
/// timed elsewhere, such as in the annotation worker).
pub fn measure_span(name: &str, start_ms: f64, duration_ms: f64) {
    measure_with(name, start_ms, "duration", duration_ms);
}

/// `performance.measure(name, {start, [key]: value})`, errors ignored.
fn measure_with(name: &str, start_ms: f64, key: &str, value: f64) {
    if let Some(p) = window().performance() {
        let _ = js_sys::Reflect::get(&p, &"measure".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .map(|f| {
                let opts = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&opts, &"start".into(), &start_ms.into());
                let _ = js_sys::Reflect::set(&opts, &key.into(), &value.into());
                f.call2(&p, &name.into(), &opts)
            });
    }
}

/// A warning in the browser's console (for developers; users see banners).
pub fn warn(msg: &str) {
    web_sys::console::warn_1(&msg.into());
}

/// Resolves after `ms` milliseconds (lets the browser paint first).
pub fn sleep(ms: i32) -> impl Future<Output = ()> {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    async move {
        let _ = JsFuture::from(promise).await;
    }
}

/// Resolves after the browser has painted the current changes (the next
/// animation frame, then a task): work that can wait, such as a save,
/// does not hold up what the reader sees.
pub fn after_paint() -> impl Future<Output = ()> {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let w = window();
        // A hidden tab has no frames: 100 ms at most, whatever happens.
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
        let then = Closure::once_into_js(move || {
            let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
        let _ = w.request_animation_frame(then.unchecked_ref());
    });
    async move {
        let _ = JsFuture::from(promise).await;
    }
}

/// Runs `f` once after `ms` milliseconds; returns the timer's handle.
pub fn set_timeout(ms: i32, f: impl FnOnce() + 'static) -> i32 {
    let cb = Closure::once_into_js(f);
    window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms)
        .unwrap_or(0)
}

pub fn clear_timeout(handle: i32) {
    window().clear_timeout_with_handle(handle);
}

/// `window.confirm`; `true` when there is no way to ask.
pub fn confirm(message: &str) -> bool {
    window().confirm_with_message(message).unwrap_or(true)
}

// ---------------------------------------------------------------- storage

/// Why saving failed.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveError {
    /// The browser's storage quota is exceeded.
    Quota,
    /// No localStorage at all (private mode, disabled).
    Unavailable,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn is_quota(e: &JsValue) -> bool {
    e.dyn_ref::<js_sys::Error>().is_some_and(|e| {
        let name = String::from(e.name());
        name == "QuotaExceededError" || name == "NS_ERROR_DOM_QUOTA_REACHED"
    }) || js_sys::Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .is_some_and(|n| n.contains("Quota"))
}

/// Saves the document and its history. On a quota error the history is
/// not saved (the caller may retry with a shorter one).
pub fn save(doc_json: &str, history_json: &str) -> Result<(), SaveError> {
    let s = storage().ok_or(SaveError::Unavailable)?;
    // Remove the old history first so a large one does not block the document.
    let _ = s.remove_item(HISTORY_KEY);
    s.set_item(DOC_KEY, doc_json).map_err(|e| {
        if is_quota(&e) {
            SaveError::Quota
        } else {
            SaveError::Unavailable
        }
    })?;
    s.set_item(HISTORY_KEY, history_json).map_err(|e| {
        if is_quota(&e) {
            SaveError::Quota
        } else {
            SaveError::Unavailable
        }
    })
}

/// The saved document and history, if any.
pub fn load_saved() -> Option<(String, Option<String>)> {
    let s = storage()?;
    let doc = s.get_item(DOC_KEY).ok().flatten()?;
    Some((doc, s.get_item(HISTORY_KEY).ok().flatten()))
}

pub fn clear_saved() {
    if let Some(s) = storage() {
        let _ = s.remove_item(DOC_KEY);
        let _ = s.remove_item(HISTORY_KEY);
    }
}

fn save_error(e: &JsValue) -> SaveError {
    if is_quota(e) {
        SaveError::Quota
    } else {
        SaveError::Unavailable
    }
}

/// Saves the user's rules (a `.rules` text; none: the key goes).
pub fn save_rules(text: &str) -> Result<(), SaveError> {
    let s = storage().ok_or(SaveError::Unavailable)?;
    if text.is_empty() {
        return s.remove_item(RULES_KEY).map_err(|e| save_error(&e));
    }
    s.set_item(RULES_KEY, text).map_err(|e| save_error(&e))
}

/// The saved rules' text, if any.
pub fn load_rules() -> Option<String> {
    storage()?.get_item(RULES_KEY).ok().flatten()
}

/// Keeps saved rules that could not be read under [`UNREADABLE_RULES_KEY`]
/// (so saving new rules does not destroy them).
pub fn set_aside_rules(text: &str) -> Result<(), SaveError> {
    let s = storage().ok_or(SaveError::Unavailable)?;
    s.set_item(UNREADABLE_RULES_KEY, text)
        .map_err(|e| save_error(&e))
}

/// Puts an absolutely positioned element at `left`, `top` (CSS pixels),
/// through the CSSOM (style attributes are refused by the page's CSP).
pub fn place(node: &yew::NodeRef, left: i64, top: i64) {
    if let Some(el) = node.cast::<HtmlElement>() {
        let st = el.style();
        let _ = st.set_property("left", &format!("{left}px"));
        let _ = st.set_property("top", &format!("{top}px"));
    }
}

/// A listener on the window, removed when dropped.
pub struct WindowListener {
    event: &'static str,
    closure: Closure<dyn Fn()>,
}

impl Drop for WindowListener {
    fn drop(&mut self) {
        let _ = window()
            .remove_event_listener_with_callback(self.event, self.closure.as_ref().unchecked_ref());
    }
}

/// Calls `f` on every `event` of the window (a passive listener).
pub fn on_window(event: &'static str, f: impl Fn() + 'static) -> WindowListener {
    let closure = Closure::<dyn Fn()>::new(f);
    let opts = web_sys::AddEventListenerOptions::new();
    opts.set_passive(true);
    let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
        event,
        closure.as_ref().unchecked_ref(),
        &opts,
    );
    WindowListener { event, closure }
}

/// Sets an element's height in px (through the CSSOM: the page's CSP
/// refuses `style` attributes).
pub fn set_height(node: &yew::NodeRef, px: f64) {
    if let Some(el) = node.cast::<HtmlElement>() {
        let _ = el
            .style()
            .set_property("height", &format!("{:.0}px", px.max(0.0)));
    }
}

/// The height of what lies between the article's top spacer (or its top)
/// and its bottom spacer (or its bottom): the rendered paragraphs.
pub fn rendered_height(
    article: &yew::NodeRef,
    above: &yew::NodeRef,
    below: &yew::NodeRef,
) -> Option<f64> {
    let a = article.cast::<Element>()?.get_bounding_client_rect();
    let top = above
        .cast::<Element>()
        .map_or(a.top(), |e| e.get_bounding_client_rect().bottom());
    let bottom = below
        .cast::<Element>()
        .map_or(a.bottom(), |e| e.get_bounding_client_rect().top());
    Some(bottom - top)
}

/// Where the reader is in a long article, a quarter of the way down the
/// viewport: in a rendered paragraph (its start byte), or so many px into
/// the spacer above or below the rendered ones.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Place {
    Para(usize),
    Above(f64),
    Below(f64),
}

/// See [`Place`].
pub fn place_at_top(
    article: &yew::NodeRef,
    above: &yew::NodeRef,
    below: &yew::NodeRef,
) -> Option<Place> {
    let article = article.cast::<Element>()?;
    let h = window()
        .inner_height()
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(800.0);
    let y = h / 4.0;
    let a = article.get_bounding_client_rect();
    if y < a.top() {
        return Some(Place::Above(y - a.top()));
    }
    if let Some(el) = above.cast::<Element>() {
        let r = el.get_bounding_client_rect();
        if y < r.bottom() {
            return Some(Place::Above(y - r.top()));
        }
    }
    if let Some(el) = below.cast::<Element>() {
        let r = el.get_bounding_client_rect();
        if y >= r.top() {
            return Some(Place::Below(y - r.top()));
        }
    }
    let paras = article.query_selector_all(":scope > .para").ok()?;
    let mut last = None;
    for i in 0..paras.length() {
        let Some(el) = paras.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let start = el.get_attribute("data-start").and_then(|v| v.parse().ok());
        last = start.or(last);
        if el.get_bounding_client_rect().bottom() > y {
            return start.map(Place::Para);
        }
    }
    last.map(Place::Para)
}

/// Focuses the input with this id and selects its text, if it is there
/// (one being created focuses itself: `focus_and_select`).
pub fn focus_and_select_id(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        let _ = el.focus();
        el.select();
    }
}

/// Focuses an input and selects its text.
pub fn focus_and_select(node: &yew::NodeRef) {
    if let Some(el) = node.cast::<web_sys::HtmlInputElement>() {
        let _ = el.focus();
        el.select();
    }
}

/// Marks the text from UTF-16 offset `from` to `to` inside the article's
/// paragraph that starts at byte `para_start` (and with `scroll`, scrolls
/// it to the middle of the viewport). `false` when that paragraph is not
/// rendered.
pub fn select_in_para(
    article: &yew::NodeRef,
    para_start: usize,
    from: u32,
    to: u32,
    scroll: bool,
) -> bool {
    let Some(article) = article.cast::<Element>() else {
        return false;
    };
    let Ok(Some(p)) = article.query_selector(&format!(".para[data-start=\"{para_start}\"]")) else {
        return false;
    };
    let (Some((sn, so)), Some((en, eo))) = (point_in(&p, from, false), point_in(&p, to, true))
    else {
        return false;
    };
    let Ok(range) = document().create_range() else {
        return false;
    };
    if range.set_start(&sn, so).is_err() || range.set_end(&en, eo).is_err() {
        return false;
    }
    // The CSS Custom Highlight API marks the match without moving focus
    // out of the find field; without it, the match becomes the selection.
    if !set_highlight(FOUND_HIGHLIGHT, Some(&range)) && scroll {
        if let Ok(Some(sel)) = window().get_selection() {
            let _ = sel.remove_all_ranges();
            let _ = sel.add_range(&range);
        }
    }
    if let Some(el) = sn.parent_element().filter(|_| scroll) {
        let opts = web_sys::ScrollIntoViewOptions::new();
        opts.set_block(web_sys::ScrollLogicalPosition::Center);
        el.scroll_into_view_with_scroll_into_view_options(&opts);
    }
    true
}

/// The name of the CSS highlight (`::highlight(pressmark-found)`) that
/// marks the find bar's match.
pub const FOUND_HIGHLIGHT: &str = "pressmark-found";

/// Sets (or with `None` clears) a CSS custom highlight; `false` when the
/// browser has no CSS Custom Highlight API.
pub fn set_highlight(name: &str, range: Option<&web_sys::Range>) -> bool {
    let global = js_sys::global();
    let get = |o: &JsValue, k: &str| js_sys::Reflect::get(o, &JsValue::from_str(k)).ok();
    let Some(highlights) = get(&global, "CSS")
        .and_then(|css| get(&css, "highlights"))
        .filter(|h| !h.is_undefined())
    else {
        return false;
    };
    let call = |method: &str, args: &js_sys::Array| {
        get(&highlights, method)
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .map(|f| f.apply(&highlights, args).is_ok())
            .unwrap_or(false)
    };
    match range {
        None => call("delete", &js_sys::Array::of1(&JsValue::from_str(name))),
        Some(r) => {
            let Some(ctor) =
                get(&global, "Highlight").and_then(|c| c.dyn_into::<js_sys::Function>().ok())
            else {
                return false;
            };
            match js_sys::Reflect::construct(&ctor, &js_sys::Array::of1(r)) {
                Ok(h) => call("set", &js_sys::Array::of2(&JsValue::from_str(name), &h)),
                Err(_) => false,
            }
        }
    }
}

/// The text node and offset `u` UTF-16 units into a paragraph's text
/// (tags such as drag handles and speaker tags are not text). At a node
/// boundary, the end of the earlier node when `end`, else the start of the
/// later one.
fn point_in(p: &Element, u: u32, end: bool) -> Option<(Node, u32)> {
    fn go(cur: &Node, u: u32, end: bool, acc: &mut u32) -> Option<(Node, u32)> {
        if cur.node_type() == Node::TEXT_NODE {
            let len = cur
                .dyn_ref::<web_sys::CharacterData>()
                .map_or(0, |t| t.length());
            let hit = if end { u <= *acc + len } else { u < *acc + len };
            if hit && u >= *acc {
                return Some((cur.clone(), u - *acc));
            }
            *acc += len;
            return None;
        }
        if is_nontext(cur) {
            return None;
        }
        let mut c = cur.first_child();
        while let Some(ch) = c {
            if let Some(found) = go(&ch, u, end, acc) {
                return Some(found);
            }
            c = ch.next_sibling();
        }
        None
    }
    let mut acc = 0;
    go(p, u, end, &mut acc)
}

/// Focuses the element with this id, if there is one.
pub fn focus_id(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

// ---------------------------------------------------------------- files

/// Saves `content` as a file called `name` (Blob + object URL + a click).
pub fn download(name: &str, content: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(js_err)?;
    save_blob(name, &blob)
}

/// Saves `bytes` as a file called `name`, byte for byte (a Blob made from a
/// `Uint8Array`: binary formats such as spaCy's `.spacy`, and any text).
pub fn download_bytes(name: &str, bytes: &[u8], mime: &str) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts).map_err(js_err)?;
    save_blob(name, &blob)
}

fn save_blob(name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(js_err)?;
    let a: web_sys::HtmlAnchorElement = document()
        .create_element("a")
        .map_err(js_err)?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    let body = document().body().ok_or("no document body")?;
    body.append_child(&a).map_err(js_err)?;
    a.click();
    a.remove();
    // Revoke later: revoking at once can cancel the download in some browsers.
    set_timeout(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    Ok(())
}

/// Copies text to the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let clipboard = window().navigator().clipboard();
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(js_err)
}

/// The bytes of a file the user chose.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buf = JsFuture::from(file.array_buffer()).await.map_err(js_err)?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

fn js_err(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

// ---------------------------------------------------------------- selections

/// Elements whose text is not article text (speaker tags, handles).
const NONTEXT: &str = "data-nontext";

fn is_nontext(n: &Node) -> bool {
    n.dyn_ref::<Element>()
        .is_some_and(|e| e.has_attribute(NONTEXT))
}

/// UTF-16 length of the article text under `n` (skipping non-text parts).
fn text_len(n: &Node) -> u32 {
    if let Some(t) = n.dyn_ref::<web_sys::CharacterData>() {
        return if n.node_type() == Node::TEXT_NODE {
            t.length()
        } else {
            0
        };
    }
    if is_nontext(n) {
        return 0;
    }
    let mut sum = 0;
    let mut c = n.first_child();
    while let Some(ch) = c {
        sum += text_len(&ch);
        c = ch.next_sibling();
    }
    sum
}

/// Walks `cur` in document order adding text lengths to `acc` until the
/// boundary point (`target`, `offset`). `true` once found.
fn walk(cur: &Node, target: &Node, offset: u32, acc: &mut u32) -> bool {
    if cur.is_same_node(Some(target)) {
        if cur.node_type() == Node::TEXT_NODE {
            *acc += offset;
        } else if !is_nontext(cur) {
            let mut c = cur.first_child();
            let mut i = 0;
            while let (Some(ch), true) = (c, i < offset) {
                *acc += text_len(&ch);
                c = ch.next_sibling();
                i += 1;
            }
        }
        return true;
    }
    if cur.node_type() == Node::TEXT_NODE {
        *acc += cur
            .dyn_ref::<web_sys::CharacterData>()
            .map_or(0, |t| t.length());
        return false;
    }
    if is_nontext(cur) {
        // A boundary inside a tag counts as the tag's start.
        return cur.contains(Some(target));
    }
    let mut c = cur.first_child();
    while let Some(ch) = c {
        if walk(&ch, target, offset, acc) {
            return true;
        }
        c = ch.next_sibling();
    }
    false
}

/// The paragraph element (`.para` with `data-u16`) holding a node.
fn para_of(node: &Node) -> Option<Element> {
    let el = match node.dyn_ref::<Element>() {
        Some(e) => e.clone(),
        None => node.parent_element()?,
    };
    el.closest(".para").ok().flatten()
}

fn para_u16(p: &Element) -> Option<u32> {
    p.get_attribute("data-u16")?.parse().ok()
}

/// A DOM boundary point inside the article → UTF-16 offset in the document.
/// Points between paragraphs map to the nearest paragraph edge; points
/// outside the article clamp to its start or end.
pub fn point_to_u16(article: &Element, node: &Node, offset: u32, total_u16: u32) -> u32 {
    if !article.contains(Some(node)) {
        let before =
            article.compare_document_position(node) & Node::DOCUMENT_POSITION_PRECEDING != 0;
        return if before { 0 } else { total_u16 };
    }
    if let Some(p) = para_of(node) {
        let mut acc = 0;
        walk(&p, node, offset, &mut acc);
        return para_u16(&p).unwrap_or(0) + acc;
    }
    // Between paragraphs: the child at `offset` (or the end).
    let children = node.child_nodes();
    let mut i = offset;
    while let Some(ch) = children.get(i) {
        if let Some(u) = ch.dyn_ref::<Element>().and_then(|e| {
            if e.class_list().contains("para") {
                para_u16(e)
            } else {
                e.query_selector(".para")
                    .ok()
                    .flatten()
                    .and_then(|p| para_u16(&p))
            }
        }) {
            return u;
        }
        i += 1;
    }
    total_u16
}

/// UTF-16 offset → byte offset, rounding down out of a surrogate pair.
pub fn u16_to_byte(map: &OffsetMap<'_>, u: usize) -> usize {
    let mut u = u;
    loop {
        if let Some(b) = map.utf16_to_byte(u) {
            return b;
        }
        if u == 0 {
            return 0;
        }
        u -= 1;
    }
}

/// The current non-empty text selection inside `article`, as document byte
/// offsets, plus the bounding box of the selection (viewport coordinates).
pub fn selection_in(article: &Element, text: &str) -> Option<(usize, usize, web_sys::DomRect)> {
    let sel = window().get_selection().ok().flatten()?;
    if sel.is_collapsed() || sel.range_count() == 0 {
        return None;
    }
    let range = sel.get_range_at(0).ok()?;
    let common = range.common_ancestor_container().ok()?;
    if !article.contains(Some(&common)) && !common.contains(Some(article)) {
        return None;
    }
    let map = OffsetMap::new(text);
    let total = map.byte_to_utf16(text.len()) as u32;
    let s = point_to_u16(
        article,
        &range.start_container().ok()?,
        range.start_offset().ok()?,
        total,
    );
    let e = point_to_u16(
        article,
        &range.end_container().ok()?,
        range.end_offset().ok()?,
        total,
    );
    if s >= e {
        return None;
    }
    let (s, e) = (u16_to_byte(&map, s as usize), u16_to_byte(&map, e as usize));
    Some((s, e, range.get_bounding_client_rect()))
}

/// The document byte offset under a viewport point (for the drag handles).
pub fn offset_at_point(article: &Element, text: &str, x: f64, y: f64) -> Option<usize> {
    let doc = document();
    let (node, offset) = if let Some(pos) = doc.caret_position_from_point(x as f32, y as f32) {
        (pos.offset_node()?, pos.offset())
    } else {
        // Older Chromium: caretRangeFromPoint.
        let f: js_sys::Function = js_sys::Reflect::get(&doc, &"caretRangeFromPoint".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let r: web_sys::Range = f.call2(&doc, &x.into(), &y.into()).ok()?.dyn_into().ok()?;
        (r.start_container().ok()?, r.start_offset().ok()?)
    };
    if !article.contains(Some(&node)) {
        return None;
    }
    let map = OffsetMap::new(text);
    let total = map.byte_to_utf16(text.len()) as u32;
    Some(u16_to_byte(
        &map,
        point_to_u16(article, &node, offset, total) as usize,
    ))
}

pub fn clear_selection() {
    if let Some(sel) = window().get_selection().ok().flatten() {
        let _ = sel.remove_all_ranges();
    }
}

/// Whether the page has a non-collapsed text selection.
pub fn has_text_selection() -> bool {
    window()
        .get_selection()
        .ok()
        .flatten()
        .is_some_and(|s| !s.is_collapsed())
}

/// The element of a highlight in the article (`kind` is `entity`/`quote`).
pub fn highlight_element(article: &Element, kind: &str, id: u32) -> Option<HtmlElement> {
    article
        .query_selector(&format!(
            "[data-kind=\"{kind}\"][data-id=\"{id}\"]:not([data-nontext])"
        ))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
}

/// Focuses an element; scrolls it into view (centred) when `scroll`.
pub fn focus(el: &HtmlElement, scroll: bool) {
    let opts = web_sys::FocusOptions::new();
    opts.set_prevent_scroll(true);
    let _ = el.focus_with_options(&opts);
    if scroll {
        let o = web_sys::ScrollIntoViewOptions::new();
        o.set_block(web_sys::ScrollLogicalPosition::Center);
        el.scroll_into_view_with_scroll_into_view_options(&o);
    }
}

/// Focuses an element and scrolls it into view only as far as needed
/// (inside a scrolled side panel or bottom sheet, too).
pub fn focus_and_reveal(el: &HtmlElement) {
    focus(el, false);
    let o = web_sys::ScrollIntoViewOptions::new();
    o.set_block(web_sys::ScrollLogicalPosition::Nearest);
    el.scroll_into_view_with_scroll_into_view_options(&o);
}

/// Whether focus is on nothing in particular (the body) or inside `el`.
pub fn focus_is_free_or_inside(el: &Element) -> bool {
    match document().active_element() {
        None => true,
        Some(a) => a.tag_name() == "BODY" || el.contains(Some(&a)),
    }
}

/// Whether an event target is a text field (keys belong to it).
pub fn is_text_field(t: Option<web_sys::EventTarget>) -> bool {
    t.and_then(|t| t.dyn_into::<Element>().ok())
        .is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || e.closest("[contenteditable]").ok().flatten().is_some()
        })
}

/// Closest ancestor (or self) of an event target matching `selector`.
pub fn closest(t: Option<web_sys::EventTarget>, selector: &str) -> Option<Element> {
    let t = t?;
    let el = match t.dyn_ref::<Element>() {
        Some(e) => e.clone(),
        None => t.dyn_ref::<Node>()?.parent_element()?,
    };
    el.closest(selector).ok().flatten()
}

// ---------------------------------------------------------------- menus

/// The items (`[role=menuitem]`) of a menu, in order.
fn menu_items(menu: &Element) -> Vec<HtmlElement> {
    let Ok(list) = menu.query_selector_all("[role=\"menuitem\"]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i)?.dyn_into().ok())
        .collect()
}

/// Where focus goes in a menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuFocus {
    First,
    Last,
    /// The next (+1) or previous (-1) item from the focused one, wrapping.
    By(i32),
}

/// Moves focus to an item of `menu`.
pub fn focus_menu_item(menu: &Element, to: MenuFocus) {
    let items = menu_items(menu);
    if items.is_empty() {
        return;
    }
    let n = items.len() as i32;
    let current = document().active_element().and_then(|a| {
        items
            .iter()
            .position(|i| i.is_same_node(Some(&a)))
            .map(|p| p as i32)
    });
    let i = match (to, current) {
        (MenuFocus::First, _) | (MenuFocus::By(_), None) => 0,
        (MenuFocus::Last, _) => n - 1,
        (MenuFocus::By(d), Some(c)) => (c + d).rem_euclid(n),
    };
    let _ = items[i as usize].focus();
}

/// Whether an event target (a `relatedTarget`, say) is inside `el`.
pub fn contains(el: &Element, t: Option<web_sys::EventTarget>) -> bool {
    t.and_then(|t| t.dyn_into::<Node>().ok())
        .is_some_and(|n| el.contains(Some(&n)))
}

/// Shifts a popup that sticks out of the window sideways (a `translateX`)
/// until it is inside, 8 px from the edge when there is room.
pub fn keep_in_viewport(el: &HtmlElement) {
    // Through the CSSOM: the page's CSP refuses style attributes.
    let st = el.style();
    let _ = st.remove_property("transform");
    let r = el.get_bounding_client_rect();
    let vw = document()
        .document_element()
        .map_or(0.0, |d| d.client_width() as f64);
    let mut dx = 0.0;
    if r.right() > vw {
        dx = vw - 8.0 - r.right();
    }
    if r.left() + dx < 0.0 {
        dx = (8.0 - r.left()).min(vw - r.right());
    }
    if dx.abs() >= 0.5 {
        let _ = st.set_property("transform", &format!("translateX({dx:.0}px)"));
    }
}

// ---------------------------------------------------------------- app edges

/// A listener on the document, removed when dropped.
pub struct DocumentListener {
    event: &'static str,
    closure: Closure<dyn Fn(web_sys::Event)>,
}

impl Drop for DocumentListener {
    fn drop(&mut self) {
        let _ = document()
            .remove_event_listener_with_callback(self.event, self.closure.as_ref().unchecked_ref());
    }
}

/// Calls `f` on every key press in the page, described as a
/// [`crate::keyboard::Key`]; `f` returns whether to cancel the browser's
/// own meaning of the key.
pub fn on_keydown(f: impl Fn(crate::keyboard::Key) -> bool + 'static) -> DocumentListener {
    let closure = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        let k = crate::keyboard::Key {
            key: e.key(),
            ctrl: e.ctrl_key() || e.meta_key(),
            alt: e.alt_key(),
            shift: e.shift_key(),
            in_field: is_text_field(e.target()),
            in_panel: closest(e.target(), "#rules-panel").is_some(),
            in_download_menu: closest(e.target(), ".dl-popup").is_some(),
        };
        if f(k) {
            e.prevent_default();
        }
    });
    let _ =
        document().add_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref());
    DocumentListener {
        event: "keydown",
        closure,
    }
}

/// Opens the file chooser of a (hidden) file input.
pub fn click(node: &yew::NodeRef) {
    if let Some(i) = node.cast::<HtmlElement>() {
        i.click();
    }
}

/// The files chosen in the file input an event came from; the input is
/// emptied so the same file can be chosen again.
pub fn take_files(e: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    input.set_value("");
    files
}

/// The value of the input, text area or select an event came from.
pub fn event_value(e: &web_sys::Event) -> Option<String> {
    let t = e.target()?;
    if let Some(i) = t.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some(i.value());
    }
    if let Some(a) = t.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return Some(a.value());
    }
    t.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value())
}

/// The value of an input or text area.
pub fn value_of(node: &yew::NodeRef) -> Option<String> {
    if let Some(a) = node.cast::<web_sys::HtmlTextAreaElement>() {
        return Some(a.value());
    }
    node.cast::<web_sys::HtmlInputElement>().map(|i| i.value())
}

/// Focuses the element when nothing else has focus.
pub fn focus_if_free(node: &yew::NodeRef) {
    if let Some(a) = node.cast::<HtmlElement>() {
        if document()
            .active_element()
            .is_none_or(|e| e.tag_name() == "BODY")
        {
            let _ = a.focus();
        }
    }
}

/// The page's scroll offsets and the viewport's width (CSS pixels).
pub fn viewport() -> (f64, f64, f64) {
    let w = window();
    (
        w.scroll_x().unwrap_or(0.0),
        w.scroll_y().unwrap_or(0.0),
        w.inner_width()
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(1280.0),
    )
}

/// Scrolls the page to its very end.
pub fn scroll_to_bottom() {
    let h = document()
        .document_element()
        .map_or(0, |e| e.scroll_height());
    window().scroll_to_with_x_and_y(0.0, f64::from(h));
}

/// Whether the page is scrolled to (within 2 px of) its end.
pub fn at_page_bottom() -> bool {
    let w = window();
    let (Some(el), Ok(y), Ok(h)) = (
        document().document_element(),
        w.scroll_y(),
        w.inner_height(),
    ) else {
        return false;
    };
    let h = h.as_f64().unwrap_or(0.0);
    y > 0.0 && y + h >= f64::from(el.scroll_height()) - 2.0
}

pub fn scroll_to_top() {
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

pub fn set_title(title: &str) {
    document().set_title(title);
}

/// The highlight an element of the article stands for (`data-kind`,
/// `data-id`).
pub fn target_of(el: &Element) -> Option<crate::state::Target> {
    use crate::state::Target;
    let id = el.get_attribute("data-id")?.parse().ok()?;
    match el.get_attribute("data-kind")?.as_str() {
        "entity" => Some(Target::Entity(id)),
        "quote" => Some(Target::Quote(id)),
        _ => None,
    }
}

/// The highlight under an event's target (ignoring drag handles).
pub fn target_at(t: Option<web_sys::EventTarget>, selector: &str) -> Option<crate::state::Target> {
    closest(t, selector).and_then(|el| target_of(&el))
}

/// What takes focus for a highlight: an entity's mark, a quote's speaker
/// button.
pub fn focusable_for(article: &Element, t: crate::state::Target) -> Option<HtmlElement> {
    use crate::state::Target;
    match t {
        Target::Entity(id) => highlight_element(article, "entity", id),
        Target::Quote(id) => article
            .query_selector(&format!(".speaker-tag[data-id=\"{id}\"]"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into().ok()),
    }
}

/// Whether `el` has focus.
pub fn is_focused(el: &Element) -> bool {
    document()
        .active_element()
        .is_some_and(|a| el.is_same_node(Some(&a)))
}

/// Makes a highlight unfocusable while the mouse is down on it (Chromium
/// starts no text selection inside a focusable element); returns it so
/// [`make_focusable`] can undo that.
pub fn unfocusable_under(t: Option<web_sys::EventTarget>) -> Option<Element> {
    let m = closest(t, "mark[tabindex]")?;
    let _ = m.remove_attribute("tabindex");
    Some(m)
}

pub fn make_focusable(el: &Element) {
    let _ = el.set_attribute("tabindex", "0");
}

/// Captures the pointer for a drag handle the event started on; returns
/// its edge (`start`/`end`).
pub fn capture_handle(e: &web_sys::PointerEvent) -> Option<String> {
    let h = closest(e.target(), "[data-handle]")?;
    let edge = h.get_attribute("data-handle")?;
    let _ = h.set_pointer_capture(e.pointer_id());
    Some(edge)
}

/// Whether the node's element contains an event's (related) target.
pub fn contains_node(node: &yew::NodeRef, t: Option<web_sys::EventTarget>) -> bool {
    node.cast::<Element>().is_some_and(|w| contains(&w, t))
}

/// [`keep_in_viewport`] for a node.
pub fn keep_node_in_viewport(node: &yew::NodeRef) {
    if let Some(p) = node.cast::<HtmlElement>() {
        keep_in_viewport(&p);
    }
}

/// [`focus_menu_item`] for a node.
pub fn focus_menu_item_in(node: &yew::NodeRef, to: MenuFocus) {
    if let Some(m) = node.cast::<Element>() {
        focus_menu_item(&m, to);
    }
}

/// [`selection_in`] for the article's node.
pub fn selection_in_node(
    node: &yew::NodeRef,
    text: &str,
) -> Option<(usize, usize, web_sys::DomRect)> {
    selection_in(&node.cast::<Element>()?, text)
}

/// [`offset_at_point`] for the article's node.
pub fn offset_at_point_in(node: &yew::NodeRef, text: &str, x: f64, y: f64) -> Option<usize> {
    offset_at_point(&node.cast::<Element>()?, text, x, y)
}

/// Focuses the selected highlight in the article when focus is free (or
/// already in the article, and no text is being selected); on a jump
/// always, scrolling it to the middle of the viewport.
pub fn keep_focus_on(article: &yew::NodeRef, t: crate::state::Target, jumped: bool) {
    let Some(article) = article.cast::<Element>() else {
        return;
    };
    if let Some(el) = focusable_for(&article, t) {
        let already = is_focused(&el);
        if jumped || (!already && focus_is_free_or_inside(&article) && !has_text_selection()) {
            focus(&el, jumped);
        }
    }
}

/// [`focus`] for a node.
pub fn focus_node(node: &yew::NodeRef, scroll: bool) {
    if let Some(el) = node.cast::<HtmlElement>() {
        focus(&el, scroll);
    }
}

/// [`focus_and_reveal`] for a node.
pub fn focus_and_reveal_node(node: &yew::NodeRef) {
    if let Some(el) = node.cast::<HtmlElement>() {
        focus_and_reveal(&el);
    }
}

/// Sets the value of the select or input an event came from.
pub fn set_event_value(e: &web_sys::Event, v: &str) {
    if let Some(t) = e.target() {
        if let Some(s) = t.dyn_ref::<web_sys::HtmlSelectElement>() {
            s.set_value(v);
        } else if let Some(i) = t.dyn_ref::<web_sys::HtmlInputElement>() {
            i.set_value(v);
        }
    }
}

/// Empties an input.
pub fn clear_value(node: &yew::NodeRef) {
    if let Some(i) = node.cast::<web_sys::HtmlInputElement>() {
        i.set_value("");
    }
}
