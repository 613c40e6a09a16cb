//! Text of the inventory area in zh-CN and en.

use super::{InventoryError, MovementKind, PurchaseStatus, RowAction};
use crate::i18n::Lang;

texts! {
    inventory_title = "库存" | "Stock";
    tab_sheets = "商品导入导出" | "Import / export";
    sheet_export_title = "导出商品资料" | "Export the catalog";
    sheet_export_hint = "每个规格（SKU）一行：商品名称、分类、SKU编码、颜色、尺码、售价、成本价、条码、重量、预警库存、供应商、图片。改好后可直接导入。" | "One row per SKU: product, category, SKU code, colour, size, price, cost, barcode, weight, alert level, supplier, image. Edit it and import it back.";
    export_all_products = "导出全部商品（Excel）" | "Export all products (.xlsx)";
    sheet_import_title = "导入商品资料" | "Import products";
    sheet_import_hint = "支持 Excel（.xlsx/.xls）和 CSV。必须有「商品名称」和「售价」列；有 SKU编码 的行更新该规格，没有编码的行按 商品名称+颜色+尺码 匹配，找不到就新增。空白的格子表示不修改。库存数量不在这里导入，请用入库或盘点。先检查，确认无误后再导入；有任何错误时不会导入任何内容。" | "Excel (.xlsx/.xls) or CSV. It needs the columns 商品名称 (product) and 售价 (price); a row with a SKU code updates that SKU, a row without one is matched by product + colour + size, or added. An empty cell changes nothing. Stock quantities are not imported: receive stock or take stock instead. Check first; nothing is imported while any row has a problem.";
    choose_sheet = "选择表格文件" | "Choose a sheet";
    check_sheet = "检查表格" | "Check the sheet";
    import_sheet = "确认导入" | "Import";
    sheet_imported = "导入完成" | "Imported";
    new_products = "新商品" | "New products";
    new_skus = "新规格" | "New SKUs";
    updated_skus = "更新" | "Updated";
    unchanged_skus = "无变化" | "Unchanged";
    sheet_problems = "需要改正" | "To fix";
    row_no = "行号" | "Row";
    made_up_code = "（自动生成）" | "(made up)";
    sheet_noop = "表格与现有商品资料一致，无需导入。" | "The sheet matches the catalog; there is nothing to import.";
    sheet_blocked = "请改正以上错误后重新选择文件并检查；有错误时不会导入任何内容。" | "Fix the problems above, then choose the file again; nothing is imported while there are problems.";
    sheet_more_rows = "只列出前 500 行变化" | "Only the first 500 changed rows are listed";
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
    code = "编码" | "Code";
    barcode = "条码" | "Barcode";
    reserved = "已预留" | "Reserved";
    avg_cost = "平均成本" | "Average cost";
    stock_value = "库存金额" | "Stock value";
    time = "时间" | "Time";
    warehouse = "仓库" | "Warehouse";
    ships_from = "发货仓" | "Ships from";
    change_warehouse = "改仓" | "Change warehouse";
    warehouse_changed = "已改为从该仓发货" | "It now ships from that warehouse";
    kind = "类型" | "Kind";
    unit_cost = "单位成本" | "Unit cost";
    document = "单据" | "Document";
    operator = "操作人" | "By";
    tab_stock = "库存" | "Stock";
    tab_ledger = "出入库记录" | "Ledger";
    tab_alerts = "预警与滞销" | "Alerts";
    tab_suggestions = "采购建议" | "Suggestions";
    tab_purchases = "采购单" | "Purchases";
    tab_transfers = "调拨" | "Transfers";
    tab_stocktakes = "盘点" | "Stocktakes";
    tab_settings = "仓库与类目" | "Warehouses";
    all_warehouses = "全部仓库" | "All warehouses";
    all_categories = "全部类目" | "All categories";
    all_kinds = "全部类型" | "All kinds";
    export_xlsx = "导出 Excel" | "Export .xlsx";
    pick_sku = "搜索商品名称、编码或扫条码" | "Search name, code or scan a barcode";
    pick_sku_hint = "请先选择商品" | "Choose an item first";
    remove_line = "删除此行" | "Remove line";
    unit_cost_hint = "不填则按当前平均成本" | "Empty: current average";
    skus_unit = "个规格" | "SKUs";
    category_default = "默认按类目" | "Category default";
    barcode_single = "条码（单规格商品）" | "Barcode (single-SKU product)";
    weight_g = "重量（克）" | "Weight (g)";
    sku_code_or_barcode = "商品编码或条码" | "SKU code or barcode";
    from_day = "从" | "From";
    to_day = "到" | "To";
    status = "状态" | "Status";
    amount = "金额" | "Amount";
    supplier = "供应商" | "Supplier";
    suppliers = "供应商" | "Suppliers";
    supplier_name = "供应商名称" | "Supplier name";
    contact = "联系方式" | "Contact";
    lead_time = "到货天数" | "Lead time (days)";
    add_supplier = "添加供应商" | "Add supplier";
    no_supplier = "未指定供应商" | "No supplier";
    expected = "预计到货" | "Expected";
    created = "创建时间" | "Created";
    open_purchases = "未完成" | "Open";
    all_purchases = "全部" | "All";
    no_purchases = "还没有采购单" | "No purchase orders yet";
    new_purchase = "新建采购单" | "New purchase order";
    create_purchase = "创建采购单" | "Create purchase order";
    purchase_created = "采购单已创建" | "Purchase order created";
    purchase_order = "采购单" | "Purchase order";
    ordered = "采购数量" | "Ordered";
    received = "已收货" | "Received";
    receive_now = "本次收货" | "Receive now";
    receive_goods = "确认收货入库" | "Receive into stock";
    cancel_purchase = "取消未到货部分" | "Cancel what is open";
    confirm_cancel_purchase = "确定取消这张采购单尚未到货的部分吗？已收货的不受影响。" | "Cancel what is still open on this purchase order? Received goods stay.";
    new_transfer = "新建调拨" | "New transfer";
    from_warehouse = "调出仓库" | "From";
    to_warehouse = "调入仓库" | "To";
    ship_transfer = "确认调出" | "Send";
    transfer_created = "已调出，在途中" | "Sent, in transit";
    transfer_received = "调拨已到货入库" | "Transfer received";
    need_two_warehouses = "调拨需要至少两个仓库。" | "Transfers need at least two warehouses.";
    no_transfers = "还没有调拨记录" | "No transfers yet";
    in_transit = "在途" | "In transit";
    arrived = "已到货" | "Arrived";
    confirm_arrival = "确认到货" | "Confirm arrival";
    new_stocktake = "新建盘点单" | "New stocktake";
    stocktake_hint = "逐个扫码或搜索商品，填写实际清点数量；过账时按「实盘 − 账面」生成盘点调整。" | "Scan or search each item and enter the counted quantity; posting adjusts stock by counted − booked.";
    counted = "实盘数量" | "Counted";
    booked = "账面数量" | "Booked";
    difference = "差异" | "Difference";
    save_counts = "保存盘点数量" | "Save counts";
    add_counts = "继续录入" | "Add counts";
    stocktake_created = "盘点单已保存" | "Stocktake saved";
    post_stocktake = "过账" | "Post";
    confirm_post = "过账后将按差异调整库存，且不能撤销。确定过账吗？" | "Posting adjusts stock by the differences and cannot be undone. Post now?";
    posted = "已过账" | "Posted";
    open_sheet = "未过账" | "Open";
    no_stocktakes = "还没有盘点单" | "No stocktakes yet";
    suggestion_rule = "建议采购量 = 到货期及一周补货周期内的预测销量 + 安全库存（95%服务水平）− 可用库存 − 在途采购。" | "Suggested = forecast over lead time and a one-week review + safety stock (95% service level) − available − on order.";
    forecast_at = "预测更新于" | "Forecast computed";
    never = "从未" | "never";
    refresh_forecasts = "重新预测" | "Recompute forecasts";
    forecasting = "预测中…" | "Forecasting…";
    no_suggestions = "目前库存充足，暂无采购建议" | "Stock is sufficient: nothing to order";
    forecast_30 = "30天预测" | "30-day forecast";
    on_order = "在途采购" | "On order";
    cover = "周期需求+安全库存" | "Cover + safety";
    backtest = "误差/基准" | "Error / baseline";
    backtest_hint = "近四周回测的 sMAPE：本预测 / 季节性朴素基准（上周同日）" | "sMAPE of the last four weeks' backtest: this forecast / seasonal-naive baseline (same weekday last week)";
    suggested = "建议采购" | "Suggested";
    make_purchase = "一键生成采购单" | "Create purchase order";
    open_purchase = "查看采购单" | "Open purchase order";
    set_supplier_first = "这些商品还没有指定供应商，请在商品里设置后再生成采购单。" | "These items have no supplier yet: set one on the product first.";
    low_alerts = "库存预警" | "Low-stock alerts";
    open_alerts = "未解除" | "Open";
    all_alerts = "全部" | "All";
    low_list = "低于预警线的商品" | "Below threshold";
    no_alerts = "没有库存预警" | "No alerts";
    available_threshold = "可用 / 预警线" | "Available / threshold";
    resolved = "已解除" | "Resolved";
    slow_movers = "滞销商品" | "Slow movers";
    no_sale_days = "多少天没有销售" | "Days without a sale";
    no_slow_movers = "没有滞销商品" | "No slow movers";
    tied_up = "占用库存金额" | "Value tied up";
    last_sale = "最后销售" | "Last sale";
    value_by_warehouse = "各仓库存金额" | "Stock value by warehouse";
    sku_grid = "规格明细（颜色 × 尺码）" | "Variants (colour × size)";
    image_url = "商品图片链接" | "Image URL";
    warehouses = "仓库" | "Warehouses";
    warehouse_rule = "订单默认从总仓发货；收货省份在某个分仓的服务范围内时，从该分仓发货。发货前可在订单里改仓。" | "Orders ship from the main warehouse, or from the branch serving the recipient's province; the warehouse can be changed on the order before shipping.";
    new_branch = "新增分仓" | "New branch warehouse";
    warehouse_name = "仓库名称" | "Name";
    regions = "服务省份" | "Provinces served";
    add_warehouse = "添加分仓" | "Add warehouse";
    main_warehouse = "总仓" | "Main";
    in_use = "启用" | "In use";
    category_levels = "类目默认预警线" | "Category alert levels";
    category_level_hint = "新商品默认使用类目的预警线；修改后，仍在使用旧默认值的商品一并更新。" | "New items start with their category's level; changing it also updates items still at the old default.";
    @lead_days(n: i64) = format!("{n} 天到货"), format!("{n} days lead time");
    @stocktake_posted(n: i64) = format!("已过账，调整 {n} 个商品"), format!("Posted: {n} adjustments");
    @forecasts_done(n: i64) = format!("已更新 {n} 个商品的预测"), format!("Forecasts updated for {n} items");
    @beat_naive(n: i64, of: i64) = format!("{of} 个商品中 {n} 个的预测误差低于季节性朴素基准"), format!("{n} of {of} forecasts beat the seasonal-naive baseline");
    @cover_hint(days: i64) = format!("到货期 {days} 天 + 7 天补货周期"), format!("{days} days lead time + 7-day review");
    @group_total(n: i64) = format!("共 {n} 件"), format!("{n} units");
    @units(n: i64) = format!("{n} 件"), format!("{n} units");
    @fill_all(field: &str) = format!("按第一格填充{field}"), format!("Fill {field} from the first");
    @category_level_saved(n: i64) = format!("已保存，{n} 个商品随之更新"), format!("Saved; {n} items updated");
}

