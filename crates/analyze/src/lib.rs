/*!
Statistics on coded event series. This crate does no I/O: it takes series that the store
(or anything else) aggregated and returns numbers.

# Brief overview

* [`reciprocity`]: reciprocity between two directed dyadic series (A toward B, B toward
  A): a VAR with lag selection, Granger F tests both ways, impulse responses, the
  tit-for-tat match rate and the response slope, matching statsmodels' numbers; typed
  warnings instead of numbers for series too short or too sparse to carry them.
*/
#![deny(missing_docs)]

pub mod reciprocity;
