//! 微掌柜 Zhanggui: the isomorphic app crate — shared types, domain logic, server
//! functions and UI. See README "Architecture" for the layout of each area.

#![recursion_limit = "256"]

/// Enums stored as text codes in the database: `ALL`, `code()` and `parse()` from one list,
/// so a code cannot be added in one place and forgotten in another.
macro_rules! text_codes {
    ($ty:ident { $($variant:ident = $code:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: [$ty; [$($code),+].len()] = [$($ty::$variant),+];

            pub fn code(self) -> &'static str {
                match self {
                    $($ty::$variant => $code),+
                }
            }

            pub fn parse(code: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|v| v.code() == code)
            }
        }
    };
}

/// A text table in both languages: `name = "中文" | "English";` for fixed text and
/// `@name(arg: T) = zh_expr, en_expr;` for text with data. Makes `Text`, the statics
/// `ZH` and `EN`, and `text(lang)`. Leaving out one language does not compile.
macro_rules! texts {
    (
        $( $name:ident = $zh:literal | $en:literal ; )*
        $( @ $fname:ident ( $( $arg:ident : $aty:ty ),* ) = $fzh:expr , $fen:expr ; )*
    ) => {
        /// The fixed texts of this area in one language.
        pub struct Text {
            $( pub $name: &'static str, )*
            $( pub $fname: fn($($aty),*) -> String, )*
        }

        pub static ZH: Text = Text {
            $( $name: $zh, )*
            $( $fname: { fn f($($arg: $aty),*) -> String { $fzh } f }, )*
        };

        pub static EN: Text = Text {
            $( $name: $en, )*
            $( $fname: { fn f($($arg: $aty),*) -> String { $fen } f }, )*
        };

        /// This area's texts in `lang`.
        pub fn text(lang: $crate::i18n::Lang) -> &'static Text {
            match lang {
                $crate::i18n::Lang::Zh => &ZH,
                $crate::i18n::Lang::En => &EN,
            }
        }
    };
}

pub mod auth;
pub mod bounded;
pub mod commissions;
pub mod customers;
pub mod dashboard;
pub mod error;
pub mod finance;
pub mod fulfil;
pub mod i18n;
pub mod imports;
pub mod intake;
pub mod inventory;
pub mod money;
pub mod notify;
pub mod orders;
pub mod page;
pub mod region;
pub mod settings;
pub mod tax;
pub mod time;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod ctx;
#[cfg(feature = "ssr")]
pub mod sql;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute};

/// A page whose code is split into its own wasm chunk (`cargo leptos build --split`), loaded
/// when the page is first shown, so the first page carries only the shell and itself.
macro_rules! lazy_page {
    ($route:ident, $page:path) => {
        #[derive(Debug)]
        struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    };
}

lazy_page!(HomeRoute, dashboard::ui::HomePage);
lazy_page!(BossDashRoute, dashboard::ui::BossPage);
lazy_page!(SalesDashRoute, dashboard::ui::SalesPage);
lazy_page!(StockDashRoute, dashboard::ui::StockDashPage);
lazy_page!(WallRoute, dashboard::ui::WallPage);
lazy_page!(OrdersRoute, orders::ui::OrderListPage);
lazy_page!(NewOrderRoute, orders::ui::NewOrderPage);
lazy_page!(OrderRoute, orders::ui::OrderDetailPage);
lazy_page!(ShipRoute, orders::ui::ShipQueuePage);
lazy_page!(BatchShipRoute, fulfil::ui::BatchShipPage);
lazy_page!(PrintLabelsRoute, fulfil::ui::PrintPage);
lazy_page!(PickingRoute, fulfil::ui::PickingPage);
lazy_page!(CouriersRoute, fulfil::ui::CouriersPage);
lazy_page!(InventoryRoute, inventory::ui::InventoryPage);
lazy_page!(LedgerRoute, inventory::ui::LedgerPage);
lazy_page!(StockAlertsRoute, inventory::ui::AlertsPage);
lazy_page!(SuggestionsRoute, inventory::ui::SuggestionsPage);
lazy_page!(PurchasesRoute, inventory::ui::PurchasesPage);
lazy_page!(PurchaseRoute, inventory::ui::PurchasePage);
lazy_page!(TransfersRoute, inventory::ui::TransfersPage);
lazy_page!(StocktakesRoute, inventory::ui::StocktakesPage);
lazy_page!(ProductRoute, inventory::ui::ProductPage);
lazy_page!(StockSettingsRoute, inventory::ui::StockSettingsPage);
lazy_page!(ProductSheetRoute, inventory::ui::ProductSheetPage);
lazy_page!(TeamRoute, auth::ui::TeamPage);
lazy_page!(AccountRoute, auth::ui::AccountPage);
lazy_page!(CustomersRoute, customers::ui::CustomerListPage);
lazy_page!(NewCustomerRoute, customers::ui::NewCustomerPage);
lazy_page!(SegmentsRoute, customers::ui::SegmentsPage);
lazy_page!(TagsRoute, customers::ui::TagsPage);
lazy_page!(CampaignsRoute, customers::ui::CampaignsPage);
lazy_page!(CrmSettingsRoute, customers::ui::CrmSettingsPage);
lazy_page!(ImportRoute, customers::ui::ImportPage);
lazy_page!(CustomerRoute, customers::ui::CustomerPage);
lazy_page!(VatRoute, tax::ui::VatPage);
lazy_page!(InvoicesRoute, tax::ui::InvoiceListPage);
lazy_page!(NewInvoiceRoute, tax::ui::NewInvoicePage);
lazy_page!(InvoiceRoute, tax::ui::InvoiceDetailPage);
lazy_page!(InputInvoicesRoute, tax::ui::InputInvoicesPage);
lazy_page!(ProductTaxRoute, tax::ui::ProductTaxPage);
lazy_page!(TaxProfileRoute, tax::ui::TaxProfilePage);
lazy_page!(PaymentsRoute, finance::ui::PaymentsPage);
lazy_page!(PaymentRoute, finance::ui::PaymentDetailPage);
lazy_page!(BillsRoute, finance::ui::BillsPage);
lazy_page!(BillPreviewRoute, finance::ui::BillPreviewPage);
lazy_page!(ReconRoute, finance::ui::ReconPage);
lazy_page!(ExpensesRoute, finance::ui::ExpensesPage);
lazy_page!(ExpensePreviewRoute, finance::ui::ExpensePreviewPage);
lazy_page!(PnlRoute, finance::ui::PnlPage);
lazy_page!(CommissionsRoute, commissions::ui::CommissionsPage);
lazy_page!(CommissionRulesRoute, commissions::ui::RulesPage);
lazy_page!(StatementRoute, commissions::ui::StatementPage);
lazy_page!(OrdersImportRoute, intake::ui::ImportPage);
lazy_page!(ShareAdminRoute, intake::ui::ShareAdminPage);
lazy_page!(PublicShareRoute, intake::ui::PublicSharePage);

