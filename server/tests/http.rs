//! The guard through HTTP, on SQLite and PostgreSQL, against the real router in process:
//!
//! - every registered server function × every role, against records of another line, with
//!   the expected answer per cell written in one table (`CASES`); a server function missing
//!   from the table fails the test, so a new endpoint cannot ship without declaring its access;
//! - malformed requests to every endpoint answer 400/413, never 500 or a dropped connection;
//! - the same-origin rule (CSRF), security headers, and a 404 that carries no session.

mod common;

use app::state::Db;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use std::collections::BTreeSet;

/// Who calls: a visitor, the boss, a leader agent (A1), its downline (A2, owner of the
/// records), an agent of another line (B1), warehouse and finance staff.
const ROLES: [&str; 7] = ["anonymous", "boss", "leader", "downline", "other line", "warehouse", "finance"];

#[derive(Clone, Copy, Debug, PartialEq)]
enum E {
    /// 200.
    Ok,
    /// Past the guard: any answer but 400, 401, 403, 404 or 5xx (e.g. 409/422 from a rule).
    Pass,
    /// 401.
    Unauth,
    /// 403: the role may not do this.
    Deny,
    /// 404: out of scope looks exactly like missing.
    Gone,
}
use E::*;

/// The records the cases aim at.
struct Fx {
    order: i64,
    sku: i64,
    a2: i64,
    spare: i64,
    /// A2's customer (of `order`), a manual tag, a follow-up and a 撞单 of it.
    customer: i64,
    tag: i64,
    address: i64,
    follow_up: i64,
    conflict: i64,
    /// Another customer of A2, erased by the table.
    other_customer: i64,
    /// A payment matched to A2's order, and one matched to nothing.
    payment: i64,
    open_payment: i64,
    /// A2's approved commission statement of two months ago (`closed`).
    statement: i64,
    /// Two months ago (approved) and last month (open), e.g. `2026-09`, `2026-10`.
    closed: String,
    open: String,
    /// A date in the current month a new rule set may start on.
    rule_day: String,
    product: i64,
    invoice: i64,
    input: i64,
    /// Inventory: the 总仓, a 分仓, a supplier, an open purchase order of 5 × `sku`, a
    /// transfer in transit, an open stocktake sheet.
    main: i64,
    branch: i64,
    supplier: i64,
    po: i64,
    transfer: i64,
    sheet: i64,
    /// Intake: the SKU's code, A2's share-page code, API keys (key id, secret) of the team,
    /// of A1's line and of B1's line.
    sku_code: String,
    share: String,
    keys: [(String, String); 3],
}

struct Case {
    path: &'static str,
    body: fn(&Fx) -> String,
    expect: [E; 7],
}

