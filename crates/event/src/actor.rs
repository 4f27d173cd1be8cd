//! Actor codes: a country or transnational class followed by role blocks.
//!
//! A code is a concatenation of 3-letter upper-case blocks: `TUR` (Turkey), `TURGOV`
//! (Turkish government), `AZEMIL` (Azerbaijani military), `IGONAT` (NATO), `IGOUNO` (the
//! UN). The first block is the country or class; the rest are roles and groups.
//!
//! An event may have one side unnamed: a protest with no target, victims whose attacker
//! is not named. That side is [`ActorCode::none`], written as the empty string.

use std::fmt;

/// A valid actor code: one or more 3-letter upper-case ASCII blocks.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActorCode(String);

/// The error for a string that is not an actor code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an actor code (3-letter upper-case blocks such as TURGOV): {0:?}")]
pub struct ActorCodeError(pub String);

/// The transnational classes that stand first in a code instead of a country.
pub const CLASSES: &[&str] =
    &["IGO", "NGO", "NGM", "IMG", "MNC", "INT", "UIS", "UNO", "PKO", "AMN", "IRC", "GRP"];

impl ActorCode {
    /// Parses a code.
    ///
    /// # Errors
    /// [`ActorCodeError`] unless the string is a non-empty run of 3-letter A–Z blocks.
    pub fn parse(s: &str) -> Result<ActorCode, ActorCodeError> {
        let ok = !s.is_empty() && s.len().is_multiple_of(3) && s.bytes().all(|b| b.is_ascii_uppercase());
        if ok {
            Ok(ActorCode(s.to_string()))
        } else {
            Err(ActorCodeError(s.to_string()))
        }
    }

    /// No actor: the unnamed side of a one-sided event (the empty string).
    pub fn none() -> ActorCode {
        ActorCode(String::new())
    }

    /// Whether this is [`ActorCode::none`].
    pub fn is_none(&self) -> bool {
        self.0.is_empty()
    }

    /// The code as a string (empty for [`ActorCode::none`]).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first block: the country or transnational class (`TURGOV` → `TUR`; empty for
    /// [`ActorCode::none`]).
    pub fn primary(&self) -> &str {
        self.0.get(..3).unwrap_or("")
    }

    /// Whether the first block is a transnational class rather than a country.
    pub fn is_transnational(&self) -> bool {
        CLASSES.contains(&self.primary())
    }

    /// The blocks after the first (`TURGOVMIL` → `["GOV", "MIL"]`).
    pub fn roles(&self) -> impl Iterator<Item = &str> {
        (3..self.0.len()).step_by(3).map(move |i| &self.0[i..i + 3])
    }

    /// This code with one more role block appended, unless the code already ends in it
    /// (or is [`ActorCode::none`], which stays none).
    pub fn with_role(&self, role: &ActorCode) -> ActorCode {
        if self.is_none() || self.0.ends_with(role.as_str()) {
            self.clone()
        } else {
            ActorCode(format!("{}{}", self.0, role.0))
        }
    }
}

impl fmt::Debug for ActorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ActorCode({})", self.0)
    }
}

impl fmt::Display for ActorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for ActorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_blocks() {
        let c = ActorCode::parse("TURGOVMIL").unwrap();
        assert_eq!(c.primary(), "TUR");
        assert_eq!(c.roles().collect::<Vec<_>>(), ["GOV", "MIL"]);
        assert!(!c.is_transnational());
        assert!(ActorCode::parse("IGONAT").unwrap().is_transnational());
        for bad in ["", "TU", "TURG", "turgov", "TUR GOV", "TÜR"] {
            assert!(ActorCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn none_is_empty_and_has_no_country() {
        let n = ActorCode::none();
        assert!(n.is_none() && n.as_str().is_empty() && n.primary().is_empty());
        assert!(!n.is_transnational());
        assert_eq!(n.roles().count(), 0);
        assert!(n.with_role(&ActorCode::parse("GOV").unwrap()).is_none());
        assert!(!ActorCode::parse("TUR").unwrap().is_none());
    }

    #[test]
    fn with_role_does_not_repeat() {
        let tur = ActorCode::parse("TUR").unwrap();
        let gov = ActorCode::parse("GOV").unwrap();
        assert_eq!(tur.with_role(&gov).as_str(), "TURGOV");
        assert_eq!(tur.with_role(&gov).with_role(&gov).as_str(), "TURGOV");
    }
}
