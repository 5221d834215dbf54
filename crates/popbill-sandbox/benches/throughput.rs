//! Sandbox throughput benchmark (placeholder until written).
fn main() {}
