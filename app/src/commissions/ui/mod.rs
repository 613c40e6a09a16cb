//! Commission pages: the month (boss and finance: run, approve, team summary, export) or an
//! agent's own statements; one statement (groups, tier, downline contribution, lines, payout);
//! the rules (versions, editor with preview).

mod month;
mod rules;
mod statement;

pub use month::CommissionsPage;
pub use rules::RulesPage;
pub use statement::StatementPage;

use super::text::status_label;
use super::StatementStatus;
use crate::ui::session::use_lang;
use leptos::prelude::*;

#[component]
fn StatusTag(status: StatementStatus) -> impl IntoView {
    view! { <span class=format!("badge st-{}", status.code()) data-testid="statement-status">{status_label(status, use_lang())}</span> }
}

/// The .xlsx download: a plain form post, so the browser saves the answer (with or without wasm).
#[component]
fn ExportButton(month: super::Month) -> impl IntoView {
    let t = super::text::text(use_lang());
    view! {
        <form method="post" action="/rpc/export_statements" class="inline">
            <input type="hidden" name="month" value=month.to_string()/>
            <button type="submit" class="secondary" data-testid="export">{t.export_xlsx}</button>
        </form>
    }
}
