//! The part of MessagePack that spaCy's `DocBin` uses (srsly writes bytes as
//! `bin` and text as `str`): an encoder and a bounded, panic-free decoder.

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Nil,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Bin(Vec<u8>),
    Array(Vec<Value>),
    Map(Vec<(Value, Value)>),
}

impl Value {
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(m) => m
                .iter()
                .find(|(k, _)| matches!(k, Value::Str(s) if s == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Value::UInt(u) => Some(u),
            Value::Int(i) if i >= 0 => Some(i as u64),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Bytes written as `bin` (or, by older writers, as `str`).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Bin(b) => Some(b),
            Value::Str(s) => Some(s.as_bytes()),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }
}

pub fn encode(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::Nil => out.push(0xc0),
        Value::Bool(b) => out.push(if *b { 0xc3 } else { 0xc2 }),
        Value::Int(i) if *i >= 0 => encode(&Value::UInt(*i as u64), out),
        Value::Int(i) => {
            if *i >= -32 {
                out.push(*i as i8 as u8);
            } else {
                out.push(0xd3);
                out.extend_from_slice(&i.to_be_bytes());
            }
        }
        Value::UInt(u) => match *u {
            0..=0x7f => out.push(*u as u8),
            0x80..=0xff => out.extend_from_slice(&[0xcc, *u as u8]),
            0x100..=0xffff => {
                out.push(0xcd);
                out.extend_from_slice(&(*u as u16).to_be_bytes());
            }
            0x1_0000..=0xffff_ffff => {
                out.push(0xce);
                out.extend_from_slice(&(*u as u32).to_be_bytes());
            }
            _ => {
                out.push(0xcf);
                out.extend_from_slice(&u.to_be_bytes());
            }
        },
        Value::Float(f) => {
            out.push(0xcb);
            out.extend_from_slice(&f.to_be_bytes());
        }
        Value::Str(s) => {
            let n = s.len();
            if n < 32 {
                out.push(0xa0 | n as u8);
            } else {
                header(out, n, [0xd9, 0xda, 0xdb]);
            }
            out.extend_from_slice(s.as_bytes());
        }
        Value::Bin(b) => {
            header(out, b.len(), [0xc4, 0xc5, 0xc6]);
            out.extend_from_slice(b);
        }
        Value::Array(a) => {
            if a.len() < 16 {
                out.push(0x90 | a.len() as u8);
            } else {
                header(out, a.len(), [0, 0xdc, 0xdd]);
            }
            for x in a {
                encode(x, out);
            }
        }
        Value::Map(m) => {
            if m.len() < 16 {
                out.push(0x80 | m.len() as u8);
            } else {
                header(out, m.len(), [0, 0xde, 0xdf]);
            }
            for (k, x) in m {
                encode(k, out);
                encode(x, out);
            }
        }
    }
}

