//! The wire JSON of a stored document: TaxinvoiceInfo, the detail (the invoice as stored plus
//! server-assigned fields), logs and attached files.

use serde_json::{Value, json};

use crate::clock::dt14_kst;
use crate::state::invoice::{Doc, KeyType};

fn opt_dt(ms: Option<i64>) -> Value {
    ms.map(|m| Value::String(dt14_kst(m)))
        .unwrap_or(Value::Null)
}

impl Doc {
    /// TaxinvoiceInfo.
    pub(crate) fn info_json(&self) -> Value {
        let f = |k: &str| {
            self.field(k)
                .map(|s| Value::String(s.to_owned()))
                .unwrap_or(Value::Null)
        };
        json!({
            "itemKey": self.item_key,
            "taxType": f("taxType"),
            "writeDate": f("writeDate"),
            "regDT": dt14_kst(self.reg_ms),
            "issueType": f("issueType"),
            "supplyCostTotal": f("supplyCostTotal"),
            "taxTotal": f("taxTotal"),
            "purposeType": f("purposeType"),
            "issueDT": opt_dt(self.issue_ms),
            "lateIssueYN": self.late,
            "openYN": self.open_ms.is_some(),
            "openDT": opt_dt(self.open_ms),
            "stateMemo": self.state_memo,
            "stateCode": self.state,
            "stateDT": dt14_kst(self.state_ms),
            "ntsconfirmNum": self.nts_confirm_num,
            "ntsresult": self.nts_err_code.as_deref().map(|c| if c == "SUC001" { "성공" } else { "실패" }),
            "ntssendDT": opt_dt(self.nts_send_ms),
            "ntsresultDT": opt_dt(self.nts_result_ms),
            "ntssendErrCode": self.nts_err_code,
            "modifyCode": self.invoice.get("modifyCode").cloned().filter(|v| v.as_str() != Some("")).unwrap_or(Value::Null),
            "interOPYN": true,
            "invoicerCorpName": f("invoicerCorpName"),
            "invoicerCorpNum": f("invoicerCorpNum"),
            "invoicerMgtKey": f("invoicerMgtKey"),
            "invoicerPrintYN": self.printed.contains(&KeyType::Sell),
            "invoiceeCorpName": f("invoiceeCorpName"),
            "invoiceeCorpNum": f("invoiceeCorpNum"),
            "invoiceeMgtKey": f("invoiceeMgtKey"),
            "invoiceePrintYN": self.printed.contains(&KeyType::Buy),
            "trusteeCorpName": f("trusteeCorpName"),
            "trusteeCorpNum": f("trusteeCorpNum"),
            "trusteeMgtKey": f("trusteeMgtKey"),
            "trusteePrintYN": self.printed.contains(&KeyType::Trustee),
            "closeDownState": self.close_down_state,
            "closeDownStateDate": Value::Null,
        })
    }

    /// getDetailInfo: the invoice as stored plus the server-assigned fields.
    pub(crate) fn detail_json(&self) -> Value {
        let mut m = self.invoice.clone();
        m.insert(
            "ntsconfirmNum".into(),
            self.nts_confirm_num
                .clone()
                .map(Value::String)
                .unwrap_or(Value::Null),
        );
        m.insert(
            "closeDownState".into(),
            self.close_down_state
                .map(Value::from)
                .unwrap_or(Value::Null),
        );
        m.insert("closeDownStateDate".into(), Value::Null);
        Value::Object(m)
    }

    /// TaxinvoiceLog[].
    pub(crate) fn logs_json(&self) -> Value {
        Value::Array(self.logs.iter().map(|l| l.json(true)).collect())
    }

    /// AttachedFile[].
    pub(crate) fn files_json(&self) -> Value {
        Value::Array(
            self.files
                .iter()
                .map(|f| {
                    json!({
                        "serialNum": f.serial_num,
                        "attachedFile": f.file_id,
                        "displayName": f.display_name,
                        "regDT": dt14_kst(f.reg_ms),
                    })
                })
                .collect(),
        )
    }
}
