//! Pure POPBiLL types and rules: wire structs, code tables, validated newtypes and
//! validation. This crate performs no I/O and knows nothing about HTTP.
