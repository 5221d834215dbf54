//! Snapshots of the wire JSON of a full fixture invoice (keys, spelling, string amounts,
//! omitted `None`s). Review changes to `snapshots/*.snap` like code.

mod common;

use common::{TRUSTEE, sample_invoice};
use popbill_model::Validate;
use popbill_model::codes::{IssueType, ModifyCode};
use popbill_model::taxinvoice::{RegistIssueRequest, TaxinvoiceAddContact};

#[test]
fn full_invoice_json() {
    let inv = sample_invoice()
        .set_invoicer_tax_reg_id("0001")
        .set_invoicer_dept_name("영업팀")
        .set_invoicee_tax_reg_id("0002")
        .set_invoicee_dept_name1("구매팀")
        .set_invoicee_hp1("010-3333-4444")
        .set_invoicee_contact_name2("한보조")
        .set_invoicee_dept_name2("재무팀")
        .set_invoicee_email2("buyer2@example.com")
        .set_invoicee_tel2("051-000-0000")
        .set_invoicee_hp2("010-5555-6666")
        .set_cash(50_000)
        .set_credit(64_950)
        .set_remark2("비고2")
        .set_remark3("비고3")
        .add_contact(TaxinvoiceAddContact::new(2, "두번째", "second@example.com"));
    assert!(
        inv.validate().is_ok(),
        "the snapshot fixture must be a valid invoice"
    );
    insta::assert_json_snapshot!("full_invoice", inv);
}

#[test]
fn regist_issue_body_json() {
    let body = RegistIssueRequest::new(sample_invoice())
        .set_write_specification(true)
        .set_force_issue(false)
        .set_deal_invoice_mgt_key("STMT-20250115-001")
        .set_memo("즉시발행 메모")
        .set_email_subject("1월 세금계산서");
    insta::assert_json_snapshot!("regist_issue_body", body);
}

#[test]
fn revised_trustee_invoice_json() {
    let mut inv = sample_invoice()
        .set_issue_type(IssueType::Trustee)
        .set_trustee_corp_num(TRUSTEE)
        .set_trustee_mgt_key("TRU-20250120-001")
        .set_trustee_corp_name("위탁대행(주)")
        .set_trustee_ceo_name("오수탁")
        .set_trustee_email("trustee@example.com")
        .set_trustee_sms_send_yn(false)
        .set_write_date("20250120")
        .set_modify_code(ModifyCode::Return)
        .set_org_nts_confirm_num("20250115410000000000a1b2")
        .set_supply_cost_total(-4_500)
        .set_tax_total(-450)
        .set_total_amount(-4_950);
    inv.detail_list = None;
    inv.add_contact_list = None;
    insta::assert_json_snapshot!("revised_trustee_invoice", inv);
}
