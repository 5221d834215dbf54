//! The POPBiLL client users depend on. It will hold the configuration (LinkID, SecretKey,
//! test or production, hosts), Linkhub token authentication with its cache, one service
//! per POPBiLL service, typed errors and retries.
