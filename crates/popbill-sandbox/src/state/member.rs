//! Member records: company info, contacts (user accounts), points
//! and the point histories. Field names serialise to the wire names, so the routes answer these
//! records as they are.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// CorpInfo.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct CorpInfoRec {
    pub ceoname: String,
    #[serde(rename = "corpName")]
    pub corp_name: String,
    pub addr: String,
    #[serde(rename = "bizType")]
    pub biz_type: String,
    #[serde(rename = "bizClass")]
    pub biz_class: String,
}

/// ContactInfo (the password is checked for format and not kept).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct ContactRec {
    pub id: String,
    #[serde(rename = "personName")]
    pub person_name: String,
    pub tel: String,
    pub hp: String,
    pub fax: String,
    pub email: String,
    #[serde(rename = "regDT")]
    pub reg_dt: String,
    #[serde(rename = "searchRole")]
    pub search_role: i64,
    #[serde(rename = "mgrYN")]
    pub mgr_yn: bool,
    pub state: i64,
}

/// UseHistory line. `txType`: 1 = charged (payment), 2 = used, 3 = refunded (sandbox values).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct UseRec {
    #[serde(rename = "itemCode")]
    pub item_code: i64,
    #[serde(rename = "txType")]
    pub tx_type: i64,
    #[serde(rename = "txPoint")]
    pub tx_point: String,
    pub balance: String,
    #[serde(rename = "txDT")]
    pub tx_dt: String,
    #[serde(rename = "userID")]
    pub user_id: String,
    #[serde(rename = "userName")]
    pub user_name: String,
}

/// PaymentHistory (a paymentRequest). `settleState`: 1 = requested, 2 = completed (sandbox).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct PaymentRec {
    #[serde(rename = "settleCode")]
    pub settle_code: String,
    #[serde(rename = "productType")]
    pub product_type: String,
    #[serde(rename = "productName")]
    pub product_name: String,
    #[serde(rename = "settleType")]
    pub settle_type: String,
    #[serde(rename = "settlerName")]
    pub settler_name: String,
    #[serde(rename = "settlerEmail")]
    pub settler_email: String,
    #[serde(rename = "settleCost")]
    pub settle_cost: String,
    #[serde(rename = "settlePoint")]
    pub settle_point: String,
    #[serde(rename = "settleState")]
    pub settle_state: i64,
    #[serde(rename = "regDT")]
    pub reg_dt: String,
    #[serde(rename = "stateDT")]
    pub state_dt: String,
}

/// RefundHistory (a refund request). `state`: 1 = requested (sandbox).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct RefundRec {
    #[serde(rename = "refundCode")]
    pub refund_code: String,
    #[serde(rename = "reqDT")]
    pub req_dt: String,
    #[serde(rename = "requestPoint")]
    pub request_point: String,
    #[serde(rename = "accountBank")]
    pub account_bank: String,
    #[serde(rename = "accountNum")]
    pub account_num: String,
    #[serde(rename = "accountName")]
    pub account_name: String,
    pub state: i64,
    pub reason: String,
}

/// A POPBiLL member (one business number).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Member {
    pub corp_num: String,
    pub link_id: String,
    pub corp_info: CorpInfoRec,
    pub contacts: Vec<ContactRec>,
    pub points: i64,
    /// Point use, oldest first (cheap to copy however long it grows). Not part of the member's
    /// stored record: each entry is a row of its own (`use` rows), so a charge writes one
    /// small row and not the whole history. Older state files embed it; they still load.
    #[serde(default, skip_serializing)]
    pub use_history: super::log::AppendLog<UseRec>,
    pub payments: Vec<PaymentRec>,
    pub refunds: Vec<RefundRec>,
    /// Email types switched off with updateEmailConfig (absent = on).
    pub email_config: BTreeMap<String, bool>,
    pub joined_ms: i64,
}

impl Member {
    /// Finds a contact by ID.
    pub(crate) fn contact(&self, id: &str) -> Option<&ContactRec> {
        self.contacts.iter().find(|c| c.id == id)
    }

    /// Display name for logs: the contact's name when the user ID is known.
    pub(crate) fn user_name(&self, user_id: Option<&str>) -> String {
        user_id
            .and_then(|u| self.contact(u))
            .map(|c| c.person_name.clone())
            .unwrap_or_default()
    }
}
