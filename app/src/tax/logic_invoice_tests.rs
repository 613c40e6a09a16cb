//! Tests for invoice drafts and the order rule. Figures are worked out by hand in comments.
//! The 税收分类编码 below only have the right shape (19 digits, 1 = goods, 3 = services);
//! they are not looked up in the code table.

use super::*;
use crate::i18n::Lang;
use crate::tax::logic_split::SplitError;
use crate::tax::logic_uscc::UsccError;
use rust_decimal::Decimal;
use std::str::FromStr;

pub(crate) const GOODS_CODE: &str = "1030201000000000000";
const SERVICE_CODE: &str = "3040201000000000000";

pub(crate) fn small_seller() -> Seller {
    Seller { name: "福州掌柜商贸有限公司".into(), tax_id: "91350100M000100Y43".into(), taxpayer: TaxpayerType::SmallScale }
}

pub(crate) fn general_seller() -> Seller {
    Seller { name: "深圳掌柜供应链有限公司".into(), tax_id: "91440300MA5FAB127H".into(), taxpayer: TaxpayerType::General }
}

pub(crate) fn company_buyer() -> Buyer {
    Buyer {
        name: "北京某某科技有限公司".into(),
        tax_id: "91110108123456788e".into(),
        address_phone: "北京市海淀区中关村大街1号 010-12345678".into(),
        bank_account: "招商银行北京分行 110912345678901".into(),
        natural_person: false,
    }
}

pub(crate) fn line(name: &str, fen: i64, qty: &str, rate: TaxRate) -> DraftLine {
    DraftLine {
        line: LineInput {
            name: name.into(),
            tax_short_name: "焙烤食品".into(),
            spec: "500g".into(),
            unit: "盒".into(),
            qty: Some(Decimal::from_str(qty).unwrap()),
            price: PriceInput::Gross { fen },
            rate,
        },
        tax_code: GOODS_CODE.into(),
        simplified: false,
    }
}

fn draft(kind: InvoiceKind, seller: Seller, buyer: Buyer, lines: Vec<DraftLine>) -> InvoiceDraft {
    InvoiceDraft { kind, seller, buyer, lines }
}

#[test]
fn small_scale_ordinary_invoice() {
    // 3 × 33.33 at 1%: 33.33 / 101 = 0.33 exactly per line, 99.99 / 101 = 0.99 for the group.
    let lines = (0..3).map(|_| line("蛋糕", 3333, "1", TaxRate::R1)).collect();
    let buyer = Buyer { name: "张三".into(), natural_person: true, ..Buyer::default() };
    let inv = validate_draft(&draft(InvoiceKind::Ordinary, small_seller(), buyer, lines)).unwrap();
    assert_eq!((inv.amount_fen, inv.tax_fen, inv.gross_fen), (9900, 99, 9999));
    assert_eq!(inv.gross_capitals, "玖拾玖元玖角玖分");
    assert_eq!(inv.lines[0].line.item_name, "*焙烤食品*蛋糕");
    assert!(inv.lines[0].simplified, "small-scale lines are simplified-method");
    assert_eq!(inv.red_of, None);
}

#[test]
fn general_special_invoice_with_a_simplified_item() {
    // 1,130.00 at 13% → tax 130.00, 金额 1,000.00; 103.00 at 3% (simplified) → 3.00 / 100.00.
    // 合计 1,100.00 + 133.00 = 1,233.00 → 壹仟贰佰叁拾叁元整.
    let mut simple = line("技术服务", 10300, "1", TaxRate::R3);
    simple.simplified = true;
    simple.tax_code = SERVICE_CODE.into();
    let lines = vec![line("礼盒", 113000, "10", TaxRate::R13), simple];
    let inv = validate_draft(&draft(InvoiceKind::Special, general_seller(), company_buyer(), lines)).unwrap();
    assert_eq!((inv.amount_fen, inv.tax_fen, inv.gross_fen), (110000, 13300, 123300));
    assert_eq!(inv.gross_capitals, "壹仟贰佰叁拾叁元整");
    assert_eq!(inv.buyer.tax_id, "91110108123456788E");
    assert_eq!(inv.lines[0].line.unit_price_excl, Some(Decimal::from(100)));
    assert_eq!(inv.by_rate.len(), 2);
    assert!(inv.buyer_warnings.is_empty());
}

