//! Customer pages: the list with search and filters, a profile, a new customer, tags and
//! rules, segments and repurchase, campaigns and 撞单 decisions, settings, import; and the
//! follow-up list on the home page.

mod files;
mod followups;
mod list;
mod manage;
mod profile;
mod reports;
mod tags;

pub use followups::FollowUpList;
pub use list::{CustomerListPage, NewCustomerPage};
pub use manage::{CampaignsPage, CrmSettingsPage, ImportPage};
pub use profile::CustomerPage;
pub use reports::SegmentsPage;
pub use tags::TagsPage;

use super::text::text;
use super::{Segment, Stage};
use crate::i18n::Lang;
use leptos::prelude::*;

#[component]
pub fn StageBadge(stage: Stage) -> impl IntoView {
    let lang = crate::ui::session::use_lang();
    view! { <span class=format!("badge stage-{}", stage.code()) data-testid="stage">{stage.label(lang)}</span> }
}

/// The segment's label, or "—".
pub fn segment_text(s: Option<Segment>, lang: Lang) -> &'static str {
    s.map(|s| s.label(lang)).unwrap_or(text(lang).empty_value)
}

/// `2026-11-29` of a business day number.
pub fn day_text(day: i64) -> String {
    crate::time::date_of_day(day).format("%Y-%m-%d").to_string()
}

/// A business day from `2026-11-29`.
pub fn parse_day(s: &str) -> Option<i64> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok().map(crate::time::day_of_date)
}
