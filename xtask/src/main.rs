//! `cargo xtask`: project automation.

fn main() {
    eprintln!("usage: cargo xtask schema [--check]");
    std::process::exit(2);
}
