//! Text of the intake area in zh-CN and en: the paste box, the SKU picker, imports, share
//! pages and posters, and the area's errors.

use super::{ImportLayout, IntakeError, PreviewState};
use crate::i18n::Lang;

texts! {
    paste_title = "智能识别" | "Paste to fill";
    paste_hint = "把微信里的收货信息整段粘贴到这里，自动识别姓名、手机和地址" | "Paste the recipient details from a chat: name, mobile and address are filled in";
    paste_placeholder = "例：张三 13800138000 浙江省杭州市西湖区文三路100号" | "e.g. 张三 13800138000 浙江省杭州市西湖区文三路100号";
    paste_apply = "填入表单" | "Fill the form";
    paste_check = "请核对标黄的项目" | "Check the highlighted fields";
    paste_all_sure = "识别完成" | "All fields recognised";
    paste_nothing = "没有识别出收货信息" | "No recipient details found";
    field_name = "姓名" | "Name";
    field_mobile = "手机" | "Mobile";
    field_phone = "固话" | "Landline";
    field_province = "省" | "Province";
    field_city = "市" | "City";
    field_district = "区县" | "District";
    field_street = "详细地址" | "Street";
    field_postcode = "邮编" | "Postcode";
    field_code = "区划代码" | "Division code";
    sure_low = "待核对" | "check";
    sure_medium = "较可信" | "likely";
    sure_high = "可信" | "sure";
    picker_label = "搜索商品：名称 / 编码 / 条码 / 拼音首字母" | "Find an item: name / code / barcode / pinyin initials";
    picker_placeholder = "如 dhs、蛋黄酥、P01-0101，或扫码" | "e.g. dhs, 蛋黄酥, P01-0101, or scan";
    picker_recent = "最近常卖" | "Your frequent items";
    picker_none = "没有找到商品" | "No item found";
    picker_stock = "库存" | "stock";
    picker_added = "已添加" | "Added";
    picker_times = "次" | "×";
    customer_lookup = "老客户：按手机或姓名查找" | "Returning customer: find by mobile or name";
    customer_none = "没有找到客户" | "No customer found";
    customer_use = "使用" | "Use";
    import_title = "导入订单" | "Import orders";
    import_hint = "支持淘宝/天猫订单报表、拼多多订单导出、微信小店订单导出（CSV 或 Excel，GBK 或 UTF-8），其他表格可保存列对应关系后导入。同一文件重复导入不会产生重复订单。" | "Taobao/Tmall order reports, Pinduoduo and WeChat Shop exports (CSV or Excel, GBK or UTF-8); other sheets through a saved column mapping. Importing the same file again creates nothing new.";
    import_file = "订单文件" | "Order file";
    import_layout = "文件格式" | "Layout";
    import_items_file = "宝贝报表（淘宝，可选）" | "Item report (Taobao, optional)";
    import_items_hint = "淘宝订单报表不含商家编码：同时上传同一时段导出的宝贝报表，按商家编码匹配商品" | "Taobao's order report has no SKU codes: add the item report exported for the same period to match items by 商家编码";
    import_mapping = "列对应关系" | "Column mapping";
    import_agent = "订单归属代理" | "Orders go to agent";
    import_upload = "上传并预览" | "Upload and preview";
    import_uploading = "上传中" | "Uploading";
    import_reading = "正在读取文件…" | "Reading the file…";
    import_commit = "确认导入" | "Import";
    import_committing = "正在导入…" | "Importing…";
    import_blocked = "文件中有问题未解决，修正后重新上传再导入" | "Fix the problems in the file and upload it again to import";
    import_rows = "数据行" | "Rows";
    import_new = "新订单" | "New orders";
    import_known = "已导入过" | "Imported before";
    import_skipped = "跳过（已关闭/已发货）" | "Skipped (closed/shipped)";
    import_total = "新订单金额" | "Amount of new orders";
    import_problems = "有问题的行" | "Rows with problems";
    import_unknown = "未匹配的商品编码" | "Unmatched SKU codes";
    import_unknown_hint = "商家编码需与本系统的商品编码或条码一致" | "商家编码 must equal an item's code or barcode here";
    import_no_code = "（无编码）" | "(no code)";
    import_row = "行" | "Row";
    import_field = "列" | "Column";
    import_reason = "原因" | "Reason";
    import_more = "仅显示前 200 单" | "Showing the first 200 orders";
    new_mapping = "新建列对应关系" | "New column mapping";
    mapping_name = "名称" | "Name";
    mapping_channel = "渠道" | "Channel";
    mapping_saved = "已保存列对应关系" | "Column mapping saved";
    mapping_hint = "填写表格中的列名（表头文字）" | "Enter the column headers as they appear in the sheet";
    col_order_no = "订单号列" | "Order number column";
    col_recipient = "收货人列" | "Recipient column";
    col_mobile = "手机号列" | "Mobile column";
    col_address = "地址列" | "Address column";
    col_province = "省列" | "Province column";
    col_city = "市列" | "City column";
    col_district = "区县列" | "District column";
    col_title = "商品名称列" | "Item title column";
    col_sku = "商品编码列" | "SKU code column";
    col_qty = "数量列" | "Quantity column";
    col_price = "单价列" | "Unit price column";
    col_paid = "实付金额列" | "Amount paid column";
    col_note = "备注列" | "Note column";
    share_title = "我的分享页" | "My share page";
    share_hint = "把链接或海报发到朋友圈，客户无需注册即可下单，订单自动归到你名下（待付款）。" | "Post the link or a poster in Moments: customers order without an account, and the orders come to you (awaiting payment).";
    share_link = "分享链接" | "Share link";
    share_copy = "复制链接" | "Copy link";
    share_copied = "已复制" | "Copied";
    share_new_code = "更换链接" | "New link";
    share_new_code_confirm = "更换后旧链接和旧海报将失效，确定吗？" | "The old link and posters will stop working. Continue?";
    share_open = "开放" | "Open";
    share_closed = "已关闭" | "Closed";
    share_close = "关闭分享页" | "Close the page";
    share_reopen = "重新开放" | "Open again";
    share_poster = "海报" | "Poster";
    share_save_png = "保存图片" | "Save picture";
    share_image = "商品图片" | "Picture";
    share_upload_image = "上传图片" | "Upload picture";
    share_image_saved = "图片已保存" | "Picture saved";
    share_agent = "代理" | "Agent";
    shop_of = "的小店" | "'s shop";
    shop_order = "下单" | "Order";
    shop_qty = "数量" | "Qty";
    shop_sold_out = "缺货" | "Sold out";
    shop_your_details = "收货信息" | "Your details";
    shop_paste = "粘贴收货信息，自动识别" | "Paste your details to fill them in";
    shop_note = "备注（选填）" | "Note (optional)";
    shop_submit = "提交订单" | "Place order";
    shop_thanks = "下单成功！" | "Order placed!";
    shop_thanks_hint = "请按代理的微信提示付款。订单号：" | "Pay as your agent tells you on WeChat. Order number: ";
    shop_pick_items = "请先选择商品数量" | "Choose the quantities first";
    shop_empty = "暂无商品" | "No items yet";
    shop_privacy = "你的信息只用于发货，仅该代理可见。" | "Your details are used for shipping only and seen only by this agent.";
    shop_website = "网站（请留空）" | "Website (leave empty)";
    @import_done(created: u32, known: u32) = format!("已导入 {created} 单，{known} 单此前已导入"), format!("Imported {created} orders; {known} were imported before");
    @uploaded(pct: i64) = format!("已上传 {pct}%"), format!("{pct}% uploaded");
    @picked(label: &str) = format!("已添加：{label}"), format!("Added: {label}");
}