/// A product sheet (CSV, URL-safe base64): 商品名称,分类,售价 / 袜子,服饰,9.9.
const SOCKS_CSV: &str = "5ZWG5ZOB5ZCN56ewLOWIhuexuyzllK7ku7cK6KKc5a2QLOacjemlsCw5LjkK";
const STAFF_ALL: [E; 7] = [Unauth, Ok, Ok, Ok, Ok, Ok, Ok];
const BOSS_ONLY: [E; 7] = [Unauth, Ok, Deny, Deny, Deny, Deny, Deny];
/// Stock staff: the boss and the warehouse.
const STOCK: [E; 7] = [Unauth, Ok, Deny, Deny, Deny, Ok, Deny];
const STOCK_GONE: [E; 7] = [Unauth, Gone, Deny, Deny, Deny, Gone, Deny];
/// Whoever sees the ledger: the boss, the warehouse and finance.
const LEDGER: [E; 7] = [Unauth, Ok, Deny, Deny, Deny, Ok, Ok];
/// Boss only; the record does not exist (404 for the boss, 403 for everyone else).
const BOSS_GONE: [E; 7] = [Unauth, Gone, Deny, Deny, Deny, Deny, Deny];
/// Customers are seen by the boss, agents (their line) and finance (mobiles masked).
const CRM_VIEW: [E; 7] = [Unauth, Ok, Ok, Ok, Ok, Deny, Ok];
/// Changing one of A2's customers: the boss and A2's line; the other line gets 404.
const CRM_EDIT_OWN: [E; 7] = [Unauth, Ok, Ok, Ok, Gone, Deny, Deny];
/// Finance pages: the boss and finance.
const FINANCE: [E; 7] = [Unauth, Ok, Deny, Deny, Deny, Deny, Ok];
/// Finance writes refused by a rule (a missing upload, an unknown order, bad input): past the guard.
const FINANCE_RULE: [E; 7] = [Unauth, Pass, Deny, Deny, Deny, Deny, Pass];
/// The tax area: the boss and finance.
const TAX: [E; 7] = [Unauth, Ok, Deny, Deny, Deny, Deny, Ok];
const TAX_PASS: [E; 7] = [Unauth, Pass, Deny, Deny, Deny, Deny, Pass];
const TAX_GONE: [E; 7] = [Unauth, Gone, Deny, Deny, Deny, Deny, Gone];
/// Who enters orders: the boss and the agents.
const SELLERS: [E; 7] = [Unauth, Ok, Ok, Ok, Ok, Deny, Deny];
/// The same, about A2's records: the other line's agent finds nothing.
const SELLERS_A2: [E; 7] = [Unauth, Ok, Ok, Ok, Gone, Deny, Deny];
/// Public (share pages): no sign-in needed.
const PUBLIC: [E; 7] = [Ok; 7];
/// A 1×1 PNG.
const PNG_B64: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/// The access table: one row per server function, one column per role (see `ROLES`).
const CASES: &[Case] = &[
    Case { path: "/rpc/get_session", body: |_| String::new(), expect: [Ok; 7] },
    Case { path: "/rpc/login", body: |_| "username=nobody&password=not-the-password".into(), expect: [Pass; 7] },
    Case { path: "/rpc/set_lang", body: |_| "lang=Zh".into(), expect: [Ok; 7] },
    Case { path: "/rpc/list_team", body: |_| String::new(), expect: [Unauth, Ok, Ok, Ok, Ok, Deny, Deny] },
    Case { path: "/rpc/list_agents", body: |_| String::new(), expect: [Unauth, Ok, Ok, Ok, Ok, Deny, Deny] },
    Case {
        path: "/rpc/create_user",
        body: |_| "input[username]=newbie&input[display_name]=新人&input[password]=password9&input[role]=agent".into(),
        expect: BOSS_ONLY,
    },
    Case { path: "/rpc/reset_password", body: |f| format!("user_id={}", f.spare), expect: BOSS_ONLY },
    Case { path: "/rpc/set_member_active", body: |f| format!("user_id={}&active=true", f.spare), expect: BOSS_ONLY },
    Case { path: "/rpc/transfer_member", body: |f| format!("from={}&to={}", f.spare, f.a2), expect: BOSS_ONLY },
    Case { path: "/rpc/create_api_key", body: |f| format!("name=小程序&agent_id={}", f.a2), expect: BOSS_ONLY },
    Case { path: "/rpc/list_api_keys", body: |_| String::new(), expect: BOSS_ONLY },
    Case { path: "/rpc/revoke_api_key", body: |_| "id=999999".into(), expect: [Unauth, Gone, Deny, Deny, Deny, Deny, Deny] },
    Case { path: "/rpc/change_password", body: |_| "current=not-it-at-all&new_password=whatever-new".into(), expect: [Unauth, Pass, Pass, Pass, Pass, Pass, Pass] },
    Case { path: "/rpc/list_sessions", body: |_| String::new(), expect: STAFF_ALL },
    Case { path: "/rpc/end_session", body: |_| "id=0000000000000000".into(), expect: [Unauth, Pass, Pass, Pass, Pass, Pass, Pass] },
    Case { path: "/rpc/list_orders", body: |_| String::new(), expect: STAFF_ALL },
    Case { path: "/rpc/save_search", body: |_| "q=13800000002".into(), expect: STAFF_ALL },
    Case { path: "/rpc/get_order", body: |f| format!("id={}", f.order), expect: [Unauth, Ok, Ok, Ok, Gone, Ok, Ok] },
    Case {
        path: "/rpc/create_order",
        body: |f| {
            format!(
                "input[agent_id]={}&input[customer_name]=王女士&input[mobile]=13800000002&input[address]=浙江省杭州市西湖区文三路1号\
                 &input[channel]=wechat&input[lines][0][sku_id]={}&input[lines][0][qty]=1",
                f.a2, f.sku
            )
        },
        // The other line's agent passes the role check but may not order for A2: a field error.
        expect: [Unauth, Ok, Ok, Ok, Pass, Deny, Deny],
    },
    Case { path: "/rpc/transition_order", body: |f| format!("id={}&transition=complete", f.order), expect: [Unauth, Pass, Pass, Pass, Gone, Deny, Deny] },
    Case { path: "/rpc/set_order_courier", body: |f| format!("id={}&code=ZTO", f.order), expect: [Unauth, Ok, Ok, Ok, Gone, Ok, Deny] },
    Case { path: "/rpc/edit_order_address", body: |f| format!("id={}&address=浙江省杭州市西湖区文三路 2 号", f.order), expect: [Unauth, Ok, Ok, Ok, Gone, Ok, Deny] },
    Case { path: "/rpc/add_order_note", body: |f| format!("id={}&note=客户要求周末送", f.order), expect: [Unauth, Ok, Ok, Ok, Gone, Ok, Ok] },
    Case {
        path: "/rpc/find_duplicates",
        body: |f| format!("agent_id={}&mobile=13800000002&address=浙江省杭州市西湖区文三路1号", f.a2),
        expect: [Unauth, Ok, Ok, Ok, Ok, Deny, Deny],
    },
    // An order into itself: refused by the rule for those who see it (MergeSelf).
    Case { path: "/rpc/export_orders", body: |_| "filter[status]=to_ship".into(), expect: STAFF_ALL },
    Case { path: "/rpc/export_picking", body: |f| format!("selection[ids][0]={}", f.order), expect: STOCK },
    Case { path: "/rpc/merge_orders", body: |f| format!("keep={}&from={}", f.order, f.order), expect: [Unauth, Pass, Pass, Pass, Gone, Deny, Deny] },
    // The fixture's order is 待发货: a request is refused (409) past the guard.
    Case { path: "/rpc/request_after_sale", body: |f| format!("input[order_id]={}&input[kind]=refund_only&input[reason]=破损&input[refund]=1", f.order), expect: [Unauth, Pass, Pass, Pass, Gone, Deny, Deny] },
    Case { path: "/rpc/after_sale_step", body: |_| "id=999999&action=approve".into(), expect: [Unauth, Gone, Gone, Gone, Gone, Gone, Gone] },
    Case { path: "/rpc/list_after_sales", body: |f| format!("order_id={}", f.order), expect: [Unauth, Ok, Ok, Ok, Gone, Ok, Ok] },
    Case { path: "/rpc/get_routing", body: |_| String::new(), expect: BOSS_ONLY },
    // Decodes, then fails validation (no couriers): 422 for the boss.
    Case { path: "/rpc/save_routing", body: |_| "config[default_courier]=ZTO".into(), expect: [Unauth, Pass, Deny, Deny, Deny, Deny, Deny] },
    Case { path: "/rpc/list_to_ship", body: |_| String::new(), expect: STOCK },
    Case { path: "/rpc/get_waybills", body: |f| format!("selection[ids][0]={}&size=76x130", f.order), expect: STOCK },
    Case { path: "/rpc/get_picking_list", body: |f| format!("selection[ids][0]={}", f.order), expect: STOCK },
    // An unknown order number: 200 with the row listed as failed, nothing shipped.
    Case { path: "/rpc/import_tracking", body: |_| "text=ZG0+YT12345".into(), expect: STOCK },
    // base64 of "订单号,运单号\nZG0,YT12345\n".
    Case { path: "/rpc/import_tracking_file", body: |_| "data=6K6i5Y2V5Y%2B3LOi%2FkOWNleWPtwpaRzAsWVQxMjM0NQo%3D".into(), expect: STOCK },
    Case { path: "/rpc/check_payment", body: |f| format!("id={}", f.order), expect: [Unauth, Pass, Deny, Deny, Deny, Deny, Pass] },
    Case { path: "/rpc/list_stock", body: |_| String::new(), expect: STAFF_ALL },
    Case { path: "/rpc/sku_choices", body: |_| String::new(), expect: [Unauth, Ok, Ok, Ok, Ok, Deny, Deny] },
    Case { path: "/rpc/list_ledger", body: |_| String::new(), expect: LEDGER },
    Case { path: "/rpc/export_ledger", body: |_| "filter[kind]=inbound".into(), expect: LEDGER },
    Case { path: "/rpc/export_stock", body: |_| String::new(), expect: STAFF_ALL },
    Case { path: "/rpc/export_products", body: |_| String::new(), expect: STOCK },
    // 商品名称,分类,售价 / 袜子,服饰,9.9 — the boss adds the socks, the clerk finds them there.
    Case { path: "/rpc/preview_products", body: |_| format!("sheet[file_name]=p.csv&sheet[content_b64]={SOCKS_CSV}"), expect: STOCK },
    Case { path: "/rpc/import_products", body: |_| format!("sheet[file_name]=p.csv&sheet[content_b64]={SOCKS_CSV}"), expect: STOCK },
    Case { path: "/rpc/get_product", body: |f| format!("id={}", f.product), expect: STOCK },
    // A SKU that is not the product's: refused by the rule (422).
    Case {
        path: "/rpc/save_skus",
        body: |f| format!("product_id=999999&edits[0][sku_id]={}&edits[0][price]=1&edits[0][cost]=1&edits[0][barcode]=&edits[0][low_stock_qty]=1&edits[0][weight_g]=0", f.sku),
        expect: [Unauth, Pass, Deny, Deny, Deny, Pass, Deny],
    },
    Case { path: "/rpc/save_product", body: |f| format!("input[product_id]={}&input[category]=食品", f.product), expect: STOCK },
    Case { path: "/rpc/list_categories", body: |_| String::new(), expect: STAFF_ALL },
    Case { path: "/rpc/set_category_default", body: |_| "name=美妆&low_stock_qty=5".into(), expect: STOCK },
    Case { path: "/rpc/list_suppliers", body: |_| String::new(), expect: STOCK },
    // The warehouse's call repeats the boss's name: taken (422).
    Case { path: "/rpc/create_supplier", body: |_| "input[name]=义乌小商品&input[lead_time_days]=3".into(), expect: [Unauth, Ok, Deny, Deny, Deny, Pass, Deny] },
    Case { path: "/rpc/list_warehouses", body: |_| String::new(), expect: STAFF_ALL },
    Case { path: "/rpc/create_warehouse", body: |_| "input[name]=西南仓&input[regions]=四川".into(), expect: [Unauth, Ok, Deny, Deny, Deny, Pass, Deny] },
    Case { path: "/rpc/update_warehouse", body: |f| format!("input[id]={}&input[regions]=广东、广西&input[active]=true", f.branch), expect: STOCK },
    // The 分仓 holds nothing yet: not available there (409).
    Case { path: "/rpc/change_order_warehouse", body: |f| format!("id={}&warehouse_id={}", f.order, f.branch), expect: [Unauth, Pass, Deny, Deny, Deny, Pass, Deny] },
    Case {
        path: "/rpc/create_purchase",
        body: |f| format!("input[supplier_id]={}&input[lines][0][sku_id]={}&input[lines][0][qty]=3&input[lines][0][unit_cost]=9.5", f.supplier, f.sku),
        expect: STOCK,
    },
    Case { path: "/rpc/list_purchases", body: |_| String::new(), expect: STOCK },
    Case { path: "/rpc/get_purchase", body: |f| format!("id={}", f.po), expect: STOCK },
    Case { path: "/rpc/receive_purchase", body: |f| format!("input[po_id]={}&input[lines][0][sku_id]={}&input[lines][0][qty]=1", f.po, f.sku), expect: STOCK },
    Case { path: "/rpc/cancel_purchase", body: |_| "id=999999".into(), expect: STOCK_GONE },
    Case {
        path: "/rpc/create_transfer",
        body: |f| format!("input[from_warehouse_id]={}&input[to_warehouse_id]={}&input[lines][0][sku_id]={}&input[lines][0][qty]=1", f.main, f.branch, f.sku),
        expect: STOCK,
    },
    // Received by the boss; the warehouse's second receipt finds it arrived (409).
    Case { path: "/rpc/receive_transfer", body: |f| format!("id={}", f.transfer), expect: [Unauth, Ok, Deny, Deny, Deny, Pass, Deny] },
    Case { path: "/rpc/list_transfers", body: |_| String::new(), expect: LEDGER },
    Case {
        path: "/rpc/create_stocktake",
        body: |f| format!("input[warehouse_id]={}&input[lines][0][sku_id]={}&input[lines][0][qty]=50", f.main, f.sku),
        expect: STOCK,
    },
    Case { path: "/rpc/count_stocktake", body: |f| format!("id={}&lines[0][sku_id]={}&lines[0][qty]=40", f.sheet, f.sku), expect: STOCK },
    Case { path: "/rpc/post_stocktake", body: |_| "id=999999".into(), expect: STOCK_GONE },
    Case { path: "/rpc/list_stocktakes", body: |_| String::new(), expect: LEDGER },
    Case { path: "/rpc/list_alerts", body: |_| String::new(), expect: LEDGER },
    Case { path: "/rpc/open_alert_count", body: |_| String::new(), expect: STAFF_ALL },
    Case { path: "/rpc/slow_movers", body: |_| "days=30".into(), expect: LEDGER },
    Case { path: "/rpc/stock_values", body: |_| String::new(), expect: LEDGER },
    Case { path: "/rpc/purchase_suggestions", body: |_| String::new(), expect: STOCK },
    Case { path: "/rpc/refresh_forecasts", body: |_| String::new(), expect: STOCK },
    Case { path: "/rpc/list_notifiers", body: |_| String::new(), expect: BOSS_ONLY },
    Case {
        path: "/rpc/create_notifier",
        body: |_| "input[name]=仓库群&input[kind]=wecom&input[url]=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc".into(),
        expect: BOSS_ONLY,
    },
    Case { path: "/rpc/set_notifier_active", body: |_| "id=999999&active=false".into(), expect: [Unauth, Gone, Deny, Deny, Deny, Deny, Deny] },
    Case { path: "/rpc/test_notifiers", body: |_| String::new(), expect: BOSS_ONLY },
    Case { path: "/rpc/receive_stock", body: |f| format!("input[sku_id]={}&input[qty]=1&input[note]=", f.sku), expect: [Unauth, Ok, Deny, Deny, Deny, Ok, Deny] },
    Case {
        path: "/rpc/create_product",
        body: |_| "input[name]=新品&input[category]=美妆&input[price]=9.9&input[cost]=&input[colors]=&input[sizes]=&input[low_stock_qty]=1".into(),
        expect: [Unauth, Ok, Deny, Deny, Deny, Ok, Deny],
    },
    Case { path: "/rpc/get_overview", body: |_| String::new(), expect: [Unauth, Ok, Ok, Ok, Ok, Deny, Ok] },
    Case { path: "/rpc/get_boss_view", body: |f| format!("filter[agent]={}&filter[preset]=last_month", f.a2), expect: [Unauth, Ok, Ok, Ok, Gone, Deny, Ok] },
    Case { path: "/rpc/get_sales_view", body: |_| "filter[preset]=this_year&level=1".into(), expect: [Unauth, Ok, Ok, Ok, Ok, Deny, Ok] },
    Case {
        path: "/rpc/set_sales_target",
        body: |f| format!("target[agent_id]={}&target[month]=2026-11&target[target]=1000", f.a2),
        expect: BOSS_ONLY,
    },
    Case { path: "/rpc/export_dashboard", body: |_| "chart=heat&filter[preset]=last7".into(), expect: [Unauth, Ok, Ok, Ok, Ok, Deny, Ok] },
    Case { path: "/rpc/get_stock_view", body: |_| String::new(), expect: LEDGER },
    Case { path: "/rpc/get_wall", body: |_| String::new(), expect: [Unauth, Ok, Ok, Ok, Ok, Deny, Ok] },
    Case { path: "/rpc/list_rule_sets", body: |_| String::new(), expect: [Unauth, Ok, Ok, Ok, Ok, Deny, Ok] },
    Case { path: "/rpc/get_rule_choices", body: |_| String::new(), expect: BOSS_ONLY },
    Case { path: "/rpc/save_rule_set", body: |f| rule_body(f), expect: BOSS_ONLY },
    Case { path: "/rpc/preview_rule_set", body: |f| rule_body(f), expect: BOSS_ONLY },
    Case { path: "/rpc/get_commission_month", body: |f| format!("month={}", f.closed), expect: [Unauth, Ok, Deny, Deny, Deny, Deny, Ok] },
    Case { path: "/rpc/list_statements", body: |_| String::new(), expect: [Unauth, Ok, Ok, Ok, Ok, Deny, Ok] },
    // A statement is personal: A2's leader gets the same 404 as another line.
    Case { path: "/rpc/get_statement", body: |f| format!("id={}", f.statement), expect: [Unauth, Ok, Gone, Ok, Gone, Deny, Ok] },
    Case { path: "/rpc/export_statements", body: |f| format!("month={}", f.closed), expect: [Unauth, Ok, Ok, Ok, Ok, Deny, Ok] },
    // The boss runs last month, then approves it (rows run in order).
    Case { path: "/rpc/run_month_end", body: |f| format!("month={}", f.open), expect: BOSS_ONLY },
    Case { path: "/rpc/approve_month", body: |f| format!("month={}", f.open), expect: BOSS_ONLY },
    // The boss pays first; finance then finds it paid (409).
    Case {
        path: "/rpc/record_payout",
        body: |f| format!("input[statement_id]={}&input[method]=bank&input[reference]=NO.1&input[paid_on]={}", f.statement, f.rule_day),
        expect: [Unauth, Ok, Deny, Deny, Deny, Deny, Pass],
    },
    Case { path: "/rpc/get_team_settings", body: |_| String::new(), expect: BOSS_ONLY },
    Case { path: "/rpc/list_payments", body: |_| String::new(), expect: FINANCE },
    Case { path: "/rpc/get_payment", body: |f| format!("id={}", f.payment), expect: FINANCE },
    Case {
        path: "/rpc/record_payment",
        body: |_| "input[method]=cash&input[amount]=1&input[payer]=x&input[payer_account]=&input[paid_at]=2026-01-01T10:00\
                   &input[txn_no]=&input[reference]=&input[note]="
            .into(),
        expect: FINANCE,
    },
    Case { path: "/rpc/match_payment", body: |f| format!("id={}&order_no=ZG000000000000", f.open_payment), expect: FINANCE_RULE },
    Case { path: "/rpc/unmatch_payment", body: |f| format!("id={}", f.open_payment), expect: FINANCE_RULE },
    // Whoever may see the order sees its payments; another line's order is missing.
    Case { path: "/rpc/get_order_payments", body: |f| format!("id={}", f.order), expect: [Unauth, Ok, Ok, Ok, Gone, Ok, Ok] },
    Case { path: "/rpc/upload_file", body: |_| "kind=bill&file[file_name]=a.csv&file[content_b64]=YWJj".into(), expect: FINANCE },
    Case { path: "/rpc/preview_bill", body: |_| "token=nope".into(), expect: FINANCE_RULE },
    Case { path: "/rpc/import_bill", body: |_| "token=nope".into(), expect: FINANCE_RULE },
    Case { path: "/rpc/list_bill_imports", body: |_| String::new(), expect: FINANCE },
    Case { path: "/rpc/list_bank_mappings", body: |_| String::new(), expect: FINANCE },
    Case { path: "/rpc/save_bank_mapping", body: |_| "input[name]=工行&input[time]=日期".into(), expect: FINANCE_RULE },
    Case { path: "/rpc/get_reconciliation", body: |_| String::new(), expect: FINANCE },
    Case { path: "/rpc/expense_categories", body: |_| String::new(), expect: FINANCE },
    Case { path: "/rpc/create_expense_category", body: |_| "name=".into(), expect: FINANCE_RULE },
    Case { path: "/rpc/list_expenses", body: |_| String::new(), expect: FINANCE },
    Case {
        path: "/rpc/record_expense",
        body: |_| "input[category_id]=1&input[amount]=1&input[spent_on]=2026-01-01&input[note]=".into(),
        expect: FINANCE,
    },
    Case { path: "/rpc/delete_expense", body: |_| "id=999999".into(), expect: [Unauth, Gone, Deny, Deny, Deny, Deny, Gone] },
    Case { path: "/rpc/preview_expenses", body: |_| "token=nope".into(), expect: FINANCE_RULE },
    Case { path: "/rpc/import_expenses", body: |_| "token=nope".into(), expect: FINANCE_RULE },
    Case { path: "/rpc/get_pnl", body: |_| String::new(), expect: FINANCE },
    Case { path: "/rpc/export_pnl", body: |_| String::new(), expect: FINANCE },
    Case { path: "/rpc/close_period", body: |_| "month=2026-13".into(), expect: [Unauth, Pass, Deny, Deny, Deny, Deny, Deny] },
    Case { path: "/rpc/closed_periods", body: |_| String::new(), expect: FINANCE },
    Case { path: "/rpc/update_team_settings", body: |_| "settings[agents_confirm_payment]=false".into(), expect: BOSS_ONLY },
    Case { path: "/rpc/list_customers", body: |_| String::new(), expect: CRM_VIEW },
    Case { path: "/rpc/save_customer_search", body: |_| "q=13800000002".into(), expect: CRM_VIEW },
    Case { path: "/rpc/customer_agents", body: |_| String::new(), expect: CRM_VIEW },
    Case { path: "/rpc/get_customer", body: |f| format!("id={}", f.customer), expect: [Unauth, Ok, Ok, Ok, Gone, Deny, Ok] },
    Case {
        path: "/rpc/create_customer",
        body: |f| format!("input[agent_id]={}&input[name]=新客&input[mobile]=13900000009", f.a2),
        // The boss files it; then the same agent + mobile is a duplicate (409); the other line may not use A2 (422).
        expect: [Unauth, Ok, Pass, Pass, Pass, Deny, Deny],
    },
    Case { path: "/rpc/update_customer", body: |f| format!("id={}&input[name]=王女士", f.customer), expect: CRM_EDIT_OWN },
    Case { path: "/rpc/add_customer_note", body: |f| format!("id={}&kind=consultation&body=咨询补水面膜", f.customer), expect: CRM_EDIT_OWN },
    Case {
        path: "/rpc/save_customer_address",
        body: |f| format!("id={}&input[recipient]=王女士&input[mobile]=13800000002&input[address]=浙江省杭州市西湖区文三路2号", f.customer),
        expect: CRM_EDIT_OWN,
    },
    Case { path: "/rpc/set_default_address", body: |f| format!("id={}&address_id={}", f.customer, f.address), expect: CRM_EDIT_OWN },
    Case { path: "/rpc/delete_customer_address", body: |f| format!("id={}&address_id=999999", f.customer), expect: [Unauth, Gone, Gone, Gone, Gone, Deny, Deny] },
    Case { path: "/rpc/set_customer_tag", body: |f| format!("id={}&tag_id={}&on=true", f.customer, f.tag), expect: CRM_EDIT_OWN },
    Case { path: "/rpc/list_tags", body: |_| String::new(), expect: CRM_VIEW },
    Case { path: "/rpc/save_tag", body: |_| "input[name]=新标签".into(), expect: BOSS_ONLY },
    Case { path: "/rpc/delete_tag", body: |_| "id=999999".into(), expect: BOSS_GONE },
    Case { path: "/rpc/get_crm_settings", body: |_| String::new(), expect: CRM_VIEW },
    Case {
        path: "/rpc/save_lifecycle",
        body: |_| "config[new_days]=30&config[loyal_window_days]=180&config[loyal_min_orders]=3&config[dormant_days]=90&config[churn_days]=180".into(),
        expect: BOSS_ONLY,
    },
    Case { path: "/rpc/add_custom_field", body: |_| "name=肤质&kind=text".into(), expect: BOSS_ONLY },
    Case { path: "/rpc/delete_custom_field", body: |_| "id=999999".into(), expect: BOSS_GONE },
    Case { path: "/rpc/refresh_customers", body: |_| String::new(), expect: BOSS_ONLY },
    Case { path: "/rpc/get_segment_overview", body: |_| String::new(), expect: CRM_VIEW },
    Case { path: "/rpc/get_repurchase_report", body: |_| String::new(), expect: CRM_VIEW },
    Case { path: "/rpc/list_campaigns", body: |_| String::new(), expect: BOSS_ONLY },
    Case { path: "/rpc/save_campaign", body: |_| "input[name]=唤醒&input[min_silent_days]=90&input[repeat_days]=90&input[active]=true".into(), expect: BOSS_ONLY },
    Case { path: "/rpc/run_campaigns", body: |_| String::new(), expect: BOSS_ONLY },
    Case { path: "/rpc/issue_coupon", body: |f| format!("id={}&kind=amount&value=20&valid_days=30", f.customer), expect: BOSS_ONLY },
    Case { path: "/rpc/list_follow_ups", body: |_| String::new(), expect: [Unauth, Ok, Ok, Ok, Ok, Deny, Deny] },
    Case {
        path: "/rpc/finish_follow_up",
        body: |f| format!("id={}&contact=call&result=已电话回访", f.follow_up),
        // Done by the boss first; then it is done already (409); the other line cannot see it.
        expect: [Unauth, Ok, Pass, Pass, Gone, Deny, Deny],
    },
    Case { path: "/rpc/lookup_order_customer", body: |f| format!("lookup[id]={}&lookup[agent_id]={}", f.customer, f.a2), expect: CRM_EDIT_OWN },
    Case {
        path: "/rpc/import_customers",
        // 姓名,手机号 / 赵敏,13900000011 as CSV in base64, checked only (commit=false).
        body: |f| format!("input[file_name]=c.csv&input[data]=5aeT5ZCNLOaJi%2BacuuWPtwrotbXmlY8sMTM5MDAwMDAwMTEK&input[agent_id]={}&input[commit]=false", f.a2),
        expect: [Unauth, Ok, Ok, Ok, Ok, Deny, Deny],
    },
    Case { path: "/rpc/export_customers", body: |_| String::new(), expect: CRM_VIEW },
    Case { path: "/rpc/export_personal_data", body: |f| format!("id={}", f.customer), expect: BOSS_ONLY },
    Case { path: "/rpc/list_conflicts", body: |_| String::new(), expect: BOSS_ONLY },
    Case { path: "/rpc/resolve_conflict", body: |f| format!("id={}&decision=keep_owner", f.conflict), expect: BOSS_ONLY },
    Case { path: "/rpc/erase_customer", body: |f| format!("id={}", f.other_customer), expect: BOSS_ONLY },
    Case { path: "/rpc/get_tax_profile", body: |_| String::new(), expect: TAX },
    Case {
        path: "/rpc/save_tax_profile",
        body: |_| "input[taxpayer]=SmallScale&input[name]=福州掌柜商贸有限公司&input[tax_id]=91350100M000100Y43&input[city]=Urban&input[credit_month]=2026-01".into(),
        expect: TAX,
    },
    Case { path: "/rpc/list_tax_policy", body: |_| String::new(), expect: TAX },
    Case { path: "/rpc/list_product_tax", body: |_| String::new(), expect: TAX },
    Case {
        path: "/rpc/save_product_tax",
        body: |f| format!("input[product_id]={}&input[tax_code]=1030201000000000000&input[short_name]=焙烤食品&input[rate]=R1&input[unit]=盒", f.product),
        expect: TAX,
    },
    Case { path: "/rpc/invoiceable_orders", body: |_| "q=13800000002".into(), expect: TAX },
    Case {
        path: "/rpc/preview_invoice",
        body: |_| HAND_INVOICE.into(),
        expect: TAX,
    },
    Case { path: "/rpc/create_invoice", body: |_| HAND_INVOICE.into(), expect: TAX },
    Case { path: "/rpc/list_invoices", body: |_| String::new(), expect: TAX },
    Case { path: "/rpc/get_invoice", body: |f| format!("id={}", f.invoice), expect: TAX },
    // A malformed number: refused by the rule (422) for those who may record it.
    Case { path: "/rpc/issue_invoice", body: |f| format!("id={}&number=123&date=2026-01-05", f.invoice), expect: TAX_PASS },
    Case { path: "/rpc/delete_invoice", body: |_| "id=999999".into(), expect: TAX_GONE },
    // A pending invoice cannot be reversed (409).
    Case { path: "/rpc/reverse_invoice", body: |f| format!("id={}&input[reason]=SalesReturn", f.invoice), expect: TAX_PASS },
    Case { path: "/rpc/list_input_invoices", body: |_| String::new(), expect: TAX },
    Case { path: "/rpc/list_purchase_receipts", body: |_| String::new(), expect: TAX },
    Case {
        path: "/rpc/create_input_invoice",
        body: |_| "input[kind]=Special&input[seller_name]=供应商&input[seller_tax_id]=91110108123456788E&input[number]=12&input[issued_on]=2026-01-05&input[amount]=100".into(),
        expect: TAX_PASS,
    },
    Case { path: "/rpc/select_input_invoice", body: |f| format!("id={}&date=2026-01-20", f.input), expect: TAX },
    Case { path: "/rpc/delete_input_invoice", body: |_| "id=999999".into(), expect: TAX_GONE },
    Case { path: "/rpc/get_vat_summary", body: |_| "period=2026-01".into(), expect: TAX },
    Case { path: "/rpc/export_vat_summary", body: |_| "period=2026-Q1".into(), expect: TAX },
    Case { path: "/rpc/export_invoices", body: |_| String::new(), expect: TAX },
    Case { path: "/rpc/parse_address", body: |_| "text=张三 13800138000 浙江省杭州市西湖区文三路100号".into(), expect: SELLERS },
    Case { path: "/rpc/search_skus", body: |f| format!("query[q]=dhs&query[agent_id]={}", f.a2), expect: SELLERS_A2 },
    Case { path: "/rpc/find_customers", body: |f| format!("query[q]=138&query[agent_id]={}", f.a2), expect: SELLERS_A2 },
    Case { path: "/rpc/start_upload", body: |_| "input[file_name]=orders.csv&input[size]=100".into(), expect: SELLERS },
    // An unknown upload token: gone (409) for those who may upload.
    Case { path: "/rpc/upload_chunk", body: |_| "token=nope&offset=0&data=QUJD".into(), expect: [Unauth, Pass, Pass, Pass, Pass, Deny, Deny] },
    Case { path: "/rpc/preview_import", body: |f| format!("choice[token]=nope&choice[agent_id]={}", f.a2), expect: [Unauth, Pass, Pass, Pass, Pass, Deny, Deny] },
    Case { path: "/rpc/commit_import", body: |f| format!("choice[token]=nope&choice[agent_id]={}", f.a2), expect: [Unauth, Pass, Pass, Pass, Pass, Deny, Deny] },
    Case { path: "/rpc/list_mappings", body: |_| String::new(), expect: SELLERS },
    // The boss saves it; the next callers repeat its name (422).
    Case {
        path: "/rpc/save_mapping",
        body: |_| "input[name]=有赞&input[order_no]=订单号&input[recipient_name]=收货人&input[mobile]=手机&input[address]=地址&input[sku_code]=编码&input[qty]=数量".into(),
        expect: [Unauth, Ok, Pass, Pass, Pass, Deny, Deny],
    },
    Case { path: "/rpc/delete_mapping", body: |_| "id=999999".into(), expect: [Unauth, Gone, Deny, Deny, Deny, Deny, Deny] },
    Case { path: "/rpc/get_share_admin", body: |f| format!("agent_id={}", f.a2), expect: SELLERS_A2 },
    Case { path: "/rpc/reset_share_code", body: |f| format!("agent_id={}", f.spare), expect: [Unauth, Ok, Gone, Gone, Gone, Deny, Deny] },
    Case { path: "/rpc/set_share_active", body: |f| format!("agent_id={}&active=true", f.a2), expect: SELLERS_A2 },
    Case { path: "/rpc/upload_product_image", body: |f| format!("input[product_id]={}&input[data_base64]={}", f.product, PNG_B64.replace('+', "%2B")), expect: STOCK },
    Case { path: "/rpc/get_share", body: |f| format!("code={}", f.share), expect: PUBLIC },
    Case { path: "/rpc/parse_share_address", body: |f| format!("code={}&text=李四 13900139000 广州市天河区体育西路1号", f.share), expect: PUBLIC },
    // Five orders an hour from one address; the sixth and seventh are refused (429).
    Case {
        path: "/rpc/place_share_order",
        body: |f| {
            format!(
                "order[code]={}&order[name]=王女士&order[mobile]=13800000002&order[address]=浙江省杭州市西湖区文三路1号\
                 &order[lines][0][sku_id]={}&order[lines][0][qty]=1",
                f.share, f.sku
            )
        },
        expect: [Ok, Ok, Ok, Ok, Ok, Pass, Pass],
    },
    // Offline order entry: JSON in (the installed app's plain script). B1 may not order for
    // A2: the refusal is the answer's data (a conflict on the outbox item), not an error.
    Case { path: "/rpc/offline_catalog", body: |_| "{}".into(), expect: SELLERS },
    Case {
        path: "/rpc/submit_offline_order",
        body: |f| {
            format!(
                r#"{{"input":{{"key":"http-case-1","order":{{"agent_id":{},"customer_name":"王女士","mobile":"13800000002","address":"浙江省杭州市西湖区文三路1号","channel":"wechat","lines":[{{"sku_id":{},"qty":1}}]}},"seen":[{{"sku_id":{},"unit_price_fen":1000}}],"entered_at":1764400000000}}}}"#,
                f.a2, f.sku, f.sku
            )
        },
        expect: SELLERS,
    },
    // Last: it ends the caller's session.
    Case { path: "/rpc/logout", body: |_| String::new(), expect: [Ok; 7] },
];

