//! Bounded text: every text a request carries has a hard upper length, enforced when the
//! request is decoded (a longer value is a 400 before any work). The areas' own rules
//! (`bounded_text` in their logic) then give the friendly limits with field messages.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::Deref;

/// A string of at most `N` characters.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Bounded<const N: usize>(String);

impl<const N: usize> Bounded<N> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// From user input in the browser: cut to `N` characters (inputs carry `maxlength`, so this
/// only matters for a pasted or scripted value).
impl<const N: usize> From<String> for Bounded<N> {
    fn from(s: String) -> Self {
        if s.chars().count() <= N { Bounded(s) } else { Bounded(s.chars().take(N).collect()) }
    }
}

impl<const N: usize> From<&str> for Bounded<N> {
    fn from(s: &str) -> Self {
        Bounded::from(s.to_string())
    }
}

impl<const N: usize> Deref for Bounded<N> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<const N: usize> fmt::Debug for Bounded<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl<const N: usize> fmt::Display for Bounded<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<const N: usize> Serialize for Bounded<N> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// Decoding refuses a longer value outright.
impl<'de, const N: usize> Deserialize<'de> for Bounded<N> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.chars().count() > N {
            return Err(serde::de::Error::custom(format!("text longer than {N} characters")));
        }
        Ok(Bounded(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_refuses_long_text_and_input_is_cut() {
        let ok: Bounded<3> = serde_json::from_str("\"王小明\"").unwrap();
        assert_eq!(ok.as_str(), "王小明");
        let err = serde_json::from_str::<Bounded<3>>("\"王小明明\"").unwrap_err().to_string();
        assert!(err.contains("longer than 3"), "{err}");
        assert_eq!(Bounded::<3>::from("abcdef").as_str(), "abc");
        assert_eq!(serde_json::to_string(&Bounded::<3>::from("ab")).unwrap(), "\"ab\"");
    }
}