pub fn layout_label(l: ImportLayout, lang: Lang) -> &'static str {
    match (l, lang) {
        (ImportLayout::Auto, Lang::Zh) => "自动识别",
        (ImportLayout::Taobao, Lang::Zh) => "淘宝/天猫订单报表",
        (ImportLayout::Pinduoduo, Lang::Zh) => "拼多多订单导出",
        (ImportLayout::WechatShop, Lang::Zh) => "微信小店订单导出",
        (ImportLayout::Mapping, Lang::Zh) => "其他表格（列对应关系）",
        (ImportLayout::Auto, Lang::En) => "Recognise",
        (ImportLayout::Taobao, Lang::En) => "Taobao/Tmall order report",
        (ImportLayout::Pinduoduo, Lang::En) => "Pinduoduo export",
        (ImportLayout::WechatShop, Lang::En) => "WeChat Shop export",
        (ImportLayout::Mapping, Lang::En) => "Other sheet (column mapping)",
    }
}

pub fn state_label(s: PreviewState, lang: Lang) -> &'static str {
    match (s, lang) {
        (PreviewState::NewUnpaid, Lang::Zh) => "新订单 · 待付款",
        (PreviewState::NewPaid, Lang::Zh) => "新订单 · 待发货",
        (PreviewState::Known, Lang::Zh) => "已导入过",
        (PreviewState::Skipped, Lang::Zh) => "跳过",
        (PreviewState::UnknownSku, Lang::Zh) => "商品未匹配",
        (PreviewState::NewUnpaid, Lang::En) => "New · awaiting payment",
        (PreviewState::NewPaid, Lang::En) => "New · to ship",
        (PreviewState::Known, Lang::En) => "Imported before",
        (PreviewState::Skipped, Lang::En) => "Skipped",
        (PreviewState::UnknownSku, Lang::En) => "Item not matched",
    }
}

