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

/// Correlates of War numbers that the state list gives to states that no longer exist, as
/// event datasets still write them, with the code of the state that continues them.
/// POLECAT's `Actor COW` writes Germany as 260 (German Federal Republic, 1955-1990) and
/// Vietnam as 817 (Republic of Vietnam); loaders of its files map both by hand (the
/// `countrycode` package has no ISO code for them).
pub const COW_ALIASES: &[(u32, &str)] = &[
    (260, "DEU"), // German Federal Republic
    (265, "DEU"), // German Democratic Republic
    (315, "CZE"), // Czechoslovakia
    (678, "YEM"), // Yemen Arab Republic (North Yemen)
    (680, "YEM"), // Yemen People's Republic (South Yemen)
    (817, "VNM"), // Republic of Vietnam (South Vietnam)
];

/// Country names used by the event datasets that the dictionaries do not list, with the
/// code we use (the dictionaries' names win where both have one).
///
/// * ICEWS writes some names in ISO 3166's long form: `Moldova, Republic of`, `Occupied
///   Palestinian Territory`, `the former Yugoslav Republic of Macedonia` (andybega/icews
///   `data-raw/country-to-gwcode-mapping.R` lists every `Country` value of the ICEWS files).
/// * ACLED (`country`) and ICEWS name dependent territories, which have no entry of their
///   own in the dictionaries: they take their ISO 3166 alpha-3 code, as the dictionaries'
///   territories (`GRL`, `PRI`, `HKG`) do. ICEWS's bare `Jersey` and `Guernsey`
///   are among them: ACLED actor names are searched for country names without them
///   ([`NOT_SEARCHED_IN_NAMES`]: "New Jersey" is not one).
/// * ICEWS's `Country` also holds a few regions for their country (`Bavaria`, `Aeolian
///   Islands`) and the territories that have an ISO code but no entry of their own.
/// * ISO 3166's long forms, as files produced with ISO tables write them (`Korea,
///   Republic of`, `Iran, Islamic Republic of`), and POLECAT's coder's names
///   (ahalterman/NGEC `countries.csv`: `Hong Kong SAR China`, `Myanmar [Burma]`).
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
    ("Jersey", "JEY"),
    ("Guernsey", "GGY"),
    ("Faroe Islands", "FRO"),
    ("Aland Islands", "ALA"),
    ("Christmas Island", "CXR"),
    ("Cocos (Keeling) Islands", "CCK"),
    ("Cocos Islands", "CCK"),
    ("British Indian Ocean Territory", "IOT"),
    ("French Southern Territories", "ATF"),
    ("French Southern and Antarctic Lands", "ATF"),
    ("Heard Island and McDonald Islands", "HMD"),
    ("South Georgia and the South Sandwich Islands", "SGS"),
    ("Svalbard and Jan Mayen", "SJM"),
    ("Bouvet Island", "BVT"),
    ("United States Minor Outlying Islands", "UMI"),
    ("Antarctica", "ATA"),
    ("Netherlands Antilles", "ANT"),
    ("Bavaria", "DEU"),
    ("Aeolian Islands", "ITA"),
    ("Korea, Republic of", "KOR"),
    ("Korea, Democratic People's Republic of", "PRK"),
    ("Iran, Islamic Republic of", "IRN"),
    ("Tanzania, United Republic of", "TZA"),
    ("Venezuela, Bolivarian Republic of", "VEN"),
    ("Bolivia, Plurinational State of", "BOL"),
    ("Micronesia, Federated States of", "FSM"),
    ("Taiwan, Province of China", "TWN"),
    ("Congo, The Democratic Republic of the", "COD"),
    ("Congo, Democratic Republic of the", "COD"),
    ("Hong Kong SAR China", "HKG"),
    ("Myanmar [Burma]", "MMR"),
    ("Palestinian Territories", "PSE"),
    ("Serbia and Montenegro", "SRB"),
    ("Yugoslavia", "SRB"),
];

