//! Property tests of every importer's row parser (GDELT 1.0 and 2.0 events, GDELT 2.0
//! mentions, ICEWS, POLECAT, ACLED, Phoenix daily and historical files) and of the record
//! reader before them: arbitrary bytes, arbitrary fields and real rows mutated field by
//! field never make them panic, and what the reader hands on keeps within its limits,
//! in line order.
//! Inputs are capped (a few KiB), so each case takes bounded time and memory; the case
//! count is fixed (256 a test) so that CI stays fast.

use std::io::BufRead;
use std::sync::OnceLock;

use proptest::prelude::*;

use crate::countries::Countries;
use crate::dataset::{Kind, Limits, Records, Row};
use crate::records::each_record;

fn countries() -> &'static Countries {
    static C: OnceLock<Countries> = OnceLock::new();
    C.get_or_init(|| Countries::new(&quidpro_dict::Dictionary::embedded().0))
}

/// Real files of each kind (the repository's fixtures): the header, if the kind has one,
/// is their first line.
const FIXTURES: &[(Kind, &str)] = &[
    (Kind::Gdelt1, include_str!("../../../testdata/import/gdelt1.export.CSV")),
    (Kind::Gdelt2, include_str!("../../../testdata/import/gdelt2.export.CSV")),
    (Kind::Gdelt2Mentions, include_str!("../../../testdata/import/gdelt2.mentions.CSV")),
    (Kind::Icews, include_str!("../../../testdata/import/icews.events.tab")),
    (Kind::Polecat, include_str!("../../../testdata/import/polecat.events.txt")),
    (Kind::Acled, include_str!("../../../testdata/import/acled.csv")),
    (Kind::Phoenix, include_str!("../../../testdata/import/Phoenix.events.20140623.txt")),
    (Kind::Phoenix, include_str!("../../../testdata/import/PhoenixSWB_1979-2015.synthetic.csv")),
];

/// Small limits, so that the cases cross them.
const LIMITS: Limits = Limits { line: 1500, field: 300 };

/// Reads `bytes` as a file of `kind` and parses every record: the number of records. The
/// reader's promises are checked on the way: lines in order, fields within the limit.
fn read_and_parse(kind: Kind, bytes: &[u8]) -> std::result::Result<usize, TestCaseError> {
    let mut parser = kind.parser(countries(), "p");
    let reader: Box<dyn BufRead> = Box::new(std::io::Cursor::new(bytes.to_vec()));
    let (mut n, mut last, mut broken) = (0usize, 0u64, None);
    let _ = each_record(kind.records(), reader, "p", LIMITS, &mut |line, _, record| {
        // Lines count newlines: CSV records ended by a bare carriage return share one.
        if line < last.max(1) || (kind.records() == Records::TabLines && line == last) {
            broken = Some(format!("line {line} after {last}"));
        }
        last = line;
        n += 1;
        match record {
            Ok(fields) => {
                if let Some(f) = fields.iter().find(|f| f.len() > LIMITS.field) {
                    broken = Some(format!("a field of {} bytes", f.len()));
                }
                // Whatever it says, it says it without panicking.
                let _ = parser.parse(fields, line);
            }
            Err(reason) => prop_assume_reason(&reason, &mut broken),
        }
        broken.is_none()
    });
    match broken {
        Some(b) => Err(TestCaseError::fail(b)),
        None => Ok(n),
    }
}

/// A refused record says which limit it crossed.
fn prop_assume_reason(reason: &str, broken: &mut Option<String>) {
    if !reason.contains("--max-line-bytes") && !reason.contains("--max-field-bytes") {
        *broken = Some(format!("refused for {reason:?}"));
    }
}

