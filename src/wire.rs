//! The annotations of a [`Document`] as compact bytes, for the trip from the
//! annotation worker to the page (`worker.rs`). The page already has the
//! text, so only the annotations travel; the bytes go as a transferable
//! buffer (no copy) and decode in one linear pass with no JSON parsing.
//!
//! Layout (all integers LEB128): `MAGIC`, then the rule-id table (count,
//! then each id as length + UTF-8), the rules stamp (flag, builtin, user
//! flag, user), the entities (count, then id, start, end, label, source,
//! rule index), the quotes (count, then id, start, end, speaker, cue,
//! candidates, source, rule index). Offsets are bytes of the text, as
//! everywhere inside Rust. Decoding checks every offset against the text,
//! so a damaged buffer is an error, never a panic or a bad slice.

use pressmark_engine::{
    Candidate, Cue, Document, Entity, Label, Quote, Rule, RulesStamp, Source, Speaker,
};
use std::borrow::Cow;
use std::collections::HashMap;

const MAGIC: &[u8; 4] = b"PMW1";

const LABELS: [Label; 6] = Label::ALL;
const SOURCES: [Source; 3] = [Source::Rule, Source::User, Source::Import];

struct Writer {
    out: Vec<u8>,
}

impl Writer {
    fn uint(&mut self, mut v: u64) {
        loop {
            let byte = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.out.push(byte);
                return;
            }
            self.out.push(byte | 0x80);
        }
    }
    fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.out.extend_from_slice(s.as_bytes());
    }
    fn span(&mut self, span: Option<(usize, usize)>) {
        match span {
            None => self.uint(0),
            Some((s, e)) => {
                self.uint(1);
                self.uint(s as u64);
                self.uint(e as u64);
            }
        }
    }
}

/// The annotations of `doc` (not its text) as bytes.
pub fn encode(doc: &Document) -> Vec<u8> {
    let mut w = Writer {
        out: Vec::with_capacity(16 + doc.entities.len() * 8 + doc.quotes.len() * 32),
    };
    w.out.extend_from_slice(MAGIC);
    // Rule ids: each distinct one once.
    let mut table: Vec<&str> = Vec::new();
    let mut index: HashMap<&str, u64> = HashMap::new();
    let rules = doc
        .entities
        .iter()
        .map(|e| e.rule.as_ref())
        .chain(doc.quotes.iter().map(|q| q.rule.as_ref()));
    for r in rules {
        if !index.contains_key(r) {
            index.insert(r, table.len() as u64);
            table.push(r);
        }
    }
    w.uint(table.len() as u64);
    for r in &table {
        w.str(r);
    }
    match &doc.rules {
        None => w.uint(0),
        Some(stamp) => {
            w.uint(1);
            w.str(&stamp.builtin);
            match &stamp.user {
                None => w.uint(0),
                Some(u) => {
                    w.uint(1);
                    w.str(u);
                }
            }
        }
    }
    let label = |l: Label| LABELS.iter().position(|x| *x == l).unwrap_or(0) as u64;
    let source = |s: Source| SOURCES.iter().position(|x| *x == s).unwrap_or(0) as u64;
    w.uint(doc.entities.len() as u64);
    for e in &doc.entities {
        w.uint(e.id as u64);
        w.uint(e.start as u64);
        w.uint(e.end as u64);
        w.uint(label(e.label));
        w.uint(source(e.source));
        w.uint(index[e.rule.as_ref()]);
    }
    w.uint(doc.quotes.len() as u64);
    for q in &doc.quotes {
        w.uint(q.id as u64);
        w.uint(q.start as u64);
        w.uint(q.end as u64);
        match &q.speaker {
            None => w.uint(0),
            Some(s) => {
                w.uint(1);
                w.str(&s.name);
                w.span(s.span);
            }
        }
        w.span(q.cue.as_ref().map(|c| (c.start, c.end)));
        w.uint(q.candidates.len() as u64);
        for c in &q.candidates {
            w.str(&c.name);
            w.span(c.span);
            w.out.extend_from_slice(&c.score.to_le_bytes());
        }
        w.uint(source(q.source));
        w.uint(index[q.rule.as_ref()]);
    }
    w.out
}

struct Reader<'a> {
    data: &'a [u8],
    at: usize,
    /// The text's length: every offset must be within it.
    len: usize,
}

type R<T> = Result<T, String>;

impl<'a> Reader<'a> {
    fn byte(&mut self) -> R<u8> {
        let b = *self
            .data
            .get(self.at)
            .ok_or("the annotations end too early")?;
        self.at += 1;
        Ok(b)
    }
    fn uint(&mut self) -> R<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("a number in the annotations is too long".into())
    }
    fn count(&mut self) -> R<usize> {
        let n = self.uint()?;
        // Every item takes at least one byte: a larger count is damage.
        if n > (self.data.len() - self.at) as u64 {
            return Err("a count in the annotations is larger than the data".into());
        }
        Ok(n as usize)
    }
    fn id(&mut self) -> R<u32> {
        u32::try_from(self.uint()?).map_err(|_| "an id out of range".to_string())
    }
    fn offset(&mut self) -> R<usize> {
        let v = self.uint()?;
        if v > self.len as u64 {
            return Err(format!("an offset ({v}) past the end of the text"));
        }
        Ok(v as usize)
    }
    fn str(&mut self) -> R<&'a str> {
        let n = self.count()?;
        let bytes = &self.data[self.at..self.at + n];
        self.at += n;
        std::str::from_utf8(bytes).map_err(|_| "a name in the annotations is not UTF-8".into())
    }
    fn span(&mut self) -> R<Option<(usize, usize)>> {
        match self.uint()? {
            0 => Ok(None),
            _ => {
                let s = self.offset()?;
                let e = self.offset()?;
                Ok(Some((s, e)))
            }
        }
    }
    fn pick<T: Copy>(&mut self, table: &[T], what: &str) -> R<T> {
        let i = self.uint()?;
        table
            .get(i as usize)
            .copied()
            .ok_or_else(|| format!("an unknown {what} ({i})"))
    }
}

