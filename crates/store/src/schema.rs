//! The schema, versioned. Each migration moves the store from version `n` to `n + 1`
//! inside one transaction; `PRAGMA user_version` records the version reached.
//!
//! A store written by an older version opens and migrates; `testdata/store-compat/`
//! keeps a frozen store file per version that the tests open.

/// The version this build writes.
pub const SCHEMA_VERSION: i64 = 13;

/// Migration `i` moves version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 0 -> 1: documents, sentences, events, clusters, import runs, full-text search.
    r#"
CREATE TABLE import_runs (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,          -- 'ingest', 'gdelt2', 'icews', ...
    file          TEXT NOT NULL,
    started       TEXT NOT NULL,          -- RFC 3339, UTC
    finished      TEXT,
    rows_read     INTEGER NOT NULL DEFAULT 0,
    rows_stored   INTEGER NOT NULL DEFAULT 0,
    rows_skipped  INTEGER NOT NULL DEFAULT 0,
    duplicates    INTEGER NOT NULL DEFAULT 0,
    skipped_by_reason TEXT NOT NULL DEFAULT '{}',  -- JSON object reason -> count
    status        TEXT NOT NULL DEFAULT 'running'  -- 'running', 'complete', 'refused'
);

CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    doc_key       TEXT NOT NULL UNIQUE,   -- the story's id, or the file's path
    content_hash  TEXT NOT NULL,          -- SHA-256 of date, source, url and text
    kind          TEXT NOT NULL,          -- 'story'
    title         TEXT,
    source        TEXT,                   -- outlet
    url           TEXT,
    published     TEXT,                   -- YYYY-MM-DD
    retrieved     TEXT NOT NULL,          -- when we read it (RFC 3339, UTC)
    text          TEXT NOT NULL,
    run_id        INTEGER REFERENCES import_runs(id)
);

