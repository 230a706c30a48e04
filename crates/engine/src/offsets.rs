//! Conversions between UTF-8 byte offsets (inside Rust), Unicode code points
//! (the JSON contract) and UTF-16 code units (the DOM).
//!
//! [`OffsetMap`] keeps one checkpoint every [`STRIDE`] bytes, so a conversion
//! costs at most `STRIDE` bytes of scanning and the map is ~1/16 the text size.

const STRIDE: usize = 64;

/// Converts offsets of one text between units. Never panics: offsets past the
/// end clamp to the end, and byte offsets inside a character round down.
#[derive(Clone, Debug)]
pub struct OffsetMap<'t> {
    text: &'t str,
    /// For checkpoint `i` (byte `i * STRIDE`, rounded down to a char
    /// boundary): (byte offset, code points before it, UTF-16 units before it).
    checkpoints: Vec<(u32, u32, u32)>,
}

impl<'t> OffsetMap<'t> {
    pub fn new(text: &'t str) -> OffsetMap<'t> {
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let (mut cp, mut u16s) = (0u32, 0u32);
        let mut next = 0usize;
        for (b, c) in text.char_indices() {
            while b >= next {
                checkpoints.push((b as u32, cp, u16s));
                next += STRIDE;
            }
            cp += 1;
            u16s += c.len_utf16() as u32;
        }
        if checkpoints
            .last()
            .is_none_or(|c| (c.0 as usize) < text.len())
            || text.is_empty()
        {
            checkpoints.push((text.len() as u32, cp, u16s));
        }
        OffsetMap { text, checkpoints }
    }

    fn checkpoint_for_byte(&self, byte: usize) -> (usize, usize, usize) {
        let i = match self
            .checkpoints
            .binary_search_by_key(&(byte as u32), |c| c.0)
        {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        let (b, c, u) = self.checkpoints[i];
        (b as usize, c as usize, u as usize)
    }

    /// Byte offset → code-point offset.
    pub fn byte_to_cp(&self, byte: usize) -> usize {
        let byte = self.floor_boundary(byte);
        let (b, cp, _) = self.checkpoint_for_byte(byte);
        cp + count_chars(&self.text.as_bytes()[b..byte])
    }

    /// Rounds a byte offset down to a char boundary (and to the text's end).
    fn floor_boundary(&self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        byte
    }

    /// A converter for byte offsets that mostly increase (the spans of a
    /// sorted list): it walks forward from the last answer instead of
    /// searching the checkpoints each time.
    pub fn cp_cursor(&self) -> CpCursor<'_, 't> {
        CpCursor {
            map: self,
            byte: 0,
            cp: 0,
        }
    }

    /// Byte offset → UTF-16 offset.
    pub fn byte_to_utf16(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let (b, _, mut u) = self.checkpoint_for_byte(byte);
        for (i, c) in self.text[b..].char_indices() {
            if b + i >= byte {
                return u;
            }
            u += c.len_utf16();
        }
        u
    }

    fn convert_to_byte(
        &self,
        target: usize,
        key: impl Fn(&(u32, u32, u32)) -> u32,
        width: impl Fn(char) -> usize,
    ) -> Option<usize> {
        let i = match self
            .checkpoints
            .binary_search_by_key(&(target as u32), &key)
        {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        let (b, c, u) = self.checkpoints[i];
        let mut at = key(&(b, c, u)) as usize;
        let b = b as usize;
        if at == target {
            return Some(b);
        }
        for (i, ch) in self.text[b..].char_indices() {
            if at == target {
                return Some(b + i);
            }
            if at > target {
                return None;
            }
            at += width(ch);
        }
        (at == target).then_some(self.text.len())
    }

    /// Code-point offset → byte offset; `None` past the end.
    pub fn cp_to_byte(&self, cp: usize) -> Option<usize> {
        self.convert_to_byte(cp, |c| c.1, |_| 1)
    }

    /// UTF-16 offset → byte offset; `None` past the end or inside a
    /// surrogate pair.
    pub fn utf16_to_byte(&self, u: usize) -> Option<usize> {
        self.convert_to_byte(u, |c| c.2, char::len_utf16)
    }

    /// Number of code points in the whole text.
    pub fn cp_len(&self) -> usize {
        self.checkpoints.last().map_or(0, |c| c.1 as usize)
    }
}

/// Number of chars in a run of UTF-8 bytes that starts on a boundary.
#[inline]
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// See [`OffsetMap::cp_cursor`].
pub struct CpCursor<'m, 't> {
    map: &'m OffsetMap<'t>,
    byte: usize,
    cp: usize,
}

impl CpCursor<'_, '_> {
    /// Byte offset → code-point offset; same answers as
    /// [`OffsetMap::byte_to_cp`].
    pub fn to_cp(&mut self, byte: usize) -> usize {
        let byte = self.map.floor_boundary(byte);
        if byte < self.byte || byte - self.byte > 4 * STRIDE {
            let (b, cp, _) = self.map.checkpoint_for_byte(byte);
            self.byte = b;
            self.cp = cp;
        }
        self.cp += count_chars(&self.map.text.as_bytes()[self.byte..byte]);
        self.byte = byte;
        self.cp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) {
        let m = OffsetMap::new(text);
        let mut u = 0;
        let ends = text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')));
        for (cp, (b, c)) in ends.enumerate() {
            assert_eq!(m.byte_to_cp(b), cp, "byte {b} in {text:?}");
            assert_eq!(m.byte_to_utf16(b), u);
            assert_eq!(m.cp_to_byte(cp), Some(b));
            assert_eq!(m.utf16_to_byte(u), Some(b));
            u += c.len_utf16();
        }
        assert_eq!(m.cp_len(), text.chars().count());
        assert_eq!(m.cp_to_byte(text.chars().count() + 1), None);
        // The cursor agrees, forwards, backwards and inside a character.
        let mut cur = m.cp_cursor();
        let offsets: Vec<usize> = (0..=text.len())
            .chain((0..=text.len()).rev())
            .step_by(3)
            .collect();
        for b in offsets {
            assert_eq!(cur.to_cp(b), m.byte_to_cp(b), "byte {b}");
        }
    }

    #[test]
    fn ascii_emoji_combining_rtl() {
        check("");
        check("plain ascii");
        check("“Quote,” said Peskov’s aide 👩‍👩‍👧 in Türkiye.");
        check("e\u{301}e\u{301} combining, שלום עליכם, 🇺🇦 flag");
        check(&"é🙂a".repeat(300));
    }

    #[test]
    fn inside_surrogate_pair_is_none() {
        let m = OffsetMap::new("a🙂b");
        assert_eq!(m.utf16_to_byte(2), None);
        assert_eq!(m.utf16_to_byte(3), Some(5));
    }
}