/// How a real row is changed.
#[derive(Clone, Debug)]
enum Edit {
    /// Field `i` (modulo the fields) becomes this text.
    Replace(usize, String),
    /// Field `i` is removed.
    Drop(usize),
    /// Field `i` is repeated.
    Repeat(usize),
    /// The field is cut to this many bytes (at a character boundary).
    Cut(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), "\\PC{0,24}").prop_map(|(i, s)| Edit::Replace(i, s)),
        (any::<usize>(), "[0-9/:.\\-]{0,12}").prop_map(|(i, s)| Edit::Replace(i, s)),
        (any::<usize>(), "[A-Za-z]{0,9}").prop_map(|(i, s)| Edit::Replace(i, s)),
        any::<usize>().prop_map(Edit::Drop),
        any::<usize>().prop_map(Edit::Repeat),
        (any::<usize>(), 0usize..8).prop_map(|(i, n)| Edit::Cut(i, n)),
    ]
}

/// The fixture's header and row `row` (modulo its rows) with `edits` applied, as a file.
fn mutated(fixture: usize, row: usize, edits: &[Edit]) -> (Kind, String) {
    let (kind, text) = FIXTURES[fixture % FIXTURES.len()];
    let lines: Vec<&str> = text.lines().collect();
    let sep = if kind.records() == Records::Csv || text.lines().next().is_some_and(|l| !l.contains('\t')) {
        ','
    } else {
        '\t'
    };
    let line = lines[1 + row % (lines.len() - 1)];
    let mut fields: Vec<String> = line.split(sep).map(str::to_string).collect();
    for e in edits {
        let n = fields.len().max(1);
        match e {
            Edit::Replace(i, s) if !fields.is_empty() => fields[i % n] = s.clone(),
            Edit::Drop(i) if !fields.is_empty() => {
                fields.remove(i % n);
            }
            Edit::Repeat(i) if !fields.is_empty() => {
                let f = fields[i % n].clone();
                fields.insert(i % n, f);
            }
            Edit::Cut(i, k) if !fields.is_empty() => {
                let f = &mut fields[i % n];
                let mut at = (*k).min(f.len());
                while !f.is_char_boundary(at) {
                    at -= 1;
                }
                f.truncate(at);
            }
            _ => {}
        }
    }
    (kind, format!("{}\n{}\n", lines[0], fields.join(&sep.to_string())))
}

fn kind_of(i: usize) -> Kind {
    FIXTURES[i % FIXTURES.len()].0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(k in 0usize..8, bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        read_and_parse(kind_of(k), &bytes)?;
    }

    #[test]
    fn text_of_separators_and_digits_never_panics(k in 0usize..8, text in "[0-9A-Za-z\t,\"\r\n .:/\\-]{0,2500}") {
        read_and_parse(kind_of(k), text.as_bytes())?;
    }

    #[test]
    fn real_rows_mutated_never_panic(f in 0usize..8, row in any::<usize>(), edits in proptest::collection::vec(edit(), 1..6)) {
        let (kind, text) = mutated(f, row, &edits);
        let n = read_and_parse(kind, text.as_bytes())?;
        prop_assert!(n <= text.lines().count());
    }

    #[test]
    fn arbitrary_fields_after_a_real_header_never_panic(
        f in 0usize..8,
        fields in proptest::collection::vec("\\PC{0,20}", 0..80),
    ) {
        let (kind, text) = FIXTURES[f % FIXTURES.len()];
        let mut parser = kind.parser(countries(), "p");
        let header: Vec<&str> = text.lines().next().unwrap_or("").split(['\t', ',']).collect();
        let _ = parser.parse(&header, 1);
        let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
        let _ = parser.parse(&fields, 2);
    }
}

#[test]
fn the_fixtures_parse_as_their_kind() {
    // The mutations start from rows that import: otherwise they would test little.
    for (i, (kind, text)) in FIXTURES.iter().enumerate() {
        let mut parser = kind.parser(countries(), "p");
        let mut events = 0;
        let reader: Box<dyn BufRead> = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
        each_record(kind.records(), reader, "p", Limits::default(), &mut |line, _, record| {
            if let Ok(Row::Event(_) | Row::Mention(_)) = parser.parse(record.unwrap_or(&[]), line) {
                events += 1;
            }
            true
        })
        .unwrap();
        assert!(events > 0, "fixture {i} ({}) gave no row", kind.name());
    }
}
