//! The ledger's weights and windows: `data/ledger.toml` (shipped, compiled in), which a
//! user's file may override key by key (`quidpro ledger --config FILE`).
//!
//! The file is a subset of TOML: `[table]` headers, `key = number`, `key = true|false`,
//! and `key = ["string", ...]` on one line, `#` comments. Every key is
//! documented in the shipped file; an unknown table or key is an error naming its line.

use crate::Error;

/// The shipped table (`data/ledger.toml`).
pub const SHIPPED: &str = include_str!("../../../../data/ledger.toml");

/// Weights and windows of the ledger (see `data/ledger.toml` for each one's meaning).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Config {
    /// `[balance] half_life_days`.
    pub half_life_days: f64,
    /// `[balance] repaid_share`.
    pub repaid_share: f64,
    /// `[favour] material_roots`.
    pub favour_roots: Vec<String>,
    /// `[favour] material_factor`.
    pub favour_factor: f64,
    /// `[favour] diplomatic_codes`.
    pub diplomatic_codes: Vec<String>,
    /// `[favour] diplomatic_factor`.
    pub diplomatic_factor: f64,
    /// `[demand] roots`.
    pub demand_roots: Vec<String>,
    /// `[demand] window_days`.
    pub demand_window_days: i64,
    /// `[demand] inferred_window_days`.
    pub inferred_window_days: i64,
    /// `[demand] families`: each a space-separated list of roots.
    pub families: Vec<Vec<String>>,
    /// `[demand] equivalents`: each a space-separated list of code prefixes that name one
    /// act across families.
    pub equivalents: Vec<Vec<String>>,
    /// `[demand] evasion_after_days`.
    pub evasion_after_days: i64,
    /// `[repayment] compliance_factor`.
    pub compliance_factor: f64,
    /// `[repayment] material_factor`.
    pub return_factor: f64,
    /// `[repayment] aims`.
    pub aims: bool,
    /// `[repayment] aims_text_only`.
    pub aims_text_only: bool,
    /// `[repayment] aims_factor`.
    pub aims_factor: f64,
    /// `[repayment] aims_window_days`.
    pub aims_window_days: i64,
    /// `[repayment] aims_min_statements`.
    pub aims_min_statements: usize,
    /// `[dedup] window_days`.
    pub dedup_window_days: i64,
    /// `[demand] kinds`: each a space-separated list of three-digit codes.
    pub kinds: Vec<Vec<String>>,
    /// `[classes]`: what an act is worth by its class.
    pub classes: Vec<ActClass>,
}

/// A class of acts and its factor (`[classes] NAME_codes`, `NAME_factor`).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ActClass {
    /// Its name.
    pub name: String,
    /// Code prefixes.
    pub codes: Vec<String>,
    /// The factor of its acts' |Goldstein| values.
    pub factor: f64,
}

impl Default for Config {
    fn default() -> Config {
        Config::shipped()
    }
}

enum Value {
    Num(f64),
    Bool(bool),
    List(Vec<String>),
}

/// The longest window, in days (about 274 years).
const MAX_DAYS: f64 = 100_000.0;

fn parse_value(v: &str) -> Option<Value> {
    let v = v.trim();
    if v == "true" || v == "false" {
        return Some(Value::Bool(v == "true"));
    }
    if let Some(inner) = v.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        let mut out = Vec::new();
        for item in inner.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            out.push(item.strip_prefix('"')?.strip_suffix('"')?.to_string());
        }
        return Some(Value::List(out));
    }
    v.parse::<f64>().ok().filter(|x| x.is_finite()).map(Value::Num)
}

/// Strips a `#` comment that is not inside a string.
fn strip_comment(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '#' if !quoted => return &line[..i],
            _ => {}
        }
    }
    line
}

impl Config {
    /// The shipped table.
    pub fn shipped() -> Config {
        let mut c = Config {
            half_life_days: 0.0,
            repaid_share: 0.0,
            favour_roots: Vec::new(),
            favour_factor: 0.0,
            diplomatic_codes: Vec::new(),
            diplomatic_factor: 0.0,
            demand_roots: Vec::new(),
            demand_window_days: 0,
            inferred_window_days: 0,
            families: Vec::new(),
            equivalents: Vec::new(),
            evasion_after_days: 0,
            compliance_factor: 0.0,
            return_factor: 0.0,
            aims: false,
            aims_text_only: true,
            aims_factor: 0.0,
            aims_window_days: 0,
            aims_min_statements: 0,
            dedup_window_days: 0,
            kinds: Vec::new(),
            classes: Vec::new(),
        };
        c.apply("data/ledger.toml", SHIPPED).expect("the shipped ledger table parses");
        c
    }

    /// The shipped table with `text` (a user's file named `file`) applied over it.
    ///
    /// # Errors
    /// [`Error::Line`] naming the first bad line.
    pub fn parse(file: &str, text: &str) -> Result<Config, Error> {
        let mut c = Config::shipped();
        c.apply(file, text)?;
        Ok(c)
    }