fn rule_body(f: &Fx) -> String {
    format!(
        "input[effective_from]={}&input[mode]=marginal&input[accrue_on]=shipped&input[tiers][0][from]=0&input[tiers][0][rate]=5\
         &input[overrides][0]=10&input[note]=",
        f.rule_day
    )
}
/// A hand-made 普票 of one line (the tax area).
const HAND_INVOICE: &str = "input[kind]=Ordinary&input[buyer_name]=张三&input[natural_person]=true&input[lines][0][name]=蛋糕\
     &input[lines][0][short_name]=焙烤食品&input[lines][0][tax_code]=1030201000000000000&input[lines][0][qty]=1\
     &input[lines][0][price]=33.33&input[lines][0][rate]=R1";

fn router(db: &Db) -> Router {
    let options = leptos::config::LeptosOptions::builder().output_name("zhanggui").site_root("target/site").build();
    server::web::router(db.clone(), options, common::settings(), server::security::Security::default())
}

async fn call(app: &Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let res = tower::ServiceExt::oneshot(app.clone(), req).await.unwrap();
    let (parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 4 * 1024 * 1024).await.unwrap();
    (parts.status, parts.headers, String::from_utf8_lossy(&bytes).into_owned())
}

fn post(path: &str, body: String, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::CONTENT_LENGTH, body.len())
        .header(header::HOST, "127.0.0.1:3000");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::from(body)).unwrap()
}

