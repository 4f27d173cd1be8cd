//! The held-out documents (`testdata/heldout/documents/`, the development documents' gold
//! format): written separately, from the annotation guide alone, by someone who does not
//! tune the reader or the coder. They go through the same pipeline and scoring as the
//! development documents (`documents_gold.rs`), and only the totals are printed: no
//! document's figures and none of its mistakes, and no floor. The test fails only when a
//! gold file does not parse or a document cannot be read. Nothing may be tuned on them;
//! once a failure seen here is fixed, the set is spent and a new one must be written.
//!
//! `cargo test -p quidpro-report --test documents_heldout -- --nocapture` prints the totals.

mod common;

use std::path::Path;

#[test]
fn heldout_documents() {
    let (coder, negating) = common::coders();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/heldout/documents");
    let docs = common::documents(&dir);
    assert!(!docs.is_empty(), "no gold files in {}", dir.display());
    let mut all = common::Score::default();
    let mut failed = Vec::new();
    for (doc, gold) in &docs {
        // The errors name a file and line and what kind of line is bad, never its text.
        match common::evaluate(&coder, &negating, doc, gold) {
            Ok(one) => all.add(&one),
            Err(e) => failed.push(e),
        }
    }
    eprintln!(
        "held-out documents (testdata/heldout/documents): {} documents\n  {}",
        all.documents,
        all.line()
    );
    assert!(failed.is_empty(), "held-out files that could not be read: {}", failed.join("; "));
}
