/*!
Getting data into the store.

# Brief overview

* [`ingest`]: stories (JSON lines) are coded and stored with their sentences and events,
  one transaction per batch; an unchanged story is skipped, a changed one replaces its
  earlier events.
* [`dataset`]: event datasets (GDELT 1.0 and 2.0, GDELT 2.0 mentions, ICEWS) are read row by
  row into store events; a malformed row is reported with file, line and reason and
  skipped, or, in strict mode, refuses the whole import.
* [`actors`]: the dictionaries' actors, as the store keeps them.
* [`countries`]: the crosswalk from ISO, FIPS, COW numbers and country names to our
  country codes, built from the shipped dictionaries.
*/
#![deny(missing_docs)]

pub mod actors;
pub mod countries;
pub mod dataset;
pub mod formats;
pub mod ingest;
#[cfg(test)]
mod proptests;
pub mod recode;
mod records;

/// An import error that stops the import (a bad row does not: it is counted).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] quidpro_store::Error),
    /// A file could not be read.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// Strict mode: a bad row refuses the import; nothing was written.
    #[error("{path}:{line}: {reason} (strict: nothing imported)")]
    Strict {
        /// The file.
        path: String,
        /// 1-based line.
        line: u64,
        /// Why the row is bad.
        reason: String,
    },
    /// The file's kind could not be told.
    #[error("{path}: {message}")]
    Kind {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

/// A result of this crate.
pub type Result<T> = std::result::Result<T, Error>;