/// Names of [`NAME_ALIASES`] that are a country on their own but not inside a longer name
/// ("New Jersey", "Guernsey County"): [`Countries::from_name_in_text`] passes them over.
pub const NOT_SEARCHED_IN_NAMES: &[&str] = &["Jersey", "Guernsey"];

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
        for (n, code) in COW_ALIASES {
            c.by_cow.entry(*n).or_insert_with(|| code.to_string());
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

    /// Like [`Countries::from_name`], for a run of words found inside a longer name: the
    /// names of [`NOT_SEARCHED_IN_NAMES`] are not countries there.
    pub fn from_name_in_text(&self, s: &str) -> Option<&str> {
        let k = key(s);
        if NOT_SEARCHED_IN_NAMES.iter().any(|n| key(n) == k) {
            return None;
        }
        self.by_name.get(&k).map(|s| s.as_str())
    }

    /// The country of an actor code whose first block is its country when it has one (the
    /// codes ICEWS, ACLED, POLECAT and Phoenix rows are given): that block when it is
    /// one of our country codes, else empty (`GOV`, `IGOUNO`, `IMG` are no country's).
    pub fn country_of<'c>(&self, code: &'c str) -> &'c str {
        match code.get(..3) {
            Some(c) if self.by_iso3.get(c).is_some_and(|ours| ours == c) => c,
            _ => "",
        }
    }

    /// A country as a dataset's own country field gives it (GDELT's
    /// `Actor1CountryCode`, CAMEO or ISO alpha-3, any case) to ours (`ROM` → `ROU`); a
    /// code that is no country we know (GDELT's regions, `EUR`, `AFR`) is kept, in upper
    /// case, as the dataset's.
    pub fn dataset_country(&self, code: &str) -> String {
        let code = code.trim();
        // As GDELT writes them (upper case), without a copy to look them up.
        if let Some(ours) = self.by_iso3.get(code) {
            return ours.clone();
        }
        let up = code.to_ascii_uppercase();
        match self.by_iso3.get(&up) {
            Some(ours) => ours.clone(),
            None => up,
        }
    }

    /// Normalizes the first block of a CAMEO actor code (`ROMGOV` → `ROUGOV`); codes that
    /// start with a transnational class or an unknown block are returned as they are.
    pub fn actor_code(&self, code: &str) -> String {
        if code.len() >= 3 && code.is_char_boundary(3) {
            if let Some(c) = self.by_iso3.get(&code[..3]) {
                if c.as_str() != &code[..3] {
                    let mut out = String::with_capacity(c.len() + code.len() - 3);
                    out.push_str(c);
                    out.push_str(&code[3..]);
                    return out;
                }
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
        assert_eq!(c.country_of("TURGOV"), "TUR");
        for none in ["GOV", "CVL", "BUS", "MNCUSA", "IGOUNO", "IMG", "", "TU"] {
            assert_eq!(c.country_of(none), "", "{none}");
        }
        assert_eq!(c.dataset_country(" rom "), "ROU");
        assert_eq!(c.dataset_country("EUR"), "EUR");
        assert_eq!(c.dataset_country(""), "");
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
            ("Jersey", "JEY"),
            ("Guernsey", "GGY"),
            ("Faroe Islands", "FRO"),
            ("Christmas Island", "CXR"),
            ("Cocos (Keeling) Islands", "CCK"),
            ("British Indian Ocean Territory", "IOT"),
            ("French Southern Territories", "ATF"),
            ("Heard Island and McDonald Islands", "HMD"),
            ("South Georgia and the South Sandwich Islands", "SGS"),
            ("Svalbard and Jan Mayen", "SJM"),
            ("United States Minor Outlying Islands", "UMI"),
            ("Antarctica", "ATA"),
            ("Netherlands Antilles", "ANT"),
            ("Bavaria", "DEU"),
            ("Aeolian Islands", "ITA"),
            ("Isle Of Man", "IMN"),
            ("Korea, Republic of", "KOR"),
            ("Iran, Islamic Republic of", "IRN"),
            ("Hong Kong SAR China", "HKG"),
        ] {
            assert_eq!(c.from_name(name), Some(code), "{name}");
        }
        // Inside a longer name, Jersey and Guernsey are not the islands.
        assert_eq!(c.from_name_in_text("Jersey"), None);
        assert_eq!(c.from_name_in_text("Bailiwick of Jersey"), Some("JEY"));
        assert_eq!(c.from_name_in_text("Azerbaijan"), Some("AZE"));
    }

    /// The numbers of states that the COW list ended, as POLECAT still writes them.
    #[test]
    fn historical_cow_numbers() {
        let (d, _) = Dictionary::embedded();
        let c = Countries::new(&d);
        for (n, code) in [(260, "DEU"), (255, "DEU"), (817, "VNM"), (816, "VNM"), (678, "YEM"), (315, "CZE")]
        {
            assert_eq!(c.from_cow(n), Some(code), "{n}");
        }
        assert_eq!(c.from_cow(999), None);
    }
}
