//! The event schema: the one table of columns every output of an event derives from.
//!
//! [`COLUMNS`] names each column of an event as quidpro writes it, in order, with its
//! logical type, whether it may be null and what it means. Every output takes its
//! columns from here:
//!
//! * the Parquet, CSV and JSON-lines export (`quidpro export`, `quidpro_exchange`);
//! * `quidpro events --format jsonl|csv`;
//! * the SQL view `events` of a store (and `quidpro sql`);
//! * `quidpro code --format jsonl|json`: the columns marked [`Column::coded`] (a coded
//!   event knows no dataset row, import run or cluster yet), plus the coder's
//!   extensions [`CODE_EXTENSIONS`].
//!
//! `docs/schema.md` is generated from this table ([`markdown`]); a test fails when it,
//! or any output's columns, disagree.
//!
//! # How a logical type is written
//!
//! | type | Parquet | CSV | JSON | SQL |
//! |---|---|---|---|---|
//! | `string` | UTF-8 string | the text | string | TEXT |
//! | `date` | date32 | `YYYY-MM-DD` | `"YYYY-MM-DD"` | TEXT `YYYY-MM-DD` |
//! | `int32`, `int64` | int32, int64 | decimal digits | number | INTEGER |
//! | `float64` | double | decimal | number | REAL |
//! | `bool` | boolean | `true`, `false` | `true`, `false` | INTEGER 1, 0 |
//! | `json` | UTF-8 string of JSON | the JSON text | the JSON value itself | TEXT of JSON |
//!
//! A null is a Parquet null, an empty CSV field, JSON `null` and SQL `NULL`.
//!
//! # Versions
//!
//! [`SCHEMA_VERSION`] is written with every output: Parquet key-value metadata
//! `quidpro.schema_version`; beside an export of any format, the file `_schema.json`
//! (`{"schema_version": N, "columns": [...]}`; hidden from Spark and `import parquet` by
//! its `_`); and the row `event_schema_version` of the store's table `quidpro_meta`.
//! It is bumped whenever a
//! column is added, removed, renamed, retyped or changes meaning; readers of version N
//! read N-1's files (a new nullable column absent is null).
//!
//! | version | change |
//! |---|---|
//! | 1 | the first: one table for every output (`date`, `story_id`, `plover`, `cluster_id` in the export; the old Parquet names `event_date` and `doc_key` are still read) |

/// The version of [`COLUMNS`]; see the module's "Versions" for when it changes.
pub const SCHEMA_VERSION: u32 = 1;

/// The logical type of a column (how each output writes it: the module's table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogicalType {
    /// UTF-8 text.
    String,
    /// A day, `YYYY-MM-DD`.
    Date,
    /// A 32-bit integer.
    Int32,
    /// A 64-bit integer.
    Int64,
    /// A 64-bit float.
    Float64,
    /// True or false.
    Bool,
    /// A JSON value (an object or array), a string of JSON where the format has no such value.
    Json,
}

impl LogicalType {
    /// The type's name as the documentation writes it (`string`, `date`, ...).
    pub fn name(self) -> &'static str {
        match self {
            LogicalType::String => "string",
            LogicalType::Date => "date",
            LogicalType::Int32 => "int32",
            LogicalType::Int64 => "int64",
            LogicalType::Float64 => "float64",
            LogicalType::Bool => "bool",
            LogicalType::Json => "json",
        }
    }
}

/// One column of the event schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// Its name, the same in every output.
    pub name: &'static str,
    /// Its logical type.
    pub ty: LogicalType,
    /// Whether it may be null.
    pub nullable: bool,
    /// Whether `quidpro code` writes it (a coded event, before it is stored).
    pub coded: bool,
    /// What it means.
    pub meaning: &'static str,
}

const fn col(
    name: &'static str,
    ty: LogicalType,
    nullable: bool,
    coded: bool,
    meaning: &'static str,
) -> Column {
    Column { name, ty, nullable, coded, meaning }
}

use LogicalType::{Bool, Date, Float64, Int32, Int64, Json, String as Str};

