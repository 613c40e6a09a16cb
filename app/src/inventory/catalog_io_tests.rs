//! Unit tests of product sheets: reading cells and planning imports, worked by hand.

use super::*;
use crate::imports::tabular::locate_table;

fn table(lines: &[&[&str]]) -> Table {
    let rows = lines.iter().enumerate().map(|(i, cells)| RawRow { line: i as u32 + 1, cells: cells.iter().map(|c| c.to_string()).collect() }).collect();
    locate_table(rows, &header_spec()).unwrap()
}

const HEAD: &[&str] = &["商品名称", "分类", "SKU编码", "颜色", "尺码", "售价", "成本价", "条码", "重量(克)", "预警库存", "供应商", "图片"];

fn known() -> Known {
    Known {
        products: vec![KnownProduct { id: 7, name: "纯棉T恤".into(), category: "服装".into(), supplier_id: None, image: String::new() }],
        skus: vec![
            KnownSku {
                id: 70,
                product_id: 7,
                code: "P07-0101".into(),
                color: "白".into(),
                size: "M".into(),
                price: Money::from_fen(8900),
                cost: Money::from_fen(3000),
                barcode: Some("6901234567892".into()),
                weight_g: 200,
                low_stock_qty: 10,
            },
            KnownSku {
                id: 71,
                product_id: 7,
                code: "P07-0102".into(),
                color: "白".into(),
                size: "L".into(),
                price: Money::from_fen(8900),
                cost: Money::from_fen(3000),
                barcode: None,
                weight_g: 220,
                low_stock_qty: 10,
            },
        ],
        suppliers: vec![(3, "义乌织造".into())],
    }
}

fn read(lines: &[&[&str]]) -> (Vec<SheetRow>, Vec<RowError>) {
    read_sheet(&table(lines))
}

#[test]
fn reads_cells_and_reports_every_bad_one() {
    let (rows, errors) = read(&[
        HEAD,
        &["纯棉T恤", "服装", "P07-0101", "白", "M", "¥89.00", "30", "6901234567892", "200", "10", "", ""],
        &["", "服装", "", "", "", "abc", "-1", "12", "1.5", "x", "", "ftp://a"],
    ]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].price, Money::from_fen(8900));
    assert_eq!(rows[0].cost, Some(Money::from_fen(3000)));
    assert_eq!(rows[0].barcode.as_deref(), Some("6901234567892"));
    assert_eq!((rows[0].weight_g, rows[0].low_stock_qty), (Some(200), Some(10)));
    let got: Vec<(u32, &str, &str)> = errors.iter().map(|e| (e.row, e.field.as_str(), e.code())).collect();
    assert_eq!(
        got,
        vec![
            (3, "商品名称", "missing_value"),
            (3, "售价", "bad_amount"),
            (3, "成本价", "out_of_range"),
            (3, "条码", "bad_format"),
            (3, "重量(克)", "bad_qty"),
            (3, "预警库存", "bad_qty"),
            (3, "图片", "bad_format"),
        ]
    );
}

#[test]
fn english_headings_and_missing_price_column() {
    let (rows, errors) = read(&[&["Product", "Category", "Price"], &["Socks", "Clothes", "9.9"]]);
    assert!(errors.is_empty());
    assert_eq!((rows[0].name.as_str(), rows[0].price), ("Socks", Money::from_fen(990)));
    let rows = vec![RawRow { line: 1, cells: vec!["商品名称".into(), "分类".into()] }];
    assert_eq!(locate_table(rows, &header_spec()).unwrap_err().code(), "header_not_found");
}

#[test]
fn the_export_imported_again_changes_nothing() {
    let (rows, errors) = read(&[
        HEAD,
        &["纯棉T恤", "服装", "P07-0101", "白", "M", "89", "30", "6901234567892", "200", "10", "", ""],
        &["纯棉T恤", "服装", "P07-0102", "白", "L", "89.00", "30.00", "", "220", "10", "", ""],
    ]);
    let p = plan(&rows, &known(), errors);
    assert!(p.errors.is_empty());
    assert!(p.is_noop());
    assert_eq!(p.count(RowAction::Unchanged), 2);
}

