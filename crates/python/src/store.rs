//! `quidpro.Store`: a store opened read-only, as the CLI's reading commands open it.

use std::path::PathBuf;
use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::PyBytes;
use quidpro_analyze::ledger;
use quidpro_analyze::series::{dyad_series_of, Dyad, Range};
use quidpro_import::formats::mapping::{plover_codes, plover_types};
use quidpro_report::tables;
use quidpro_store::EventQuery;

use crate::{args, input, message, usage};

/// A store, opened read-only (it must exist; nothing is written to it).
#[pyclass(module = "quidpro._quidpro", name = "Store")]
pub(crate) struct Store {
    store: Mutex<quidpro_store::Store>,
    path: PathBuf,
}

fn failed(e: impl std::error::Error + 'static) -> PyErr {
    input(message(&e))
}

impl Store {
    fn with<T>(&self, f: impl FnOnce(&quidpro_store::Store) -> PyResult<T>) -> PyResult<T> {
        let store = self.store.lock().map_err(|_| input("the store's lock is poisoned"))?;
        f(&store)
    }
}

#[pymethods]
impl Store {
    /// Opens the store at `path` read-only, as `quidpro --store PATH events` does.
    #[new]
    fn new(path: PathBuf) -> PyResult<Store> {
        if !path.exists() {
            return Err(input(format!(
                "no store at {} (see `quidpro ingest`, `quidpro import`)",
                path.display()
            )));
        }
        let store = quidpro_store::Store::open_read_only(&path).map_err(failed)?;
        Ok(Store { store: Mutex::new(store), path })
    }

    /// The store's path.
    #[getter]
    fn path(&self) -> PathBuf {
        self.path.clone()
    }

    /// The events `quidpro events` lists for the same filters, in its order, as an Arrow
    /// IPC stream of the export's columns.
    #[pyo3(signature = (dyad = None, since = None, until = None, *, actor = None, country = None,
        undirected = false, code = None, plover = None, quad = None, dataset = None, modality = None,
        domestic = false, one_sided = false, search = None, limit = None))]
    #[allow(clippy::too_many_arguments)]
    fn events_ipc<'py>(
        &self,
        py: Python<'py>,
        dyad: Option<String>,
        since: Option<String>,
        until: Option<String>,
        actor: Option<String>,
        country: Option<String>,
        undirected: bool,
        code: Option<String>,
        plover: Option<String>,
        quad: Option<u8>,
        dataset: Option<String>,
        modality: Option<String>,
        domestic: bool,
        one_sided: bool,
        search: Option<String>,
        limit: Option<u64>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        args::date(&since, "since")?;
        args::date(&until, "until")?;
        let dyad = match &dyad {
            Some(d) => match d.split_once('-') {
                Some((a, b)) if !a.is_empty() && !b.is_empty() => Some((a.to_uppercase(), b.to_uppercase())),
                _ => return Err(usage(format!("dyad takes A-B, such as TUR-AZE, got {d:?}"))),
            },
            None => None,
        };
        if let Some(q) = quad {
            if !(1..=4).contains(&q) {
                return Err(usage(format!("quad takes 1 to 4, got {q}")));
            }
        }
        let codes = match &plover {
            Some(t) => {
                let codes = plover_codes(t);
                if codes.is_empty() {
                    return Err(usage(format!(
                        "plover {:?}: not a PLOVER event type ({})",
                        t.to_uppercase(),
                        plover_types().join(", ")
                    )));
                }
                Some(codes.iter().map(|c| c.as_str().to_string()).collect())
            }
            None => None,
        };
        let q = EventQuery {
            actor: actor.map(|s| s.to_uppercase()),
            country: country.map(|s| s.to_uppercase()),
            dyad,
            undirected,
            from: since,
            to: until,
            code,
            codes,
            quad,
            dataset: dataset.map(|s| s.to_lowercase()),
            modality: modality.map(|s| s.to_lowercase()),
            domestic,
            one_sided,
            search,
            limit,
        };
        let rows = self.with(|store| {
            let mut rows = Vec::new();
            store
                .for_each_event(&q, |e| {
                    rows.push(e.schema_values());
                    true
                })
                .map_err(failed)?;
            Ok(rows)
        })?;
        crate::ipc_stream(py, &rows)
    }

    /// The JSON of `quidpro dyad A B --format json` (`DyadSeries`).
    #[pyo3(signature = (a, b, by = "month".to_string(), *, since = None, until = None, undirected = false,
        domestic = false, modality = None))]
    #[allow(clippy::too_many_arguments)]
    fn dyad_json(
        &self,
        a: String,
        b: String,
        by: String,
        since: Option<String>,
        until: Option<String>,
        undirected: bool,
        domestic: bool,
        modality: Option<String>,
    ) -> PyResult<String> {
        let by = args::period(&by)?;
        args::date(&since, "since")?;
        args::date(&until, "until")?;
        let dyad = Dyad { a: args::actor(&a)?, b: args::actor(&b)?, undirected };
        args::check_domestic(&dyad.a, &dyad.b, domestic)?;
        let mods = args::modalities(&modality)?;
        let range = Range { from: since, to: until };
        self.with(|store| {
            let s = dyad_series_of(store, &dyad, by, &range, &mods).map_err(failed)?;
            Ok(tables::series(&s, tables::Format::Json))
        })
    }

    /// The JSON of `quidpro ledger A B --format json` (`Ledger`), with the shipped weights
    /// and windows; demands' contents are read from the store (`quidpro recode` fills
    /// them in a store written before schema version 12).
    #[pyo3(signature = (a, b, *, since = None, until = None, domestic = false, modality = None,
        half_life = None, no_aims = false, negated = false))]
    #[allow(clippy::too_many_arguments)]
    fn ledger_json(
        &self,
        a: String,
        b: String,
        since: Option<String>,
        until: Option<String>,
        domestic: bool,
        modality: Option<String>,
        half_life: Option<f64>,
        no_aims: bool,
        negated: bool,
    ) -> PyResult<String> {
        let mut config = ledger::Config::shipped();
        if let Some(h) = half_life {
            if h.is_nan() || h <= 0.0 {
                return Err(usage("half_life must be a positive number of days"));
            }
            config.half_life_days = h;
        }
        if no_aims {
            config.aims = false;
        }
        let opts = ledger::Options {
            config,
            from: args::date(&since, "since")?,
            to: args::date(&until, "until")?,
            include_negated: negated,
            full_evidence: false,
            modalities: args::modalities(&modality)?,
        };
        let (a, b) = (args::actor(&a)?, args::actor(&b)?);
        args::check_domestic(&a, &b, domestic)?;
        self.with(|store| {
            let l = ledger::ledger(store, &a, &b, &[], &opts).map_err(failed)?;
            let names = tables::Names::for_ledger(store, &l);
            Ok(tables::ledger(&l, &names, tables::Format::Json, false))
        })
    }
}
