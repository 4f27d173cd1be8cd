//! Importing a file: [`import_file`] runs the reading thread and writes its chunks in
//! batches or one transaction ([`Bulk`]), counting bad rows by reason.

use std::path::Path;

use quidpro_store::{NewEvent, RunStats, Store};

use crate::countries::Countries;
use crate::records::open_all;
use crate::{Error, Result};

use super::read::{read_entries, Chunk, Msg, CHUNK};
use super::{ImportOptions, ImportSummary, Kind, Progress, Row};

/// The kind of a skip reason, for counting: the reason without its quoted values, its
/// detail after a colon or parenthesis, and a leading number (`bad date "2024-13-01"` →
/// `bad date`; `3 columns, ...` → `columns, ...`).
fn reason_key(reason: &str) -> String {
    let head = reason.split([':', '(']).next().unwrap_or(reason);
    let mut out = String::new();
    let mut quoted = false;
    for c in head.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            out.push(c);
        }
    }
    out.trim().trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ').trim().to_string()
}

/// When an import writes the whole file in one transaction: its events then go into
/// segments of up to a million rows ([`quidpro_store`]'s segments), where batches make a
/// segment each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Bulk {
    /// When the file is large (about [`BULK_MIN_ROWS`] rows or more): fewer, larger
    /// segments are faster to write and to read.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never: batches of [`ImportOptions::batch`] rows, each committed.
    Never,
}

/// The smallest estimated row count for which [`Bulk::Auto`] writes one transaction.
pub const BULK_MIN_ROWS: u64 = 100_000;

/// Bytes per row assumed when a file's row count is estimated from its size (GDELT 2.0
/// rows are about 210 bytes, ICEWS rows about 300).
const BYTES_PER_ROW: u64 = 200;

/// Imports one file (plain, gzipped or zipped) of `kind` (`None`: detect it).
///
/// The file is read and parsed on a second thread while this one writes. Non-strict: bad
/// rows are counted by reason and skipped; rows are written in transactions of
/// `opts.batch`, or, in bulk ([`Bulk`]), in one transaction. Strict: the file is written in one transaction, and the first bad row
/// refuses it ([`Error::Strict`]) with nothing written.
///
/// # Errors
/// [`Error::Io`], [`Error::Kind`] (undetectable), [`Error::Strict`], [`Error::Store`].
pub fn import_file(
    store: &mut Store,
    countries: &Countries,
    kind: Option<Kind>,
    path: &Path,
    opts: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<ImportSummary> {
    let mut summary = ImportSummary { file: path.display().to_string(), ..Default::default() };
    let entries = open_all(path, &mut summary.messages)?;
    let total_bytes = entries.iter().map(|e| e.size).sum::<u64>();
    let estimate = total_bytes / BYTES_PER_ROW;
    let bulk = match opts.bulk {
        Bulk::Always => true,
        Bulk::Never => false,
        Bulk::Auto => estimate >= BULK_MIN_ROWS && kind != Some(Kind::Gdelt2Mentions),
    };
    let one_transaction = bulk || opts.strict;
    let run = {
        let mut b = store.batch()?;
        let run = b.begin_run(kind.map(Kind::name).unwrap_or("auto"), &summary.file)?;
        b.commit()?;
        run
    };
    let (send, receive) = std::sync::mpsc::sync_channel::<Msg>(8);
    // What the committed transactions hold: what a failed import's run records.
    let mut committed = RunStats::default();
    let outcome = std::thread::scope(|scope| -> Result<Option<Error>> {
        let reader = scope.spawn(move || read_entries(entries, kind, countries, opts.limits, &send));
        // The receiver lives in this closure: when the writer fails and returns, it is
        // dropped, so the reading thread's next send fails and it ends, instead of
        // blocking in `send` while the scope waits for it (the import hung).
        let receive = receive;
        let written = write_all(
            store,
            run,
            &receive,
            &mut summary,
            &mut committed,
            opts,
            one_transaction,
            estimate,
            progress,
            total_bytes,
        );
        drop(receive);
        // A reading thread that panicked ends the import with an error, not a panic.
        let joined = reader.join();
        match (written, joined) {
            (Err(e), _) => Err(e),
            (Ok(None), Err(_)) => Err(Error::Io {
                path: summary.file.clone(),
                message: "the reading thread stopped unexpectedly; nothing more was stored".into(),
            }),
            (Ok(outcome), _) => Ok(outcome),
        }
    });
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(e) => {
            // A write failed (disk full, I/O error) or reading stopped: the failed
            // transaction is rolled back, and the run says `failed` with what the
            // committed ones hold. Best effort: the store may refuse this write too.
            if let Ok(mut b) = store.batch() {
                if b.fail_run(run, &committed).is_ok() {
                    let _ = b.commit();
                }
            }
            return Err(e);
        }
    };
    if let Some(err) = outcome {
        // Nothing of this file is stored, not even the run record.
        let mut b = store.batch()?;
        b.remove_run(run)?;
        b.commit()?;
        return Err(err);
    }
    progress(Progress { rows: summary.stats.read, bytes: total_bytes, total_bytes });
    let unshown = summary.stats.skipped_total().saturating_sub(summary.rows_reported as u64);
    if unshown > 0 {
        summary.messages.push(format!(
            "{}: {unshown} more bad row(s) not shown (the first {} are; all are counted by reason below)",
            summary.file, summary.rows_reported
        ));
    }
    let mut b = store.batch()?;
    b.finish_run(run, &summary.stats)?;
    b.commit()?;
    Ok(summary)
}