pub fn error_text(e: &IntakeError, lang: Lang) -> String {
    match e {
        IntakeError::FileTooLarge { max_mb } => lang.pick(format!("文件太大，最大 {max_mb} MB"), format!("The file is too large (at most {max_mb} MB)")),
        IntakeError::UploadGone => lang.pick("上传的文件已失效，请重新上传", "The upload is gone; upload the file again"),
        IntakeError::UploadIncomplete { received, size } => lang.pick(
            format!("文件尚未上传完整（{received}/{size} 字节），请重新上传"),
            format!("The file is not completely uploaded ({received}/{size} bytes); upload it again"),
        ),
        IntakeError::BadUpload => lang.pick("上传的数据已损坏，请重新上传", "The uploaded data is damaged; upload again"),
        IntakeError::BadRows { count } => lang.pick(
            format!("文件中有 {count} 处问题，全部修正后才能导入（不会只导入一部分）"),
            format!("The file has {count} problems; fix them all to import (nothing is imported partly)"),
        ),
        IntakeError::UnknownSkus { count } => lang.pick(
            format!("有 {count} 个商品编码未匹配到商品，请修正编码后重新导入"),
            format!("{count} SKU codes match no item; fix them and import again"),
        ),
        IntakeError::NothingToImport => lang.pick("没有新订单：文件中的订单都已导入过或已跳过", "Nothing new: every order of the file was imported before or is skipped"),
        IntakeError::MappingRequired => lang.pick("请选择列对应关系", "Choose a column mapping"),
        IntakeError::MappingIncomplete { field } => {
            let f = mapping_field(field, lang);
            lang.pick(format!("请填写「{f}」"), format!("Fill in “{f}”"))
        }
        IntakeError::MappingExists { name } => lang.pick(format!("已有名为「{name}」的列对应关系"), format!("A column mapping named “{name}” exists")),
        IntakeError::BadSignature => lang.pick("签名不正确", "The signature does not match"),
        IntakeError::StaleTimestamp { max_skew_secs } => lang.pick(
            format!("请求时间戳与服务器时间相差超过 {max_skew_secs} 秒"),
            format!("The request's timestamp is more than {max_skew_secs} s away from the server's clock"),
        ),
        IntakeError::Replayed => lang.pick("该签名已使用过（重放请求被拒绝）", "This signature was used before (replay refused)"),
        IntakeError::IdempotencyMismatch => lang.pick("该 Idempotency-Key 已用于另一个请求", "This Idempotency-Key was used for another request"),
        IntakeError::BadHeader { name } => lang.pick(format!("请求头 {name} 缺失或格式不正确"), format!("Header {name} is missing or malformed")),
        IntakeError::SpamSuspected => lang.pick("提交失败，请刷新页面后重试", "Not accepted; reload the page and try again"),
        IntakeError::ImageFormat => lang.pick("图片须为 PNG、JPEG 或 WebP 格式", "The picture must be a PNG, JPEG or WebP file"),
        IntakeError::ImageTooLarge { max_kb } => lang.pick(format!("图片太大，最大 {max_kb} KB"), format!("The picture is too large (at most {max_kb} KB)")),
        IntakeError::QrNotAUrl { value } => lang.pick(format!("「{value}」不是有效链接"), format!("“{value}” is not a valid link")),
        IntakeError::QrUrlTooLong { len, max } => lang.pick(
            format!("链接太长（{len} 字节，最多 {max}），二维码无法识别"),
            format!("The link is too long for a QR code ({len} bytes, at most {max})"),
        ),
    }
}

/// A column mapping's field as the mapping form names it.
pub fn mapping_field(field: &str, lang: Lang) -> &'static str {
    let t = text(lang);
    match field {
        "order_no" => t.col_order_no,
        "recipient_name" => t.col_recipient,
        "mobile" => t.col_mobile,
        "address" => t.col_address,
        "sku_code" => t.col_sku,
        _ => t.mapping_name,
    }
}
