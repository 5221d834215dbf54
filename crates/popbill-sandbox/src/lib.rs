//! A local POPBiLL-compatible server (library and `popbill-sandbox` binary). It will serve
//! Linkhub token issuance and the member and Taxinvoice APIs with real state, for the
//! quickstart, the CLI and every end-to-end test.