/// The writer's side of [`import_file`]: takes the reading thread's chunks and writes
/// them; `committed` follows what the committed transactions hold. `Ok(Some(e))`: the
/// import is refused with nothing of it stored (strict, or a read error in one
/// transaction).
#[allow(clippy::too_many_arguments)]
fn write_all(
    store: &mut Store,
    run: i64,
    receive: &std::sync::mpsc::Receiver<Msg>,
    summary: &mut ImportSummary,
    committed: &mut RunStats,
    opts: &ImportOptions,
    one_transaction: bool,
    estimate: u64,
    progress: &mut dyn FnMut(Progress),
    total_bytes: u64,
) -> Result<Option<Error>> {
    let mut batch = store.batch()?;
    // Rows a batch expects: the file's, or a batch's worth.
    let batch_rows =
        if one_transaction { estimate } else { estimate.min(opts.batch as u64) }.min(1 << 24) as usize;
    let mut expecting = false;
    let mut in_batch = 0usize;
    // Boxed as parsed: moving a row out of its box copies it.
    let mut pending: Vec<Box<NewEvent>> = Vec::with_capacity(CHUNK);
    let flush = |batch: &mut quidpro_store::Batch<'_>,
                 pending: &mut Vec<Box<NewEvent>>,
                 stats: &mut RunStats|
     -> Result<()> {
        let added = batch.add_events(pending.iter().map(|e| &**e), Some(run))?;
        stats.stored += added;
        stats.duplicates += pending.len() as u64 - added;
        pending.clear();
        Ok(())
    };
    for msg in receive.iter() {
        let (entry, k, chunk, bytes) = match msg {
            Msg::Records { entry, kind, chunk, bytes } => (entry, kind, chunk, bytes),
            Msg::Done => {
                batch.record_run(run, &summary.stats)?;
                batch.commit()?;
                *committed = summary.stats.clone();
                return Ok(None);
            }
            Msg::Failed(e) => {
                if one_transaction {
                    // As a strict or bulk import is one transaction, it is all or nothing.
                    drop(batch);
                    return Ok(Some(e));
                }
                flush(&mut batch, &mut pending, &mut summary.stats)?;
                batch.record_run(run, &summary.stats)?;
                batch.commit()?;
                *committed = summary.stats.clone();
                return Err(e);
            }
        };
        summary.kind = Some(k);
        if !expecting {
            batch.expect(k.name(), batch_rows, estimate as usize);
            expecting = true;
        }
        let Chunk { read, events, others } = chunk;
        summary.stats.read += read;
        // The events, ending a batch where it is full (non-bulk).
        let mut from = 0;
        while from < events.len() {
            let to = if one_transaction {
                events.len()
            } else {
                events.len().min(from + opts.batch.max(1).saturating_sub(in_batch).max(1))
            };
            let added = batch.add_rows_in(&events, from..to, Some(run))?;
            summary.stats.stored += added;
            summary.stats.duplicates += (to - from) as u64 - added;
            in_batch += to - from;
            from = to;
            if !one_transaction && in_batch >= opts.batch {
                batch.record_run(run, &summary.stats)?;
                batch.commit()?;
                *committed = summary.stats.clone();
                batch = store.batch()?;
                batch.expect(k.name(), batch_rows, estimate as usize);
                in_batch = 0;
            }
        }
        for (line, parsed) in others {
            match parsed {
                Ok(Row::Event(ev)) => pending.push(ev),
                Ok(Row::Mention(m)) => {
                    if batch.add_mention(&m, Some(run))? {
                        summary.stats.stored += 1;
                    } else {
                        summary.stats.duplicates += 1;
                    }
                }
                Ok(Row::Skip) => {}
                Err(reason) => {
                    if opts.strict {
                        drop(batch);
                        return Ok(Some(Error::Strict { path: entry.to_string(), line, reason }));
                    }
                    *summary.stats.skipped.entry(reason_key(&reason)).or_default() += 1;
                    if summary.rows_reported < opts.max_messages {
                        summary.messages.push(format!("{entry}:{line}: {reason}"));
                        summary.rows_reported += 1;
                    }
                    continue;
                }
            }
            in_batch += 1;
        }
        flush(&mut batch, &mut pending, &mut summary.stats)?;
        if !one_transaction && in_batch >= opts.batch {
            batch.record_run(run, &summary.stats)?;
            batch.commit()?;
            *committed = summary.stats.clone();
            batch = store.batch()?;
            batch.expect(k.name(), batch_rows, estimate as usize);
            in_batch = 0;
        }
        progress(Progress { rows: summary.stats.read, bytes, total_bytes });
    }
    Err(Error::Io {
        path: summary.file.clone(),
        message: "the reading thread stopped unexpectedly; nothing more was stored".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_keys_group_by_kind() {
        assert_eq!(reason_key("bad date \"2024-13-01\" (YYYY-MM-DD)"), "bad date");
        assert_eq!(reason_key("not a CAMEO code: \"13y\""), "not a CAMEO code");
        assert_eq!(reason_key("3 columns, GDELT 2.0 events have 61"), "columns, GDELT 2.0 events have 61");
    }
}
