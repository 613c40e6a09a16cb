//! The demo catalogue and the word lists names and addresses are drawn from.

use app::inventory::NewProduct;
use app::money::Money;
use app::state::Db;

pub struct Product {
    pub name: &'static str,
    pub category: &'static str,
    pub colors: &'static [&'static str],
    pub sizes: &'static [&'static str],
    pub price_fen: i64,
    pub cost_fen: i64,
    /// Relative popularity.
    pub weight: f64,
}

pub const PRODUCTS: &[Product] = &[
    Product { name: "纯棉圆领T恤", category: "服装", colors: &["白", "黑", "灰"], sizes: &["S", "M", "L", "XL"], price_fen: 7900, cost_fen: 3200, weight: 3.0 },
    Product { name: "法式碎花连衣裙", category: "服装", colors: &["蓝", "粉"], sizes: &["S", "M", "L"], price_fen: 19900, cost_fen: 8500, weight: 2.0 },
    Product { name: "高腰牛仔裤", category: "服装", colors: &["浅蓝", "深蓝"], sizes: &["26", "27", "28", "29", "30"], price_fen: 15900, cost_fen: 6600, weight: 1.5 },
    Product { name: "玻尿酸补水面膜（10片）", category: "美妆", colors: &[], sizes: &[], price_fen: 8900, cost_fen: 2800, weight: 4.0 },
    Product { name: "丝绒哑光口红", category: "美妆", colors: &["#01 正红", "#02 豆沙", "#03 枫叶"], sizes: &[], price_fen: 12900, cost_fen: 3500, weight: 3.0 },
    Product { name: "氨基酸洗面奶", category: "美妆", colors: &[], sizes: &[], price_fen: 6900, cost_fen: 2000, weight: 2.0 },
    Product { name: "流心蛋黄酥（6枚）", category: "食品", colors: &[], sizes: &[], price_fen: 4990, cost_fen: 1800, weight: 1.0 },
    Product { name: "每日坚果（30袋）", category: "食品", colors: &[], sizes: &[], price_fen: 13900, cost_fen: 7000, weight: 1.5 },
    Product { name: "透气运动鞋", category: "鞋类", colors: &["白", "黑"], sizes: &["36", "37", "38", "39", "40"], price_fen: 25900, cost_fen: 11000, weight: 1.2 },
    Product { name: "婴儿纯棉连体衣", category: "母婴", colors: &["粉", "蓝"], sizes: &["59", "66", "73"], price_fen: 9900, cost_fen: 3800, weight: 1.5 },
];

pub const AGENT_NAMES: [&str; 20] = [
    "张丽娟", "刘晓燕", "陈静", "杨雪", "赵敏", "黄婷婷", "周佳", "吴芳", "徐露", "孙悦",
    "马琳", "朱莉莉", "胡蓉", "郭倩", "何玉", "高媛", "林晓", "罗兰", "郑爽", "梁欣",
];

pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高",
    "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];

pub const GIVEN: &[&str] = &[
    "静", "敏", "丽", "芳", "娜", "秀英", "婷", "雪", "慧", "佳怡", "欣怡", "梓涵", "子萱", "思琪", "雨桐", "伟", "强", "磊",
    "洋", "勇", "军", "杰", "涛", "浩然", "宇轩", "晨", "琳", "倩", "悦", "颖",
];

/// (province + city + district, streets).
pub const ADDRESSES: &[(&str, &[&str])] = &[
    ("浙江省杭州市西湖区", &["文三路", "教工路", "天目山路"]),
    ("浙江省杭州市余杭区", &["文一西路", "五常大道"]),
    ("浙江省宁波市鄞州区", &["天童南路", "四明中路"]),
    ("江苏省南京市鼓楼区", &["中山北路", "广州路"]),
    ("江苏省苏州市工业园区", &["星湖街", "现代大道"]),
    ("上海市浦东新区", &["张杨路", "世纪大道", "锦绣路"]),
    ("上海市徐汇区", &["漕溪北路", "宜山路"]),
    ("广东省广州市天河区", &["天河路", "体育西路"]),
    ("广东省深圳市南山区", &["科技园南路", "南海大道"]),
    ("北京市朝阳区", &["建国路", "望京街"]),
    ("四川省成都市武侯区", &["人民南路", "科华北路"]),
    ("湖北省武汉市洪山区", &["珞喻路", "光谷大道"]),
    ("福建省厦门市思明区", &["厦禾路", "湖滨南路"]),
    ("山东省青岛市市南区", &["香港中路", "山东路"]),
    ("湖南省长沙市岳麓区", &["麓山南路", "枫林一路"]),
    ("陕西省西安市雁塔区", &["小寨东路", "高新路"]),
    ("河南省郑州市金水区", &["花园路", "农业路"]),
    ("新疆维吾尔自治区乌鲁木齐市天山区", &["解放北路", "新华北路"]),
];

/// A seeded SKU: its id, product index and price.
pub struct Sku {
    pub id: i64,
    pub product: usize,
    pub price_fen: i64,
    pub cost_fen: i64,
    pub low_stock_qty: i64,
}

/// Add the products through the inventory service (one SKU per colour × size, coded by
/// the same rule as the product form), as the system caller.
pub async fn insert(db: &Db) -> anyhow::Result<Vec<Sku>> {
    let sys = app::auth::service::system();
    let mut skus = Vec::new();
    for (p, prod) in PRODUCTS.iter().enumerate() {
        let low_stock_qty = if prod.category == "美妆" { 50 } else { 10 };
        let input = NewProduct {
            name: prod.name.into(),
            category: prod.category.into(),
            price: Money::from_fen(prod.price_fen).0.to_string().into(),
            cost: Money::from_fen(prod.cost_fen).0.to_string().into(),
            colors: prod.colors.join(",").into(),
            sizes: prod.sizes.join(",").into(),
            low_stock_qty,
            ..Default::default()
        };
        let ids = app::inventory::service::create_product(db, &sys, &input).await.map_err(crate::cli::both)?;
        skus.extend(ids.into_iter().map(|id| Sku { id, product: p, price_fen: prod.price_fen, cost_fen: prod.cost_fen, low_stock_qty }));
    }
    Ok(skus)
}