/// The HTML document around the app (rendered on the server only). The page's language is
/// the signed-in user's (or the language cookie's), so `<html lang>` is right before any
/// script runs. Inline scripts carry the request's CSP nonce.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    ctx::provide_csp_nonce();
    #[cfg(feature = "ssr")]
    let lang = ssr_lang().code();
    #[cfg(not(feature = "ssr"))]
    let lang = i18n::Lang::Zh.code();
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <meta name="theme-color" content="#b4462a"/>
                <meta name="apple-mobile-web-app-capable" content="yes"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" type="image/png" href="/icons/icon-192.png"/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
                <link rel="stylesheet" id="leptos" href=css_href(&options)/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <script src="/register-sw.js" defer></script>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The stylesheet's URL: with hashed file names (release), the name recorded in the hash
/// file next to the server binary, as Leptos does for the wasm and JS.
fn css_href(options: &LeptosOptions) -> String {
    let plain = format!("/{}/{}.css", options.site_pkg_dir, options.output_name);
    #[cfg(feature = "ssr")]
    if options.hash_files {
        let file = std::env::current_exe().ok().and_then(|p| p.parent().map(|d| d.join(options.hash_file.as_ref())));
        let hashes = file.and_then(|f| std::fs::read_to_string(f).ok()).unwrap_or_default();
        if let Some(hash) = hashes.lines().find_map(|l| l.trim().strip_prefix("css:")) {
            return format!("/{}/{}.{}.css", options.site_pkg_dir, options.output_name, hash.trim());
        }
    }
    plain
}

