//! The README's "What works today" table agrees with `docs/coverage.md`, and the facade's
//! crate description promises no service that does not work yet.
//!
//! A service "works" when every operation of its section in `docs/coverage.md` has a client
//! method (`✓` in the `client` column), calls marked "(Java only)" aside; "partial" when some
//! do; "not yet" when none does. On a mismatch the test prints the table to paste.

use std::path::Path;

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// (service, operations with a client method, operations counted) per section of coverage.md.
fn coverage(text: &str) -> Vec<(String, usize, usize)> {
    let mut out: Vec<(String, usize, usize)> = Vec::new();
    let mut client_col = None;
    for line in text.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            let name = title.split(" (").next().unwrap_or(title).trim();
            if name != "Notes" {
                out.push((name.to_owned(), 0, 0));
            }
            client_col = None;
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 3 || !line.starts_with('|') {
            continue;
        }
        if cells.contains(&"client") {
            client_col = cells.iter().position(|c| *c == "client");
            continue;
        }
        let (Some(col), Some(section)) = (client_col, out.last_mut()) else {
            continue;
        };
        if !cells[1].starts_with('`') || cells[1].contains("(Java only)") {
            continue;
        }
        section.2 += 1;
        if cells.get(col).is_some_and(|c| c.contains('✓')) {
            section.1 += 1;
        }
    }
    out
}

fn status(done: usize, total: usize) -> &'static str {
    match (done, total) {
        (0, _) => "not yet",
        (d, t) if d == t => "works",
        _ => "partial",
    }
}

fn expected_table(sections: &[(String, usize, usize)]) -> String {
    let mut t =
        String::from("| service | status | operations with a client method |\n|---|---|---|\n");
    for (name, done, total) in sections {
        t.push_str(&format!(
            "| {name} | {} | {done} of {total} |\n",
            status(*done, *total)
        ));
    }
    t
}

#[test]
fn readme_table_matches_coverage() {
    let sections = coverage(&read("docs/coverage.md"));
    assert!(
        sections
            .iter()
            .any(|(n, _, t)| n == "Taxinvoice" && *t > 40),
        "coverage.md not parsed: {sections:?}"
    );
    let expected = expected_table(&sections);
    let readme = read("README.md");
    assert!(
        readme.contains(&expected),
        "README's \"What works today\" table disagrees with docs/coverage.md; it should read:\n\n{expected}"
    );
}

#[test]
fn crate_description_promises_only_what_works() {
    let sections = coverage(&read("docs/coverage.md"));
    let works = |service: &str| {
        sections
            .iter()
            .any(|(n, done, _)| n == service && *done > 0)
    };
    let manifest = read("crates/popbill/Cargo.toml");
    let description = manifest
        .lines()
        .find(|l| l.starts_with("description"))
        .expect("popbill has a description")
        .to_ascii_lowercase();
    for (service, words) in [
        ("Cashbill", &["cash receipt", "cashbill"][..]),
        ("HomeTax Taxinvoice", &["hometax"][..]),
        ("Webhook receiver", &["webhook"][..]),
    ] {
        if !works(service) {
            for w in words {
                assert!(
                    !description.contains(w),
                    "crates/popbill/Cargo.toml promises {w:?}, but {service} does not work yet"
                );
            }
        }
    }
}

#[test]
fn status_rule() {
    let text = "## A (x)\n\n| operation | wire | model | client | sandbox | tested |\n|---|---|---|---|---|---|\n\
                | `a` | w | ✓ | ✓ | ✓ | t |\n| `b (Java only)` | w | – | – | – | – |\n\
                ## B\n\n| operation | wire | model | client | sandbox | tested |\n\
                | `a` | w | ✓ | ✓ | ✓ | t |\n| `b` | w | ✓ | – | – | – |\n## Notes\n- x\n";
    let s = coverage(text);
    assert_eq!(s, vec![("A".into(), 1, 1), ("B".into(), 1, 2)]);
    assert_eq!(status(1, 1), "works");
    assert_eq!(status(1, 2), "partial");
    assert_eq!(status(0, 2), "not yet");
}
