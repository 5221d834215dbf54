//! What every document service shares (Taxinvoice, Cashbill): the small request bodies of
//! memo verbs and resends, the e-mail configuration entry, the bulk receipt, the generic search
//! page, bulk result and log entry, and the checks of
//! document numbers, keys, search windows, paging, state filters and SMS length.
//!
//! The Taxinvoice module re-exports all of it under its old paths
//! (`popbill_model::taxinvoice::MemoBody`, `popbill_model::taxinvoice::validate::check_mgt_keys`).

pub mod bodies;
pub mod checks;
pub mod responses;
pub mod results;

pub use bodies::{EmailBody, FaxBody, MemoBody, SmsBody};
pub use checks::{
    MAX_BULK, MAX_EMAIL_SUBJECT, MAX_GET_INFOS, MAX_MASS_PRINT, MAX_MEMO, MAX_SEARCH_MONTHS,
    MAX_USER_ID, SMS_MAX_BYTES, check_corp_num, check_item_key, check_mgt_key, check_mgt_key_list,
    check_mgt_keys, check_paging, check_search_window, check_state_filters, check_submit_id,
    check_user_id, sms_contents_bytes,
};
pub use responses::{BulkResponse, EmailSendConfig};
pub use results::{BulkResult, DocumentLog, SearchResult};