/// The language of this request: the caller's (resolved by the server's login guard), else
/// the language cookie.
#[cfg(feature = "ssr")]
fn ssr_lang() -> i18n::Lang {
    let parts = use_context::<http::request::Parts>();
    if let Some(c) = parts.as_ref().and_then(|p| p.extensions.get::<auth::Caller>()) {
        return c.lang();
    }
    parts
        .as_ref()
        .and_then(|p| ctx::cookie_in(&p.headers, ctx::LANG_COOKIE))
        .map(|c| i18n::Lang::from_code(&c))
        .unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    ui::session::provide_session();
    view! {
        <Title text="微掌柜"/>
        <Router>
            <Routes fallback=|| view! { <ui::layout::NotFoundPage/> }>
                <Route path=path!("/login") view=auth::ui::LoginPage/>
                <Route path=path!("/s/:code") view={Lazy::<PublicShareRoute>::new()}/>
                <ParentRoute path=path!("") view=ui::layout::AppLayout>
                    <Route path=path!("") view={Lazy::<HomeRoute>::new()}/>
                    <Route path=path!("dashboard") view={Lazy::<BossDashRoute>::new()}/>
                    <Route path=path!("dashboard/sales") view={Lazy::<SalesDashRoute>::new()}/>
                    <Route path=path!("dashboard/stock") view={Lazy::<StockDashRoute>::new()}/>
                    <Route path=path!("wall") view={Lazy::<WallRoute>::new()}/>
                    <Route path=path!("orders") view={Lazy::<OrdersRoute>::new()}/>
                    <Route path=path!("orders/new") view={Lazy::<NewOrderRoute>::new()}/>
                    <Route path=path!("orders/import") view={Lazy::<OrdersImportRoute>::new()}/>
                    <Route path=path!("share") view={Lazy::<ShareAdminRoute>::new()}/>
                    <Route path=path!("orders/:id") view={Lazy::<OrderRoute>::new()}/>
                    <Route path=path!("ship") view={Lazy::<ShipRoute>::new()}/>
                    <Route path=path!("ship/batch") view={Lazy::<BatchShipRoute>::new()}/>
                    <Route path=path!("ship/print") view={Lazy::<PrintLabelsRoute>::new()}/>
                    <Route path=path!("ship/picking") view={Lazy::<PickingRoute>::new()}/>
                    <Route path=path!("couriers") view={Lazy::<CouriersRoute>::new()}/>
                    <Route path=path!("inventory") view={Lazy::<InventoryRoute>::new()}/>
                    <Route path=path!("inventory/ledger") view={Lazy::<LedgerRoute>::new()}/>
                    <Route path=path!("inventory/alerts") view={Lazy::<StockAlertsRoute>::new()}/>
                    <Route path=path!("inventory/suggestions") view={Lazy::<SuggestionsRoute>::new()}/>
                    <Route path=path!("inventory/purchases") view={Lazy::<PurchasesRoute>::new()}/>
                    <Route path=path!("inventory/purchases/:id") view={Lazy::<PurchaseRoute>::new()}/>
                    <Route path=path!("inventory/transfers") view={Lazy::<TransfersRoute>::new()}/>
                    <Route path=path!("inventory/stocktakes") view={Lazy::<StocktakesRoute>::new()}/>
                    <Route path=path!("inventory/products/:id") view={Lazy::<ProductRoute>::new()}/>
                    <Route path=path!("inventory/settings") view={Lazy::<StockSettingsRoute>::new()}/>
                    <Route path=path!("inventory/sheets") view={Lazy::<ProductSheetRoute>::new()}/>
                    <Route path=path!("customers") view={Lazy::<CustomersRoute>::new()}/>
                    <Route path=path!("customers/new") view={Lazy::<NewCustomerRoute>::new()}/>
                    <Route path=path!("customers/segments") view={Lazy::<SegmentsRoute>::new()}/>
                    <Route path=path!("customers/tags") view={Lazy::<TagsRoute>::new()}/>
                    <Route path=path!("customers/campaigns") view={Lazy::<CampaignsRoute>::new()}/>
                    <Route path=path!("customers/settings") view={Lazy::<CrmSettingsRoute>::new()}/>
                    <Route path=path!("customers/import") view={Lazy::<ImportRoute>::new()}/>
                    <Route path=path!("customers/:id") view={Lazy::<CustomerRoute>::new()}/>
                    <Route path=path!("finance") view={Lazy::<PaymentsRoute>::new()}/>
                    <Route path=path!("finance/payments") view={Lazy::<PaymentsRoute>::new()}/>
                    <Route path=path!("finance/payments/:id") view={Lazy::<PaymentRoute>::new()}/>
                    <Route path=path!("finance/bills") view={Lazy::<BillsRoute>::new()}/>
                    <Route path=path!("finance/bills/:token") view={Lazy::<BillPreviewRoute>::new()}/>
                    <Route path=path!("finance/recon") view={Lazy::<ReconRoute>::new()}/>
                    <Route path=path!("finance/expenses") view={Lazy::<ExpensesRoute>::new()}/>
                    <Route path=path!("finance/expenses/import/:token") view={Lazy::<ExpensePreviewRoute>::new()}/>
                    <Route path=path!("finance/pnl") view={Lazy::<PnlRoute>::new()}/>
                    <Route path=path!("tax") view={Lazy::<VatRoute>::new()}/>
                    <Route path=path!("tax/invoices") view={Lazy::<InvoicesRoute>::new()}/>
                    <Route path=path!("tax/invoices/new") view={Lazy::<NewInvoiceRoute>::new()}/>
                    <Route path=path!("tax/invoices/:id") view={Lazy::<InvoiceRoute>::new()}/>
                    <Route path=path!("tax/inputs") view={Lazy::<InputInvoicesRoute>::new()}/>
                    <Route path=path!("tax/products") view={Lazy::<ProductTaxRoute>::new()}/>
                    <Route path=path!("tax/profile") view={Lazy::<TaxProfileRoute>::new()}/>
                    <Route path=path!("team") view={Lazy::<TeamRoute>::new()}/>
                    <Route path=path!("account") view={Lazy::<AccountRoute>::new()}/>
                    <Route path=path!("commissions") view={Lazy::<CommissionsRoute>::new()}/>
                    <Route path=path!("commissions/rules") view={Lazy::<CommissionRulesRoute>::new()}/>
                    <Route path=path!("commissions/statements/:id") view={Lazy::<StatementRoute>::new()}/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