/// The columns of an event, in order.
pub const COLUMNS: &[Column] = &[
    col("id", Str, false, true, "stable id: 16 hex digits of an FNV-1a hash of `dataset` and `dataset_id` ([`stable_id`]), the same in every store"),
    col("dataset", Str, false, true, "`quidpro` for events we coded; else the dataset imported (`gdelt1`, `gdelt2`, `icews`, `polecat`, `acled`, `phoenix`)"),
    col("dataset_id", Str, false, true, "the dataset's own id; for a coded event 16 hex digits of a hash of story, sentence, span, source, target and code"),
    col("date", Date, false, true, "when it happened: the first day of the period `date_precision` names"),
    col("date_precision", Str, false, true, "`day`, `week`, `month`, `quarter`, `season` or `year`"),
    col("date_source", Str, false, true, "where the date comes from: `text` (the sentence), `story` or `document` (its date), `dataset` (imported); `\"\"` for coded events stored before store version 12"),
    col("published", Date, true, false, "when its story or row was published, when known"),
    col("retrieved", Str, false, false, "when it entered the store (RFC 3339 time)"),
    col("source", Str, false, true, "source actor code (`TURGOV`); `\"\"` when unnamed"),
    col("target", Str, false, true, "target actor code; `\"\"` when there is none (a protest, a statement to no one)"),
    col("source_country", Str, false, false, "the source's country: the dataset's own (GDELT's `Actor1CountryCode`, ...), for coded events the dictionaries'; `\"\"` for none"),
    col("target_country", Str, false, false, "the target's country, likewise"),
    col("source_name", Str, true, false, "the dataset's text for the source actor (imported events)"),
    col("target_name", Str, true, false, "the dataset's text for the target actor (imported events)"),
    col("code", Str, false, true, "CAMEO 1.1b3 code, a string (`\"042\"`)"),
    col("root", Str, false, true, "its first two digits"),
    col("quad_class", Int32, false, true, "1-4, GDELT convention, from the code"),
    col("goldstein", Float64, false, true, "Goldstein value, GDELT table, from the code"),
    col("plover", Str, true, true, "the PLOVER event type the CAMEO code maps to (`CONSULT`, `ASSAULT`, ...); null for roots 01 and 02, which PLOVER does not code"),
    col("directed", Bool, false, false, "`false` for undirected pairs (ACLED)"),
    col("modality", Str, false, true, "`asserted`, `reported`, `hypothetical`, `planned`, `negated`, `refused`, `denied` or `questioned`; imported events are `asserted`"),
    col("attribution", Str, false, true, "who asserts it: the story's source or the speaker of reported speech"),
    col("content", Json, true, true, "what a coded demand, appeal, promise or threat asks for: `{\"source\", \"target\", \"code\", \"root\", \"modality\", \"span\", \"text\"}`; null for other events"),
    col("story_id", Str, true, true, "coded events: the story's or document's id"),
    col("sentence", Int64, true, true, "coded events: the sentence's 0-based index in the story"),
    col("span_start", Int64, true, true, "coded events: byte offset of the event's words in the story text"),
    col("span_end", Int64, true, true, "coded events: byte offset one past them"),
    col("text", Str, true, true, "coded events: the event's words"),
    col("rule", Str, true, true, "coded events: the pattern that fired, `file:line: pattern`"),
    col("entries", Json, true, true, "coded events: the dictionary entries that fired, an array of `file:line: code label`"),
    col("file", Str, true, false, "imported events: the file read"),
    col("line", Int64, true, false, "imported events: its 1-based line"),
    col("url", Str, true, false, "the source URL (the story's, or the dataset row's)"),
    col("cluster_id", Str, true, false, "16 hex digits of a hash of day, source, target and code: the cluster the event counts in once (the same in every store); null for a coded event neither asserted nor reported, which joins no cluster"),
    col("cluster_events", Int64, false, false, "the events in its cluster; 1 for an event in no cluster"),
    col("coder_version", Str, true, false, "coded events: the version of the coder that coded it"),
    col("dict_hash", Str, true, false, "coded events: the hash of the dictionaries that coded it (16 hex digits)"),
];

