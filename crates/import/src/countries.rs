//! Country-code crosswalk: ISO 3166 alpha-2 and alpha-3, FIPS 10-4, Correlates of War
//! numbers, CAMEO's non-ISO codes and country names, all to our 3-letter country codes.
//! Built from the `country` entries of the dictionaries (fields `iso2`, `iso3`, `fips`,
//! `cow`, `names`, `adjectives`), plus the CAMEO codes that GDELT uses and ISO does not
//! ([`CAMEO_ALIASES`]) and the country names of the datasets that the dictionaries do not
//! list ([`NAME_ALIASES`]).

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
    ("XKX", "KSV"), // Kosovo as POLECAT/NGEC and the Cline Center Phoenix write it (user-assigned)
];

/// Country names used by the event datasets that the dictionaries do not list, with the
/// code we use (the dictionaries' names win where both have one).
///
/// * ICEWS writes some names in ISO 3166's long form: `Moldova, Republic of`, `Occupied
///   Palestinian Territory`, `the former Yugoslav Republic of Macedonia` (andybega/icews
///   `data-raw/country-to-gwcode-mapping.R` lists every `Country` value of the ICEWS files).
/// * ACLED (`country`) and ICEWS name dependent territories, which have no entry of their
///   own in the dictionaries: they take their ISO 3166 alpha-3 code, as the dictionaries'
///   territories (`GRL`, `PRI`, `HKG`) do. ICEWS's bare `Jersey` and `Guernsey` are left
///   out: ACLED actor names are searched for country names, and "New Jersey" is not one.
pub const NAME_ALIASES: &[(&str, &str)] = &[
    ("Moldova, Republic of", "MDA"),
    ("Occupied Palestinian Territory", "PSE"),
    ("Occupied Palestinian Territories", "PSE"),
    ("Palestinian Territory, Occupied", "PSE"),
    ("the former Yugoslav Republic of Macedonia", "MKD"),
    ("Bosnia & Herzegovina", "BIH"),
    ("Aruba", "ABW"),
    ("Anguilla", "AIA"),
    ("American Samoa", "ASM"),
    ("Bermuda", "BMU"),
    ("Bonaire", "BES"),
    ("Caribbean Netherlands", "BES"),
    ("Cayman Islands", "CYM"),
    ("Cook Islands", "COK"),
    ("Cook Island", "COK"),
    ("Curacao", "CUW"),
    ("Falkland Islands", "FLK"),
    ("French Guiana", "GUF"),
    ("French Polynesia", "PYF"),
    ("Gibraltar", "GIB"),
    ("Guadeloupe", "GLP"),
    ("Guam", "GUM"),
    ("Bailiwick of Guernsey", "GGY"),
    ("Bailiwick of Jersey", "JEY"),
    ("Isle of Man", "IMN"),
    ("Martinique", "MTQ"),
    ("Mayotte", "MYT"),
    ("Montserrat", "MSR"),
    ("New Caledonia", "NCL"),
    ("Niue", "NIU"),
    ("Norfolk Island", "NFK"),
    ("Northern Mariana Islands", "MNP"),
    ("Pitcairn", "PCN"),
    ("Reunion", "REU"),
    ("Saint Barthelemy", "BLM"),
    ("Saint-Barthelemy", "BLM"),
    ("Saint Helena", "SHN"),
    ("Saint Helena, Ascension and Tristan da Cunha", "SHN"),
    ("Saint Martin (French part)", "MAF"),
    ("Saint-Martin", "MAF"),
    ("Saint Pierre and Miquelon", "SPM"),
    ("Sint Maarten", "SXM"),
    ("Tokelau", "TKL"),
    ("Turks and Caicos Islands", "TCA"),
    ("Turks and Caicos", "TCA"),
    ("British Virgin Islands", "VGB"),
    ("U.S. Virgin Islands", "VIR"),
    ("Virgin Islands, U.S.", "VIR"),
    ("Wallis and Futuna", "WLF"),
];

/// The crosswalk.
#[derive(Debug, Default)]
pub struct Countries {
    by_iso3: FxHashMap<String, String>,
    by_iso2: FxHashMap<String, String>,
    by_fips: FxHashMap<String, String>,
    by_cow: FxHashMap<u32, String>,
    by_name: FxHashMap<String, String>,
    /// People of the dictionaries by full name (label or a name of two words or more;
    /// a name two people share is left out): their codes with date ranges.
    people: FxHashMap<String, usize>,
    persons: Vec<quidpro_dict::Person>,
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
        for (name, code) in NAME_ALIASES {
            c.by_name.entry(key(name)).or_insert_with(|| code.to_string());
        }
        let mut shared = std::collections::HashSet::new();
        for (i, p) in dict.people.iter().enumerate() {
            for n in std::iter::once(&p.label).chain(&p.names).filter(|n| n.contains(' ')) {
                let k = key(n);
                match c.people.get(&k) {
                    Some(&j) if j != i => {
                        shared.insert(k);
                    }
                    Some(_) => {}
                    None => {
                        c.people.insert(k, i);
                    }
                }
            }
        }
        for k in shared {
            c.people.remove(&k);
        }
        c.persons = dict.people.clone();
        c
    }

    /// The code of the person a dataset names in full ("Narendra Modi") on `date`, when
    /// the dictionaries know them and that code (their office then, or their default
    /// code) is of `country`, the country the dataset gives the actor; `None` otherwise
    /// (a namesake elsewhere is not them).
    pub fn person_code(&self, name: &str, country: &str, date: chrono::NaiveDate) -> Option<&str> {
        let p = &self.persons[*self.people.get(&key(name))?];
        p.code_on(date).map(|c| c.as_str()).filter(|c| c.get(..3) == Some(country))
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
        assert_eq!(c.from_code3("XKX"), Some("KSV"));
    }

    /// Every `Country` value of the ICEWS files (andybega/icews
    /// `data-raw/country-to-gwcode-mapping.R`, states and the territories that have an ISO
    /// code) and the `country` names of ACLED exports resolve.
    #[test]
    fn dataset_country_names_resolve() {
        let (d, _) = Dictionary::embedded();
        let c = Countries::new(&d);
        for (name, code) in [
            ("Moldova, Republic of", "MDA"),
            ("Occupied Palestinian Territory", "PSE"),
            ("the former Yugoslav Republic of Macedonia", "MKD"),
            ("Russian Federation", "RUS"),
            ("Democratic Republic of Congo", "COD"),
            ("Republic of Congo", "COG"),
            ("Cote d'Ivoire", "CIV"),
            ("Ivory Coast", "CIV"),
            ("eSwatini", "SWZ"),
            ("Swaziland", "SWZ"),
            ("Palestine", "PSE"),
            ("Timor-Leste", "TLS"),
            ("East Timor", "TLS"),
            ("Holy See", "VAT"),
            ("Vatican City", "VAT"),
            ("Kosovo", "KSV"),
            ("Bosnia and Herzegovina", "BIH"),
            ("Bosnia & Herzegovina", "BIH"),
            ("Turkey", "TUR"),
            ("Czech Republic", "CZE"),
            ("Laos", "LAO"),
            ("Macao", "MAC"),
            ("Cape Verde", "CPV"),
            ("Micronesia", "FSM"),
            ("Bermuda", "BMU"),
            ("Virgin Islands, U.S.", "VIR"),
        ] {
            assert_eq!(c.from_name(name), Some(code), "{name}");
        }
    }
}
