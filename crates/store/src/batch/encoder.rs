//! Encoding and writing segments: the thread that encodes full segment builders while
//! rows keep coming, and the writing of an encoded segment's rows of `segments`,
//! `segment_groups` and `segment_dyads`.

use std::path::Path;

use rusqlite::{params, Transaction};

use crate::segment::{self, Builder};
use crate::{sql_err, Error, Result};

use super::sums::{MonthSums, Parts, SegmentSums, SortedSums};
use super::{ymd, Batch};

impl Batch<'_> {
    /// Hands the segment collected in `builders[at]` to the encoding thread (started on
    /// the first), which encodes it while rows keep coming; stores those it has finished.
    pub(super) fn send_segment(&mut self, at: usize) -> Result<()> {
        let encoder = self.encoder.get_or_insert_with(Encoder::start);
        let fresh = encoder.spare.pop().unwrap_or_default();
        let (dataset, run, retrieved, b) = &mut self.builders[at];
        let full = std::mem::replace(b, fresh);
        let sums = std::mem::take(&mut self.segment_sums);
        encoder.send(Job::Segment(dataset.clone(), *run, retrieved.clone(), full, sums))?;
        self.store_encoded_segments(false).map(|_| ())
    }

    /// Stores the segments the encoding thread has finished (`wait`: all it was given,
    /// and then the sums, if they were asked for).
    pub(super) fn store_encoded_segments(
        &mut self,
        wait: bool,
    ) -> Result<Option<(MonthSums, Option<Parts>)>> {
        let Some(encoder) = self.encoder.as_mut() else { return Ok(None) };
        let mut sums = None;
        while encoder.pending > 0 || (wait && encoder.summing) {
            let done = if wait {
                encoder.done.recv().ok()
            } else {
                match encoder.done.try_recv() {
                    Ok(d) => Some(d),
                    Err(std::sync::mpsc::TryRecvError::Empty) => return Ok(None),
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => None,
                }
            };
            match done {
                Some(Done::Segment(dataset, run, retrieved, enc, builder)) => {
                    encoder.pending -= 1;
                    if encoder.spare.is_empty() {
                        encoder.spare.push(builder);
                    }
                    let retrieved = retrieved.as_deref().unwrap_or(&self.now);
                    store_encoded(&self.tx, self.path, &dataset, run, retrieved, enc)?;
                }
                Some(Done::Sums(s, parts)) => {
                    encoder.summing = false;
                    sums = Some((s, parts));
                }
                None => return Err(Error::Invalid("encoding a segment failed".into())),
            }
        }
        Ok(sums)
    }
}

/// A thread that encodes full segments ([`Builder::encode`]) handed to it in order, and
/// hands them back encoded with the emptied builder, for reuse; it also sums the new
/// clusters of each segment's rows into the batch's monthly sums, handed back at the end.
pub(super) struct Encoder {
    /// At most one segment waits while one is encoded: the writer blocks rather than
    /// collecting segments faster than they are encoded.
    send: std::sync::mpsc::SyncSender<Job>,
    done: std::sync::mpsc::Receiver<Done>,
    /// Segments sent and not yet received back.
    pending: usize,
    /// Whether the sums were asked for and not yet received.
    summing: bool,
    /// An emptied builder to collect the next segment in.
    spare: Vec<Builder>,
}

pub(super) enum Job {
    /// A segment to encode, and the new clusters of rows added since the last job.
    Segment(String, Option<i64>, Option<String>, Builder, SegmentSums),
    /// The last new clusters: then the sums of all are handed back, made a part when they
    /// cover this many dyad-months or more.
    Finish(SegmentSums, usize),
}

enum Done {
    /// Dataset, run, kept retrieval time, the segment, the emptied builder.
    Segment(String, Option<i64>, Option<String>, segment::Encoded, Builder),
    Sums(MonthSums, Option<Parts>),
}

impl Encoder {
    pub(super) fn start() -> Encoder {
        let (send, jobs) = std::sync::mpsc::sync_channel::<Job>(1);
        let (finished, done) = std::sync::mpsc::channel::<Done>();
        // The thread ends when the batch drops its sender (committed or dropped).
        std::thread::spawn(move || {
            let mut sums = SortedSums::default();
            for job in jobs {
                let reply = match job {
                    Job::Segment(dataset, run, retrieved, mut b, new) => {
                        let enc = b.encode();
                        let reply = finished.send(Done::Segment(dataset, run, retrieved, enc, b));
                        sums = std::mem::take(&mut sums).merge(new.sorted());
                        reply
                    }
                    Job::Finish(new, parts_from) => {
                        let all = std::mem::take(&mut sums).merge(new.sorted());
                        let done =
                            match (all.len() > 0 && all.len() >= parts_from).then(|| all.parts()).flatten() {
                                Some(parts) => Done::Sums(MonthSums::default(), Some(parts)),
                                None => Done::Sums(all.into_month_sums(), None),
                            };
                        finished.send(done)
                    }
                };
                if reply.is_err() {
                    return;
                }
            }
        });
        Encoder { send, done, pending: 0, summing: false, spare: Vec::new() }
    }

    pub(super) fn send(&mut self, job: Job) -> Result<()> {
        let finish = matches!(job, Job::Finish(..));
        self.send.send(job).map_err(|_| Error::Invalid("the thread encoding segments ended".into()))?;
        if finish {
            self.summing = true;
        } else {
            self.pending += 1;
        }
        Ok(())
    }
}

/// Encodes the rows collected in `b` (emptying it) and stores them as a segment.
pub(super) fn store_segment(
    tx: &Transaction<'_>,
    path: &Path,
    dataset: &str,
    run: Option<i64>,
    retrieved: &str,
    b: &mut Builder,
) -> Result<()> {
    if b.is_empty() {
        return Ok(());
    }
    store_encoded(tx, path, dataset, run, retrieved, b.encode())
}

/// Stores an encoded segment.
pub(crate) fn store_encoded(
    tx: &Transaction<'_>,
    path: &Path,
    dataset: &str,
    run: Option<i64>,
    retrieved: &str,
    enc: segment::Encoded,
) -> Result<()> {
    let e = sql_err(path);
    tx.prepare_cached(
        "INSERT INTO segments (dataset, run_id, retrieved, rows, min_date, max_date, keys, clusters) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )
    .and_then(|mut s| {
        s.execute(params![
            dataset,
            run,
            retrieved,
            enc.rows as i64,
            ymd(enc.min_date),
            ymd(enc.max_date),
            enc.keys,
            enc.clusters
        ])
    })
    .map_err(&e)?;
    let id = tx.last_insert_rowid();
    let mut groups =
        tx.prepare_cached("INSERT INTO segment_groups (id, data) VALUES (?1, ?2)").map_err(&e)?;
    for (g, data) in enc.groups.iter().enumerate() {
        groups.execute(params![segment::group_id(id, g), data]).map_err(&e)?;
    }
    let mut stmt = tx
        .prepare_cached(
            "INSERT INTO segment_dyads (source_country, target_country, segment, first_row, rows, min_date, max_date) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .map_err(&e)?;
    for d in &enc.dyads {
        stmt.execute(params![
            d.source_country,
            d.target_country,
            id,
            d.first_row,
            d.rows,
            ymd(d.min_date),
            ymd(d.max_date)
        ])
        .map_err(&e)?;
    }
    Ok(())
}
