//! Column names of each marketplace export, with the synonyms seen across export versions.
//! Names are compared after `normalize_header`, so full-width brackets and stray spaces match.
//! Where several names are listed for one field, they are tried in order and the first
//! non-empty cell wins (e.g. Taobao's `修改后的收货地址` before `收货地址`).

/// Whether the amount columns belong to a line item or repeat the order total on every row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PaidScope {
    Line,
    Order,
}

type Names = &'static [&'static str];

/// Everything needed to read one export layout.
pub(super) struct ChannelSpec {
    /// Header groups that identify the layout (all must be present).
    pub detect: &'static [Names],
    pub order_no: Names,
    pub buyer_id: Names,
    pub recipient: Names,
    /// Mobile columns first, then landline/phone columns as a fallback.
    pub mobile: Names,
    pub province: Names,
    pub city: Names,
    pub district: Names,
    pub street: Names,
    pub address: Names,
    /// The address column named in "missing column" errors.
    pub address_label: &'static str,
    pub title: Names,
    pub spec: Names,
    pub sku_code: Names,
    pub qty: Names,
    pub unit_price: Names,
    /// Price × quantity of the line, when no unit price is given.
    pub line_total: Names,
    pub paid: Names,
    pub created: Names,
    pub status: Names,
    pub note: Names,
    pub buyer_message: Names,
    pub paid_scope: PaidScope,
    /// A column whose presence means one row per line item with line amounts.
    pub line_marker: Names,
}

/// 淘宝/天猫 卖家中心 订单报表: the classic one-row-per-order `ExportOrderList` (订单编号,
/// 买家会员名, 买家应付货款, 买家实际支付金额, 收货人姓名, 收货地址, 联系电话, 联系手机, 宝贝标题,
/// 宝贝种类, 宝贝总数量, 订单创建时间, 订单备注, 修改后的收货地址 …) and the newer
/// one-row-per-item sheet (子订单编号, 主订单编号, 商品标题, 商品价格, 购买数量, 外部系统编号,
/// 商家编码, 买家实付金额, 商家备注 …).
pub(super) const TAOBAO: ChannelSpec = ChannelSpec {
    detect: &[
        &["主订单编号", "订单编号"],
        &["买家会员名", "买家应付货款", "宝贝标题", "买家实际支付金额", "买家实付金额"],
    ],
    order_no: &["主订单编号", "订单编号"],
    buyer_id: &["买家会员名", "买家昵称"],
    recipient: &["收货人姓名", "收货人"],
    mobile: &["联系手机", "收货人手机号", "手机号", "联系电话"],
    province: &["收货省份", "省"],
    city: &["收货城市", "市"],
    district: &["收货区县", "区"],
    street: &["收货街道", "街道"],
    address: &["修改后的收货地址", "收货地址", "详细地址"],
    address_label: "收货地址",
    title: &["商品标题", "宝贝标题", "标题"],
    spec: &["商品属性", "销售属性", "宝贝属性"],
    sku_code: &["商家编码", "外部系统编号", "商品编码"],
    qty: &["购买数量", "宝贝总数量", "商品数量"],
    unit_price: &["商品价格", "价格"],
    line_total: &[],
    paid: &["买家实付金额", "买家实际支付金额", "实付款"],
    created: &["订单创建时间", "创建时间", "下单时间", "订单付款时间"],
    status: &["订单状态"],
    note: &["商家备注", "订单备注"],
    buyer_message: &["买家留言", "主订单买家留言"],
    paid_scope: PaidScope::Order,
    line_marker: &["子订单编号"],
};

/// 拼多多商家后台 订单导出 (one row per order and goods: 商品, 订单号, 订单状态, 商品总价(元),
/// 店铺优惠折扣(元), 用户实付金额(元), 商家实收金额(元), 商品数量(件), 收货人, 手机, 省, 市, 区,
/// 街道, 详细地址, 支付时间, 成交时间, 商品id, 商品规格, 样式ID, 商家编码-SKU维度,
/// 商家编码-商品维度, 商家备注, 买家留言 …).
pub(super) const PINDUODUO: ChannelSpec = ChannelSpec {
    detect: &[
        &["订单号"],
        &["商品数量(件)", "用户实付金额(元)", "商家编码-SKU维度", "样式ID", "商品总价(元)"],
    ],
    order_no: &["订单号"],
    buyer_id: &[],
    recipient: &["收货人", "收货人姓名"],
    mobile: &["手机", "收货人手机号", "手机号", "收货人电话"],
    province: &["省", "省份"],
    city: &["市", "城市"],
    district: &["区", "区县"],
    street: &["街道"],
    address: &["详细地址", "收货地址"],
    address_label: "详细地址",
    title: &["商品", "商品名称"],
    spec: &["商品规格"],
    sku_code: &["商家编码-SKU维度", "商家编码-商品维度", "商家编码"],
    qty: &["商品数量(件)", "商品数量"],
    unit_price: &["商品单价(元)", "商品单价"],
    line_total: &["商品总价(元)"],
    paid: &["用户实付金额(元)", "实付金额(元)"],
    created: &["成交时间", "支付时间", "拼单成功时间", "订单创建时间"],
    status: &["订单状态"],
    note: &["商家备注"],
    buyer_message: &["买家留言"],
    paid_scope: PaidScope::Line,
    line_marker: &[],
};

/// 微信小店 订单导出 (订单号, 商品名称, 商品规格, SKU编码, 数量, 商品单价, 实付金额, 收件人,
/// 收件人手机, 省份, 城市, 区县, 详细地址, 订单状态, 下单时间 …). The amount column is read as the
/// order total repeated on each product row; rows of one order must agree.
pub(super) const WECHAT_SHOP: ChannelSpec = ChannelSpec {
    detect: &[
        &["订单号", "订单编号"],
        &["收件人", "收件人姓名", "收件人手机", "收件人手机号", "收件人电话"],
        &["商品名称", "商品标题"],
    ],
    order_no: &["订单号", "订单编号"],
    buyer_id: &["买家昵称", "用户昵称"],
    recipient: &["收件人", "收件人姓名", "收货人"],
    mobile: &["收件人手机", "收件人手机号", "收件人电话", "收货人手机号", "手机号", "联系电话"],
    province: &["省份", "省"],
    city: &["城市", "市"],
    district: &["区县", "区"],
    street: &["街道"],
    address: &["详细地址", "收货地址", "收件地址"],
    address_label: "详细地址",
    title: &["商品名称", "商品标题"],
    spec: &["商品规格", "SKU规格", "规格"],
    sku_code: &["SKU编码", "规格编码", "商品编码", "商家编码"],
    qty: &["数量", "商品数量", "购买数量"],
    unit_price: &["商品单价", "单价", "商品价格"],
    line_total: &[],
    paid: &["实付金额", "订单实付金额", "实付款"],
    created: &["下单时间", "创建时间", "订单创建时间", "支付时间"],
    status: &["订单状态"],
    note: &["商家备注", "备注"],
    buyer_message: &["买家留言", "用户备注", "买家备注"],
    paid_scope: PaidScope::Order,
    line_marker: &[],
};

/// Taobao 宝贝报表 (`ExportOrderDetailList`): one row per line item, keyed by 订单编号.
pub(super) const TAOBAO_ITEMS_DETECT: &[Names] = &[&["订单编号"], &["标题"], &["价格"], &["购买数量"]];
