/*!
Relations between actors, from the store.

# Brief overview

* [`series`]: dyad series (events, Goldstein sums and means, quad classes, cooperation
  and conflict, share of all events) by week, month, quarter or year; each event
  cluster counted once.
* [`reciprocity`]: reciprocity between two directed dyadic series (A toward B, B toward
  A): a VAR with lag selection, Granger F tests both ways, impulse responses, the
  tit-for-tat match rate and the response slope, matching statsmodels' numbers; typed
  warnings instead of numbers for series too short or too sparse to carry them. Pure
  computation, no I/O.
* [`ledger`]: the quid-pro-quo ledger of an ordered pair: favours, demands for return,
  repayments, refusals and defections, with a decaying balance and the evidence of
  every entry.
* [`alerts`]: turns in dyad series (CUSUM against a rolling baseline).
* [`obligations`]: the register of alliance and cooperation instruments (ATOP's scheme),
  read from its text file.
*/
#![deny(missing_docs)]

pub mod alerts;
pub mod ledger;
pub mod obligations;
pub mod reciprocity;
pub mod series;

/// An error of the store-facing analyses.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] quidpro_store::Error),
    /// A bad input file (obligations, manual ledger entries).
    #[error("{file}:{line}: {message}")]
    Line {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Bad arguments.
    #[error("{0}")]
    Invalid(String),
}