/// The fields `quidpro code` writes beside its [`Column::coded`] columns: `(name, type,
/// meaning)`. They belong to the coder's output alone and are not stored as columns.
pub const CODE_EXTENSIONS: &[(&str, &str, &str)] = &[
    ("date_text", "string or null", "the date as written in the sentence (\"In the autumn of 2020\"); null unless `date_source` is `text`"),
    ("span", "[int64, int64]", "`[span_start, span_end]` as one array (kept for readers of earlier versions)"),
    ("explanation", "object", "with `--explain` only: the words the pattern matched and each side's text, span and dictionary entries (`quidpro_report::coded`)"),
];

/// The names of [`COLUMNS`], in order.
pub fn names() -> impl Iterator<Item = &'static str> {
    COLUMNS.iter().map(|c| c.name)
}

/// The column called `name`.
pub fn column(name: &str) -> Option<&'static Column> {
    COLUMNS.iter().find(|c| c.name == name)
}

/// The stable id of an event: 16 hex digits of an FNV-1a hash of its dataset and the
/// dataset's id (the column `id`).
pub fn stable_id(dataset: &str, dataset_id: &str) -> std::string::String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in dataset.bytes().chain([0xff]).chain(dataset_id.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The schema as a Markdown page: what `docs/schema.md` holds.
pub fn markdown() -> std::string::String {
    let mut s = format!(
        "# The event schema (version {SCHEMA_VERSION})\n\n\
         <!-- Generated from `crates/event/src/schema.rs` by `QUIDPRO_BLESS=1 cargo test -p quidpro-event --test schema_doc`; do not edit by hand. -->\n\n\
         Every output of an event has these columns, in this order: the Parquet, CSV and JSON-lines \
         export (`quidpro export`), `quidpro events --format jsonl|csv`, and the SQL view `events` \
         (`quidpro sql`, or SQLite with the extension `libquidpro_sqlite`). `quidpro code` writes the \
         columns marked *code*, and its extensions below.\n\n\
         | column | type | null | code | meaning |\n|---|---|---|---|---|\n"
    );
    for c in COLUMNS {
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            c.name,
            c.ty.name(),
            if c.nullable { "yes" } else { "no" },
            if c.coded { "yes" } else { "" },
            c.meaning.replace("[`stable_id`]", "`stable_id`").replace('|', "\\|")
        ));
    }
    s.push_str(
        "\n## How each type is written\n\n\
         | type | Parquet | CSV | JSON | SQL |\n|---|---|---|---|---|\n\
         | `string` | UTF-8 string | the text | string | TEXT |\n\
         | `date` | date32 | `YYYY-MM-DD` | `\"YYYY-MM-DD\"` | TEXT `YYYY-MM-DD` |\n\
         | `int32`, `int64` | int32, int64 | decimal digits | number | INTEGER |\n\
         | `float64` | double | decimal | number | REAL |\n\
         | `bool` | boolean | `true`, `false` | `true`, `false` | INTEGER 1, 0 |\n\
         | `json` | string of JSON | the JSON text | the JSON value | TEXT of JSON |\n\n\
         A null is a Parquet null, an empty CSV field, JSON `null`, SQL `NULL`.\n\n\
         ## Extensions of `quidpro code`\n\n| field | type | meaning |\n|---|---|---|\n",
    );
    for (n, t, m) in CODE_EXTENSIONS {
        s.push_str(&format!("| `{n}` | {t} | {m} |\n"));
    }
    s.push_str(&format!(
        "\n## The version\n\n\
         The schema's version ({SCHEMA_VERSION}) is written with each output: the Parquet files' key-value \
         metadata `quidpro.schema_version`; beside an export of any format, the file `_schema.json` \
         (`{{\"schema_version\": N, \"columns\": [...]}}`); the row `event_schema_version` of the store's table \
         `quidpro_meta`. A column added, removed, renamed, retyped or given another meaning bumps it.\n"
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for c in COLUMNS {
            assert!(seen.insert(c.name), "{} twice", c.name);
            assert!(c.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{}", c.name);
        }
        for (n, _, _) in CODE_EXTENSIONS {
            assert!(column(n).is_none(), "extension {n} is a column");
        }
    }

    #[test]
    fn stable_id_hashes_dataset_and_id() {
        assert_eq!(stable_id("gdelt2", "1").len(), 16);
        assert_ne!(stable_id("gdelt2", "1"), stable_id("gdelt1", "1"));
        assert_ne!(stable_id("ab", "c"), stable_id("a", "bc"));
    }
}
