//! A small JSON writer: the one every JSON text that crosses into JavaScript
//! (or that `lede analyze` prints) is written with, instead of `serde_json`'s
//! serializer.
//!
//! Why: the wasm builds are downloads, and serde's serializer machinery is
//! instantiated once per serialized type (the analysis, its entities,
//! mentions, quotes, values, search results, ...): tens of KB of code for
//! texts whose shapes are few and fixed. This writer has one copy of each
//! primitive, and the shapes are written by hand at the faces
//! (`pipeline::view`, `search::json`, the values' grouping key).
//!
//! The text is **exactly** what `serde_json::to_string` (compact, [`Json::new`])
//! or `serde_json::to_string_pretty` ([`Json::pretty`]: two-space indent,
//! `"key": value`, empty containers as `[]` and `{}`) writes for the same
//! values, as long as the caller writes the same keys in the same order:
//! strings escaped the same way, integers in decimal, floats through the
//! same shortest-round-trip formatter (`zmij`) and `null` for NaN and the
//! infinities. Tests beside each shape hold the two equal.
//!
//! Writing a container: [`Json::begin_object`], then for each member
//! [`Json::key`] (with `first` for the first one) and its value, then
//! [`Json::end_object`]; arrays the same with [`Json::begin_array`],
//! [`Json::item`] and [`Json::end_array`] (or [`Json::array`] over a slice).

/// A JSON text being written.
#[derive(Default)]
pub struct Json {
    out: String,
    /// Pretty-printed (`serde_json::to_string_pretty`'s layout).
    pretty: bool,
    /// Open containers (pretty layout only).
    depth: usize,
    /// Whether the innermost container got a value: decides whether its
    /// closing bracket goes on a new line (as `serde_json`'s one flag does).
    has_value: bool,
}

impl Json {
    /// An empty writer, compact (`serde_json::to_string`).
    pub fn new() -> Json {
        Json::default()
    }

    /// An empty writer, pretty-printed (`serde_json::to_string_pretty`);
    /// compact in the search-only wasm, which has no use for it.
    pub fn pretty() -> Json {
        Json {
            pretty: true,
            ..Json::default()
        }
    }

    /// Reserves room for `n` more bytes.
    pub fn reserve(&mut self, n: usize) {
        self.out.reserve(n);
    }

    /// The text written.
    pub fn finish(self) -> String {
        self.out
    }

    /// Whether the layout is pretty: never in the search-only wasm (feature
    /// `extract` off), which writes compact JSON only, so the optimizer drops
    /// the pretty layout's code from that download.
    #[inline]
    fn is_pretty(&self) -> bool {
        cfg!(any(feature = "extract", not(target_arch = "wasm32"))) && self.pretty
    }

    fn newline(&mut self) {
        self.out.push('\n');
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    /// A string, escaped as `serde_json` escapes it: `"` and `\`, the
    /// control characters (`\b \t \n \f \r` in short form, the rest as
    /// `\u00XX`); everything else as is.
    pub fn string(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.out.reserve(s.len() + 2);
        self.out.push('"');
        let mut start = 0;
        for (i, b) in s.bytes().enumerate() {
            let short = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                0x08 => "\\b",
                0x09 => "\\t",
                0x0a => "\\n",
                0x0c => "\\f",
                0x0d => "\\r",
                0x00..=0x1f => "",
                _ => continue,
            };
            // `i` is an ASCII byte's index, so both slices are on char boundaries
            self.out.push_str(s.get(start..i).unwrap_or(""));
            if short.is_empty() {
                self.out.push_str("\\u00");
                self.out.push(char::from(HEX[usize::from(b >> 4)]));
                self.out.push(char::from(HEX[usize::from(b & 15)]));
            } else {
                self.out.push_str(short);
            }
            start = i + 1;
        }
        self.out.push_str(s.get(start..).unwrap_or(""));
        self.out.push('"');
    }

    /// A string or `null`.
    pub fn opt_string(&mut self, v: Option<&str>) {
        match v {
            Some(s) => self.string(s),
            None => self.null(),
        }
    }