/// Sign in over HTTP; returns the session cookie pair.
async fn sign_in(app: &Router, user: &str) -> String {
    let body = format!("username={user}&password={}", common::PASSWORD);
    let (status, headers, text) = call(app, post("/rpc/login", body, None)).await;
    assert_eq!(status, StatusCode::OK, "login {user}: {text}");
    let set = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap();
    set.split(';').next().unwrap().to_string()
}

fn classify(status: StatusCode) -> Option<E> {
    match status.as_u16() {
        200 => Some(Ok),
        401 => Some(Unauth),
        403 => Some(Deny),
        404 => Some(Gone),
        400 | 500..=599 => None,
        _ => Some(Pass),
    }
}

async fn fixture(db: &Db) -> Fx {
    let t = common::team(db).await;
    let spare = common::user(db, "spare", app::auth::Role::Agent, None).await;
    let sku = common::sku(db, &t.boss, "10", 100).await;
    let input = app::orders::NewOrder {
        agent_id: t.ids.2,
        customer_name: "王女士".into(),
        mobile: "13800000002".into(),
        address: "浙江省杭州市西湖区文三路 1 号".into(),
        channel: app::orders::Channel::Wechat,
        lines: vec![app::orders::NewOrderLine { sku_id: sku, qty: 1 }],
        coupon_code: Default::default(),
    };
    let (order, _) = app::orders::service::create_order(db, &t.a2, &input).await.unwrap();
    app::orders::service::transition(db, &t.boss, order, app::orders::Transition::MarkPaid).await.unwrap();
    let crm = crm_fixture(db, &t, &input, order).await;
    let order_input = input.clone();
    let no = app::orders::service::get_order(db, &t.boss, order).await.unwrap().summary.order_no;
    let pay = |amount: &str, reference: String| app::finance::NewPayment {
        method: app::finance::Method::Cash,
        amount: amount.into(),
        payer: "王女士".into(),
        payer_account: "".into(),
        paid_at: "2026-01-01 10:00".into(),
        txn_no: "".into(),
        reference: reference.into(),
        note: "".into(),
    };
    let payment = app::finance::service::record_payment(db, &t.finance, &pay("10", no)).await.unwrap().id.0;
    let open_payment = app::finance::service::record_payment(db, &t.finance, &pay("7.77", String::new())).await.unwrap().id.0;
    let products = common::tax_setup(db, &t.boss, &common::tax_profile("2026-01"), app::tax::TaxRate::R1).await;
    let new = app::tax::NewInvoice { buyer_name: "王女士".into(), natural_person: true, order_ids: vec![order.0], ..Default::default() };
    let invoice = app::tax::service::create_invoice(db, &t.boss, &new).await.unwrap();
    let input = app::tax::NewInputInvoice {
        seller_name: "供应商".into(),
        seller_tax_id: "91110108123456788E".into(),
        number: "26352000000012345678".into(),
        issued_on: "2026-01-05".into(),
        amount: "100".into(),
        tax: "13".into(),
        ..Default::default()
    };
    let input = app::tax::service::create_input(db, &t.boss, &input).await.unwrap();
    use app::inventory::{service as inv, DocLine, NewPurchaseOrder, NewStocktake, NewSupplier, NewTransfer, NewWarehouse};
    let line = |qty| vec![DocLine { sku_id: sku, qty, unit_cost: "9.5".into() }];
    let main = inv::list_warehouses(db, &t.boss).await.unwrap()[0].id;
    let branch = inv::create_warehouse(db, &t.boss, &NewWarehouse { name: "华南仓".into(), regions: "广东".into() }).await.unwrap();
    let supplier = inv::create_supplier(db, &t.boss, &NewSupplier { name: "广州白云美妆".into(), lead_time_days: 5, ..Default::default() }).await.unwrap();
    let po = inv::create_purchase(db, &t.boss, &NewPurchaseOrder { supplier_id: supplier, lines: line(5), ..Default::default() }).await.unwrap();
    let transfer = inv::create_transfer(db, &t.boss, &NewTransfer { from_warehouse_id: main, to_warehouse_id: branch, lines: line(1), ..Default::default() }).await.unwrap();
    let sheet = inv::create_stocktake(db, &t.boss, &NewStocktake { warehouse_id: main, lines: line(90), ..Default::default() }).await.unwrap();
    let sku_code = inv::sku_choices(db, &t.boss).await.unwrap().into_iter().find(|k| k.sku_id == sku).unwrap().code;
    let share = app::intake::service_share::admin(db, &t.a2, None).await.unwrap().code;
    let key = |name: &'static str, agent: Option<i64>| {
        let boss = t.boss.clone();
        async move { app::auth::service::create_api_key(db, &boss, name, agent).await.unwrap() }
    };
    let keys = [key("总部", None).await, key("A1 小程序", Some(t.ids.1)).await, key("B1 小程序", Some(t.ids.3)).await];
    // Commissions: rules from two months ago, A2's order shipped then, that month run and approved.
    use app::commissions::{service as commissions, Month};
    let open = Month::of_ms(app::time::now_ms()).prev();
    let closed = open.prev();
    let rules = app::commissions::RuleSetInput {
        effective_from: closed.first_day().to_string().as_str().into(),
        tiers: vec![app::commissions::TierInput { from: "0".into(), rate: "5".into() }],
        overrides: vec!["10".into()],
        ..Default::default()
    };
    commissions::save_rule_set(db, &t.boss, &rules).await.unwrap();
    let (sold, _) = app::orders::service::create_order(db, &t.a2, &order_input).await.unwrap();
    for step in [app::orders::Transition::MarkPaid, app::orders::Transition::Ship] {
        app::orders::service::transition(db, &t.boss, sold, step).await.unwrap();
    }
    let then = closed.start_ms() + 3 * 86_400_000;
    sqlx::query("UPDATE orders SET created_at = $1 WHERE id = $2").bind(then).bind(sold.0).execute(&db.pool).await.unwrap();
    sqlx::query("UPDATE order_events SET at = $1 WHERE order_id = $2").bind(then).bind(sold.0).execute(&db.pool).await.unwrap();
    commissions::run_month_end(db, &t.boss, closed).await.unwrap();
    commissions::approve_month(db, &t.boss, closed).await.unwrap();
    let mine = app::commissions::StatementFilter { month: Some(closed), ..Default::default() };
    let statement = commissions::list_statements(db, &t.a2, &mine).await.unwrap().rows[0].id.0;
    let today = app::commissions::logic::business_date(app::time::now_ms());
    Fx {
        order: order.0,
        sku,
        a2: t.ids.2,
        spare,
        product: products[0],
        invoice: invoice.0,
        input: input.0,
        customer: crm.0,
        tag: crm.1,
        address: crm.2,
        follow_up: crm.3,
        conflict: crm.4,
        other_customer: crm.5,
        payment,
        open_payment,
        main,
        branch,
        supplier,
        po,
        transfer,
        sheet,
        statement,
        closed: closed.to_string(),
        open: open.to_string(),
        rule_day: today.to_string(),
        sku_code,
        share,
        keys,
    }
}

