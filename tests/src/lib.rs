//! Cross-crate end-to-end tests of popbill-rs live in `tests/tests/`.
