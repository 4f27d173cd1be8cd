//! `docs/schema.md` is the event schema of `quidpro_event::schema`, generated: this test
//! fails when the page and the table disagree (`QUIDPRO_BLESS=1` writes the page again).

#[test]
fn docs_schema_md_is_the_schema() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/schema.md");
    let want = quidpro_event::schema::markdown();
    if std::env::var_os("QUIDPRO_BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/schema.md differs from quidpro_event::schema: run QUIDPRO_BLESS=1 cargo test -p quidpro-event --test schema_doc"
    );
    for c in quidpro_event::schema::COLUMNS {
        assert!(have.contains(&format!("| `{}` |", c.name)), "{}", c.name);
    }
}