/// A ledger row's document, e.g. 订单 #42, 采购单 #3.
pub fn document_label(ref_type: Option<&str>, ref_id: Option<i64>, lang: Lang) -> String {
    let Some(id) = ref_id else { return String::new() };
    let name = match (ref_type.unwrap_or(""), lang) {
        ("order", Lang::Zh) => "订单",
        ("order", Lang::En) => "Order",
        ("purchase_order", Lang::Zh) => "采购单",
        ("purchase_order", Lang::En) => "Purchase order",
        ("transfer", Lang::Zh) => "调拨单",
        ("transfer", Lang::En) => "Transfer",
        ("stocktake", Lang::Zh) => "盘点单",
        ("stocktake", Lang::En) => "Stocktake",
        (_, Lang::Zh) => "单据",
        (_, Lang::En) => "Document",
    };
    format!("{name} #{id}")
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
        InventoryError::StockShort { sku, have, need } => {
            lang.pick(format!("「{sku}」库存不足：可用 {have}，需要 {need}"), format!("Not enough stock of '{sku}': {have} available, {need} needed"))
        }
        InventoryError::UnknownWarehouse => lang.pick("请选择仓库", "Choose a warehouse"),
        InventoryError::SameWarehouse => lang.pick("调出和调入仓库不能相同", "The two warehouses must differ"),
        InventoryError::UnknownRegion { name } => lang.pick(format!("「{name}」不是省份名称"), format!("'{name}' is not a province")),
        InventoryError::NameTaken => lang.pick("该名称已被使用", "This name is taken"),
        InventoryError::NoLines => lang.pick("请至少添加一行商品", "Add at least one line"),
        InventoryError::TooManyLines { max } => lang.pick(format!("一张单据最多 {max} 行"), format!("At most {max} lines per document")),
        InventoryError::BadState => lang.pick("单据状态已变化，不能进行此操作", "The document's state no longer allows this"),
        InventoryError::ReceiveTooMuch { sku, open } => {
            lang.pick(format!("「{sku}」最多还能收 {open}"), format!("At most {open} more of '{sku}' can be received"))
        }
        InventoryError::UnknownSupplier => lang.pick("请选择供应商", "Choose a supplier"),
        InventoryError::BadBarcode => lang.pick("条码格式不对（4–32位字母或数字；8位或13位数字条码的校验位须正确）", "Not a valid barcode (4–32 letters or digits; an 8- or 13-digit EAN needs a correct check digit)"),
        InventoryError::BarcodeTaken { sku } => lang.pick(format!("该条码已用于「{sku}」"), format!("This barcode is already used by '{sku}'")),
        InventoryError::BadRows { count } => lang.pick(
            format!("表格中有 {count} 处错误，请改正后重新上传；没有导入任何内容"),
            format!("The sheet has {count} problems; fix them and upload it again. Nothing was imported"),
        ),
        InventoryError::BadUpload => lang.pick("文件没有完整上传，请重新选择文件", "The file did not arrive whole; choose it again"),
    }
}

