//! Validates a Taxinvoice JSON file (placeholder until the model lands).
fn main() {}
