//! The annotation worker, both sides (an edge module, like `store.rs`).
//!
//! The page sends the normalised text and the user's rules to a Web Worker
//! that runs this same wasm (`assets/worker.js`); the worker annotates with
//! [`pressmark_worker_annotate`] and sends the annotations back as bytes
//! ([`crate::wire`]) in a transferred buffer. Without a worker (no
//! `<meta name="pressmark-worker">`, as in the in-browser tests, or a
//! worker that fails) the page annotates on its own thread.

use crate::{user_rules, wire};
use pressmark_engine::{Annotator, Document};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/worker_client.js")]
extern "C" {
    #[wasm_bindgen(js_name = workerAvailable)]
    fn js_available() -> bool;
    #[wasm_bindgen(js_name = workerWarm)]
    fn js_warm();
    #[wasm_bindgen(js_name = workerAnnotate, catch)]
    async fn js_annotate(text: &str, rules: &str) -> Result<JsValue, JsValue>;
}

/// Whether this page has an annotation worker.
pub fn available() -> bool {
    js_available()
}

/// Starts the worker now, so the first article does not wait for it.
pub fn warm() {
    js_warm()
}

/// Annotates `text` in the worker with the user's rules (`rules`: their
/// `.rules` text): the document and the engine's time in ms, or why not.
pub async fn annotate(text: String, rules: &str) -> Result<(Document, f64), String> {
    let answer = js_annotate(&text, rules).await.map_err(|e| {
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "the annotation worker failed".into())
    })?;
    let get = |k: &str| js_sys::Reflect::get(&answer, &JsValue::from_str(k)).ok();
    let ms = get("ms").and_then(|v| v.as_f64()).unwrap_or(0.0);
    let bytes = get("bytes")
        .and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok())
        .ok_or("the annotation worker sent no annotations")?
        .to_vec();
    let doc = wire::decode(text, &bytes)?;
    Ok((doc, ms))
}

/// In the worker, once it has started: builds the built-in rules and runs
/// them over the sample article a few times, so the engine's hot code is
/// compiled by the browser's optimising tier before the reader's article
/// comes.
#[wasm_bindgen]
pub fn pressmark_worker_warm() {
    for _ in 0..3 {
        let _ = pressmark_worker_annotate(crate::app::SAMPLE, "");
    }
}

thread_local! {
    /// The worker's annotator, kept while the user's rules stay the same.
    static BUILT: RefCell<Option<(String, Annotator)>> = const { RefCell::new(None) };
}

/// In the worker: annotates `text` with the built-in rules and the user's
/// (`rules`, `.rules` text; rules that cannot be used are left out, as on
/// the page, which says why) and returns the annotations as bytes.
#[wasm_bindgen]
pub fn pressmark_worker_annotate(text: &str, rules: &str) -> Vec<u8> {
    BUILT.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.as_ref().is_none_or(|(r, _)| r != rules) {
            let ann = user_rules::from_text(user_rules::SET_NAME, rules)
                .ok()
                .and_then(|set| user_rules::annotator(&set).ok())
                .unwrap_or_default();
            *cell = Some((rules.to_string(), ann));
        }
        match cell.as_ref() {
            Some((_, ann)) => wire::encode(&ann.annotate(text)),
            None => Vec::new(), // not reached: built just above
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_uses_the_users_rules_and_its_bytes_decode() {
        let text = "Shares of Zorblax Dynamics rose in Paris on Monday.";
        let rules = "ORG Zorblax Dynamics\n";
        let bytes = pressmark_worker_annotate(text, rules);
        let doc = wire::decode(text.to_string(), &bytes).unwrap();
        let on_page =
            user_rules::annotator(&user_rules::from_text(user_rules::SET_NAME, rules).unwrap())
                .unwrap()
                .annotate(text);
        assert_eq!(doc, on_page, "the worker and the page agree");
        assert!(doc.entities.iter().any(
            |e| doc.slice(e.start, e.end) == "Zorblax Dynamics" && e.rule.starts_with("user:")
        ));
        // other rules, then none: rebuilt each time
        let plain = wire::decode(text.to_string(), &pressmark_worker_annotate(text, "")).unwrap();
        assert_eq!(plain, Annotator::new().annotate(text));
        // rules that cannot be read: the built-in ones, as on the page
        let broken = wire::decode(
            text.to_string(),
            &pressmark_worker_annotate(text, "FROB x\n"),
        )
        .unwrap();
        assert_eq!(broken, plain);
        pressmark_worker_warm();
    }
}
