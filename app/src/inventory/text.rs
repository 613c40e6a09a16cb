//! Text of the inventory area in zh-CN and en.

use super::{InventoryError, MovementKind};
use crate::i18n::Lang;

texts! {
    inventory_title = "库存" | "Stock";
    product = "商品" | "Product";
    category = "类目" | "Category";
    size = "尺码" | "Size";
    color = "颜色" | "Colour";
    price = "售价" | "Price";
    on_hand = "现有库存" | "On hand";
    available = "可用库存" | "Available";
    low_stock = "库存不足" | "Low stock";
    low_only = "只看库存不足" | "Low stock only";
    inbound = "入库" | "Receive";
    inbound_done = "入库成功" | "Received";
    note = "备注" | "Note";
    movements = "出入库记录" | "Stock movements";
    new_product = "新增商品" | "New product";
    product_created = "商品已添加" | "Product added";
    cost_price = "成本价" | "Cost";
    low_stock_level = "库存预警数量" | "Alert below";
    colors_hint = "颜色（用逗号分隔，可不填）" | "Colours (comma-separated, optional)";
    sizes_hint = "尺码（用逗号分隔，可不填）" | "Sizes (comma-separated, optional)";
    search_placeholder = "商品名称或编码" | "Product name or code";
    no_skus = "没有符合条件的商品" | "No items match";
    sku = "商品规格" | "Item";
    quantity = "数量" | "Qty";
    order = "订单" | "Order";
}

pub fn movement_label(k: MovementKind, lang: Lang) -> &'static str {
    match (k, lang) {
        (MovementKind::Inbound, Lang::Zh) => "入库",
        (MovementKind::Shipment, Lang::Zh) => "发货出库",
        (MovementKind::Transfer, Lang::Zh) => "调拨",
        (MovementKind::Adjustment, Lang::Zh) => "盘点调整",
        (MovementKind::Return, Lang::Zh) => "退货入库",
        (MovementKind::Inbound, Lang::En) => "Received",
        (MovementKind::Shipment, Lang::En) => "Shipped",
        (MovementKind::Transfer, Lang::En) => "Transfer",
        (MovementKind::Adjustment, Lang::En) => "Adjustment",
        (MovementKind::Return, Lang::En) => "Return",
    }
}

pub fn error_text(e: &InventoryError, lang: Lang) -> String {
    match e {
        InventoryError::TooManyVariants { max } => lang.pick(format!("规格组合最多 {max} 个"), format!("At most {max} variants")),
        InventoryError::UnknownSku => lang.pick("请选择商品规格", "Choose an item"),
    }
}