CREATE TABLE sentences (
    doc_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    span_start    INTEGER NOT NULL,
    span_end      INTEGER NOT NULL,
    text          TEXT NOT NULL,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE clusters (
    id            INTEGER PRIMARY KEY,
    event_date    TEXT NOT NULL,
    source        TEXT NOT NULL,
    target        TEXT NOT NULL,
    code          TEXT NOT NULL,
    n_events      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (event_date, source, target, code)
);

CREATE TABLE events (
    id             INTEGER PRIMARY KEY,   -- storage order; the stable event id is derived from (dataset, dataset_id)
    dataset        TEXT NOT NULL,         -- 'quidpro' for our coder, else the dataset
    dataset_id     TEXT NOT NULL,         -- the dataset's own id (ours: the event id)
    event_date     TEXT NOT NULL,         -- when it happened, YYYY-MM-DD
    date_precision TEXT NOT NULL DEFAULT 'day',
    published      TEXT,                  -- when it was published
    retrieved      TEXT NOT NULL,         -- when we stored it
    source         TEXT NOT NULL,         -- actor code
    target         TEXT NOT NULL,
    source_country TEXT NOT NULL,         -- first block of the code ('' if unknown)
    target_country TEXT NOT NULL,
    code           TEXT NOT NULL,         -- CAMEO, a string
    root           TEXT NOT NULL,
    quad_class     INTEGER NOT NULL,      -- GDELT convention, derived from the code
    goldstein      REAL NOT NULL,         -- GDELT table, derived from the code
    directed       INTEGER NOT NULL DEFAULT 1,  -- 0: undirected pair (ACLED)
    modality       TEXT NOT NULL DEFAULT 'asserted',
    attribution    TEXT NOT NULL DEFAULT '',
    source_name    TEXT,                  -- the dataset's actor text, when it has one
    target_name    TEXT,
    doc_id         INTEGER REFERENCES documents(id) ON DELETE CASCADE,
    sentence       INTEGER,
    span_start     INTEGER,
    span_end       INTEGER,
    rule           TEXT,
    entries        TEXT,                  -- JSON array
    text           TEXT,
    file           TEXT,                  -- imported: the file and line
    line           INTEGER,
    url            TEXT,
    run_id         INTEGER REFERENCES import_runs(id),
    cluster_id     INTEGER REFERENCES clusters(id),   -- unused since version 5: an event's cluster is
                                                      -- the one with its day, source, target and code
    UNIQUE (dataset, dataset_id)
);
CREATE INDEX events_dyad ON events (source_country, target_country, event_date);
CREATE INDEX events_date ON events (event_date);
CREATE INDEX events_doc ON events (doc_id) WHERE doc_id IS NOT NULL;
CREATE INDEX events_unclustered ON events (event_date, source, target, code) WHERE cluster_id IS NULL;

CREATE TABLE mentions (
    dataset        TEXT NOT NULL,         -- 'gdelt2'
    event_id       TEXT NOT NULL,         -- the dataset's event id (GLOBALEVENTID)
    event_time     TEXT,                  -- YYYYMMDDHHMMSS as the dataset gives it
    mention_time   TEXT,
    mention_type   INTEGER,
    source_name    TEXT,
    url            TEXT NOT NULL,
    sentence       INTEGER,
    confidence     INTEGER,
    doc_tone       REAL,
    file           TEXT,
    line           INTEGER,
    run_id         INTEGER REFERENCES import_runs(id),
    UNIQUE (dataset, event_id, url, sentence)
);
CREATE INDEX mentions_event ON mentions (dataset, event_id);

CREATE VIRTUAL TABLE sentences_fts USING fts5 (text, content='sentences', content_rowid='rowid');
CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts (sentences_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;

CREATE VIRTUAL TABLE documents_fts USING fts5 (title, text, content='documents', content_rowid='id');
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER documents_au AFTER UPDATE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
END;
"#,
    // 1 -> 2: coded events carry their document's key, so that an exported event keeps its
    // provenance in another store that lacks the document.
    r#"
ALTER TABLE events ADD COLUMN doc_key TEXT;
UPDATE events SET doc_key = (SELECT d.doc_key FROM documents d WHERE d.id = events.doc_id) WHERE doc_id IS NOT NULL;
"#,
    // 2 -> 3: the dyad index also covers the Goldstein value, so that dyad series (one dyad
    // or all) are read from the index alone.
    r#"
DROP INDEX events_dyad;
CREATE INDEX events_dyad ON events (source_country, target_country, event_date, goldstein);
"#,
    // 3 -> 4: a batch finds its own events by row id when it links them to clusters, so the
    // partial index of unclustered events (a cost on every insert) goes.
    r#"
DROP INDEX events_unclustered;
"#,
    // 4 -> 5: analysis-ready aggregates kept at every commit: clusters carry their code's
    // Goldstein value, quad class and directedness; `dyad_months` counts clusters (each
    // event cluster once) per directed country dyad and month, an undirected cluster
    // counting for both directions; `month_totals` counts all clusters per month.
    r#"
ALTER TABLE clusters ADD COLUMN goldstein REAL NOT NULL DEFAULT 0;
ALTER TABLE clusters ADD COLUMN quad_class INTEGER NOT NULL DEFAULT 0;
ALTER TABLE clusters ADD COLUMN directed INTEGER NOT NULL DEFAULT 1;
UPDATE clusters SET
    goldstein = coalesce((SELECT e.goldstein FROM events e WHERE e.cluster_id = clusters.id LIMIT 1), 0),
    quad_class = coalesce((SELECT e.quad_class FROM events e WHERE e.cluster_id = clusters.id LIMIT 1), 0),
    directed = coalesce((SELECT e.directed FROM events e WHERE e.cluster_id = clusters.id LIMIT 1), 1);
CREATE TABLE dyad_months (
    source_country TEXT NOT NULL,
    target_country TEXT NOT NULL,
    month          TEXT NOT NULL,          -- YYYY-MM
    clusters       INTEGER NOT NULL,
    goldstein_sum  REAL NOT NULL,
    q1             INTEGER NOT NULL,
    q2             INTEGER NOT NULL,
    q3             INTEGER NOT NULL,
    q4             INTEGER NOT NULL,
    PRIMARY KEY (source_country, target_country, month)
) WITHOUT ROWID;
CREATE TABLE month_totals (
    month    TEXT PRIMARY KEY,
    clusters INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO dyad_months
    SELECT s, t, m, count(*), sum(goldstein), sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3), sum(quad_class = 4)
    FROM (SELECT substr(source, 1, 3) AS s, substr(target, 1, 3) AS t, substr(event_date, 1, 7) AS m, goldstein, quad_class FROM clusters
          UNION ALL
          SELECT substr(target, 1, 3), substr(source, 1, 3), substr(event_date, 1, 7), goldstein, quad_class FROM clusters WHERE directed = 0)
    GROUP BY s, t, m;
INSERT INTO month_totals SELECT substr(event_date, 1, 7), count(*) FROM clusters GROUP BY 1;
"#,
    // 5 -> 6: the citations of analytic documents, and which sentences cite them.
    r#"
CREATE TABLE citations (
    doc_id       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    footnote     TEXT NOT NULL,           -- the footnote's label ("4")
    idx          INTEGER NOT NULL,        -- the work's place in the footnote
    secondary    INTEGER NOT NULL,        -- a "See also" work
    title        TEXT,
    outlet       TEXT,
    language     TEXT,
    published    TEXT,                    -- YYYY-MM-DD
    accessed     TEXT,
    url          TEXT,
    span_start   INTEGER NOT NULL,
    span_end     INTEGER NOT NULL,
    PRIMARY KEY (doc_id, footnote, idx)
);
CREATE TABLE citation_links (
    doc_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence  INTEGER NOT NULL,
    footnote  TEXT NOT NULL,
    PRIMARY KEY (doc_id, sentence, footnote)
);
"#,
    // 6 -> 7: the obligations register (alliance and cooperation instruments), loaded
    // from its text file; each row is one instrument, its list fields as JSON arrays.
    r#"
CREATE TABLE instruments (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    record      TEXT NOT NULL,           -- the instrument as JSON (quidpro_analyze::obligations::Instrument)
    file        TEXT NOT NULL,           -- the register file it was loaded from
    line        INTEGER NOT NULL
);
"#,
    // 7 -> 8: the dyad index also carries the CAMEO root, so that a query for some roots
    // of a dyad (the ledger's) skips the other events without reading their rows.
    r#"
DROP INDEX events_dyad;
CREATE INDEX events_dyad ON events (source_country, target_country, event_date, goldstein, root);
"#,
    // 8 -> 9: actors, and GDELT mentions told apart by their character offsets (one
    // article may mention an event twice in a sentence; the offsets are part of GDELT's
    // mention key).
    r#"
CREATE TABLE actors (
    code        TEXT NOT NULL,            -- the code events carry ('TURGOV')
    name        TEXT NOT NULL,            -- a name it goes by: the dictionary's label, or a dataset's actor text ('' for none)
    origin      TEXT NOT NULL,            -- 'dictionary', or the dataset whose events name it so
    kind        TEXT NOT NULL,            -- 'country', 'person', 'organisation' (dictionary) or 'dataset'
    country     TEXT NOT NULL,            -- the code's first three letters
    valid_from  TEXT NOT NULL DEFAULT '', -- dictionary: first day the code holds for the name ('' open)
    valid_to    TEXT NOT NULL DEFAULT '', -- last day ('' open)
    entry       TEXT,                     -- dictionary: file:line of the entry
    first_event TEXT,                     -- dataset: the earliest event naming it so (YYYY-MM-DD)
    last_event  TEXT,                     -- the latest
    events      INTEGER NOT NULL DEFAULT 0,  -- dataset: events naming it so, as source or target
    PRIMARY KEY (code, name, origin, valid_from)
) WITHOUT ROWID;
CREATE INDEX actors_name ON actors (name COLLATE NOCASE);
CREATE INDEX actors_country ON actors (country);
INSERT INTO actors (code, name, origin, kind, country, first_event, last_event, events)
    SELECT code, name, dataset, 'dataset', substr(code, 1, 3), min(d), max(d), count(*) FROM (
        SELECT source AS code, coalesce(source_name, '') AS name, dataset, event_date AS d FROM events
            WHERE dataset <> 'quidpro' AND source <> ''
        UNION ALL
        SELECT target, coalesce(target_name, ''), dataset, event_date FROM events
            WHERE dataset <> 'quidpro' AND target <> '')
    GROUP BY code, name, dataset;

CREATE TABLE mentions_v9 (
    dataset        TEXT NOT NULL,
    event_id       TEXT NOT NULL,
    event_time     TEXT,
    mention_time   TEXT,
    mention_type   INTEGER,
    source_name    TEXT,
    url            TEXT NOT NULL,
    sentence       INTEGER,
    actor1_offset  INTEGER,               -- character offsets in the article (-1: none)
    actor2_offset  INTEGER,
    action_offset  INTEGER,
    confidence     INTEGER,
    doc_tone       REAL,
    file           TEXT,
    line           INTEGER,
    run_id         INTEGER REFERENCES import_runs(id),
    UNIQUE (dataset, event_id, url, sentence, actor1_offset, actor2_offset, action_offset)
);
INSERT INTO mentions_v9 (dataset, event_id, event_time, mention_time, mention_type, source_name, url, sentence,
                         confidence, doc_tone, file, line, run_id)
    SELECT dataset, event_id, event_time, mention_time, mention_type, source_name, url, sentence,
           confidence, doc_tone, file, line, run_id FROM mentions;
DROP TABLE mentions;
ALTER TABLE mentions_v9 RENAME TO mentions;
CREATE INDEX mentions_event ON mentions (dataset, event_id);
"#,
    // 9 -> 10: imported events move into segments (crate::segment): a segment holds up
    // to a million of them, sorted by dyad and date, in row groups of 16,384 stored column
    // by column (`segment_groups`), and `segment_dyads` says where each dyad's rows are. Clusters are keyed by a hash of
    // day, source, target and code; a cluster of one imported event has no row. The Rust
    // step of this migration (`migrate_to_segments`) moves the rows and rebuilds the
    // clusters.
    r#"
CREATE TABLE segments (
    id         INTEGER PRIMARY KEY,
    dataset    TEXT NOT NULL,
    run_id     INTEGER REFERENCES import_runs(id),
    retrieved  TEXT NOT NULL,             -- when its events entered the store
    rows       INTEGER NOT NULL,
    min_date   TEXT NOT NULL,             -- its events' first and last days
    max_date   TEXT NOT NULL,
    keys       BLOB NOT NULL,             -- their dedup keys, sorted (16 bytes each)
    clusters   BLOB NOT NULL              -- their cluster keys, sorted (8 bytes each)
);
CREATE INDEX segments_dataset ON segments (dataset);
CREATE TABLE segment_groups (
    id         INTEGER PRIMARY KEY,       -- segment id × 65,536 + the group's number
    data       BLOB NOT NULL              -- its rows, column by column (crate::segment)
);
CREATE TABLE segment_dyads (
    source_country TEXT NOT NULL,
    target_country TEXT NOT NULL,
    segment        INTEGER NOT NULL,      -- segments(id)
    first_row      INTEGER NOT NULL,      -- the dyad's rows: first_row .. first_row + rows
    rows           INTEGER NOT NULL,
    min_date       TEXT NOT NULL,
    max_date       TEXT NOT NULL,
    PRIMARY KEY (source_country, target_country, segment)
) WITHOUT ROWID;
DROP INDEX IF EXISTS events_unclustered;
"#,
    // 10 -> 11: a batch that starts clusters in many dyad-months (a bulk import) keeps
    // their sums as one part per dyad (`dyad_month_parts`) and one for the month totals
    // (`month_total_parts`), written at once, instead of adding them into `dyad_months` and
    // `month_totals` row by row (hundreds of thousands of upserts: most of a bulk import's
    // commit). Smaller batches still add into those tables, which stay compact. Readers
    // see the sum of both through the virtual tables `all_dyad_months` and
    // `all_month_totals` (crate::months).
    r#"
CREATE TABLE dyad_month_parts (
    source_country TEXT NOT NULL,
    target_country TEXT NOT NULL,
    part           INTEGER NOT NULL,      -- the batch that wrote it (month_total_parts)
    months         BLOB NOT NULL,         -- its sums per month (crate::months::MonthSum)
    PRIMARY KEY (source_country, target_country, part)
) WITHOUT ROWID;
CREATE TABLE month_total_parts (
    part           INTEGER PRIMARY KEY,
    months         BLOB NOT NULL          -- clusters per month (crate::months)
);
"#,
    // 11 -> 12: coded events keep every field the coder emits: where the date comes from
    // (`date_source`: `text`, `story` or `document`; `dataset` for imported events, which
    // the segments do not store; '' for events stored before), what a demand, appeal,
    // promise or threat asks for (`content`, the event's content object as JSON text, NULL
    // for none), and what coded it (`coder_version`, the coder crate's version, and
    // `dict_hash`, a hash of the dictionary files). The modality column already holds any
    // modality as text (`refused`, `questioned` too). From this version a coded event that
    // is neither asserted nor reported joins no cluster (`cluster_id` NULL) and does not
    // count in the monthly aggregates: those stored before leave their clusters here, and
    // clusters left without events leave the aggregates (coded events' clusters are always
    // rows, and their sums were added into `dyad_months` and `month_totals`, never parts).
    r#"
ALTER TABLE events ADD COLUMN date_source TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN content TEXT;
ALTER TABLE events ADD COLUMN coder_version TEXT;
ALTER TABLE events ADD COLUMN dict_hash TEXT;
CREATE TEMP TABLE v12_not_factual AS SELECT cluster_id AS id, count(*) AS n FROM events
    WHERE cluster_id IS NOT NULL AND modality NOT IN ('asserted', 'reported') GROUP BY cluster_id;
UPDATE events SET cluster_id = NULL WHERE cluster_id IS NOT NULL AND modality NOT IN ('asserted', 'reported');
UPDATE clusters SET n_events = n_events - (SELECT n FROM v12_not_factual f WHERE f.id = clusters.id)
    WHERE id IN (SELECT id FROM v12_not_factual);
CREATE TEMP TABLE v12_gone AS
    SELECT s, t, m, count(*) AS n, sum(g) AS g, sum(q = 1) AS q1, sum(q = 2) AS q2, sum(q = 3) AS q3, sum(q = 4) AS q4
    FROM (SELECT substr(source, 1, 3) AS s, substr(target, 1, 3) AS t, substr(event_date, 1, 7) AS m,
                 goldstein AS g, quad_class AS q FROM clusters WHERE n_events <= 0
          UNION ALL
          SELECT substr(target, 1, 3), substr(source, 1, 3), substr(event_date, 1, 7), goldstein, quad_class
          FROM clusters WHERE n_events <= 0 AND directed = 0)
    GROUP BY s, t, m;
UPDATE dyad_months SET clusters = dyad_months.clusters - g.n, goldstein_sum = dyad_months.goldstein_sum - g.g,
    q1 = dyad_months.q1 - g.q1, q2 = dyad_months.q2 - g.q2, q3 = dyad_months.q3 - g.q3, q4 = dyad_months.q4 - g.q4
    FROM v12_gone g
    WHERE dyad_months.source_country = g.s AND dyad_months.target_country = g.t AND dyad_months.month = g.m;
UPDATE month_totals SET clusters = month_totals.clusters - x.n
    FROM (SELECT substr(event_date, 1, 7) AS m, count(*) AS n FROM clusters WHERE n_events <= 0 GROUP BY 1) x
    WHERE month_totals.month = x.m;
DELETE FROM clusters WHERE n_events <= 0;
DROP TABLE temp.v12_not_factual;
DROP TABLE temp.v12_gone;
"#,
    // 12 -> 13: every event visible to SQL. The table of the events we coded is named for
    // what it holds, `coded_events`; `events` becomes a view of all events, coded and
    // imported, with the columns of the event schema (`quidpro_event::schema`, the same as
    // the export's). The virtual tables are persistent (`segment_events`,
    // `all_dyad_months`, `all_month_totals`, made with the modules `quidpro_*` that
    // `crate::register_sql` or the loadable extension `libquidpro_sqlite` registers), as
    // are the views over them (`all_events`, `all_clusters`, `events`): SQLite without the
    // modules (plain `sqlite3`) answers a query of them with "no such module" and never
    // counts only the coded events. `quidpro_meta` holds the event schema's version.
    r#"
ALTER TABLE events RENAME TO coded_events;
CREATE TABLE quidpro_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO quidpro_meta (key, value) VALUES ('event_schema_version', '1');
CREATE VIRTUAL TABLE segment_events USING quidpro_segment_events;
CREATE VIRTUAL TABLE all_dyad_months USING quidpro_dyad_months;
CREATE VIRTUAL TABLE all_month_totals USING quidpro_month_totals;
CREATE VIEW all_events AS
    SELECT id, dataset, dataset_id, event_date, date_precision, published, retrieved, source, target,
    source_country, target_country, code, root, quad_class, goldstein, directed, modality, attribution,
    source_name, target_name, doc_id, sentence, span_start, span_end, rule, entries, text, file, line, url,
    run_id, cluster_id, doc_key, date_source, content, coder_version, dict_hash FROM main.coded_events
    UNION ALL
    SELECT id, dataset, dataset_id, event_date, date_precision, published, retrieved, source, target,
    source_country, target_country, code, root, quad_class, goldstein, directed, modality, attribution,
    source_name, target_name, doc_id, sentence, span_start, span_end, rule, entries, text, file, line, url,
    run_id, cluster_id, doc_key, date_source, content, coder_version, dict_hash FROM main.segment_events;
CREATE VIEW all_clusters AS
    SELECT id, event_date, source, target, code, n_events, goldstein, quad_class, directed,
    substr(source, 1, 3) AS source_country, substr(target, 1, 3) AS target_country FROM main.clusters
    UNION ALL SELECT cluster_id, event_date, source, target, code, 1, goldstein, quad_class, directed,
    source_country, target_country
    FROM main.segment_events s WHERE NOT EXISTS (SELECT 1 FROM main.clusters c WHERE c.id = s.cluster_id);
CREATE VIEW events AS
    SELECT quidpro_stable_id(e.dataset, e.dataset_id) AS id, e.dataset AS dataset, e.dataset_id AS dataset_id,
    e.event_date AS date, e.date_precision AS date_precision, e.date_source AS date_source,
    e.published AS published, e.retrieved AS retrieved, e.source AS source, e.target AS target,
    e.source_country AS source_country, e.target_country AS target_country, e.source_name AS source_name,
    e.target_name AS target_name, e.code AS code, e.root AS root, e.quad_class AS quad_class,
    e.goldstein AS goldstein, quidpro_plover(e.code) AS plover, e.directed AS directed, e.modality AS modality,
    e.attribution AS attribution, e.content AS content, coalesce(d.doc_key, e.doc_key) AS story_id,
    e.sentence AS sentence, e.span_start AS span_start, e.span_end AS span_end, e.text AS text, e.rule AS rule,
    CASE WHEN e.entries IS NULL AND e.dataset = 'quidpro' THEN '[]' ELSE e.entries END AS entries, e.file AS file, e.line AS line, coalesce(e.url, d.url) AS url,
    CASE WHEN e.cluster_id IS NULL THEN NULL ELSE printf('%016x', e.cluster_id) END AS cluster_id,
    coalesce(c.n_events, 1) AS cluster_events, e.coder_version AS coder_version, e.dict_hash AS dict_hash
    FROM main.all_events e LEFT JOIN main.documents d ON d.id = e.doc_id
    LEFT JOIN main.clusters c ON c.id = e.cluster_id;
"#,
];

#[cfg(test)]
mod tests {
    use crate::Store;

    fn columns(store: &Store, table: &str) -> Vec<String> {
        let mut st =
            store.connection().prepare(&format!("SELECT name FROM pragma_table_info('{table}')")).unwrap();
        st.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    }

    /// The view `events` has the event schema's columns, in order; `all_events` those of
    /// `coded_events` and `segment_events`.
    #[test]
    fn views_have_the_schemas_columns() {
        let store = Store::open_in_memory().unwrap();
        let want: Vec<&str> = quidpro_event::schema::names().collect();
        assert_eq!(columns(&store, "events"), want);
        let all: Vec<String> = crate::vtab::COLUMN_LIST.split(',').map(|c| c.trim().to_string()).collect();
        assert_eq!(columns(&store, "all_events"), all);
        assert_eq!(columns(&store, "segment_events"), all);
        assert_eq!(columns(&store, "coded_events"), all);
        let v: String = store
            .connection()
            .query_row("SELECT value FROM quidpro_meta WHERE key = 'event_schema_version'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, quidpro_event::schema::SCHEMA_VERSION.to_string());
    }
}
