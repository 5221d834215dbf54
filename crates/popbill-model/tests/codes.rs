//! Code tables: exact wire values and the state-code lifecycle helpers.

use popbill_model::codes::*;

#[test]
fn korean_wire_values() {
    let json = |v: &dyn erased::Ser| v.json();
    assert_eq!(json(&TaxType::Taxable), "\"과세\"");
    assert_eq!(json(&TaxType::ZeroRated), "\"영세\"");
    assert_eq!(json(&TaxType::Exempt), "\"면세\"");
    assert_eq!(json(&PurposeType::Receipt), "\"영수\"");
    assert_eq!(json(&PurposeType::Claim), "\"청구\"");
    assert_eq!(json(&PurposeType::Unspecified), "\"없음\"");
    assert_eq!(json(&IssueType::Forward), "\"정발행\"");
    assert_eq!(json(&IssueType::Reverse), "\"역발행\"");
    assert_eq!(json(&IssueType::Trustee), "\"위수탁\"");
    assert_eq!(json(&ChargeDirection::Forward), "\"정과금\"");
    assert_eq!(json(&ChargeDirection::Reverse), "\"역과금\"");
    assert_eq!(json(&InvoiceeType::Business), "\"사업자\"");
    assert_eq!(json(&InvoiceeType::Individual), "\"개인\"");
    assert_eq!(json(&InvoiceeType::Foreigner), "\"외국인\"");
    assert_eq!(json(&IssueTiming::AutoOnAccept), "\"승인시자동발행\"");
    assert_eq!(json(&ModifyCode::DuplicateIssuance), "6");
    assert_eq!(json(&StateCode::FilingFailed), "305");
    assert_eq!(json(&CloseDownState::NotRegistered), "0");
    assert_eq!(json(&DocLogType::FilingFailed), "255");
    assert_eq!(json(&InvoiceType::RevisedExemptImport), "404");
    assert_eq!(json(&MgtKeyType::Trustee), "\"TRUSTEE\"");
    assert_eq!(json(&StatementItemCode::Receipt), "126");
    assert_eq!(json(&BulkTxState::Completed), "2");
    assert_eq!(json(&NtsResultCode::Success), "\"SUC001\"");
    assert_eq!(
        json(&EmailType::EtcCertExpiration),
        "\"ETC_CERT_EXPIRATION\""
    );
    assert_eq!(json(&CloseDownStateFilter::NotChecked), "\"N\"");
    assert_eq!(json(&TaxTypeFilter::ZeroRated), "\"Z\"");
    assert_eq!(json(&DocumentUrlTarget::PrintOld), "\"PRINTOLD\"");
    assert_eq!(json(&MemberUrlTarget::UseHistory), "\"USEHISTORY\"");
    assert_eq!(json(&TaxinvoiceUrlTarget::PurchasePendingBox), "\"PWBOX\"");
}

mod erased {
    pub(crate) trait Ser {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> String {
            serde_json::to_string(self).expect("serialises")
        }
    }
}

#[test]
fn table_sizes_match_the_spec() {
    assert_eq!(StateCode::ALL.len(), 11);
    assert_eq!(InvoiceType::ALL.len(), 16);
    assert_eq!(
        EmailType::ALL.len(),
        29,
        "27 Taxinvoice TAX_*/ETC_* types + 2 Cashbill CSH_*"
    );
    assert_eq!(NtsResultCode::ALL.len(), 15);
    assert_eq!(DocLogType::ALL.len(), 19);
    assert_eq!(ModifyCode::ALL.len(), 6);
    assert_eq!(StatementItemCode::ALL.len(), 6);
}

#[test]
fn state_lifecycle() {
    use StateCode::*;
    let all = StateCode::ALL;
    let which = |f: fn(&StateCode) -> bool| -> Vec<i64> {
        all.iter()
            .filter(|s| f(s))
            .filter_map(StateCode::code)
            .collect()
    };
    assert_eq!(which(StateCode::is_draft), [100]);
    assert_eq!(which(StateCode::is_pending_request), [200]);
    assert_eq!(which(StateCode::is_issued), [300, 301, 302, 303, 304, 305]);
    assert_eq!(which(StateCode::is_filing_in_progress), [301, 302, 303]);
    assert_eq!(which(StateCode::is_filed_ok), [304]);
    assert_eq!(which(StateCode::is_filing_failed), [305]);
    assert_eq!(which(StateCode::is_refused), [400]);
    assert_eq!(which(StateCode::is_cancelled), [500, 600]);
    assert_eq!(which(StateCode::can_update), [100]);
    assert_eq!(which(StateCode::can_issue), [100, 200]);
    assert_eq!(which(StateCode::can_cancel_issue), [300]);
    assert_eq!(which(StateCode::can_delete), [100, 305, 400, 500, 600]);
    assert_eq!(which(StateCode::can_request), [100]);
    assert_eq!(which(StateCode::can_cancel_request), [200]);
    assert_eq!(which(StateCode::can_refuse), [200]);
    assert_eq!(which(StateCode::can_send_to_nts), [300]);
    assert_eq!(which(StateCode::can_attach_file), [100]);
    assert!(Issued.can_cancel_issue() && !FiledOk.can_cancel_issue());

    let unknown = StateCode::from(310);
    for f in [
        StateCode::is_draft,
        StateCode::is_issued,
        StateCode::is_filed_ok,
        StateCode::is_filing_failed,
        StateCode::is_cancelled,
        StateCode::can_delete,
        StateCode::can_update,
        StateCode::can_issue,
        StateCode::can_cancel_issue,
    ] {
        assert!(!f(&unknown));
    }
}

#[test]
fn state_search_filters() {
    assert!(StateCode::FiledOk.matches_filter("3**"));
    assert!(StateCode::FiledOk.matches_filter("30*"));
    assert!(StateCode::FiledOk.matches_filter("304"));
    assert!(!StateCode::FiledOk.matches_filter("305"));
    assert!(!StateCode::FiledOk.matches_filter("6**"));
    assert!(!StateCode::FiledOk.matches_filter("*04"));
    assert!(StateCode::from(310).matches_filter("3**"));
    assert!(is_valid_state_filter("1**") && !is_valid_state_filter("1**,2**"));
}

#[test]
fn helpers() {
    assert!(TaxType::ZeroRated.is_tax_free() && !TaxType::Taxable.is_tax_free());
    assert!(ModifyCode::Return.requires_non_positive_amounts());
    assert!(!ModifyCode::SupplyValueChange.requires_non_positive_amounts());
    assert!(InvoiceType::RevisedGeneral.is_revised() && !InvoiceType::Import.is_revised());
    assert!(NtsResultCode::Success.is_success() && !NtsResultCode::AmountError.is_success());
    assert!(BulkTxState::Completed.is_completed());
    assert_eq!("SELL".parse::<MgtKeyType>(), Ok(MgtKeyType::Sell));
    assert!("sell".parse::<MgtKeyType>().is_err());
}
