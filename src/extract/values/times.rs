//! Times of day, normalized to 24-hour `HH:MM`: `3pm`, `10.30am`, `3 p.m.`,
//! `10:30`, `10:30 am`, `noon`, `midnight`.

use super::numbers::split_number_suffix;
use super::{Ctx, Match, Value};

/// A time of day, when the hour and minute are valid.
fn time_value(h: u32, m: u32) -> Option<Value> {
    (h < 24 && m < 60).then(|| Value {
        time: Some(format!("{h:02}:{m:02}")),
        ..Value::default()
    })
}

/// `am`, `pm`, `a.m.`, `p.m.`.
fn is_meridiem(w: &str) -> bool {
    matches!(w, "am" | "pm" | "a.m." | "p.m.")
}

/// The hour and minute of `3` or `10.30` (hours and hundredths).
fn hour_minute(n: f64) -> (u32, u32) {
    (n.trunc() as u32, (n.fract() * 100.0).round() as u32)
}

/// The 24-hour hour of a 12-hour clock hour (`12am` is 0).
fn clock_hour(h: u32, pm: bool) -> u32 {
    if pm && h < 12 {
        h + 12
    } else if !pm && h == 12 {
        0
    } else {
        h
    }
}

/// Tries the time patterns at token `i`; returns (end token, value).
pub(super) fn match_time(c: &Ctx, i: usize) -> Option<Match> {
    match c.norm(i) {
        "noon" | "midday" => return Some((i + 1, time_value(12, 0))),
        "midnight" => return Some((i + 1, time_value(0, 0))),
        _ => {}
    }
    if c.norm(i + 1) == ":" && c.tight(i) && c.tight(i + 1) {
        return colon_time(c, i);
    }
    let (n, suf) = split_number_suffix(c.raw(i))?;
    if is_meridiem(&suf) {
        // 3pm, 10.30am
        let (h, m) = hour_minute(n);
        return Some((i + 1, time_value(clock_hour(h, suf.starts_with('p')), m)));
    }
    // 3 p.m. / 10.30 am
    let next = c.norm(i + 1);
    if suf.is_empty() && is_meridiem(next) && n < 13.0 {
        let (h, m) = hour_minute(n);
        return Some((i + 2, time_value(clock_hour(h, next.starts_with('p')), m)));
    }
    None
}

/// `10:30` (three tight tokens), then `am` / `pm` or not; `12:30 am` stays
/// 12:30.
fn colon_time(c: &Ctx, i: usize) -> Option<Match> {
    let mut h: u32 = c.norm(i).parse().ok()?;
    let m: u32 = c.norm(i + 2).get(..2)?.parse().ok()?;
    if c.norm(i + 2).len() != 2 {
        return None;
    }
    let mut j = i + 3;
    let next = c.norm(j);
    if is_meridiem(next) {
        if next.starts_with('p') && h < 12 {
            h += 12;
        }
        j += 1;
    }
    Some((j, time_value(h, m)))
}
