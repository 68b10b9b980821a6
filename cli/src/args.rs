//! A small argument reader: positional values and `--flag` / `--key value` options.

use std::collections::BTreeMap;

/// Parsed arguments of one command.
#[derive(Debug, Default)]
pub struct Args {
    /// Values that are not options, in order.
    pub positional: Vec<String>,
    options: BTreeMap<String, Option<String>>,
}

impl Args {
    /// Splits `argv` into positional values and options. `takes_value` lists the options
    /// that are followed by a value; every other `--name` is a switch.
    pub fn parse(argv: &[String], takes_value: &[&str]) -> Result<Args, String> {
        let mut args = Args::default();
        let mut iter = argv.iter();
        while let Some(arg) = iter.next() {
            if arg == "--" {
                args.positional.extend(iter.by_ref().cloned());
                break;
            }
            if let Some(name) = arg.strip_prefix("--") {
                let (name, inline) = match name.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_owned())),
                    None => (name, None),
                };
                if takes_value.contains(&name) {
                    let value = match inline {
                        Some(v) => v,
                        None => iter
                            .next()
                            .cloned()
                            .ok_or_else(|| format!("option `--{name}` needs a value"))?,
                    };
                    args.options.insert(name.to_owned(), Some(value));
                } else if inline.is_some() {
                    return Err(format!("option `--{name}` takes no value"));
                } else {
                    args.options.insert(name.to_owned(), None);
                }
            } else {
                args.positional.push(arg.clone());
            }
        }
        Ok(args)
    }

    /// Whether a switch such as `--json` was given.
    pub fn flag(&self, name: &str) -> bool {
        self.options.contains_key(name)
    }

    /// The value of an option such as `--audience ks2`.
    #[allow(dead_code, reason = "used by commands that take valued options")]
    pub fn value(&self, name: &str) -> Option<&str> {
        self.options.get(name).and_then(|v| v.as_deref())
    }

    /// Rejects options the command does not know, so a typo is never ignored.
    pub fn only(&self, known: &[&str]) -> Result<(), String> {
        match self.options.keys().find(|k| !known.contains(&k.as_str())) {
            Some(unknown) => Err(format!("unknown option `--{unknown}`")),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn options_and_positionals() {
        let a = Args::parse(
            &argv(&["a", "--json", "--audience", "ks2", "b", "--x=1"]),
            &["audience", "x"],
        )
        .unwrap();
        assert_eq!(a.positional, ["a", "b"]);
        assert!(a.flag("json"));
        assert_eq!(a.value("audience"), Some("ks2"));
        assert_eq!(a.value("x"), Some("1"));
        assert!(a.only(&["json", "audience"]).is_err());
    }

    #[test]
    fn missing_value_is_an_error() {
        assert!(Args::parse(&argv(&["--audience"]), &["audience"]).is_err());
        assert!(Args::parse(&argv(&["--json=1"]), &[]).is_err());
    }
}
