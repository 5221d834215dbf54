//! [`Service`]: which POPBiLL service an operation belongs to, deciding its token scopes and
//! its API path prefix.

/// A POPBiLL service: decides the token scopes (`member` plus the service codes) and the API path
/// prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Service {
    /// 전자세금계산서, scopes `member`, `110`.
    Taxinvoice,
    /// 홈택스 전자세금계산서 수집, `111`.
    HomeTaxTaxinvoice,
    /// 전자명세서, `121`–`126`.
    Statement,
    /// 현금영수증, `140`.
    Cashbill,
    /// 홈택스 현금영수증 수집, `141`.
    HomeTaxCashbill,
    /// 문자 (SMS, LMS, MMS), `150`–`152`.
    Message,
    /// 카카오톡 (ATS, FTS, FMS), `153`–`155`. (Python SDK 1.64.2 also asks for 156–158 for
    /// brand messages; not included.)
    Kakao,
    /// 팩스, `160`, `161`.
    Fax,
    /// 휴폐업조회, `170`.
    Closedown,
    /// 기업정보조회, `171`.
    BizInfoCheck,
    /// 계좌조회, `180`.
    EasyFinBank,
    /// 예금주조회, `182`, `183`.
    AccountCheck,
}

impl Service {
    /// The token scopes: `member` followed by the service codes.
    pub fn scopes(self) -> &'static [&'static str] {
        match self {
            Service::Taxinvoice => &["member", "110"],
            Service::HomeTaxTaxinvoice => &["member", "111"],
            Service::Statement => &["member", "121", "122", "123", "124", "125", "126"],
            Service::Cashbill => &["member", "140"],
            Service::HomeTaxCashbill => &["member", "141"],
            Service::Message => &["member", "150", "151", "152"],
            Service::Kakao => &["member", "153", "154", "155"],
            Service::Fax => &["member", "160", "161"],
            Service::Closedown => &["member", "170"],
            Service::BizInfoCheck => &["member", "171"],
            Service::EasyFinBank => &["member", "180"],
            Service::AccountCheck => &["member", "182", "183"],
        }
    }

    /// The API path prefix of the service's own operations (`/Taxinvoice`, `/HomeTax/Cashbill`,
    /// …), used for `ChargeInfo` and `UnitCost`.
    pub fn path_prefix(self) -> &'static str {
        match self {
            Service::Taxinvoice => "/Taxinvoice",
            Service::HomeTaxTaxinvoice => "/HomeTax/Taxinvoice",
            Service::Statement => "/Statement",
            Service::Cashbill => "/Cashbill",
            Service::HomeTaxCashbill => "/HomeTax/Cashbill",
            Service::Message => "/Message",
            Service::Kakao => "/KakaoTalk",
            Service::Fax => "/FAX",
            Service::Closedown => "/CloseDown",
            Service::BizInfoCheck => "/BizInfo",
            Service::EasyFinBank => "/EasyFin/Bank",
            Service::AccountCheck => "/EasyFin/AccountCheck",
        }
    }
}
