//! The dictionaries' actors as the store keeps them (`actors`, origin `dictionary`):
//! every name of every country, capital (the government), person (each code with its
//! date range) and organisation, with the entry's `file:line`.

use quidpro_dict::Dictionary;
use quidpro_store::{DictionaryActor, Store};

use crate::Result;

/// The rows of the dictionary's actors.
pub fn dictionary_actors(dict: &Dictionary) -> Vec<DictionaryActor> {
    let mut out = Vec::new();
    let mut push = |code: &str,
                    name: &str,
                    kind: &str,
                    range: (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>),
                    entry: String| {
        out.push(DictionaryActor {
            code: code.to_string(),
            name: name.to_string(),
            kind: kind.to_string(),
            valid_from: range.0,
            valid_to: range.1,
            entry,
        });
    };
    for c in &dict.countries {
        let code = c.code.as_str();
        for name in std::iter::once(&c.label).chain(&c.names) {
            push(code, name, "country", (None, None), c.origin.to_string());
        }
        let government = format!("{code}GOV");
        for name in &c.capitals {
            push(&government, name, "country", (None, None), c.origin.to_string());
        }
    }
    for p in &dict.people {
        for range in &p.codes {
            for name in std::iter::once(&p.label).chain(&p.names) {
                push(range.code.as_str(), name, "person", (range.from, range.to), p.origin.to_string());
            }
        }
    }
    for o in &dict.orgs {
        for name in std::iter::once(&o.label).chain(&o.names) {
            push(o.code.as_str(), name, "organisation", (None, None), o.origin.to_string());
        }
    }
    out
}

/// Stores the dictionary's actors, replacing those stored before, in one transaction.
///
/// # Errors
/// [`crate::Error::Store`] if the store fails.
pub fn store_dictionary_actors(store: &mut Store, dict: &Dictionary) -> Result<usize> {
    let rows = dictionary_actors(dict);
    let mut batch = store.batch()?;
    batch.replace_dictionary_actors(&rows)?;
    batch.commit()?;
    Ok(rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_capitals_people_and_organisations() {
        let (dict, errors) = Dictionary::embedded();
        assert!(errors.is_empty());
        let rows = dictionary_actors(&dict);
        let has = |code: &str, name: &str, kind: &str| {
            rows.iter().any(|a| a.code == code && a.name == name && a.kind == kind)
        };
        assert!(has("TUR", "Turkey", "country"));
        assert!(has("TURGOV", "Ankara", "country"));
        assert!(has("IGONAT", "NATO", "organisation"));
        // A person's codes carry their ranges.
        assert!(rows.iter().any(|a| a.kind == "person" && a.valid_from.is_some()));
        assert!(rows.iter().all(|a| a.entry.contains(".txt:")));
    }
}