/// A length header: the 8-, 16- or 32-bit form (`0` in `tags` = none).
fn header(out: &mut Vec<u8>, n: usize, tags: [u8; 3]) {
    if n <= 0xff && tags[0] != 0 {
        out.extend_from_slice(&[tags[0], n as u8]);
    } else if n <= 0xffff {
        out.push(tags[1]);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else {
        out.push(tags[2]);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    }
}

pub fn to_bytes(v: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    encode(v, &mut out);
    out
}

/// Decodes one value that fills `data`. Errors say what is wrong and
/// where; nesting deeper than 64 or lengths past the end are errors.
pub fn decode(data: &[u8]) -> Result<Value, String> {
    let mut r = Reader { data, pos: 0 };
    let v = r.value(0)?;
    if r.pos != data.len() {
        return Err(format!(
            "{} bytes after the end of the data",
            data.len() - r.pos
        ));
    }
    Ok(v)
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.data.len())
            .ok_or_else(|| format!("truncated at byte {}", self.pos))?;
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn be(&mut self, n: usize) -> Result<u64, String> {
        Ok(self.take(n)?.iter().fold(0u64, |a, &b| a << 8 | b as u64))
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > 64 {
            return Err("nested too deeply".into());
        }
        let tag = self.be(1)? as u8;
        Ok(match tag {
            0x00..=0x7f => Value::UInt(tag as u64),
            0x80..=0x8f => self.map((tag & 0x0f) as usize, depth)?,
            0x90..=0x9f => self.array((tag & 0x0f) as usize, depth)?,
            0xa0..=0xbf => self.str((tag & 0x1f) as usize)?,
            0xc0 => Value::Nil,
            0xc2 => Value::Bool(false),
            0xc3 => Value::Bool(true),
            0xc4..=0xc6 => {
                let n = self.be(1 << (tag - 0xc4))? as usize;
                Value::Bin(self.take(n)?.to_vec())
            }
            0xca => Value::Float(f32::from_bits(self.be(4)? as u32) as f64),
            0xcb => Value::Float(f64::from_bits(self.be(8)?)),
            0xcc..=0xcf => Value::UInt(self.be(1 << (tag - 0xcc))?),
            0xd0 => Value::Int(self.be(1)? as u8 as i8 as i64),
            0xd1 => Value::Int(self.be(2)? as u16 as i16 as i64),
            0xd2 => Value::Int(self.be(4)? as u32 as i32 as i64),
            0xd3 => Value::Int(self.be(8)? as i64),
            0xd9..=0xdb => {
                let n = self.be(1 << (tag - 0xd9))? as usize;
                self.str(n)?
            }
            0xdc | 0xdd => {
                let n = self.be(if tag == 0xdc { 2 } else { 4 })? as usize;
                self.array(n, depth)?
            }
            0xde | 0xdf => {
                let n = self.be(if tag == 0xde { 2 } else { 4 })? as usize;
                self.map(n, depth)?
            }
            0xe0..=0xff => Value::Int(tag as i8 as i64),
            other => {
                return Err(format!(
                    "unsupported MessagePack type 0x{other:02x} at byte {}",
                    self.pos - 1
                ))
            }
        })
    }

    fn str(&mut self, n: usize) -> Result<Value, String> {
        let at = self.pos;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec())
            .map(Value::Str)
            .map_err(|_| format!("a string at byte {at} is not UTF-8"))
    }

    fn array(&mut self, n: usize, depth: usize) -> Result<Value, String> {
        // Every element takes at least one byte: a length past the end is
        // an error before anything is allocated.
        if n > self.data.len() - self.pos {
            return Err(format!("truncated list at byte {}", self.pos));
        }
        let mut a = Vec::with_capacity(n);
        for _ in 0..n {
            a.push(self.value(depth + 1)?);
        }
        Ok(Value::Array(a))
    }

    fn map(&mut self, n: usize, depth: usize) -> Result<Value, String> {
        if n.saturating_mul(2) > self.data.len() - self.pos {
            return Err(format!("truncated map at byte {}", self.pos));
        }
        let mut m = Vec::with_capacity(n);
        for _ in 0..n {
            let k = self.value(depth + 1)?;
            let v = self.value(depth + 1)?;
            m.push((k, v));
        }
        Ok(Value::Map(m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_kind() {
        let v = Value::Map(vec![
            (
                Value::Str("a".into()),
                Value::Array(vec![
                    Value::UInt(0),
                    Value::UInt(200),
                    Value::UInt(70_000),
                    Value::UInt(u64::MAX),
                ]),
            ),
            (Value::Str("b".repeat(40)), Value::Bin(vec![1; 300])),
            (
                Value::Str("n".into()),
                Value::Array(vec![
                    Value::Nil,
                    Value::Bool(true),
                    Value::Int(-5),
                    Value::Int(-1000),
                ]),
            ),
            (
                Value::Str("l".into()),
                Value::Array((0..20).map(Value::UInt).collect()),
            ),
        ]);
        assert_eq!(decode(&to_bytes(&v)).unwrap(), v);
        // The same bytes as Python's msgpack for a small map.
        let small = Value::Map(vec![(Value::Str("x".into()), Value::UInt(1))]);
        assert_eq!(to_bytes(&small), [0x81, 0xa1, b'x', 0x01]);
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        for bad in [
            &[0xdd, 0xff, 0xff, 0xff, 0xff][..],
            &[0xc6, 0, 0, 0, 9, 1],
            &[0xc1],
            &[0xa3, b'a'],
            &[],
        ] {
            assert!(decode(bad).is_err(), "{bad:?}");
        }
        let deep = vec![0x91; 100];
        assert!(decode(&deep).is_err());
    }
}
