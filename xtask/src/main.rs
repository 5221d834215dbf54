//! `cargo xtask`: project automation.
//!
//! - `cargo xtask schema` writes one JSON Schema per public wire type to `docs/schema/`.
//! - `cargo xtask schema --check` regenerates them in memory and exits 1, naming every stale,
//!   missing or extra file, when `docs/schema/` has drifted from the code.

mod schema;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["schema"] => match schema::write(&schema::schema_dir()) {
            Ok(n) => {
                println!("wrote {n} schema files to docs/schema/");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        ["schema", "--check"] => match schema::check(&schema::schema_dir()) {
            Ok(report) if report.is_clean() => {
                println!("docs/schema/ is up to date");
                ExitCode::SUCCESS
            }
            Ok(report) => {
                eprint!("{report}");
                eprintln!("run `cargo xtask schema` and commit docs/schema/");
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("usage: cargo xtask schema [--check]");
            ExitCode::from(2)
        }
    }
}