/// A2's customer with a manual tag, a follow-up from a campaign, and a 撞单 (B1's order for the
/// same mobile); another customer of A2 to erase.
async fn crm_fixture(db: &Db, t: &common::Team, input: &app::orders::NewOrder, order: app::orders::OrderId) -> (i64, i64, i64, i64, i64, i64) {
    use app::customers::{service as crm, CampaignInput, NewCustomer, Stage, TagInput};
    let customer = app::orders::service::get_order(db, &t.boss, order).await.unwrap();
    let page = crm::list_customers(db, &t.boss, &Default::default()).await.unwrap();
    let c = page.rows.iter().find(|r| r.agent_id == customer.agent_id).unwrap().id;
    let tag = crm::save_tag(db, &t.boss, &TagInput { name: "VIP".into(), ..Default::default() }).await.unwrap();
    let address = crm::get_customer(db, &t.boss, c).await.unwrap().addresses[0].id;
    let campaign = CampaignInput { name: "新客回访".into(), stage: Some(Stage::New), repeat_days: 30, active: true, ..Default::default() };
    crm::save_campaign(db, &t.boss, &campaign).await.unwrap();
    crm::run_campaigns(db, &t.boss).await.unwrap();
    let follow_up = crm::list_follow_ups(db, &t.boss).await.unwrap()[0].id;
    let clash = app::orders::NewOrder { agent_id: t.ids.3, ..input.clone() };
    app::orders::service::create_order(db, &t.boss, &clash).await.unwrap();
    let conflict = crm::list_conflicts(db, &t.boss).await.unwrap()[0].id;
    let other = NewCustomer { agent_id: t.ids.2, name: "赵女士".into(), mobile: "13800000077".into(), ..Default::default() };
    let other = crm::create_customer(db, &t.boss, &other).await.unwrap();
    (c.0, tag, address, follow_up, conflict, other.0)
}

