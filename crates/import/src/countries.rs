//! Country-code crosswalk: ISO 3166 alpha-2 and alpha-3, FIPS 10-4, Correlates of War
//! numbers, CAMEO's non-ISO codes and country names, all to our 3-letter country codes.
//! Built from the `country` entries of the dictionaries (fields `iso2`, `iso3`, `fips`,
//! `cow`, `names`, `adjectives`), plus the CAMEO codes that GDELT uses and ISO does not.

use quidpro_dict::Dictionary;
use rustc_hash::FxHashMap;

/// CAMEO 3-letter codes used by GDELT and older dictionaries that are not ISO alpha-3,
/// with the code we use.
pub const CAMEO_ALIASES: &[(&str, &str)] = &[
    ("ROM", "ROU"), // Romania
    ("MTN", "MNE"), // Montenegro
    ("TMP", "TLS"), // East Timor
    ("ZAR", "COD"), // Zaire
    ("KSV", "KSV"), // Kosovo (kept)
    ("SCG", "SRB"), // Serbia and Montenegro
    ("YUG", "SRB"), // Yugoslavia
    ("USR", "RUS"), // Soviet Union (CAMEO)
    ("SUN", "RUS"), // Soviet Union (ISO, withdrawn)
    ("WSB", "PSE"), // West Bank
    ("GZS", "PSE"), // Gaza Strip
    ("BAG", "IRQ"), // Baghdad
];

/// The crosswalk.
#[derive(Debug, Default)]
pub struct Countries {
    by_iso3: FxHashMap<String, String>,
    by_iso2: FxHashMap<String, String>,
    by_fips: FxHashMap<String, String>,
    by_cow: FxHashMap<u32, String>,
    by_name: FxHashMap<String, String>,
}

fn key(name: &str) -> String {
    quidpro_text::normalize(name)
}

impl Countries {
    /// Builds the crosswalk from the dictionaries' country entries.
    pub fn new(dict: &Dictionary) -> Countries {
        let mut c = Countries::default();
        for e in &dict.countries {
            let code = e.code.to_string();
            c.by_iso3.insert(code.clone(), code.clone());
            if let Some(v) = &e.iso3 {
                c.by_iso3.insert(v.clone(), code.clone());
            }
            if let Some(v) = &e.iso2 {
                c.by_iso2.insert(v.clone(), code.clone());
            }
            if let Some(v) = &e.fips {
                c.by_fips.insert(v.clone(), code.clone());
            }
            if let Some(v) = e.cow {
                c.by_cow.insert(v, code.clone());
            }
            for n in e.names.iter().chain(&e.adjectives).chain(std::iter::once(&e.label)) {
                c.by_name.entry(key(n)).or_insert_with(|| code.clone());
            }
        }
        for (alias, code) in CAMEO_ALIASES {
            c.by_iso3.entry(alias.to_string()).or_insert_with(|| code.to_string());
        }
        c
    }

    /// A 3-letter code (ISO alpha-3 or CAMEO) to ours.
    pub fn from_code3(&self, s: &str) -> Option<&str> {
        self.by_iso3.get(s).map(|s| s.as_str())
    }

    /// ISO alpha-2 to ours.
    pub fn from_iso2(&self, s: &str) -> Option<&str> {
        self.by_iso2.get(s).map(|s| s.as_str())
    }

    /// FIPS 10-4 (GDELT geography) to ours.
    pub fn from_fips(&self, s: &str) -> Option<&str> {
        self.by_fips.get(s).map(|s| s.as_str())
    }

    /// Correlates of War number to ours.
    pub fn from_cow(&self, n: u32) -> Option<&str> {
        self.by_cow.get(&n).map(|s| s.as_str())
    }

    /// A country name ("Azerbaijan", "Russian Federation", "Türkiye") to ours.
    pub fn from_name(&self, s: &str) -> Option<&str> {
        self.by_name.get(&key(s)).map(|s| s.as_str())
    }

    /// Normalizes the first block of a CAMEO actor code (`ROMGOV` → `ROUGOV`); codes that
    /// start with a transnational class or an unknown block are returned as they are.
    pub fn actor_code(&self, code: &str) -> String {
        if code.len() >= 3 && code.is_char_boundary(3) {
            if let Some(c) = self.by_iso3.get(&code[..3]) {
                return format!("{c}{}", &code[3..]);
            }
        }
        code.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crosswalk_from_shipped_dictionaries() {
        let (d, e) = Dictionary::embedded();
        assert!(e.is_empty());
        let c = Countries::new(&d);
        assert_eq!(c.from_fips("AJ"), Some("AZE"));
        assert_eq!(c.from_fips("TU"), Some("TUR"));
        assert_eq!(c.from_cow(373), Some("AZE"));
        assert_eq!(c.from_cow(640), Some("TUR"));
        assert_eq!(c.from_iso2("AM"), Some("ARM"));
        assert_eq!(c.from_name("Russian Federation"), Some("RUS"));
        assert_eq!(c.from_name("Türkiye"), Some("TUR"));
        assert_eq!(c.from_name("Azerbaijan"), Some("AZE"));
        assert_eq!(c.actor_code("ROMGOV"), "ROUGOV");
        assert_eq!(c.actor_code("IGONAT"), "IGONAT");
    }
}
