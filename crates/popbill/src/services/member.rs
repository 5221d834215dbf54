//! Member, contact and point operations shared by every service. One method per operation of
//! the official SDKs; the official name is a `doc(alias)`.
//!
//! | Method | HTTP | Auth | Idempotent |
//! |---|---|---|---|
//! | [`check_is_member`](MemberService::check_is_member) | `GET /Join?CorpNum=&LID=` | – | yes |
//! | [`check_id`](MemberService::check_id) | `GET /IDCheck?ID=` | – | yes |
//! | [`join_member`](MemberService::join_member) | `POST /Join` | – | no |
//! | [`get_corp_info`](MemberService::get_corp_info) | `GET /CorpInfo` | Bearer | yes |
//! | [`update_corp_info`](MemberService::update_corp_info) | `POST /CorpInfo` | Bearer | yes |
//! | [`regist_contact`](MemberService::regist_contact) | `POST /IDs/New` | Bearer | no |
//! | [`get_contact_info`](MemberService::get_contact_info) | `POST /Contact` | Bearer | yes |
//! | [`list_contact`](MemberService::list_contact) | `GET /IDs` | Bearer | yes |
//! | [`update_contact`](MemberService::update_contact) | `POST /IDs` | Bearer | yes |
//! | [`delete_contact`](MemberService::delete_contact) | `POST /Contact/Delete?ContactID=` | Bearer | no |
//! | [`quit_member`](MemberService::quit_member) | `POST /QuitRequest` | Bearer | no |
//! | [`get_balance`](MemberService::get_balance) | `GET {auth}/{ServiceID}/Point` | Bearer | yes |
//! | [`get_partner_balance`](MemberService::get_partner_balance) | `GET {auth}/{ServiceID}/PartnerPoint` | Bearer | yes |
//! | [`get_partner_url`](MemberService::get_partner_url) | `GET {auth}/{ServiceID}/URL?TG=` | Bearer | yes |
//! | [`get_point_info`](MemberService::get_point_info) | `GET {auth}/{ServiceID}/TotalPoint` | Bearer | yes |
//! | [`get_popbill_url`](MemberService::get_popbill_url) and the four shortcuts | `GET /Member?TG=` | Bearer | yes |
//! | [`get_use_history`](MemberService::get_use_history) | `GET /UseHistory?SDate=&EDate=[&Page=][&PerPage=][&Order=]` | Bearer | yes |
//! | [`get_payment_history`](MemberService::get_payment_history) | `GET /PaymentHistory?SDate=&EDate=[&Page=][&PerPage=]` | Bearer | yes |
//! | [`get_refund_history`](MemberService::get_refund_history) | `GET /RefundHistory[?Page=][&PerPage=]` | Bearer | yes |
//! | [`refund`](MemberService::refund) | `POST /Refund` | Bearer | no |
//! | [`get_refund_info`](MemberService::get_refund_info) | `GET /Refund/{RefundCode}` | Bearer | yes |
//! | [`get_refundable_balance`](MemberService::get_refundable_balance) | `GET /RefundPoint` | Bearer | yes |
//! | [`payment_request`](MemberService::payment_request) | `POST /Payment` | Bearer | no |
//! | [`get_settle_result`](MemberService::get_settle_result) | `GET /Payment/{SettleCode}` | Bearer | yes |

use std::borrow::Cow;

use popbill_model::codes::{MemberUrlTarget, SortOrder};
use popbill_model::member::{
    ContactIdRequest, ContactInfo, CorpInfo, JoinForm, Paging, PaymentForm, PaymentHistory,
    PaymentHistoryResult, PaymentResponse, PointInfo, QuitRequest, RefundForm, RefundHistory,
    RefundHistoryResult, RefundResponse, UseHistoryResult,
};
use popbill_model::{
    BalanceResponse, CorpNum, Date8, RefundableBalanceResponse, Response, UrlResponse,
    ValidationErrors, rule,
};
use popbill_transport::Method;

use crate::client::Popbill;
use crate::pipeline::{Call, OpBuilder, decode_json, seg};
use crate::services::Service;

/// Member operations; get one with [`Popbill::member`] or [`Popbill::member_for`].
#[derive(Clone, Copy, Debug)]
pub struct MemberService<'a> {
    client: &'a Popbill,
    service: Service,
}