on_both!(every_endpoint_by_every_role, |db: Db| async move {
    let fx = fixture(&db).await;
    let app = router(&db);
    let mut cookies = vec![None];
    for user in ["boss", "a1", "a2", "b1", "clerk", "money"] {
        cookies.push(Some(sign_in(&app, user).await));
    }
    // The table covers exactly the registered server functions.
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p.to_string()).collect();
    let tabled: BTreeSet<String> = CASES.iter().map(|c| c.path.to_string()).collect();
    assert_eq!(registered, tabled, "every server function must have a row in CASES (and every row a function)");
    let mut wrong = Vec::new();
    for case in CASES {
        for (r, expect) in case.expect.iter().enumerate() {
            let body = (case.body)(&fx);
            let mut req = post(case.path, body.clone(), cookies[r].as_deref());
            if body.starts_with('{') {
                req.headers_mut().insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
            }
            let (status, _, text) = call(&app, req).await;
            if classify(status) != Some(*expect) {
                wrong.push(format!("{} as {}: expected {expect:?}, got {status} {text}", case.path, ROLES[r]));
            }
        }
    }
    assert!(wrong.is_empty(), "access table violated:\n{}", wrong.join("\n"));
});

/// Who calls the REST API: unsigned, the team's key, a key of A1's line, a key of B1's line.
const KEYS: [&str; 4] = ["unsigned", "team key", "A1 line key", "B1 line key"];

