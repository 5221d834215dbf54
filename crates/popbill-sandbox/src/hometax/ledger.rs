//! The synthetic NTS ledger: every member's sales, purchase and consigned tax invoices and
//! cash receipts, generated from a seed so that the same member, side and day always yield
//! the same documents. Nothing is stored: a document is addressed by `(day, index)` and its
//! filterable attributes ([`TiAttrs`], [`CbAttrs`]) are computed without allocating; the full
//! document is built only for the page being answered.
//!
//! Per day the ledger holds between 0 and `2 × docs_per_day` documents of one side. Tax
//! invoices cover all 16 NTS kinds (revised ones with a modify code and the original's NTS
//! number; exempt and zero-rated ones with zero tax); cash receipts both usages, with about
//! one in ten a cancellation.

use popbill_model::Date8;
use popbill_model::hometax::{
    HtCashbill, HtTaxinvoice, HtTaxinvoiceAbbr, HtTaxinvoiceDetail, InvoiceType, InvoiceeType,
    ModifyCode, PurposeType, QueryTypeName, TaxType, TradeTypeName, TradeUsageName,
};

/// Which collection service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub(crate) enum HtKind {
    Taxinvoice,
    Cashbill,
}

/// The member's side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub(crate) enum Side {
    Sell,
    Buy,
    Trustee,
}

impl Side {
    pub(crate) fn parse(s: &str) -> Option<Side> {
        match s.to_ascii_uppercase().as_str() {
            "SELL" => Some(Side::Sell),
            "BUY" => Some(Side::Buy),
            "TRUSTEE" => Some(Side::Trustee),
            _ => None,
        }
    }

    pub(crate) fn digit(self) -> u64 {
        match self {
            Side::Sell => 1,
            Side::Buy => 2,
            Side::Trustee => 3,
        }
    }

    pub(crate) fn name(self) -> QueryTypeName {
        match self {
            Side::Sell => QueryTypeName::Sales,
            Side::Buy => QueryTypeName::Purchase,
            Side::Trustee => QueryTypeName::Trustee,
        }
    }
}

/// splitmix64: a fast, well-mixed 64-bit hash step.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn text_seed(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The seed of one member's ledger of one kind and side.
pub(crate) fn seed(corp: &str, kind: HtKind, side: Side) -> u64 {
    let k = match kind {
        HtKind::Taxinvoice => 11,
        HtKind::Cashbill => 41,
    };
    mix(text_seed(corp) ^ (k << 8) ^ side.digit())
}

/// Documents written on `day` (0 ..= 2 × `per_day`).
pub(crate) fn count_on(seed: u64, day: i64, per_day: u32) -> u32 {
    if per_day == 0 {
        return 0;
    }
    let h = mix(seed ^ (day as u64).wrapping_mul(0x1000_0001));
    (h % (u64::from(per_day) * 2 + 1)) as u32
}

fn doc_hash(seed: u64, day: i64, idx: u32) -> u64 {
    mix(mix(seed ^ (day as u64).wrapping_mul(0x1000_0001)) ^ u64::from(idx))
}

/// Counterparties: (business number, name, CEO).
const COUNTERPARTS: [(&str, &str, &str); 12] = [
    ("1018197778", "가나상사", "김가나"),
    ("2208162517", "다라물산", "이다라"),
    ("1248100998", "마바테크", "박마바"),
    ("1078155843", "사아유통", "최사아"),
    ("2118878643", "자차식품", "정자차"),
    ("1168119948", "카타건설", "강카타"),
    ("6798700433", "파하솔루션", "조파하"),
    ("1208765763", "거너무역", "윤거너"),
    ("2148634209", "더러서비스", "장더러"),
    ("1138621190", "머버제약", "임머버"),
    ("3018197261", "서어물류", "한서어"),
    ("1058752341", "저처디자인", "오저처"),
];

const ITEMS: [&str; 8] = [
    "사무용품",
    "소프트웨어 라이선스",
    "컨설팅 용역",
    "원자재",
    "운송 서비스",
    "유지보수",
    "광고 대행",
    "임대료",
];

/// All 16 NTS kinds with weights (general invoices are the common case).
const KINDS: [(i64, u32); 16] = [
    (101, 40),
    (102, 6),
    (103, 6),
    (104, 3),
    (105, 2),
    (201, 6),
    (202, 2),
    (203, 2),
    (204, 1),
    (205, 1),
    (301, 18),
    (303, 3),
    (304, 2),
    (401, 4),
    (403, 2),
    (404, 2),
];