fn required(path: &str, value: &str) -> Result<(), ValidationErrors> {
    if value.trim().is_empty() {
        Err(ValidationErrors::single(
            path,
            rule::REQUIRED,
            "is required",
        ))
    } else {
        Ok(())
    }
}

fn date_range(sdate: Date8, edate: Date8) -> Result<(), ValidationErrors> {
    if sdate > edate {
        Err(ValidationErrors::single(
            "SDate",
            rule::RANGE,
            "must not be later than EDate",
        ))
    } else {
        Ok(())
    }
}

impl<'a> MemberService<'a> {
    pub(crate) fn new(client: &'a Popbill, service: Service) -> Self {
        MemberService { client, service }
    }

    /// The service whose token scopes these calls use.
    pub fn service(&self) -> Service {
        self.service
    }

    fn get(&self, name: &'static str, path: impl Into<Cow<'static, str>>) -> OpBuilder<'a> {
        self.client.op(self.service, name, Method::Get, path)
    }

    fn post(&self, name: &'static str, path: impl Into<Cow<'static, str>>) -> OpBuilder<'a> {
        self.client.op(self.service, name, Method::Post, path)
    }

    /// Linkhub auth-host call `GET /{ServiceID}/{what}`.
    fn linkhub(&self, name: &'static str, what: &str) -> OpBuilder<'a> {
        let path = format!("/{}/{what}", self.client.config().service_id());
        self.get(name, path).on_auth_host()
    }

    /// Whether `corp_num` is a POPBiLL member under the configured LinkID: `code` 1 = member,
    /// 0 = not a member.
    #[doc(alias = "checkIsMember")]
    pub fn check_is_member(&self, corp_num: &CorpNum) -> Call<Response> {
        let link_id = self.client.config().link_id();
        self.get("Member.checkIsMember", "/Join")
            .query("CorpNum", corp_num.as_str())
            .query("LID", link_id)
            .json()
    }

    /// Whether a login ID is taken: `code` 1 = in use, 0 = free.
    #[doc(alias = "checkID")]
    pub fn check_id(&self, id: &str) -> Call<Response> {
        self.get("Member.checkID", "/IDCheck")
            .check(required("ID", id))
            .query("ID", id)
            .json()
    }

    /// Registers a new member company. `LinkID` is filled from the configuration when the form
    /// has none.
    #[doc(alias = "joinMember")]
    pub fn join_member(&self, form: &JoinForm) -> Call<Response> {
        let mut form = form.clone();
        if form.link_id.as_deref().is_none_or(|s| s.trim().is_empty()) {
            form.link_id = Some(self.client.config().link_id().to_owned());
        }
        // The body carries the new user's password: one buffer, zeroed once the call is done.
        self.post("Member.joinMember", "/Join")
            .validate(&form)
            .secret_json_body(&form)
            .json()
    }

    /// The member's company information.
    #[doc(alias = "getCorpInfo")]
    pub fn get_corp_info(&self, corp_num: &CorpNum) -> Call<CorpInfo> {
        self.get("Member.getCorpInfo", "/CorpInfo")
            .corp(corp_num)
            .json()
    }

    /// Replaces the member's company information.
    #[doc(alias = "updateCorpInfo")]
    pub fn update_corp_info(&self, corp_num: &CorpNum, info: &CorpInfo) -> Call<Response> {
        self.post("Member.updateCorpInfo", "/CorpInfo")
            .corp(corp_num)
            .idempotent(true)
            .validate(info)
            .json_body(info)
            .json()
    }

    /// Adds a user account to the member (`Password` required).
    #[doc(alias = "registContact")]
    pub fn regist_contact(&self, corp_num: &CorpNum, contact: &ContactInfo) -> Call<Response> {
        let ctx = self.client.base_validation_context();
        self.post("Member.registContact", "/IDs/New")
            .corp(corp_num)
            .check(contact.validate_new(&ctx))
            .secret_json_body(contact)
            .json()
    }

    /// One user account of the member.
    #[doc(alias = "getContactInfo")]
    pub fn get_contact_info(&self, corp_num: &CorpNum, contact_id: &str) -> Call<ContactInfo> {
        let body = ContactIdRequest::new(contact_id);
        self.post("Member.getContactInfo", "/Contact")
            .corp(corp_num)
            .idempotent(true)
            .validate(&body)
            .json_body(&body)
            .json()
    }

    /// Every user account of the member.
    #[doc(alias = "listContact")]
    pub fn list_contact(&self, corp_num: &CorpNum) -> Call<Vec<ContactInfo>> {
        self.get("Member.listContact", "/IDs").corp(corp_num).json()
    }

    /// Updates the user account named by `contact.id`.
    #[doc(alias = "updateContact")]
    pub fn update_contact(&self, corp_num: &CorpNum, contact: &ContactInfo) -> Call<Response> {
        self.post("Member.updateContact", "/IDs")
            .corp(corp_num)
            .idempotent(true)
            .validate(contact)
            .secret_json_body(contact)
            .json()
    }

    /// Deletes a user account. The official SDKs always send an acting `UserID`
    /// (`.user_id(…)`); whether the server requires an administrator is not documented.
    #[doc(alias = "deleteContact")]
    pub fn delete_contact(&self, corp_num: &CorpNum, contact_id: &str) -> Call<Response> {
        self.post("Member.deleteContact", "/Contact/Delete")
            .corp(corp_num)
            .check(required("ContactID", contact_id))
            .query("ContactID", contact_id)
            .json()
    }

    /// Asks POPBiLL to end the membership. On success (`code` 1) the member's cached tokens
    /// are dropped.
    #[doc(alias = "quitMember")]
    pub fn quit_member(&self, corp_num: &CorpNum, reason: &str) -> Call<Response> {
        let body = QuitRequest::new(reason);
        let corp = corp_num.clone();
        self.post("Member.quitMember", "/QuitRequest")
            .corp(corp_num)
            .validate(&body)
            .json_body(&body)
            .decode_with(Box::new(move |client, resp| {
                let r: Response = decode_json(&resp)?;
                if r.code == 1 {
                    client.invalidate_tokens(&corp);
                }
                Ok(r)
            }))
    }

    /// Remaining points of the member (Linkhub `/Point`).
    #[doc(alias = "getBalance")]
    pub fn get_balance(&self, corp_num: &CorpNum) -> Call<f64> {
        self.linkhub("Member.getBalance", "Point")
            .corp(corp_num)
            .map_json(|r: BalanceResponse| r.remain_point)
    }

    /// Remaining points of the partner (Linkhub `/PartnerPoint`).
    #[doc(alias = "getPartnerBalance")]
    pub fn get_partner_balance(&self, corp_num: &CorpNum) -> Call<f64> {
        self.linkhub("Member.getPartnerBalance", "PartnerPoint")
            .corp(corp_num)
            .map_json(|r: BalanceResponse| r.remain_point)
    }

    /// The member's points split into total, charged and bonus points (Linkhub `/TotalPoint`;
    /// `getPointInfo` exists only in the Java and .NET SDKs).
    #[doc(alias = "getPointInfo")]
    pub fn get_point_info(&self, corp_num: &CorpNum) -> Call<PointInfo> {
        self.linkhub("Member.getPointInfo", "TotalPoint")
            .corp(corp_num)
            .json()
    }

    /// A partner popup URL (Linkhub `/URL?TG=`); `togo` is `CHRG` (point charge) or `LOGIN`.
    /// Valid for 30 seconds.
    #[doc(alias = "getPartnerURL")]
    pub fn get_partner_url(&self, corp_num: &CorpNum, togo: &str) -> Call<String> {
        self.linkhub("Member.getPartnerURL", "URL")
            .corp(corp_num)
            .check(required("TOGO", togo))
            .query("TG", togo)
            .map_json(|r: UrlResponse| r.url)
    }

    /// A POPBiLL popup URL (`/Member?TG=`), valid for 30 seconds.
    #[doc(alias = "getPopbillURL")]
    pub fn get_popbill_url(&self, corp_num: &CorpNum, target: MemberUrlTarget) -> Call<String> {
        self.get("Member.getPopbillURL", "/Member")
            .corp(corp_num)
            .query("TG", target.as_str())
            .map_json(|r: UrlResponse| r.url)
    }

    /// The POPBiLL login URL (`TG=LOGIN`).
    #[doc(alias = "getAccessURL")]
    pub fn get_access_url(&self, corp_num: &CorpNum) -> Call<String> {
        self.get_popbill_url(corp_num, MemberUrlTarget::Login)
    }

    /// The point-charge URL (`TG=CHRG`).
    #[doc(alias = "getChargeURL")]
    pub fn get_charge_url(&self, corp_num: &CorpNum) -> Call<String> {
        self.get_popbill_url(corp_num, MemberUrlTarget::Charge)
    }

    /// The payment-history URL (`TG=PAYMENT`).
    #[doc(alias = "getPaymentURL")]
    pub fn get_payment_url(&self, corp_num: &CorpNum) -> Call<String> {
        self.get_popbill_url(corp_num, MemberUrlTarget::Payment)
    }

    /// The usage-history URL (`TG=USEHISTORY`).
    #[doc(alias = "getUseHistoryURL")]
    pub fn get_use_history_url(&self, corp_num: &CorpNum) -> Call<String> {
        self.get_popbill_url(corp_num, MemberUrlTarget::UseHistory)
    }

    /// Point usage between two dates (`yyyyMMdd`, inclusive), newest first unless
    /// `order` says otherwise.
    #[doc(alias = "getUseHistory")]
    pub fn get_use_history(
        &self,
        corp_num: &CorpNum,
        sdate: Date8,
        edate: Date8,
        paging: Paging,
        order: Option<SortOrder>,
    ) -> Call<UseHistoryResult> {
        self.get("Member.getUseHistory", "/UseHistory")
            .corp(corp_num)
            .check(date_range(sdate, edate))
            .validate(&paging)
            .query("SDate", sdate)
            .query("EDate", edate)
            .query_opt("Page", paging.page)
            .query_opt("PerPage", paging.per_page)
            .query_opt("Order", order.as_ref().map(SortOrder::as_str))
            .json()
    }

    /// Point purchases between two dates.
    #[doc(alias = "getPaymentHistory")]
    pub fn get_payment_history(
        &self,
        corp_num: &CorpNum,
        sdate: Date8,
        edate: Date8,
        paging: Paging,
    ) -> Call<PaymentHistoryResult> {
        self.get("Member.getPaymentHistory", "/PaymentHistory")
            .corp(corp_num)
            .check(date_range(sdate, edate))
            .validate(&paging)
            .query("SDate", sdate)
            .query("EDate", edate)
            .query_opt("Page", paging.page)
            .query_opt("PerPage", paging.per_page)
            .json()
    }

    /// Refund requests.
    #[doc(alias = "getRefundHistory")]
    pub fn get_refund_history(
        &self,
        corp_num: &CorpNum,
        paging: Paging,
    ) -> Call<RefundHistoryResult> {
        self.get("Member.getRefundHistory", "/RefundHistory")
            .corp(corp_num)
            .validate(&paging)
            .query_opt("Page", paging.page)
            .query_opt("PerPage", paging.per_page)
            .json()
    }

    /// Requests a refund of unused points.
    pub fn refund(&self, corp_num: &CorpNum, form: &RefundForm) -> Call<RefundResponse> {
        self.post("Member.refund", "/Refund")
            .corp(corp_num)
            .validate(form)
            .json_body(form)
            .json()
    }

    /// One refund request by its code.
    #[doc(alias = "getRefundInfo")]
    pub fn get_refund_info(&self, corp_num: &CorpNum, refund_code: &str) -> Call<RefundHistory> {
        self.get(
            "Member.getRefundInfo",
            format!("/Refund/{}", seg(refund_code)),
        )
        .corp(corp_num)
        .check(required("RefundCode", refund_code))
        .json()
    }

    /// Points that can be refunded.
    #[doc(alias = "getRefundableBalance")]
    pub fn get_refundable_balance(&self, corp_num: &CorpNum) -> Call<f64> {
        self.get("Member.getRefundableBalance", "/RefundPoint")
            .corp(corp_num)
            .map_json(|r: RefundableBalanceResponse| r.refundable_balance)
    }

    /// Requests a bank-transfer point purchase.
    #[doc(alias = "paymentRequest")]
    pub fn payment_request(&self, corp_num: &CorpNum, form: &PaymentForm) -> Call<PaymentResponse> {
        self.post("Member.paymentRequest", "/Payment")
            .corp(corp_num)
            .validate(form)
            .json_body(form)
            .json()
    }

    /// One point purchase request by its settle code.
    #[doc(alias = "getSettleResult")]
    pub fn get_settle_result(&self, corp_num: &CorpNum, settle_code: &str) -> Call<PaymentHistory> {
        self.get(
            "Member.getSettleResult",
            format!("/Payment/{}", seg(settle_code)),
        )
        .corp(corp_num)
        .check(required("SettleCode", settle_code))
        .json()
    }
}