/// One REST route (or public file) and the status each caller gets (see `KEYS`).
struct ApiCase {
    method: &'static str,
    /// The route as the OpenAPI document names it.
    route: &'static str,
    path: fn(&Fx) -> String,
    body: fn(&Fx) -> String,
    expect: [u16; 4],
}

/// The access table of the REST API and the share pages' files. Every path of the OpenAPI
/// document must have a row.
const API_CASES: &[ApiCase] = &[
    // B1's line may not order for A2: a field error (422).
    ApiCase {
        method: "POST",
        route: "/api/v1/orders",
        path: |_| "/api/v1/orders".into(),
        body: |f| format!(r#"{{"agent_id":{},"recipient_name":"王女士","mobile":"13800000002","address":"浙江省杭州市西湖区文三路1号","items":[{{"sku_code":"{}","qty":1}}]}}"#, f.a2, f.sku_code),
        expect: [401, 201, 201, 422],
    },
    ApiCase { method: "GET", route: "/api/v1/orders", path: |_| "/api/v1/orders".into(), body: |_| String::new(), expect: [401, 200, 200, 200] },
    ApiCase { method: "GET", route: "/api/v1/orders/{id}", path: |f| format!("/api/v1/orders/{}", f.order), body: |_| String::new(), expect: [401, 200, 200, 404] },
    ApiCase {
        method: "POST",
        route: "/api/v1/address/parse",
        path: |_| "/api/v1/address/parse".into(),
        body: |_| r#"{"text":"张三 13800138000 浙江省杭州市西湖区文三路100号"}"#.into(),
        expect: [401, 200, 200, 200],
    },
    ApiCase { method: "GET", route: "/api/v1/openapi.json", path: |_| "/api/v1/openapi.json".into(), body: |_| String::new(), expect: [200; 4] },
    ApiCase { method: "GET", route: "/s/img/{product_id}", path: |f| format!("/s/img/{}", f.product), body: |_| String::new(), expect: [200; 4] },
    ApiCase { method: "GET", route: "/s/img/{product_id}", path: |_| "/s/img/999999".into(), body: |_| String::new(), expect: [404; 4] },
    ApiCase {
        method: "GET",
        route: "/s/{code}/poster/{product_id}",
        path: |f| format!("/s/{}/poster/{}", f.share, f.product),
        body: |_| String::new(),
        expect: [200; 4],
    },
    ApiCase { method: "GET", route: "/s/{code}/poster/{product_id}", path: |f| format!("/s/ZZZZZZZZ/poster/{}", f.product), body: |_| String::new(), expect: [404; 4] },
];

/// A request signed with `key` (id, secret) as the API asks, or unsigned.
fn signed(method: &str, path: &str, body: String, key: Option<&(String, String)>) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(path).header(header::HOST, "127.0.0.1:3000").header(header::CONTENT_TYPE, "application/json");
    if let Some((id, secret)) = key {
        let ts = (app::time::now_ms() / 1000).to_string();
        let sig = app::intake::service_api::sign(secret, method, path, &ts, body.as_bytes());
        b = b.header("X-ZG-Key", id.as_str()).header("X-ZG-Timestamp", ts).header("X-ZG-Signature", sig);
    }
    b.body(Body::from(body)).unwrap()
}

