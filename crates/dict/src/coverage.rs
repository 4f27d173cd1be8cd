//! What a dictionary covers: verb patterns per CAMEO root and code (all 312 codes, those
//! without a pattern included) and actors per country and per type.

use std::collections::BTreeMap;

use quidpro_event::cameo;

use crate::Dictionary;

/// The patterns of one CAMEO root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RootCoverage {
    /// The root, two digits.
    pub root: &'static str,
    /// Its CAMEO name.
    pub name: &'static str,
    /// Patterns of the root and of every code under it.
    pub patterns: usize,
    /// Codes of the root (itself included).
    pub codes: usize,
    /// Those of them with at least one pattern.
    pub codes_with_patterns: usize,
}

/// The patterns of one CAMEO code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeCoverage {
    /// The code.
    pub code: &'static str,
    /// Its CAMEO name.
    pub name: &'static str,
    /// Patterns that code exactly this code.
    pub patterns: usize,
}

/// Actor entries by type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ActorTypes {
    /// `country` entries.
    pub country: usize,
    /// `person` entries.
    pub person: usize,
    /// `org` entries.
    pub organisation: usize,
    /// `agent` entries (roles; they belong to no country).
    pub agent: usize,
}

/// The actors of one country (or transnational class: `IGO`, `NGO`, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountryCoverage {
    /// The country code, or the first block of the actors' codes.
    pub code: String,
    /// The country entry's label, empty for a code with no country entry.
    pub label: String,
    /// Country entries with this code.
    pub country: usize,
    /// People whose default code starts with it.
    pub person: usize,
    /// Organisations whose code starts with it.
    pub organisation: usize,
    /// Names, adjectives, demonyms and capitals of its country entries.
    pub phrases: usize,
    /// Places (cities, provinces, regions) of its country entries.
    pub places: usize,
}

/// What a dictionary covers ([`Dictionary::coverage`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    /// Every CAMEO root, in code order.
    pub roots: Vec<RootCoverage>,
    /// Every one of the 312 CAMEO codes, in code order.
    pub codes: Vec<CodeCoverage>,
    /// Actor entries by type.
    pub actor_types: ActorTypes,
    /// Actors per country code, in code order.
    pub countries: Vec<CountryCoverage>,
}

impl Coverage {
    /// The codes with no pattern, in code order.
    pub fn codes_without_patterns(&self) -> impl Iterator<Item = &CodeCoverage> {
        self.codes.iter().filter(|c| c.patterns == 0)
    }
}

impl Dictionary {
    /// Patterns per CAMEO root and code, and actors per type and per country.
    pub fn coverage(&self) -> Coverage {
        let mut per_code: BTreeMap<&str, usize> = BTreeMap::new();
        for p in &self.patterns {
            *per_code.entry(p.code.as_str()).or_default() += 1;
        }
        let codes: Vec<CodeCoverage> = cameo::entries()
            .iter()
            .map(|e| CodeCoverage {
                code: e.code,
                name: e.name,
                patterns: per_code.get(e.code).copied().unwrap_or(0),
            })
            .collect();
        let roots = cameo::entries()
            .iter()
            .filter(|e| e.code.len() == 2)
            .map(|r| {
                let under: Vec<&CodeCoverage> = codes.iter().filter(|c| c.code.starts_with(r.code)).collect();
                RootCoverage {
                    root: r.code,
                    name: r.name,
                    patterns: under.iter().map(|c| c.patterns).sum(),
                    codes: under.len(),
                    codes_with_patterns: under.iter().filter(|c| c.patterns > 0).count(),
                }
            })
            .collect();
        let actor_types = ActorTypes {
            country: self.countries.len(),
            person: self.people.len(),
            organisation: self.orgs.len(),
            agent: self.agents.len(),
        };
        let mut countries: BTreeMap<String, CountryCoverage> = BTreeMap::new();
        for c in &self.countries {
            let row =
                countries.entry(c.code.primary().to_string()).or_insert_with(|| empty(c.code.primary()));
            if row.label.is_empty() {
                row.label = c.label.clone();
            }
            row.country += 1;
            row.phrases += c.names.len() + c.adjectives.len() + c.demonyms.len() + c.capitals.len();
            row.places += c.places.len();
        }
        for p in &self.people {
            if let Some(d) = p.codes.iter().find(|c| !c.ranged) {
                countries
                    .entry(d.code.primary().to_string())
                    .or_insert_with(|| empty(d.code.primary()))
                    .person += 1;
            }
        }
        for o in &self.orgs {
            countries
                .entry(o.code.primary().to_string())
                .or_insert_with(|| empty(o.code.primary()))
                .organisation += 1;
        }
        Coverage { roots, codes, actor_types, countries: countries.into_values().collect() }
    }
}

fn empty(code: &str) -> CountryCoverage {
    CountryCoverage {
        code: code.to_string(),
        label: String::new(),
        country: 0,
        person: 0,
        organisation: 0,
        phrases: 0,
        places: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_per_root_and_code_and_actors_per_country() {
        let text = "\
country TUR Turkey
  names: Turkey; Türkiye
  adjectives: Turkish
  capitals: Ankara
  places: Istanbul; Izmir
country ARM Armenia
  names: Armenia
person Recep Tayyip Erdoğan
  names: Erdoğan
  code: TURGOV
person Nikol Pashinyan
  names: Pashinyan
  code: ARMGOV
org IGONAT NATO
  names: NATO
org TURPTY AKP
  names: AKP
agent MIL Military
  names: army
code 042
  $ {visit} +
  $ {pay} visit to +
code 190
  $ {attack} +
code 19
  $ {fight} +
";
        let (d, e) = Dictionary::parse_files([("x.txt".to_string(), text.to_string())]);
        assert!(e.is_empty(), "{e:?}");
        let c = d.coverage();
        assert_eq!(c.codes.len(), 312);
        assert_eq!(c.roots.len(), 20);
        let code = |k: &str| c.codes.iter().find(|x| x.code == k).unwrap().patterns;
        assert_eq!((code("042"), code("190"), code("19"), code("010")), (2, 1, 1, 0));
        let root = |k: &str| c.roots.iter().find(|x| x.root == k).unwrap();
        assert_eq!((root("04").patterns, root("04").codes_with_patterns), (2, 1));
        assert_eq!((root("19").patterns, root("19").codes_with_patterns), (2, 2));
        assert_eq!(root("01").patterns, 0);
        assert_eq!(c.codes_without_patterns().count(), 312 - 3);
        assert_eq!(c.actor_types, ActorTypes { country: 2, person: 2, organisation: 2, agent: 1 });
        let codes: Vec<&str> = c.countries.iter().map(|x| x.code.as_str()).collect();
        assert_eq!(codes, ["ARM", "IGO", "TUR"]);
        let tur = &c.countries[2];
        assert_eq!(
            (tur.label.as_str(), tur.country, tur.person, tur.organisation, tur.phrases, tur.places),
            ("Turkey", 1, 1, 1, 4, 2)
        );
        assert_eq!((c.countries[1].label.as_str(), c.countries[1].organisation), ("", 1));
    }
}