pub fn purchase_status_label(st: PurchaseStatus, lang: Lang) -> &'static str {
    match (st, lang) {
        (PurchaseStatus::Open, Lang::Zh) => "待到货",
        (PurchaseStatus::Partial, Lang::Zh) => "部分到货",
        (PurchaseStatus::Received, Lang::Zh) => "已完成",
        (PurchaseStatus::Cancelled, Lang::Zh) => "已取消",
        (PurchaseStatus::Open, Lang::En) => "Open",
        (PurchaseStatus::Partial, Lang::En) => "Partly received",
        (PurchaseStatus::Received, Lang::En) => "Received",
        (PurchaseStatus::Cancelled, Lang::En) => "Cancelled",
    }
}

pub fn row_action_label(a: RowAction, lang: Lang) -> &'static str {
    match (a, lang) {
        (RowAction::NewProduct, Lang::Zh) => "新商品",
        (RowAction::NewSku, Lang::Zh) => "新规格",
        (RowAction::Update, Lang::Zh) => "更新",
        (RowAction::Unchanged, Lang::Zh) => "无变化",
        (RowAction::Invalid, Lang::Zh) => "有错误",
        (RowAction::NewProduct, Lang::En) => "New product",
        (RowAction::NewSku, Lang::En) => "New SKU",
        (RowAction::Update, Lang::En) => "Update",
        (RowAction::Unchanged, Lang::En) => "Unchanged",
        (RowAction::Invalid, Lang::En) => "Problem",
    }
}