    /// An unsigned integer in decimal (without `core::fmt`).
    pub fn uint(&mut self, mut n: u64) {
        let mut buf = [0u8; 20];
        let mut at = buf.len();
        loop {
            at -= 1;
            if let Some(d) = buf.get_mut(at) {
                *d = b'0' + (n % 10) as u8;
            }
            n /= 10;
            if n == 0 || at == 0 {
                break;
            }
        }
        for &d in buf.get(at..).unwrap_or(&[]) {
            self.out.push(char::from(d));
        }
    }

    /// An index or count in decimal.
    pub fn usize(&mut self, n: usize) {
        self.uint(n as u64);
    }

    /// A float as `serde_json` writes an `f32`: the shortest text that reads
    /// back as the same value; `null` for NaN and the infinities.
    pub fn float(&mut self, x: f32) {
        if x.is_finite() {
            let mut b = zmij::Buffer::new();
            let s = b.format_finite(x);
            self.out.push_str(s);
        } else {
            self.null();
        }
    }

    /// A float as `serde_json` writes an `f64`: the shortest text that
    /// reads back as the same value, laid out as its formatter (`zmij`) lays
    /// it out (`0.001234`, `12.5`, `3000.0`, `1e-7`, `1.5e+300`); `null` for
    /// NaN and the infinities.
    ///
    /// The digits come from the standard library's shortest formatting
    /// (`{:e}`, already in every build for other reasons) rather than from
    /// `zmij`, whose `f64` path carries a 17 KiB table of powers of ten into
    /// the wasm; the two give the same digits (both are the shortest
    /// round-trip digits closest to the value), which a test checks on
    /// millions of values.
    pub fn float64(&mut self, x: f64) {
        if !x.is_finite() {
            self.null();
            return;
        }
        let mut buf = SmallBuf::default();
        // `{:e}` never fails on a finite float, and its text (at most 25
        // bytes: sign, 17 digits, point, `e-324`) fits the buffer
        let _ = std::fmt::Write::write_fmt(&mut buf, format_args!("{x:e}"));
        // The shortest digits closest to the value: when the value lies
        // exactly halfway between two such (`174.135284423828125`, an `f32`
        // widened), the standard library rounds the half up and `zmij` to
        // even. The exact formatting with as many digits rounds half to even
        // too; when it reads back as the value (always but at some powers of
        // two, where the interval is lopsided), those digits are zmij's.
        let digits = buf.as_str().bytes().take_while(|&b| b != b'e');
        let n = digits.filter(u8::is_ascii_digit).count();
        let mut even = SmallBuf::default();
        let prec = n.saturating_sub(1);
        let _ = std::fmt::Write::write_fmt(&mut even, format_args!("{x:.prec$e}"));
        if even.as_str().parse::<f64>().ok() == Some(x) {
            buf = even;
        }
        let text = buf.as_str();
        let (neg, text) = match text.strip_prefix('-') {
            Some(t) => (true, t),
            None => (false, text),
        };
        let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        if neg {
            self.out.push('-');
        }
        let (first, rest) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        // the significant digits, without the point: `first` is one digit
        let n = first.len() as i32 + rest.len() as i32;
        let digit = |i: i32| -> char {
            let b = if i == 0 {
                first.as_bytes().first()
            } else {
                rest.as_bytes().get((i - 1) as usize)
            };
            char::from(b.copied().unwrap_or(b'0'))
        };
        if (-5..=15).contains(&exp) {
            if n - 1 <= exp {
                // 1234e7 -> 12340000000.0
                for i in 0..=exp {
                    self.out.push(if i < n { digit(i) } else { '0' });
                }
                self.out.push_str(".0");
            } else if exp >= 0 {
                // 1234e-2 -> 12.34
                for i in 0..n {
                    self.out.push(digit(i));
                    if i == exp {
                        self.out.push('.');
                    }
                }
            } else {
                // 1234e-6 -> 0.001234
                self.out.push_str("0.");
                for _ in 0..(-exp - 1) {
                    self.out.push('0');
                }
                for i in 0..n {
                    self.out.push(digit(i));
                }
            }
        } else {
            // 1234e30 -> 1.234e+33
            self.out.push_str(first);
            if !rest.is_empty() {
                self.out.push('.');
                self.out.push_str(rest);
            }
            self.out.push_str(if exp < 0 { "e-" } else { "e+" });
            self.uint(u64::from(exp.unsigned_abs()));
        }
    }

