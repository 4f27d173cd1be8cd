//! The parsing floor under `quidpro import`: how fast the importer's own GDELT 2.0 parser
//! turns the file's lines into store events on one core, writing nothing.
//!
//! `parse-floor FILE` prints `rows N parse_s S rows_per_s R` and checks that every line
//! parsed into an event.

use std::io::{BufRead, BufReader};
use std::time::Instant;

use quidpro_import::countries::Countries;
use quidpro_import::dataset::{Kind, Row};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 2 {
        eprintln!("usage: parse-floor GDELT2-FILE");
        std::process::exit(2);
    }
    let file = &args[1];
    let (dict, _) = quidpro_dict::Dictionary::embedded();
    let countries = Countries::new(&dict);
    let mut parser = Kind::Gdelt2.parser(&countries, file);
    let mut reader = BufReader::with_capacity(1 << 20, std::fs::File::open(file).expect("file"));
    let start = Instant::now();
    let (mut lines, mut events) = (0u64, 0u64);
    let mut buf = String::new();
    loop {
        buf.clear();
        if reader.read_line(&mut buf).expect("read") == 0 {
            break;
        }
        lines += 1;
        let fields: Vec<&str> = buf.trim_end_matches(['\r', '\n']).split('\t').collect();
        if let Ok(Row::Event(e)) = parser.parse(&fields, lines) {
            events += 1;
            std::hint::black_box(e);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!("rows {lines} parse_s {secs:.3} rows_per_s {:.0}", lines as f64 / secs);
    if events != lines {
        eprintln!("parse-floor: {events} events of {lines} lines");
        std::process::exit(1);
    }
}
