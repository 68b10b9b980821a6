//! "Did you mean" for unknown incident ids, through [`crate::vocabulary::nearest`].

pub(crate) use crate::vocabulary::fold as normalise;

/// ` (did you mean `x`?)`, or nothing.
pub(crate) fn did_you_mean(input: &str, accepted: &[&str]) -> String {
    match crate::vocabulary::nearest(input, accepted.iter().copied()) {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_incident_ids() {
        let ids = ["cyberbullying", "self_harm_suicide", "csam"];
        assert_eq!(
            did_you_mean("Cyberbullying", &ids),
            " (did you mean `cyberbullying`?)"
        );
        assert_eq!(
            did_you_mean("self-harm", &ids),
            " (did you mean `self_harm_suicide`?)"
        );
        assert_eq!(
            did_you_mean("cyberbulying", &ids),
            " (did you mean `cyberbullying`?)"
        );
        assert_eq!(did_you_mean("weather", &ids), "");
    }
}
