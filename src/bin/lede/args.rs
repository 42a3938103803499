//! The argument parser every command shares: positional arguments and
//! `--flag [value]` pairs, each command naming the flags it knows (valued
//! or boolean), so an unknown or misspelled option is a usage error instead
//! of being silently ignored.

#[cfg(feature = "train")]
use crate::USAGE;
use crate::{usage, Fail};

/// Simple flag parser: positional arguments and `--flag [value]` pairs;
/// after `--`, everything is positional (a query such as `-- --budget`).
// (the wasm32 build of this binary, never run, has fewer commands)
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub(crate) struct Args {
    pub(crate) positional: Vec<String>,
    pub(crate) flags: Vec<(String, Option<String>)>,
}

#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
impl Args {
    pub(crate) fn parse(raw: &[String], valued: &[&str], bools: &[&str]) -> Result<Args, Fail> {
        let mut positional = Vec::new();
        let mut flags = Vec::new();
        let mut it = raw.iter();
        while let Some(a) = it.next() {
            if a == "--" {
                positional.extend(it.by_ref().cloned());
                break;
            }
            if a.starts_with("--") && a.len() > 2 {
                let (name, inline) = match a.split_once('=') {
                    Some((n, v)) => (n.to_string(), Some(v.to_string())),
                    None => (a.clone(), None),
                };
                if valued.contains(&name.as_str()) {
                    let v = match inline {
                        Some(v) => v,
                        None => match it.next() {
                            Some(v) => v.clone(),
                            None => return usage(format!("{name} needs a value")),
                        },
                    };
                    flags.push((name, Some(v)));
                } else if bools.contains(&name.as_str()) {
                    if inline.is_some() {
                        return usage(format!("{name} takes no value"));
                    }
                    flags.push((name, None));
                } else {
                    return usage(format!("unknown option {name}"));
                }
            } else {
                positional.push(a.clone());
            }
        }
        Ok(Args { positional, flags })
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|(n, _)| n == name)
    }

    pub(crate) fn values(&self, name: &str) -> Vec<&str> {
        self.flags
            .iter()
            .filter(|(n, _)| n == name)
            .filter_map(|(_, v)| v.as_deref())
            .collect()
    }

    pub(crate) fn value(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
}

#[cfg(feature = "train")]
pub(crate) fn parse_num<T: std::str::FromStr>(args: &Args, name: &str) -> Result<Option<T>, Fail> {
    match args.value(name) {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| Fail(format!("bad value for {name}: {v:?}"), USAGE)),
    }
}