/// A rule id as the engine makes it: the registry's static string when it
/// is one of its rules (no allocation per highlight), else owned.
fn rule_id(s: &str) -> Cow<'static, str> {
    match Rule::from_id(s) {
        Some(r) => Cow::Borrowed(r.id()),
        None => Cow::Owned(s.to_string()),
    }
}

/// `start..end` is a non-empty span of `text` on character boundaries.
fn check_span(text: &str, start: usize, end: usize, what: &str) -> R<()> {
    if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Err(format!(
            "{what} at {start}..{end} is not a span of the text"
        ));
    }
    Ok(())
}

/// The document made of `text` and the annotations [`encode`]d from it.
pub fn decode(text: String, data: &[u8]) -> Result<Document, String> {
    let mut r = Reader {
        data,
        at: 0,
        len: text.len(),
    };
    if data.get(..4) != Some(&MAGIC[..]) {
        return Err("these are not annotations from this version of Pressmark".into());
    }
    r.at = 4;
    let n = r.count()?;
    let mut rules = Vec::with_capacity(n);
    for _ in 0..n {
        rules.push(rule_id(r.str()?));
    }
    let rule = |r: &mut Reader<'_>| -> R<Cow<'static, str>> {
        let i = r.uint()?;
        rules
            .get(i as usize)
            .cloned()
            .ok_or_else(|| format!("an unknown rule ({i})"))
    };
    let stamp = match r.uint()? {
        0 => None,
        _ => {
            let builtin = r.str()?.to_string();
            let user = match r.uint()? {
                0 => None,
                _ => Some(r.str()?.to_string()),
            };
            Some(RulesStamp { builtin, user })
        }
    };
    let n = r.count()?;
    let mut entities = Vec::with_capacity(n);
    for _ in 0..n {
        let id = r.id()?;
        let start = r.offset()?;
        let end = r.offset()?;
        let label = r.pick(&LABELS, "label")?;
        let source = r.pick(&SOURCES, "source")?;
        let rule = rule(&mut r)?;
        check_span(&text, start, end, "an entity")?;
        entities.push(Entity {
            id,
            start,
            end,
            label,
            source,
            rule,
        });
    }
    let n = r.count()?;
    let mut quotes = Vec::with_capacity(n);
    for _ in 0..n {
        let id = r.id()?;
        let start = r.offset()?;
        let end = r.offset()?;
        check_span(&text, start, end, "a quote")?;
        let speaker = match r.uint()? {
            0 => None,
            _ => Some(Speaker {
                name: r.str()?.to_string(),
                span: r.span()?,
            }),
        };
        let cue = r.span()?.map(|(start, end)| Cue { start, end });
        let k = r.count()?;
        let mut candidates = Vec::with_capacity(k);
        for _ in 0..k {
            let name = r.str()?.to_string();
            let span = r.span()?;
            let mut b = [0u8; 4];
            for x in &mut b {
                *x = r.byte()?;
            }
            candidates.push(Candidate {
                name,
                span,
                score: f32::from_le_bytes(b),
            });
        }
        let source = r.pick(&SOURCES, "source")?;
        let rule = rule(&mut r)?;
        quotes.push(Quote {
            id,
            start,
            end,
            speaker,
            cue,
            candidates,
            source,
            rule,
        });
    }
    if r.at != data.len() {
        return Err("the annotations have bytes left over".into());
    }
    Ok(Document {
        text,
        entities,
        quotes,
        rules: stamp,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pressmark_engine::Annotator;

    const TEXT: &str = "“We will not yield,” said Zoë Müller 👩🏽‍🔬 of the World Health Organization (WHO) in Paris on 3 May 2024.\n\nThe French minister, Jean-Pierre Dupont, said: “Ten thousand people came.” Mr Dupont added that 40% agreed.";

    #[test]
    fn round_trip_is_exact() {
        let doc = Annotator::new().annotate(TEXT);
        assert!(!doc.entities.is_empty() && !doc.quotes.is_empty());
        let bytes = encode(&doc);
        let back = decode(doc.text.clone(), &bytes).unwrap();
        assert_eq!(back, doc);
    }

    #[test]
    fn user_and_import_provenance_survive() {
        let mut doc = Annotator::new().annotate(TEXT);
        doc.entities[0].source = Source::User;
        doc.entities[0].rule = Cow::Borrowed("user");
        doc.entities[1].source = Source::Import;
        doc.entities[1].rule = Cow::Owned("import:brat".into());
        doc.quotes[0].speaker = None;
        doc.rules = Some(RulesStamp {
            builtin: "abc".into(),
            user: Some("def".into()),
        });
        let back = decode(doc.text.clone(), &encode(&doc)).unwrap();
        assert_eq!(back, doc);
    }

    #[test]
    fn damage_is_an_error_not_a_panic() {
        let doc = Annotator::new().annotate(TEXT);
        let bytes = encode(&doc);
        // Every truncation, and every single-byte change, decodes or errs.
        for cut in 0..bytes.len() {
            assert!(
                decode(doc.text.clone(), &bytes[..cut]).is_err(),
                "cut at {cut}"
            );
        }
        for i in 0..bytes.len() {
            for v in [0u8, 0x7f, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[i] = v;
                let _ = decode(doc.text.clone(), &b);
            }
        }
        // A shorter text makes offsets past its end: refused.
        assert!(decode("short".into(), &bytes).is_err());
        assert!(decode(doc.text.clone(), b"JSON").is_err());
    }
}
