//! Titles of the return lines the summaries fill, as printed on the 2021 forms
//! 《增值税及附加税费申报表（小规模纳税人适用）》 and 《…（一般纳税人适用）》, with English glosses.

use crate::i18n::Lang;

const SMALL: [(&str, &str); 25] = [
    ("（一）应征增值税不含税销售额（3%征收率）", "(1) Taxable sales excl. VAT, 3% levy rate"),
    ("增值税专用发票不含税销售额", "  of which on special VAT invoices"),
    ("其他增值税发票不含税销售额", "  of which on other VAT invoices"),
    ("（二）应征增值税不含税销售额（5%征收率）", "(2) Taxable sales excl. VAT, 5% levy rate"),
    ("增值税专用发票不含税销售额", "  of which on special VAT invoices"),
    ("其他增值税发票不含税销售额", "  of which on other VAT invoices"),
    ("（三）销售使用过的固定资产不含税销售额", "(3) Sales of used fixed assets excl. VAT"),
    ("其中：其他增值税发票不含税销售额", "  of which on other VAT invoices"),
    ("（四）免税销售额", "(4) Exempt sales"),
    ("其中：小微企业免税销售额", "  of which small-business exemption"),
    ("未达起征点销售额", "  of which below the threshold (individual business)"),
    ("其他免税销售额", "  other exempt sales"),
    ("（五）出口免税销售额", "(5) Exempt export sales"),
    ("其中：其他增值税发票不含税销售额", "  of which on other VAT invoices"),
    ("本期应纳税额", "VAT due"),
    ("本期应纳税额减征额", "Reduction of VAT due"),
    ("本期免税额", "VAT exempted"),
    ("其中：小微企业免税额", "  of which small-business exemption"),
    ("未达起征点免税额", "  of which below the threshold"),
    ("应纳税额合计", "Total VAT payable"),
    ("本期预缴税额", "VAT prepaid"),
    ("本期应补（退）税额", "VAT to pay (refund)"),
    ("城市维护建设税本期应补（退）税额", "Urban maintenance and construction tax to pay"),
    ("教育费附加本期应补（退）费额", "Education surcharge to pay"),
    ("地方教育附加本期应补（退）费额", "Local education surcharge to pay"),
];

const GENERAL: [(u8, &str, &str); 28] = [
    (1, "（一）按适用税率计税销售额", "(1) Sales taxed at VAT rates"),
    (2, "其中：应税货物销售额", "  of which goods"),
    (3, "应税劳务销售额", "  of which processing and repair labour"),
    (4, "纳税检查调整的销售额", "  adjusted by tax inspection"),
    (5, "（二）按简易办法计税销售额", "(2) Sales under the simplified method"),
    (6, "其中：纳税检查调整的销售额", "  adjusted by tax inspection"),
    (7, "（三）免、抵、退办法出口销售额", "(3) Export sales under exempt-credit-refund"),
    (8, "（四）免税销售额", "(4) Exempt sales"),
    (9, "其中：免税货物销售额", "  of which goods"),
    (10, "免税劳务销售额", "  of which labour"),
    (11, "销项税额", "Output VAT"),
    (12, "进项税额", "Input VAT"),
    (13, "上期留抵税额", "Credit brought forward"),
    (14, "进项税额转出", "Input VAT transferred out"),
    (15, "免、抵、退应退税额", "Export refund due"),
    (16, "按适用税率计算的纳税检查应补缴税额", "Tax inspection VAT due at VAT rates"),
    (17, "应抵扣税额合计", "Total deductible"),
    (18, "实际抵扣税额", "Actually deducted"),
    (19, "应纳税额", "VAT due (general method)"),
    (20, "期末留抵税额", "Credit carried forward"),
    (21, "简易计税办法计算的应纳税额", "VAT due (simplified method)"),
    (22, "按简易计税办法计算的纳税检查应补缴税额", "Tax inspection VAT due (simplified)"),
    (23, "应纳税额减征额", "Reduction of VAT due"),
    (24, "应纳税额合计", "Total VAT payable"),
    (34, "本期应补（退）税额", "VAT to pay (refund)"),
    (39, "城市维护建设税本期应补（退）税额", "Urban maintenance and construction tax to pay"),
    (40, "教育费附加本期应补（退）费额", "Education surcharge to pay"),
    (41, "地方教育附加本期应补（退）费额", "Local education surcharge to pay"),
];

/// Title of line `no` (1–25) of the small-scale table.
pub fn small_line_title(no: u8, lang: Lang) -> Option<&'static str> {
    let (zh, en) = SMALL.get(usize::from(no).checked_sub(1)?)?;
    Some(if lang == Lang::Zh { zh } else { en })
}

/// Title of line `no` of the general taxpayer's main table (only the lines we fill).
pub fn general_line_title(no: u8, lang: Lang) -> Option<&'static str> {
    let (_, zh, en) = GENERAL.iter().find(|(n, _, _)| *n == no)?;
    Some(if lang == Lang::Zh { zh } else { en })
}