#[test]
fn special_invoice_requirements() {
    let buyer = Buyer { name: "北京某某科技有限公司".into(), ..Buyer::default() };
    let lines = vec![line("鲜鸡蛋", 1000, "1", TaxRate::Exempt), line("出口饼干", 1000, "1", TaxRate::Zero)];
    assert_eq!(
        validate_draft(&draft(InvoiceKind::Special, general_seller(), buyer, lines)),
        Err(vec![
            InvoiceError::BuyerTaxIdMissing,
            InvoiceError::BuyerAddressPhoneMissing,
            InvoiceError::BuyerBankAccountMissing,
            InvoiceError::ExemptOnSpecial { line: 1 },
            InvoiceError::ZeroRateOnSpecial { line: 2 },
        ])
    );
    let person = Buyer { natural_person: true, ..company_buyer() };
    let lines = vec![line("蛋糕", 1000, "1", TaxRate::R13)];
    assert_eq!(
        validate_draft(&draft(InvoiceKind::Special, general_seller(), person, lines)),
        Err(vec![InvoiceError::NaturalPersonOnSpecial, InvoiceError::BuyerTaxId { error: UsccError::ResidentIdBirthDate { date: "08123456".into() } }])
    );
}

#[test]
fn wrong_ids_are_reported_with_their_reason() {
    let buyer = Buyer { tax_id: "91350100M000100Y44".into(), ..company_buyer() };
    let seller = Seller { name: " ".into(), tax_id: "9135".into(), ..small_seller() };
    let lines = vec![line("蛋糕", 1000, "1", TaxRate::R1)];
    assert_eq!(
        validate_draft(&draft(InvoiceKind::Ordinary, seller, buyer, lines)),
        Err(vec![
            InvoiceError::SellerNameMissing,
            InvoiceError::SellerTaxId { error: UsccError::WrongLength { len: 4 } },
            InvoiceError::BuyerTaxId { error: UsccError::CheckChar { expected: '3', found: '4' } },
        ])
    );
}

#[test]
fn legacy_buyer_id_is_accepted_with_a_warning() {
    let buyer = Buyer { tax_id: "350100M000100Y4".into(), ..company_buyer() };
    let lines = vec![line("蛋糕", 1000, "1", TaxRate::R1)];
    let inv = validate_draft(&draft(InvoiceKind::Ordinary, small_seller(), buyer, lines)).unwrap();
    assert_eq!(inv.buyer_warnings, vec![crate::tax::logic_uscc::TaxIdWarning::Legacy { len: 15 }]);
    // A natural person on 普票 may give a resident id number.
    let person = Buyer { name: "张三".into(), tax_id: "11010519491231002x".into(), natural_person: true, ..Buyer::default() };
    let inv = validate_draft(&draft(InvoiceKind::Ordinary, small_seller(), person, vec![line("蛋糕", 1000, "1", TaxRate::R1)])).unwrap();
    assert_eq!(inv.buyer.tax_id, "11010519491231002X");
}

#[test]
fn tax_codes_are_required_and_19_digits() {
    let mut a = line("蛋糕", 1000, "1", TaxRate::R1);
    a.tax_code = " ".into();
    let mut b = line("蛋糕", 1000, "1", TaxRate::R1);
    b.tax_code = "12345".into();
    let mut c = line("蛋糕", 1000, "1", TaxRate::R1);
    c.tax_code = "0030201000000000000".into();
    assert_eq!(
        validate_draft(&draft(InvoiceKind::Ordinary, small_seller(), company_buyer(), vec![a, b, c])),
        Err(vec![
            InvoiceError::TaxCodeMissing { line: 1 },
            InvoiceError::TaxCodeInvalid { line: 2, code: "12345".into() },
            InvoiceError::TaxCodeInvalid { line: 3, code: "0030201000000000000".into() },
        ])
    );
    assert!(is_tax_code(GOODS_CODE));
}

