//! `libquidpro_sqlite`: a loadable SQLite extension that registers what a quidpro store's
//! persistent virtual tables and views need ([`quidpro_store::register_sql`]): the modules
//! `quidpro_segment_events`, `quidpro_dyad_months` and `quidpro_month_totals`, and the
//! functions `quidpro_stable_id` and `quidpro_plover`. Loaded into any SQLite connection
//! on a store (schema version 13 or later), `SELECT count(*) FROM events` counts every
//! event, coded and imported, and `all_dyad_months`, `all_month_totals` answer:
//!
//! ```text
//! sqlite3 quidpro.db -cmd '.load target/release/libquidpro_sqlite' 'SELECT count(*) FROM events'
//! ```
//!
//! SQLite calls the entry point [`sqlite3_extension_init`] (the name it tries first), or
//! [`sqlite3_quidprosqlite_init`] (the name it derives from the file's: its letters after
//! `lib`), whichever it looks for.
//! The extension stays loaded for the connection's life (it is not unloaded while the
//! tables it registered may be used).

use std::os::raw::{c_char, c_int};

use rusqlite::{ffi, Connection};

/// The entry point SQLite calls when it loads the library without one named.
///
/// # Safety
/// Called by SQLite with a live connection, its error message slot and its API routines.
#[no_mangle]
pub unsafe extern "C" fn sqlite3_extension_init(
    db: *mut ffi::sqlite3,
    pz_err_msg: *mut *mut c_char,
    p_api: *mut ffi::sqlite3_api_routines,
) -> c_int {
    // SAFETY: as for `sqlite3_quidprosqlite_init`.
    unsafe { sqlite3_quidprosqlite_init(db, pz_err_msg, p_api) }
}

/// The entry point named after the file (`sqlite3_` + the letters of its name after
/// `lib` + `_init`), which SQLite also looks for.
///
/// # Safety
/// Called by SQLite with a live connection, its error message slot and its API routines.
#[no_mangle]
pub unsafe extern "C" fn sqlite3_quidprosqlite_init(
    db: *mut ffi::sqlite3,
    pz_err_msg: *mut *mut c_char,
    p_api: *mut ffi::sqlite3_api_routines,
) -> c_int {
    if p_api.is_null() {
        return ffi::SQLITE_ERROR;
    }
    // SAFETY: `p_api` is SQLite's table of routines, as long as its version's (checked by
    // `routines_known`), which the copy reads no further than.
    unsafe {
        let Some(version) = (*p_api).libversion_number.map(|f| f()) else { return ffi::SQLITE_ERROR };
        if version >= ffi::SQLITE_VERSION_NUMBER {
            return Connection::extension_init2(db, pz_err_msg, p_api, init);
        }
        let Some(known) = routines_known(version) else {
            refuse(p_api, pz_err_msg, version);
            return ffi::SQLITE_ERROR;
        };
        // An older SQLite (3.40 to 3.45.2, Debian 12's 3.40.1 and Ubuntu 24.04's 3.45.1
        // among them): its table is a prefix of the one rusqlite was built for. A copy holds
        // its routines and leaves the newer ones unset (none that this extension calls),
        // and says the version rusqlite was built for, whose check would refuse it.
        let mut api = std::mem::MaybeUninit::<ffi::sqlite3_api_routines>::zeroed();
        std::ptr::copy_nonoverlapping(
            p_api as *const u8,
            api.as_mut_ptr() as *mut u8,
            known * std::mem::size_of::<usize>(),
        );
        let mut api = api.assume_init();
        HOST_VERSION.store(version, std::sync::atomic::Ordering::Relaxed);
        api.libversion_number = Some(built_version);
        Connection::extension_init2(db, pz_err_msg, &mut api, init)
    }
}

/// The version of the SQLite that loaded the extension, when older than rusqlite's.
static HOST_VERSION: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

unsafe extern "C" fn built_version() -> c_int {
    ffi::SQLITE_VERSION_NUMBER
}

/// How many routines the table of SQLite `version` has (`sqlite3ext.h`: routines are only
/// ever appended): 266 in 3.40, `is_interrupted` from 3.41, `stmt_explain` from 3.43,
/// `get_clientdata` and `set_clientdata` from 3.44; `None` before 3.40, which this
/// extension does not support.
fn routines_known(version: c_int) -> Option<usize> {
    let all = std::mem::size_of::<ffi::sqlite3_api_routines>() / std::mem::size_of::<usize>();
    let known = match version {
        v if v >= 3_044_000 => 270,
        v if v >= 3_043_000 => 268,
        v if v >= 3_041_000 => 267,
        v if v >= 3_040_000 => 266,
        _ => return None,
    };
    (known <= all).then_some(known)
}

/// Writes why the extension cannot load into SQLite's error message.
unsafe fn refuse(p_api: *mut ffi::sqlite3_api_routines, pz_err_msg: *mut *mut c_char, version: c_int) {
    let msg = format!(
        "libquidpro_sqlite needs SQLite 3.40 or newer; this is {}.{}.{}\0",
        version / 1_000_000,
        version / 1000 % 1000,
        version % 1000
    );
    // SAFETY: SQLite's own allocator, which frees the message.
    unsafe {
        if pz_err_msg.is_null() {
            return;
        }
        if let Some(malloc) = (*p_api).malloc {
            let p = malloc(msg.len() as c_int) as *mut u8;
            if !p.is_null() {
                std::ptr::copy_nonoverlapping(msg.as_ptr(), p, msg.len());
                *pz_err_msg = p as *mut c_char;
            }
        }
    }
}

fn init(conn: Connection) -> rusqlite::Result<bool> {
    quidpro_store::register_sql(&conn)?;
    // `quidpro_sqlite_version()`: the extension's version and the SQLite it runs in.
    let host = HOST_VERSION.load(std::sync::atomic::Ordering::Relaxed);
    conn.create_scalar_function(
        c"quidpro_sqlite_version",
        0,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8,
        move |_| {
            let host = if host == 0 { ffi::SQLITE_VERSION_NUMBER } else { host };
            Ok(format!("{} (SQLite {host})", env!("CARGO_PKG_VERSION")))
        },
    )?;
    // Loaded permanently: the modules outlive this call on the connection.
    Ok(true)
}