on_both!(every_api_route_by_every_key, |db: Db| async move {
    let fx = fixture(&db).await;
    let boss = common::caller(&db, "boss").await;
    let png = base64_png();
    app::intake::service_share::upload_image(&db, &boss, &app::intake::ImageUpload { product_id: fx.product, data_base64: png.as_str().into() }).await.unwrap();
    let app = router(&db);
    // The table covers every path of the OpenAPI document.
    let doc = server::rest::document();
    let documented: BTreeSet<String> = doc.paths.paths.keys().cloned().collect();
    let tabled: BTreeSet<String> = API_CASES.iter().map(|c| c.route.to_string()).filter(|r| r.starts_with("/api/v1/") && r != "/api/v1/openapi.json").collect();
    assert_eq!(documented, tabled, "every documented API path must have a row in API_CASES (and every API row a documented path)");
    let mut wrong = Vec::new();
    for case in API_CASES {
        for (k, expect) in case.expect.iter().enumerate() {
            let key = if k == 0 { None } else { Some(&fx.keys[k - 1]) };
            let (status, headers, text) = call(&app, signed(case.method, &(case.path)(&fx), (case.body)(&fx), key)).await;
            if status.as_u16() != *expect {
                wrong.push(format!("{} {} as {}: expected {expect}, got {status} {text}", case.method, (case.path)(&fx), KEYS[k]));
            }
            // API answers are JSON, errors included.
            if case.route.starts_with("/api/") {
                let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
                if !ct.starts_with("application/json") || serde_json::from_str::<serde_json::Value>(&text).is_err() {
                    wrong.push(format!("{} {} as {}: not JSON ({ct}): {text}", case.method, case.route, KEYS[k]));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "API access table violated:\n{}", wrong.join("\n"));
});

/// [`PNG_B64`] as the picture upload takes it.
fn base64_png() -> String {
    PNG_B64.to_string()
}

on_both!(malformed_requests_get_a_clear_400, |db: Db| async move {
    fixture(&db).await;
    let app = router(&db);
    let boss = sign_in(&app, "boss").await;
    let bad_bodies = ["%%%&&&=[", "id=abc&transition=teleport&input[lines][x]=y", "input=%FF%FE", "user_id=99999999999999999999999"];
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        if path == "/rpc/logout" {
            continue;
        }
        for body in bad_bodies {
            let (status, _, text) = call(&app, post(path, body.into(), Some(&boss))).await;
            assert!(!status.is_server_error(), "{path} with {body:?}: {status} {text}");
            if status == StatusCode::BAD_REQUEST {
                assert!(text.contains("\"kind\":\"bad_request\""), "{path}: {text}");
            }
        }
        let huge = format!("q={}", "x".repeat(server::web::body_limit(path) + 1));
        let (status, _, _) = call(&app, post(path, huge, Some(&boss))).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{path}");
    }
    // Arguments of the wrong type or an unknown enum value: 400, not a panic.
    for (path, body) in [("/rpc/get_order", "id=abc"), ("/rpc/transition_order", "id=1&transition=teleport"), ("/rpc/set_lang", "lang=xx")] {
        let (status, _, text) = call(&app, post(path, body.into(), Some(&boss))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path} {body}: {text}");
    }
});

on_both!(other_origins_cannot_change_anything, |db: Db| async move {
    fixture(&db).await;
    let app = router(&db);
    let boss = sign_in(&app, "boss").await;
    let with = |path: &str, body: &str, origin: Option<&str>, site: Option<&str>| {
        let mut r = post(path, body.into(), Some(&boss));
        if let Some(o) = origin {
            r.headers_mut().insert(header::ORIGIN, o.parse().unwrap());
        }
        if let Some(s) = site {
            r.headers_mut().insert("sec-fetch-site", s.parse().unwrap());
        }
        r
    };
    let body = "input[sku_id]=1&input[qty]=1&input[note]=";
    // Another site, another port of the same host, a sibling subdomain: refused.
    for origin in ["https://evil.example", "http://127.0.0.1:3001", "http://x.127.0.0.1:3000"] {
        let (status, _, _) = call(&app, with("/rpc/receive_stock", body, Some(origin), None)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{origin}");
    }
    let (status, _, _) = call(&app, with("/rpc/receive_stock", body, None, Some("cross-site"))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "cross-site without Origin");
    // Login CSRF: a cross-site form cannot sign the victim into the attacker's account.
    let mut login = post("/rpc/login", format!("username=a1&password={}", common::PASSWORD), None);
    login.headers_mut().insert(header::ORIGIN, "https://evil.example".parse().unwrap());
    let (status, headers, _) = call(&app, login).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(headers.get(header::SET_COOKIE).is_none());
    // The app's own origin works.
    let (status, _, _) = call(&app, with("/rpc/receive_stock", body, Some("http://127.0.0.1:3000"), Some("same-origin"))).await;
    assert_eq!(status, StatusCode::OK);
});

on_both!(headers_and_a_sessionless_404, |db: Db| async move {
    fixture(&db).await;
    let app = router(&db);
    let boss = sign_in(&app, "boss").await;
    let get = |path: &str| Request::get(path).header(header::COOKIE, boss.clone()).header(header::HOST, "127.0.0.1:3000").body(Body::empty()).unwrap();
    let (status, headers, html) = call(&app, get("/")).await;
    assert_eq!(status, StatusCode::OK);
    let csp = headers.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self' 'nonce-"), "{csp}");
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the response's nonce");
    assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), "private, no-store");
    assert!(html.contains("<html lang=\"zh-CN\""));
    // A missing file is a bare 404: no page, no session data.
    let (status, headers, body) = call(&app, get("/missing-logo.png")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(headers.get(header::SET_COOKIE).is_none());
    assert!(!body.contains("BOSS") && !body.contains("boss") && body.len() < 200, "{body}");
    // A missing page is the app's 404 page.
    let (status, _, _) = call(&app, get("/no-such-page")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Health probes.
    let (status, _, _) = call(&app, Request::get("/healthz").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, text) = call(&app, Request::get("/readyz").body(Body::empty()).unwrap()).await;
    assert_eq!((status, text.as_str()), (StatusCode::OK, "ready"));
    // Logout tells the browser to wipe the site's storage (the offline outbox in IndexedDB).
    let (status, headers, _) = call(&app, post("/rpc/logout", String::new(), Some(&boss))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers.get("clear-site-data").unwrap(), "\"storage\"");
});

on_both!(a_one_time_password_must_be_replaced_first, |db: Db| async move {
    let fx = fixture(&db).await;
    let app = router(&db);
    let otp = app::auth::service::reset_password(&db, &app::auth::service::system(), fx.spare, None).await.unwrap();
    let (status, headers, _) = call(&app, post("/rpc/login", format!("username=spare&password={otp}"), None)).await;
    assert_eq!(status, StatusCode::OK);
    let cookie = headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().split(';').next().unwrap().to_string();
    let (status, _, text) = call(&app, post("/rpc/list_orders", String::new(), Some(&cookie))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(text.contains("must_change_password"), "{text}");
    let body = format!("current={otp}&new_password=brand-new-pass");
    let (status, _, _) = call(&app, post("/rpc/change_password", body, Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = call(&app, post("/rpc/list_orders", String::new(), Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
});

on_both!(exports_download_as_files_also_from_a_plain_form, |db: Db| async move {
    fixture(&db).await;
    let app = router(&db);
    let boss = sign_in(&app, "boss").await;
    // A plain form post (before the wasm arrives) gets the file, not a redirect back.
    let mut req = post("/rpc/export_vat_summary", "period=2026-01".into(), Some(&boss));
    req.headers_mut().insert(header::ACCEPT, "text/html,application/xhtml+xml".parse().unwrap());
    req.headers_mut().insert(header::REFERER, "http://127.0.0.1:3000/tax".parse().unwrap());
    let res = tower::ServiceExt::oneshot(app.clone(), req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert_eq!(h.get(header::CONTENT_TYPE).unwrap(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_eq!(h.get(header::CONTENT_DISPOSITION).unwrap(), "attachment; filename=\"vat-2026-01.xlsx\"");
    let bytes = axum::body::to_bytes(res.into_body(), 4 * 1024 * 1024).await.unwrap();
    assert_eq!(&bytes[..2], b"PK");
    // A refusal is a JSON error with its status, not a file.
    let (status, headers, text) = call(&app, post("/rpc/export_vat_summary", "period=2026-13".into(), Some(&boss))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(headers.get(header::CONTENT_DISPOSITION).is_none());
    assert!(text.contains("tax") && text.contains("bad_period"), "{text}");
});
