//! `gen-realistic --per-story K [--sentences N] FILE...`: writes JSON-lines stories made
//! of the `s:` sentences of coding tables (the development set, `testdata/coding/*.txt`)
//! to standard output, `K` sentences to a story, and its figures to standard error as
//! `sentences N`, `repetitions R`, `set_sentences M` and `stories N`.
//!
//! The sentences are taken in the order of the files as given and of their lines; each
//! story is dated by the `date:` line above its first sentence (2024-01-01 before any),
//! as `tests/common` reads the tables. The set is repeated until at least `N` sentences
//! are written (default 100,000), a repetition always starting a new story, so every
//! repetition is the same stories under other ids (`real-K-R-S`: repetition R, story
//! S). Coding one repetition (`--sentences 1`) in a separate run therefore gives the
//! events of each repetition of the long run: `bench/code.sh` checks that.

use std::io::{BufWriter, Write};

fn main() {
    let mut per_story = 1usize;
    let mut sentences = 100_000usize;
    let mut files = Vec::new();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    let usage = || -> ! {
        eprintln!("usage: gen-realistic --per-story K [--sentences N] FILE...");
        std::process::exit(2);
    };
    while i < args.len() {
        match args[i].as_str() {
            "--per-story" | "--sentences" => {
                let Some(v) = args.get(i + 1).and_then(|v| v.parse::<usize>().ok()).filter(|&v| v > 0) else {
                    usage()
                };
                if args[i] == "--per-story" {
                    per_story = v;
                } else {
                    sentences = v;
                }
                i += 2;
            }
            f if f.starts_with("--") => usage(),
            f => {
                files.push(f.to_string());
                i += 1;
            }
        }
    }
    if files.is_empty() {
        usage();
    }
    // (date, sentence), as tests/common/mod.rs parses the tables.
    let mut set: Vec<(String, String)> = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| {
            eprintln!("gen-realistic: {file}: {e}");
            std::process::exit(1);
        });
        let mut date = "2024-01-01".to_string();
        for raw in text.lines() {
            let line = raw.find(" #").map_or(raw, |p| &raw[..p]).trim();
            if let Some(d) = line.strip_prefix("date:") {
                date = d.trim().to_string();
            } else if let Some(s) = line.strip_prefix("s:") {
                set.push((date.clone(), s.trim().to_string()));
            }
        }
    }
    if set.is_empty() {
        eprintln!("gen-realistic: no `s:` lines in the files");
        std::process::exit(1);
    }
    let repetitions = sentences.div_ceil(set.len());
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    let mut stories = 0usize;
    for rep in 0..repetitions {
        for (k, chunk) in set.chunks(per_story).enumerate() {
            let text = chunk.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>().join(" ");
            let obj = serde_json::json!({
                "id": format!("real-{per_story}-{rep:03}-{k:05}"),
                "date": chunk[0].0,
                "source": "Realistic Wire",
                "text": text,
            });
            writeln!(out, "{obj}").expect("write");
            stories += 1;
        }
    }
    out.flush().expect("flush");
    eprintln!("sentences {}", repetitions * set.len());
    eprintln!("repetitions {repetitions}");
    eprintln!("set_sentences {}", set.len());
    eprintln!("stories {stories}");
}