    /// `true` or `false`.
    pub fn bool(&mut self, b: bool) {
        self.out.push_str(if b { "true" } else { "false" });
    }

    /// `null`.
    pub fn null(&mut self) {
        self.out.push_str("null");
    }

    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        if self.is_pretty() {
            self.depth += 1;
            self.has_value = false;
        }
    }

    fn close(&mut self, bracket: char) {
        if self.is_pretty() {
            self.depth = self.depth.saturating_sub(1);
            if self.has_value {
                self.newline();
            }
            // the enclosing container now has a value (this one)
            self.has_value = true;
        }
        self.out.push(bracket);
    }

    /// `{`.
    pub fn begin_object(&mut self) {
        self.open('{');
    }

    /// `}`.
    pub fn end_object(&mut self) {
        self.close('}');
    }

    /// `[`.
    pub fn begin_array(&mut self) {
        self.open('[');
    }

    /// `]`.
    pub fn end_array(&mut self) {
        self.close(']');
    }

    /// `"key":` (after a `,` unless it is the object's first key); the
    /// member's value comes next.
    pub fn key(&mut self, first: bool, k: &str) {
        if !first {
            self.out.push(',');
        }
        if self.is_pretty() {
            self.newline();
        }
        self.string(k);
        self.out.push_str(if self.is_pretty() { ": " } else { ":" });
        // a member's value always follows, so the object has a value (what
        // serde_json's `end_object_value` records)
        self.has_value = true;
    }

    /// Before an array's item (a `,` unless it is the first one).
    pub fn item(&mut self, first: bool) {
        if !first {
            self.out.push(',');
        }
        if self.is_pretty() {
            self.newline();
            self.has_value = true;
        }
    }

    /// An array of `items`, each written by `each`.
    pub fn array<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Json, &T)) {
        self.begin_array();
        for (i, x) in items.iter().enumerate() {
            self.item(i == 0);
            each(self, x);
        }
        self.end_array();
    }

    /// An array of strings.
    pub fn strings<S: AsRef<str>>(&mut self, v: &[S]) {
        self.array(v, |j, s| j.string(s.as_ref()));
    }

    /// `{"start":…,"end":…}`.
    pub fn span(&mut self, s: &super::offsets::Span16) {
        self.begin_object();
        self.key(true, "start");
        self.uint(u64::from(s.start));
        self.key(false, "end");
        self.uint(u64::from(s.end));
        self.end_object();
    }

    /// An array of spans.
    pub fn spans(&mut self, v: &[super::offsets::Span16]) {
        self.array(v, |j, s| j.span(s));
    }

    /// An array of indices.
    pub fn usizes(&mut self, v: &[usize]) {
        self.array(v, |j, &n| j.usize(n));
    }
}

/// A fixed buffer for one formatted number (no allocation).
struct SmallBuf {
    bytes: [u8; 40],
    len: usize,
}

impl Default for SmallBuf {
    fn default() -> SmallBuf {
        SmallBuf {
            bytes: [0; 40],
            len: 0,
        }
    }
}