    fn apply(&mut self, file: &str, text: &str) -> Result<(), Error> {
        let err = |line: usize, message: String| Error::Line { file: file.to_string(), line, message };
        let mut table = String::new();
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let line = strip_comment(raw).trim();
            if line.is_empty() {
                continue;
            }
            if let Some(t) = line.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
                table = t.trim().to_string();
                if !matches!(
                    table.as_str(),
                    "balance" | "favour" | "demand" | "repayment" | "classes" | "dedup"
                ) {
                    return Err(err(
                        n,
                        format!(
                            "unknown table [{table}] (balance, favour, demand, repayment, classes, dedup)"
                        ),
                    ));
                }
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                return Err(err(n, format!("expected `key = value`, got {line:?}")));
            };
            let key = key.trim();
            let value = parse_value(value)
                .ok_or_else(|| err(n, format!("`{key}`: cannot read {:?}", value.trim())))?;
            let num = |v: &Value, min: f64| match v {
                Value::Num(x) if *x >= min => Ok(*x),
                _ => Err(err(n, format!("`{key}` takes a number of at least {min}"))),
            };
            // Windows are added to dates: at most MAX_DAYS, so that no date overflows.
            let days = |v: &Value, min: f64| match v {
                Value::Num(x) if *x >= min && *x <= MAX_DAYS => Ok(*x as i64),
                _ => Err(err(n, format!("`{key}` takes a number of days from {min} to {MAX_DAYS}"))),
            };
            let list = |v: Value| match v {
                Value::List(l) => Ok(l),
                _ => Err(err(n, format!("`{key}` takes a list of strings"))),
            };
            match (table.as_str(), key) {
                ("balance", "half_life_days") => {
                    self.half_life_days = num(&value, 1.0)?;
                }
                ("balance", "repaid_share") => self.repaid_share = num(&value, 0.0)?,
                ("favour", "material_roots") => self.favour_roots = list(value)?,
                ("favour", "material_factor") => self.favour_factor = num(&value, 0.0)?,
                ("favour", "diplomatic_codes") => self.diplomatic_codes = list(value)?,
                ("favour", "diplomatic_factor") => self.diplomatic_factor = num(&value, 0.0)?,
                ("demand", "roots") => self.demand_roots = list(value)?,
                ("demand", "window_days") => self.demand_window_days = days(&value, 1.0)?,
                ("demand", "inferred_window_days") => self.inferred_window_days = days(&value, 1.0)?,
                ("demand", "families") => {
                    self.families = list(value)?
                        .iter()
                        .map(|f| f.split_whitespace().map(str::to_string).collect())
                        .collect()
                }
                ("demand", "equivalents") => {
                    self.equivalents = list(value)?
                        .iter()
                        .map(|f| f.split_whitespace().map(str::to_string).collect())
                        .collect()
                }
                ("demand", "evasion_after_days") => self.evasion_after_days = days(&value, 0.0)?,
                ("repayment", "compliance_factor") => self.compliance_factor = num(&value, 0.0)?,
                ("repayment", "material_factor") => self.return_factor = num(&value, 0.0)?,
                ("repayment", "aims") => match value {
                    Value::Bool(b) => self.aims = b,
                    _ => return Err(err(n, "`aims` takes true or false".into())),
                },
                ("repayment", "aims_text_only") => match value {
                    Value::Bool(b) => self.aims_text_only = b,
                    _ => return Err(err(n, "`aims_text_only` takes true or false".into())),
                },
                ("repayment", "aims_factor") => self.aims_factor = num(&value, 0.0)?,
                ("repayment", "aims_window_days") => self.aims_window_days = days(&value, 0.0)?,
                ("repayment", "aims_min_statements") => self.aims_min_statements = num(&value, 1.0)? as usize,
                ("dedup", "window_days") => self.dedup_window_days = days(&value, 0.0)?,
                ("demand", "kinds") => {
                    self.kinds = list(value)?
                        .iter()
                        .map(|f| f.split_whitespace().map(str::to_string).collect())
                        .collect()
                }
                ("classes", k) if k.ends_with("_codes") && k.len() > 6 => {
                    let codes = list(value)?;
                    self.class_mut(&k[..k.len() - 6]).codes = codes;
                }
                ("classes", k) if k.ends_with("_factor") && k.len() > 7 => {
                    let factor = num(&value, 0.0)?;
                    self.class_mut(&k[..k.len() - 7]).factor = factor;
                }
                (t, k) => {
                    return Err(err(n, format!("unknown key `{k}` in [{t}]")));
                }
            }
        }
        Ok(())
    }

    /// The class of this name, added (no codes, factor 1) when new.
    fn class_mut(&mut self, name: &str) -> &mut ActClass {
        if let Some(k) = self.classes.iter().position(|c| c.name == name) {
            return &mut self.classes[k];
        }
        self.classes.push(ActClass { name: name.to_string(), codes: Vec::new(), factor: 1.0 });
        self.classes.last_mut().expect("just pushed")
    }

    /// The factor of an act's class (`[classes]`): the class with the longest code prefix
    /// of `code`; 1 for a code in no class.
    pub fn class_factor(&self, code: &str) -> f64 {
        self.classes
            .iter()
            .flat_map(|c| {
                c.codes.iter().filter(|p| code.starts_with(p.as_str())).map(move |p| (p.len(), c.factor))
            })
            .max_by_key(|(len, _)| *len)
            .map_or(1.0, |(_, f)| f)
    }

    /// Whether an act of `act` complies with a demanded `content` code by their kinds
    /// (`[demand] kinds`), once their families agree: true unless both name a kind (three
    /// digits, not ending in 0), either is listed, and no group holds both.
    pub fn same_kind<'a>(&self, content: &'a str, act: &'a str) -> bool {
        // A three-digit code ending in 0 (060, 070) is its root's, unspecified.
        let kind = |x: &'a str| x.get(..3).filter(|k| !k.ends_with('0'));
        let (Some(c), Some(a)) = (kind(content), kind(act)) else { return true };
        let listed = |k: &str| self.kinds.iter().any(|g| g.iter().any(|x| x == k));
        if c == a || !(listed(c) || listed(a)) {
            return true;
        }
        self.kinds.iter().any(|g| g.iter().any(|x| x == c) && g.iter().any(|x| x == a))
    }

    /// Whether an act of `act` is the act a demanded `content` code names although their
    /// families differ (`[demand] equivalents`): one group holds a prefix of the content
    /// (a call to cooperate, 06, or to release someone, 084, names no act of a group) and
    /// a prefix of the act, or the act is coded only to a listed code's kind (084, "return,
    /// release", for 0841, persons).
    pub fn equivalent(&self, content: &str, act: &str) -> bool {
        content.len() > 2
            && self.equivalents.iter().any(|g| {
                g.iter().any(|p| content.starts_with(p.as_str()))
                    && g.iter().any(|p| act.starts_with(p.as_str()) || (act.len() >= 3 && p.starts_with(act)))
            })
    }

    /// The family of a CAMEO code: the roots of its `families` entry, else its own root.
    pub fn family(&self, code: &str) -> String {
        let root = code.get(..2).unwrap_or(code);
        self.families
            .iter()
            .find(|f| f.iter().any(|r| r == root))
            .map(|f| f.join(" "))
            .unwrap_or_else(|| root.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_and_overridden() {
        let c = Config::shipped();
        assert_eq!(c.half_life_days, 1825.0);
        assert_eq!(c.family("194"), c.family("15"));
        assert_eq!(c.family("163"), "16 17");
        assert_eq!(c.family("051"), "05");
        let u = Config::parse("mine.toml", "[balance]\nhalf_life_days = 100 # shorter\n").unwrap();
        assert_eq!((u.half_life_days, u.demand_window_days), (100.0, c.demand_window_days));
        let e = Config::parse("mine.toml", "[balance]\nhalflife = 1\n").unwrap_err().to_string();
        assert!(e.starts_with("mine.toml:2: unknown key"), "{e}");
        let e = Config::parse("mine.toml", "[x]\n").unwrap_err().to_string();
        assert!(e.starts_with("mine.toml:1: unknown table"), "{e}");
    }

    #[test]
    fn classes_and_kinds() {
        let c = Config::shipped();
        // Troops above arms above money; a code in no class counts once.
        assert_eq!(c.class_factor("074"), 3.0);
        assert_eq!(c.class_factor("0721"), 2.0);
        assert_eq!(c.class_factor("061"), 1.0);
        assert_eq!(c.class_factor("064"), 1.0);
        // An extradition is not met by a payment; military aid meets a call for troops;
        // a call to cooperate (a root only) is met by any kind.
        assert!(!c.same_kind("063", "071"));
        assert!(c.same_kind("074", "062"));
        assert!(c.same_kind("06", "071"));
        assert!(c.same_kind("060", "071") && c.same_kind("074", "070"));
        assert!(c.same_kind("1622", "163"));
        // An extradition asked is met by handing the person over (0841), though CAMEO
        // puts the two in different roots; a release asked is not met by a payment, nor
        // a call to cooperate (a root only) by a release.
        assert!(c.equivalent("063", "0841") && c.equivalent("0841", "063"));
        assert!(c.equivalent("063", "084") && !c.equivalent("063", "0842") && !c.equivalent("063", "08"));
        assert!(!c.equivalent("0841", "071") && !c.equivalent("06", "0841"));
        assert!(!c.equivalent("084", "063"), "a release of any kind is no extradition");
        // A user's class, and a longer prefix winning over a shorter one.
        let u = Config::parse("mine.toml", "[classes]\nintel_codes = [\"064\"]\nintel_factor = 1.5\nguards_codes = [\"0741\"]\nguards_factor = 4\n").unwrap();
        assert_eq!(u.class_factor("064"), 1.5);
        assert_eq!((u.class_factor("0741"), u.class_factor("074")), (4.0, 3.0));
        let e = Config::parse("mine.toml", "[classes]\nx_factor = \"a\"\n").unwrap_err().to_string();
        assert!(e.starts_with("mine.toml:2:"), "{e}");
    }
}