fn pick_kind(h: u64, consigned_only: bool) -> i64 {
    let pool: Vec<(i64, u32)> = KINDS
        .iter()
        .copied()
        .filter(|(k, _)| !consigned_only || matches!(k % 100, 3 | 5))
        .collect();
    let total: u32 = pool.iter().map(|(_, w)| w).sum();
    let mut r = (h % u64::from(total)) as u32;
    for (k, w) in &pool {
        if r < *w {
            return *k;
        }
        r -= w;
    }
    101
}

/// What filters and sorting need of a tax invoice, computed without allocating.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TiAttrs {
    pub kind: i64,
    pub write: Date8,
    pub issue: Date8,
    pub send: Date8,
    /// 0 영수, 1 청구, 2 없음.
    pub purpose: u8,
    pub counterpart: usize,
    /// Branch numbers of seller, buyer, trustee (0 = none).
    pub tax_reg: [u16; 3],
    pub supply: i64,
    pub tax: i64,
    pub modify: i64,
    pub hash: u64,
}

impl TiAttrs {
    pub(crate) fn revised(&self) -> bool {
        self.kind / 100 == 2 || self.kind / 100 == 4
    }

    /// `T` 과세, `Z` 영세, `N` 면세.
    pub(crate) fn tax_letter(&self) -> char {
        if self.kind >= 300 {
            'N'
        } else if matches!(self.kind % 100, 2 | 5) {
            'Z'
        } else {
            'T'
        }
    }

    /// The date the job's DType refers to.
    pub(crate) fn date(&self, dtype: char) -> Date8 {
        match dtype {
            'I' => self.issue,
            'S' => self.send,
            _ => self.write,
        }
    }
}

/// Attributes of tax invoice `idx` written on `day`.
pub(crate) fn ti_attrs(seed: u64, side: Side, day: i64, idx: u32) -> TiAttrs {
    let h = doc_hash(seed, day, idx);
    let kind = pick_kind(h, side == Side::Trustee);
    let write = Date8::from_days_since_epoch(day);
    let issue = write.add_days(((h >> 20) % 3) as i64);
    let send = issue.add_days(1);
    let modify = if kind / 100 == 2 || kind / 100 == 4 {
        ((h >> 24) % 6 + 1) as i64
    } else {
        0
    };
    let mut supply = ((h >> 28) % 4999 + 1) as i64 * 1000;
    if matches!(modify, 3 | 4) {
        supply = -supply;
    }
    let taxable = kind < 300 && !matches!(kind % 100, 2 | 5);
    let reg = |shift: u32| -> u16 {
        let v = (h >> shift) % 8;
        if v < 3 { v as u16 + 1 } else { 0 }
    };
    TiAttrs {
        kind,
        write,
        issue,
        send,
        purpose: ((h >> 12) % 3) as u8,
        counterpart: ((h >> 40) % COUNTERPARTS.len() as u64) as usize,
        tax_reg: [reg(44), reg(48), reg(52)],
        supply,
        tax: if taxable { supply / 10 } else { 0 },
        modify,
        hash: h,
    }
}

/// The 24-character NTS confirmation number of a ledger invoice: issue date, `41`, the side,
/// `0`, the write day's index, then 8 hex digits of the document hash. [`decode_nts`] reverses
/// it.
pub(crate) fn ti_nts(side: Side, day: i64, idx: u32, a: &TiAttrs) -> String {
    let _ = day;
    format!(
        "{}41{}0{:04}{:08x}",
        a.issue,
        side.digit(),
        idx,
        a.hash & 0xffff_ffff
    )
}

/// Finds the ledger invoice behind an NTS number of this member, checking its hash.
pub(crate) fn decode_nts(corp: &str, nts: &str) -> Option<(Side, i64, u32, TiAttrs)> {
    if nts.len() != 24 || !nts.is_ascii() {
        return None;
    }
    let issue = Date8::parse(&nts[..8]).ok()?;
    if &nts[8..10] != "41" || &nts[11..12] != "0" {
        return None;
    }
    let side = match &nts[10..11] {
        "1" => Side::Sell,
        "2" => Side::Buy,
        "3" => Side::Trustee,
        _ => return None,
    };
    let idx: u32 = nts[12..16].parse().ok()?;
    let hash = u64::from_str_radix(&nts[16..], 16).ok()?;
    let s = seed(corp, HtKind::Taxinvoice, side);
    // The write date is 0-2 days before the issue date.
    for back in 0..3 {
        let day = issue.add_days(-back).days_since_epoch();
        let a = ti_attrs(s, side, day, idx);
        if a.issue == issue && (a.hash & 0xffff_ffff) == hash {
            return Some((side, day, idx, a));
        }
    }
    None
}