impl SmallBuf {
    fn as_str(&self) -> &str {
        self.bytes
            .get(..self.len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

impl std::fmt::Write for SmallBuf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_as_serde_json_does() {
        let mut all = String::new();
        for c in (0u32..0x80).chain([0xe9, 0x2028, 0x1f600]) {
            all.push(char::from_u32(c).unwrap_or(' '));
        }
        for s in [all.as_str(), "", "plain", "\"quoted\" \\ back", "é\u{0}x"] {
            let mut j = Json::new();
            j.string(s);
            assert_eq!(j.finish(), serde_json::to_string(s).unwrap_or_default());
        }
    }

    #[test]
    fn numbers_as_serde_json_writes_them() {
        for n in [0u64, 7, 10, 99, 100, 4_294_967_295, u64::MAX] {
            let mut j = Json::new();
            j.uint(n);
            assert_eq!(j.finish(), n.to_string());
        }
        for x in [
            0.0f32,
            -0.0,
            1.0,
            0.1,
            3.215_6,
            1e-7,
            1e20,
            f32::MAX,
            f32::NAN,
            f32::INFINITY,
        ] {
            let mut j = Json::new();
            j.float(x);
            assert_eq!(
                j.finish(),
                serde_json::to_string(&x).unwrap_or_default(),
                "{x}"
            );
        }
        for x in [
            0.0f64,
            -0.0,
            1.0,
            0.1,
            0.123,
            2.5e9,
            1e-300,
            1e300,
            123_456_789.123,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::NEG_INFINITY,
        ] {
            let mut j = Json::new();
            j.float64(x);
            assert_eq!(
                j.finish(),
                serde_json::to_string(&x).unwrap_or_default(),
                "{x}"
            );
        }
    }

    /// `float64` (the standard library's digits, zmij's layout) against
    /// `zmij` itself (what serde_json writes): every exponent, random bit
    /// patterns, and the short decimals an analysis holds (rounded scores,
    /// amounts of money).
    #[test]
    fn float64_is_zmijs_text() {
        let check = |x: f64| {
            let mut j = Json::new();
            j.float64(x);
            let mut b = zmij::Buffer::new();
            let want = if x.is_finite() {
                b.format_finite(x)
            } else {
                "null"
            };
            assert_eq!(j.finish(), want, "{:e} ({:#x})", x, x.to_bits());
        };
        for x in [
            0.0,
            -0.0,
            1.0,
            0.1,
            0.3,
            2.5e9,
            1e15,
            1e16,
            9_007_199_254_740_993.0,
            1e-5,
            1.5e-5,
            1e-6,
            123.456,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            5e-324,
            f64::NAN,
            f64::INFINITY,
        ] {
            check(x);
            check(-x);
        }
        // powers of ten and their neighbours, every exponent
        for e in -324..=308 {
            let x: f64 = format!("1e{e}").parse().unwrap();
            for y in [
                x,
                f64::from_bits(x.to_bits() + 1),
                f64::from_bits(x.to_bits().saturating_sub(1)),
            ] {
                check(y);
                check(y * 3.7);
            }
        }
        // random bit patterns and random short decimals
        let mut s: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        };
        for _ in 0..1_000_000 {
            check(f64::from_bits(next()));
            let k = (next() % 2_000_000) as f64;
            check(k / 1000.0);
            check(k * 1e6);
            check(f64::from(f32::from_bits(next() as u32)));
        }
    }

    /// Nested and empty containers, compact and pretty, as serde_json lays
    /// them out.
    #[test]
    fn containers_as_serde_json_lays_them_out() {
        let v = serde_json::json!({
            "a": [],
            "b": {},
            "c": [1, [2, []], {"d": [], "e": {"f": null}}],
            "g": [[]],
            "h": "x",
        });
        for pretty in [false, true] {
            let mut j = if pretty { Json::pretty() } else { Json::new() };
            j.begin_object();
            j.key(true, "a");
            j.begin_array();
            j.end_array();
            j.key(false, "b");
            j.begin_object();
            j.end_object();
            j.key(false, "c");
            j.begin_array();
            j.item(true);
            j.uint(1);
            j.item(false);
            j.begin_array();
            j.item(true);
            j.uint(2);
            j.item(false);
            j.array::<u8>(&[], |_, _| {});
            j.end_array();
            j.item(false);
            j.begin_object();
            j.key(true, "d");
            j.usizes(&[]);
            j.key(false, "e");
            j.begin_object();
            j.key(true, "f");
            j.null();
            j.end_object();
            j.end_object();
            j.end_array();
            j.key(false, "g");
            j.begin_array();
            j.item(true);
            j.strings::<&str>(&[]);
            j.end_array();
            j.key(false, "h");
            j.string("x");
            j.end_object();
            let want = if pretty {
                serde_json::to_string_pretty(&v)
            } else {
                serde_json::to_string(&v)
            };
            assert_eq!(j.finish(), want.unwrap_or_default(), "pretty: {pretty}");
        }
    }
}
