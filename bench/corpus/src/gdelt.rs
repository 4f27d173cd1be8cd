//! `gen-gdelt [--seed N] [--rows N]`: synthetic GDELT 2.0 event rows (61 tab-separated
//! columns, the real layout) on standard output, reproducible from the seed.
//!
//! Actors: 60 countries, each with no role or one of six roles; codes drawn from the
//! CAMEO 1.1b3 table (more often from common roots); dates from 2015 to 2024; the
//! GoldsteinScale and QuadClass columns hold the GDELT values of the code.

use std::io::{BufWriter, Write};

use quidpro_bench::Rng;

use quidpro_event::cameo;

const COUNTRIES: &[&str] = &[
    "USA", "RUS", "CHN", "TUR", "AZE", "ARM", "IRN", "ISR", "UKR", "SYR", "IRQ", "GEO", "FRA", "DEU", "GBR",
    "SAU", "QAT", "EGY", "PAK", "IND", "AFG", "JPN", "KOR", "PRK", "BLR", "POL", "KAZ", "UZB", "GRC", "CYP",
    "LBN", "JOR", "YEM", "ARE", "KWT", "OMN", "BHR", "LBY", "SDN", "ETH", "SOM", "NGA", "ZAF", "BRA", "MEX",
    "VEN", "COL", "CAN", "AUS", "IDN", "PHL", "VNM", "THA", "MMR", "BGD", "ITA", "ESP", "NLD", "SWE", "FIN",
];
const ROLES: &[&str] = &["", "", "GOV", "GOV", "MIL", "REB", "OPP", "COP", "BUS"];
const COMMON_ROOTS: &[&str] =
    &["01", "04", "04", "05", "11", "19", "19", "17", "03", "02", "13", "16", "07", "08"];

fn main() {
    let mut seed = 42u64;
    let mut rows = 1_000_000usize;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        match (args[i].as_str(), args.get(i + 1).and_then(|v| v.parse::<u64>().ok())) {
            ("--seed", Some(v)) => seed = v,
            ("--rows", Some(v)) => rows = v as usize,
            _ => {
                eprintln!("usage: gen-gdelt [--seed N] [--rows N]");
                std::process::exit(2);
            }
        }
        i += 2;
    }
    let codes: Vec<&cameo::CameoEntry> = cameo::entries().iter().filter(|e| e.code.len() >= 3).collect();
    let mut rng = Rng(seed);
    let out = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, out.lock());
    let mut f: Vec<String> = vec![String::new(); 61];
    for n in 0..rows {
        let code = if rng.below(3) == 0 {
            codes[rng.below(codes.len())]
        } else {
            let root = COMMON_ROOTS[rng.below(COMMON_ROOTS.len())];
            let pool: Vec<&&cameo::CameoEntry> = codes.iter().filter(|e| e.code.starts_with(root)).collect();
            pool[rng.below(pool.len())]
        };
        let a = COUNTRIES[rng.below(COUNTRIES.len())];
        let mut b = COUNTRIES[rng.below(COUNTRIES.len())];
        if b == a {
            b = COUNTRIES[(rng.below(COUNTRIES.len()) + 1) % COUNTRIES.len()];
        }
        let (ra, rb) = (ROLES[rng.below(ROLES.len())], ROLES[rng.below(ROLES.len())]);
        let year = 2015 + rng.below(10);
        let (month, day) = (1 + rng.below(12), 1 + rng.below(28));
        for x in f.iter_mut() {
            x.clear();
        }
        f[0] = format!("{}", 100_000_000 + n);
        f[1] = format!("{year}{month:02}{day:02}");
        f[2] = format!("{year}{month:02}");
        f[3] = year.to_string();
        f[4] = format!("{year}.{:04}", (month - 1) * 833 + day * 27);
        f[5] = format!("{a}{ra}");
        f[6] = a.to_string();
        f[7] = a.to_string();
        f[12] = ra.to_string();
        f[15] = format!("{b}{rb}");
        f[16] = b.to_string();
        f[17] = b.to_string();
        f[22] = rb.to_string();
        f[25] = "1".into();
        f[26] = code.code.to_string();
        f[27] = code.code[..3].to_string();
        f[28] = code.code[..2].to_string();
        f[29] = code.quad_class.number().to_string();
        f[30] = code.goldstein.to_string();
        f[31] = (1 + rng.below(20)).to_string();
        f[32] = (1 + rng.below(5)).to_string();
        f[33] = f[31].clone();
        f[34] = format!("-{}.{}", rng.below(8), rng.below(100));
        f[35] = "1".into();
        f[43] = "1".into();
        f[51] = "1".into();
        f[59] = format!("{year}{month:02}{day:02}120000");
        f[60] = format!("https://news.example.org/{year}/{month:02}/{day:02}/story-{n}");
        out.write_all(f.join("\t").as_bytes()).expect("write");
        out.write_all(b"\n").expect("write");
    }
    out.flush().expect("flush");
}