fn corp_name(corp: &str) -> String {
    format!("샌드박스 상사 {corp}")
}

/// Parties as (corp num, name, CEO, branch) for seller, buyer, trustee.
fn parties(corp: &str, side: Side, a: &TiAttrs) -> [(String, String, String, String); 3] {
    let (cn, name, ceo) = COUNTERPARTS[a.counterpart];
    let me = (corp.to_owned(), corp_name(corp), "샌드박스 대표".to_owned());
    let other = (cn.to_owned(), name.to_owned(), ceo.to_owned());
    let consigned = matches!(a.kind % 100, 3 | 5);
    let (seller, buyer, trustee) = match side {
        Side::Sell => (me, other, None),
        Side::Buy => (other, me, None),
        Side::Trustee => {
            let (cn2, n2, c2) = COUNTERPARTS[(a.counterpart + 5) % COUNTERPARTS.len()];
            (
                other,
                (cn2.to_owned(), n2.to_owned(), c2.to_owned()),
                Some(me),
            )
        }
    };
    let trustee = trustee.or_else(|| {
        consigned.then(|| {
            let (cn3, n3, c3) = COUNTERPARTS[(a.counterpart + 7) % COUNTERPARTS.len()];
            (cn3.to_owned(), n3.to_owned(), c3.to_owned())
        })
    });
    let reg = |v: u16| {
        if v == 0 {
            String::new()
        } else {
            format!("{v:04}")
        }
    };
    let t = trustee.unwrap_or_default();
    [
        (seller.0, seller.1, seller.2, reg(a.tax_reg[0])),
        (buyer.0, buyer.1, buyer.2, reg(a.tax_reg[1])),
        (
            t.0.clone(),
            t.1,
            t.2,
            if t.0.is_empty() {
                String::new()
            } else {
                reg(a.tax_reg[2])
            },
        ),
    ]
}

fn tax_type(a: &TiAttrs) -> TaxType {
    match a.tax_letter() {
        'N' => TaxType::Exempt,
        'Z' => TaxType::ZeroRated,
        _ => TaxType::Taxable,
    }
}

fn purpose(a: &TiAttrs) -> PurposeType {
    match a.purpose {
        0 => PurposeType::Receipt,
        1 => PurposeType::Claim,
        _ => PurposeType::Unspecified,
    }
}

fn original_nts(a: &TiAttrs) -> String {
    let org = a.write.add_days(-30);
    format!("{org}41000000{:08x}", (a.hash >> 32) & 0xffff_ffff)
}

/// The full document (GetTaxinvoice).
pub(crate) fn ti_document(corp: &str, side: Side, day: i64, idx: u32, a: &TiAttrs) -> HtTaxinvoice {
    let p = parties(corp, side, a);
    let item = ITEMS[(a.hash >> 56) as usize % ITEMS.len()];
    let mut t = HtTaxinvoice::default();
    t.write_date = a.write.to_string();
    t.issue_dt = format!(
        "{}{:02}{:02}00",
        a.issue,
        9 + (a.hash >> 8) % 9,
        (a.hash >> 16) % 60
    );
    t.invoice_type = Some(InvoiceType::from(a.kind));
    t.tax_type = Some(tax_type(a));
    t.tax_total = a.tax.to_string();
    t.supply_cost_total = a.supply.to_string();
    t.total_amount = (a.supply + a.tax).to_string();
    t.purpose_type = Some(purpose(a));
    t.nts_confirm_num = ti_nts(side, day, idx, a);
    t.modify_code = (a.modify > 0).then(|| ModifyCode::from(a.modify));
    t.org_nts_confirm_num = if a.modify > 0 {
        original_nts(a)
    } else {
        String::new()
    };
    t.invoicer_corp_num = p[0].0.clone();
    t.invoicer_tax_reg_id = p[0].3.clone();
    t.invoicer_corp_name = p[0].1.clone();
    t.invoicer_ceo_name = p[0].2.clone();
    t.invoicer_addr = "서울특별시 중구 세종대로 1".into();
    t.invoicer_biz_type = "도소매".into();
    t.invoicer_biz_class = "전자상거래".into();
    t.invoicer_email = format!("seller@{}.sandbox.invalid", p[0].0);
    t.invoicee_corp_num = p[1].0.clone();
    t.invoicee_type = Some(InvoiceeType::Business);
    t.invoicee_tax_reg_id = p[1].3.clone();
    t.invoicee_corp_name = p[1].1.clone();
    t.invoicee_ceo_name = p[1].2.clone();
    t.invoicee_addr = "서울특별시 강남구 테헤란로 2".into();
    t.invoicee_biz_type = "서비스".into();
    t.invoicee_biz_class = "소프트웨어".into();
    t.invoicee_email1 = format!("buyer@{}.sandbox.invalid", p[1].0);
    t.trustee_corp_num = p[2].0.clone();
    t.trustee_tax_reg_id = p[2].3.clone();
    t.trustee_corp_name = p[2].1.clone();
    t.trustee_ceo_name = p[2].2.clone();
    let mut line = HtTaxinvoiceDetail::default();
    line.serial_num = 1;
    line.purchase_dt = a.write.to_string();
    line.item_name = item.to_owned();
    line.spec = "EA".into();
    line.qty = "1".into();
    line.unit_cost = a.supply.to_string();
    line.supply_cost = a.supply.to_string();
    line.tax = a.tax.to_string();
    line.remark = String::new();
    t.detail_list.push(line);
    t
}

