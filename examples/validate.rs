//! Validates a Taxinvoice JSON file with popbill-model's pre-flight rules.
//!
//! ```text
//! cargo run --example validate -- examples/invoice.json
//! cargo run --example validate -- --allow-test-corp-nums --today 20250120 my-invoice.json
//! ```
//!
//! The file may be a bare invoice or a registIssue body (invoice plus `memo`,
//! `emailSubject`, ...). Prints `valid`, or every violation as `path  rule  message`.
//! Exit code: 0 valid, 1 invalid or unreadable, 2 usage error.

use std::process::ExitCode;

use popbill_model::taxinvoice::RegistIssueRequest;
use popbill_model::{Date8, Validate, ValidationContext};

fn usage() -> ExitCode {
    eprintln!("usage: validate [--allow-test-corp-nums] [--today yyyyMMdd] <invoice.json>");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut ctx = ValidationContext::new();
    let mut path = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--allow-test-corp-nums" => ctx = ctx.allow_test_corp_nums(true),
            "--today" => match args.next().map(|d| d.parse::<Date8>()) {
                Some(Ok(d)) => ctx = ctx.today_kst(d),
                Some(Err(e)) => {
                    eprintln!("--today: {e}");
                    return usage();
                }
                None => return usage(),
            },
            "-h" | "--help" => return usage(),
            _ if path.is_none() && !arg.starts_with('-') => path = Some(arg),
            _ => return usage(),
        }
    }
    let Some(path) = path else {
        return usage();
    };

    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(1);
        }
    };
    let request: RegistIssueRequest = match serde_json::from_str(&text) {
        Ok(r) => r,
        Err(e) => {
            // Wrong JSON types (e.g. "1,000" as an amount) are caught here, before the rules.
            println!("{path}: not a Taxinvoice: {e}");
            return ExitCode::from(1);
        }
    };
    match request.validate_with(&ctx) {
        Ok(()) => {
            println!("valid");
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for v in errors.violations() {
                println!("{}\t{}\t{}", v.path, v.rule, v.message);
            }
            println!("{} violation(s)", errors.len());
            ExitCode::from(1)
        }
    }
}
