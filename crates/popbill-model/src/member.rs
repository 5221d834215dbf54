//! Member, contact and point objects of the base API shared by every service
//! (auth-and-transport.md §4.3).