/// The search-list form of a full document (first line only).
pub(crate) fn abbr_of(t: &HtTaxinvoice, send_date: &str) -> HtTaxinvoiceAbbr {
    let first = t.detail_list.first().cloned().unwrap_or_default();
    let mut x = HtTaxinvoiceAbbr::default();
    x.nts_confirm_num = t.nts_confirm_num.clone();
    x.write_date = t.write_date.clone();
    x.issue_date = t.issue_dt.chars().take(8).collect();
    x.send_date = send_date.to_owned();
    x.tax_type = t.tax_type.clone();
    x.purpose_type = t.purpose_type.clone();
    x.supply_cost_total = t.supply_cost_total.clone();
    x.tax_total = t.tax_total.clone();
    x.total_amount = t.total_amount.clone();
    x.remark1 = t.remark1.clone();
    x.invoice_type = t.invoice_type.clone();
    x.modify_yn = t.modify_code.is_some();
    x.org_nts_confirm_num = t.org_nts_confirm_num.clone();
    x.purchase_date = first.purchase_dt;
    x.item_name = first.item_name;
    x.spec = first.spec;
    x.qty = first.qty;
    x.unit_cost = first.unit_cost;
    x.supply_cost = first.supply_cost;
    x.tax = first.tax;
    x.remark = first.remark;
    x.invoicer_corp_num = t.invoicer_corp_num.clone();
    x.invoicer_tax_reg_id = t.invoicer_tax_reg_id.clone();
    x.invoicer_corp_name = t.invoicer_corp_name.clone();
    x.invoicer_ceo_name = t.invoicer_ceo_name.clone();
    x.invoicer_email = t.invoicer_email.clone();
    x.invoicee_corp_num = t.invoicee_corp_num.clone();
    x.invoicee_type = t.invoicee_type.clone();
    x.invoicee_tax_reg_id = t.invoicee_tax_reg_id.clone();
    x.invoicee_corp_name = t.invoicee_corp_name.clone();
    x.invoicee_ceo_name = t.invoicee_ceo_name.clone();
    x.invoicee_email1 = t.invoicee_email1.clone();
    x.invoicee_email2 = t.invoicee_email2.clone();
    x.trustee_corp_num = t.trustee_corp_num.clone();
    x.trustee_tax_reg_id = t.trustee_tax_reg_id.clone();
    x.trustee_corp_name = t.trustee_corp_name.clone();
    x.trustee_ceo_name = t.trustee_ceo_name.clone();
    x.trustee_email = t.trustee_email.clone();
    x
}

/// Counterpart name and number of a ledger invoice (for `SearchString`).
pub(crate) fn counterpart(a: &TiAttrs) -> (&'static str, &'static str) {
    let (cn, name, _) = COUNTERPARTS[a.counterpart];
    (cn, name)
}

/// What filters and sorting need of a cash receipt.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CbAttrs {
    pub date: Date8,
    pub cancel: bool,
    /// True: 소득공제용 (P); false: 지출증빙용 (C).
    pub deduction: bool,
    pub supply: i64,
    pub tax: i64,
    pub fee: i64,
    pub counterpart: usize,
    pub hash: u64,
}

/// Attributes of cash receipt `idx` of `day`.
pub(crate) fn cb_attrs(seed: u64, day: i64, idx: u32) -> CbAttrs {
    let h = doc_hash(seed, day, idx);
    let cancel = h % 10 == 0;
    let mut supply = ((h >> 8) % 990 + 10) as i64 * 100;
    let mut fee = if (h >> 20) % 7 == 0 { 500 } else { 0 };
    if cancel {
        supply = -supply;
        fee = -fee;
    }
    CbAttrs {
        date: Date8::from_days_since_epoch(day),
        cancel,
        deduction: (h >> 16) % 5 < 3,
        supply,
        tax: supply / 10,
        fee,
        counterpart: ((h >> 40) % COUNTERPARTS.len() as u64) as usize,
        hash: h,
    }
}