#[test]
fn rates_by_taxpayer_type() {
    let small = vec![line("a", 1000, "1", TaxRate::R13), line("b", 1000, "1", TaxRate::Zero), line("c", 1000, "1", TaxRate::R5)];
    assert_eq!(
        validate_draft(&draft(InvoiceKind::Ordinary, small_seller(), company_buyer(), small)),
        Err(vec![
            InvoiceError::RateNotAllowed { line: 1, rate: TaxRate::R13, taxpayer: TaxpayerType::SmallScale },
            InvoiceError::RateNotAllowed { line: 2, rate: TaxRate::Zero, taxpayer: TaxpayerType::SmallScale },
        ])
    );
    let mut simplified13 = line("d", 1000, "1", TaxRate::R13);
    simplified13.simplified = true;
    let general = vec![line("a", 1000, "1", TaxRate::R1), line("b", 1000, "1", TaxRate::R3), simplified13, line("e", 1000, "1", TaxRate::Exempt)];
    assert_eq!(
        validate_draft(&draft(InvoiceKind::Ordinary, general_seller(), company_buyer(), general)),
        Err(vec![
            InvoiceError::RateNotAllowed { line: 1, rate: TaxRate::R1, taxpayer: TaxpayerType::General },
            InvoiceError::SimplifiedRateMismatch { line: 2, rate: TaxRate::R3, simplified: false },
            InvoiceError::SimplifiedRateMismatch { line: 3, rate: TaxRate::R13, simplified: true },
        ])
    );
    assert_eq!(allowed_rates(TaxpayerType::General, true), &[TaxRate::R3, TaxRate::R5]);
}

#[test]
fn blue_lines_must_be_positive_and_split_errors_pass_through() {
    let lines = vec![line("a", -1000, "-1", TaxRate::R1), line("b", 1000, "1", TaxRate::R1)];
    assert_eq!(
        validate_draft(&draft(InvoiceKind::Ordinary, small_seller(), company_buyer(), lines)),
        Err(vec![InvoiceError::LineNotPositive { line: 1 }])
    );
    let mut no_qty = line("a", 0, "1", TaxRate::R1);
    no_qty.line.qty = None;
    no_qty.line.price = PriceInput::UnitPriceInclTax { price: Decimal::from(5) };
    assert_eq!(
        validate_draft(&draft(InvoiceKind::Ordinary, small_seller(), company_buyer(), vec![no_qty])),
        Err(vec![InvoiceError::Line { error: SplitError::QtyRequired { line: 1 } }])
    );
    let many = (0..=MAX_LINES).map(|_| line("a", 100, "1", TaxRate::R1)).collect();
    let errs = validate_draft(&draft(InvoiceKind::Ordinary, small_seller(), company_buyer(), many)).unwrap_err();
    assert_eq!(errs, vec![InvoiceError::TooManyLines { max: 2000 }]);
}

#[test]
fn order_cannot_be_invoiced_beyond_its_amount() {
    // Order 1,000.00; invoiced 500.00 then reversed 200.00 → 300.00 invoiced, 700.00 left.
    let invoiced = 50000 - 20000;
    assert_eq!(remaining_invoiceable(100000, invoiced), Ok(70000));
    assert_eq!(check_within_order(100000, invoiced, 70000), Ok(0));
    let e = check_within_order(100000, invoiced, 70001).unwrap_err();
    assert_eq!(e, InvoiceError::ExceedsOrder { order_fen: 100000, invoiced_fen: 30000, requested_fen: 70001, remaining_fen: 70000 });
    assert_eq!(e.message(Lang::Zh), "超过订单可开票金额：订单 1,000.00，已开 300.00，本次 700.01，最多还可开 700.00");
    assert_eq!(e.code(), "invoice_exceeds_order");
    assert_eq!(remaining_invoiceable(100000, 100001), Err(InvoiceError::OrderOverInvoiced { order_fen: 100000, invoiced_fen: 100001 }));
    assert_eq!(remaining_invoiceable(-1, 0), Err(InvoiceError::OrderAmountNegative { order_fen: -1 }));
}

#[test]
fn messages() {
    let e = InvoiceError::RateNotAllowed { line: 2, rate: TaxRate::R13, taxpayer: TaxpayerType::SmallScale };
    assert_eq!(e.message(Lang::Zh), "第 2 行：小规模纳税人不能按 13% 开票");
    assert_eq!(e.message(Lang::En), "Line 2: a small-scale taxpayer cannot invoice at 13%");
    let e = InvoiceError::BuyerTaxId { error: UsccError::WrongLength { len: 4 } };
    assert_eq!(e.message(Lang::Zh), "购买方纳税人识别号有误：纳税人识别号应为 18 位统一社会信用代码（旧税号为 15、17 或 20 位），现为 4 位");
    assert_eq!(InvoiceError::Line { error: SplitError::NoLines }.code(), "split_no_lines");
    assert_eq!(InvoiceKind::Special.label(Lang::Zh), "电子发票（增值税专用发票）");
}