#[test]
fn updates_adds_variants_and_new_products() {
    let (rows, errors) = read(&[
        HEAD,
        // Price change by code; empty cost keeps ¥30.
        &["纯棉T恤", "", "P07-0101", "白", "M", "79", "", "", "", "", "", ""],
        // No code: found by name + colour + size, nothing differs.
        &["纯棉T恤", "", "", "白", "L", "89", "", "", "", "", "", ""],
        // A new colour of the T-shirt, with the supplier: the product changes too.
        &["纯棉T恤", "", "", "黑", "M", "89", "31", "", "", "", "义乌织造", ""],
        // A new product of two SKUs.
        &["蛋黄酥", "糕点", "DHS-6", "", "6枚装", "39.9", "18", "", "360", "", "", ""],
        &["蛋黄酥", "", "", "", "12枚装", "69.9", "", "", "", "", "", ""],
    ]);
    let p = plan(&rows, &known(), errors);
    assert_eq!(p.errors, vec![]);
    let actions: Vec<RowAction> = p.rows.iter().map(|r| r.action).collect();
    use RowAction::*;
    assert_eq!(actions, vec![Update, Unchanged, NewSku, NewProduct, NewSku]);
    // Row 4 gives the T-shirt a supplier.
    assert_eq!(p.product_updates, vec![(7, ProductFields { category: "服装".into(), supplier_id: Some(3), image: String::new() })]);
    assert_eq!(p.sku_updates.len(), 1);
    let (id, v) = &p.sku_updates[0];
    assert_eq!((*id, v.price, v.cost, v.barcode.as_deref(), v.low_stock_qty), (70, Money::from_fen(7900), Money::from_fen(3000), Some("6901234567892"), Some(10)));
    assert_eq!(p.new_skus.len(), 1);
    assert_eq!((p.new_skus[0].0, p.new_skus[0].1.values.color.as_str(), p.new_skus[0].1.values.cost), (7, "黑", Money::from_fen(3100)));
    assert_eq!(p.new_products.len(), 1);
    let np = &p.new_products[0];
    assert_eq!((np.name.as_str(), np.category.as_str(), np.skus.len()), ("蛋黄酥", "糕点", 2));
    assert_eq!(np.skus[0].code.as_deref(), Some("DHS-6"));
    assert_eq!((np.skus[1].code.as_deref(), np.skus[1].values.price, np.skus[1].values.cost, np.skus[1].values.low_stock_qty), (None, Money::from_fen(6990), Money::ZERO, None));
}

#[test]
fn conflicts_are_row_errors() {
    let (rows, errors) = read(&[
        HEAD,
        // The code belongs to 纯棉T恤.
        &["卫衣", "服装", "P07-0101", "", "", "99", "", "", "", "", "", ""],
        // A barcode another SKU carries.
        &["纯棉T恤", "", "P07-0102", "白", "L", "89", "", "6901234567892", "", "", "", ""],
        // Same variant twice, and an unknown supplier; a new product without category.
        &["袜子", "", "", "", "", "9", "", "", "", "", "某厂", ""],
        &["袜子", "服饰", "", "", "", "9", "", "", "", "", "", ""],
        // A new code for a variant that already has one.
        &["纯棉T恤", "", "NEW-1", "白", "M", "89", "", "", "", "", "", ""],
    ]);
    let p = plan(&rows, &known(), errors);
    let got: Vec<(u32, &str, RowReason)> = p.errors.iter().map(|e| (e.row, e.field.as_str(), e.reason.clone())).collect();
    assert_eq!(
        got,
        vec![
            (2, "商品名称", RowReason::WrongProduct { value: "纯棉T恤".into() }),
            (3, "条码", RowReason::Taken { value: "P07-0101".into() }),
            (4, "供应商", RowReason::UnknownSupplier { value: "某厂".into() }),
            (4, "分类", RowReason::Missing),
            (5, "商品名称", RowReason::Duplicate { value: "袜子".into(), first_row: 4 }),
            (6, "SKU编码", RowReason::Taken { value: "P07-0101".into() }),
        ]
    );
    assert_eq!(p.count(RowAction::Invalid), 5);
}

#[test]
fn rows_of_one_product_must_agree() {
    let (rows, errors) = read(&[
        HEAD,
        &["蛋黄酥", "糕点", "", "", "6枚装", "39.9", "", "", "", "", "", ""],
        &["蛋黄酥", "零食", "", "", "12枚装", "69.9", "", "", "", "", "", ""],
    ]);
    let p = plan(&rows, &Known::default(), errors);
    assert_eq!(p.errors, vec![RowError::new(3, "分类", RowReason::Inconsistent { value: "零食".into(), first_row: 2 })]);
}

#[test]
fn made_up_codes_follow_the_grid_and_skip_taken_ones() {
    let taken = |c: &str| c == "P07-0201" || c == "P07-0201-2";
    assert_eq!(made_up_code(7, 1, 3, &taken), "P07-0103");
    assert_eq!(made_up_code(7, 2, 1, &taken), "P07-0201-3");
    assert_eq!(made_up_code(123, 1, 1, &|_| false), "P123-0101");
    let mut colors = vec!["白".to_string()];
    assert_eq!((position_in(&mut colors, "白"), position_in(&mut colors, "黑")), (1, 2));
}