/// The cash receipt `idx` of `day` as HomeTax lists it.
pub(crate) fn cb_document(corp: &str, side: Side, a: &CbAttrs) -> HtCashbill {
    let (cn, name, ceo) = COUNTERPARTS[a.counterpart];
    let (fcn, fname) = match side {
        Side::Buy => (cn.to_owned(), name.to_owned()),
        _ => (corp.to_owned(), corp_name(corp)),
    };
    let abs = |v: i64| v.abs().to_string();
    let mut c = HtCashbill::default();
    c.nts_confirm_num = format!("{:09}", a.hash % 1_000_000_000);
    c.trade_date = a.date.to_string();
    c.trade_dt = format!(
        "{}{:02}{:02}{:02}",
        a.date,
        8 + (a.hash >> 4) % 14,
        (a.hash >> 10) % 60,
        (a.hash >> 16) % 60
    );
    c.trade_type = Some(if a.cancel {
        TradeTypeName::Cancellation
    } else {
        TradeTypeName::Approval
    });
    c.trade_usage = Some(if a.deduction {
        TradeUsageName::IncomeDeduction
    } else {
        TradeUsageName::ExpenseProof
    });
    c.total_amount = abs(a.supply + a.tax + a.fee);
    c.supply_cost = abs(a.supply);
    c.tax = abs(a.tax);
    c.service_fee = abs(a.fee);
    c.invoice_type = Some(side.name());
    c.franchise_corp_num = fcn;
    c.franchise_corp_name = fname;
    c.franchise_corp_type = "1".into();
    c.identity_num = if a.deduction {
        format!("010****{:04}", a.hash % 10_000)
    } else {
        cn.to_owned()
    };
    c.identity_num_type = if a.deduction { "1".into() } else { "2".into() };
    c.customer_name = if a.deduction {
        ceo.to_owned()
    } else {
        name.to_owned()
    };
    c.card_owner_name = String::new();
    c.deduction_type = if a.deduction { "1".into() } else { "2".into() };
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ledger_is_reproducible_and_covers_every_kind() {
        let s = seed("1234567890", HtKind::Taxinvoice, Side::Sell);
        assert_eq!(s, seed("1234567890", HtKind::Taxinvoice, Side::Sell));
        assert_ne!(s, seed("1234567890", HtKind::Taxinvoice, Side::Buy));
        let mut kinds = std::collections::BTreeSet::new();
        let start = Date8::parse("20250101")
            .map(Date8::days_since_epoch)
            .unwrap_or(0);
        for day in start..start + 200 {
            for idx in 0..count_on(s, day, 5) {
                let a = ti_attrs(s, Side::Sell, day, idx);
                kinds.insert(a.kind);
                let b = ti_attrs(s, Side::Sell, day, idx);
                assert_eq!((a.hash, a.supply), (b.hash, b.supply));
                if a.tax_letter() != 'T' {
                    assert_eq!(a.tax, 0);
                }
                if matches!(a.modify, 3 | 4) {
                    assert!(a.supply < 0);
                }
                let nts = ti_nts(Side::Sell, day, idx, &a);
                assert_eq!(nts.len(), 24);
                let back = decode_nts("1234567890", &nts).map(|x| (x.1, x.2));
                assert_eq!(back, Some((day, idx)));
            }
        }
        assert_eq!(kinds.len(), 16, "{kinds:?}");
        assert!(
            decode_nts(
                "9999999999",
                &ti_nts(Side::Sell, start, 0, &ti_attrs(s, Side::Sell, start, 0))
            )
            .is_none()
        );
    }

    #[test]
    fn trustee_side_holds_only_consigned_invoices_and_cash_receipts_vary() {
        let s = seed("1234567890", HtKind::Taxinvoice, Side::Trustee);
        for idx in 0..200 {
            let a = ti_attrs(s, Side::Trustee, 20_000, idx);
            assert!(matches!(a.kind % 100, 3 | 5), "{}", a.kind);
        }
        let c = seed("1234567890", HtKind::Cashbill, Side::Buy);
        let all: Vec<CbAttrs> = (0..500).map(|i| cb_attrs(c, 20_000, i)).collect();
        assert!(all.iter().any(|a| a.cancel) && all.iter().any(|a| !a.cancel));
        assert!(all.iter().any(|a| a.deduction) && all.iter().any(|a| !a.deduction));
        let doc = cb_document("1234567890", Side::Buy, &all[0]);
        assert_eq!(doc.nts_confirm_num.len(), 9);
    }
}
