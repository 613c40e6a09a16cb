//! Expenses (F3), ssr only: categories, entering and deleting expenses, importing a sheet
//! (preview, then all or nothing). Fees of bill files arrive here from the bill import.

use super::db::{self, books::NewExpenseRow};
use super::logic::{book_day, refuse_closed, Month};
use super::logic_expenses::{check_category_name, check_new_expense, read_sheet};
use super::service_bills::load_upload;
use super::{Category, ExpenseFilter, ExpenseId, ExpensePreview, ExpenseRow, ExpenseSource, FinanceError, NewExpense, UploadKind};
use crate::auth::{Caller, Perm};
use crate::error::{is_unique_violation, AppError, AppResult};
use crate::i18n::Lang;
use crate::money::Money;
use crate::page::{Cursor, Page};
use crate::state::Db;
use crate::time::{day_of, now_ms};
use std::collections::BTreeMap;

pub async fn categories(db: &Db, caller: &Caller) -> AppResult<Vec<Category>> {
    caller.require(Perm::ViewFinance)?;
    let mut conn = db.pool.acquire().await?;
    Ok(db::books::categories(&mut conn).await?)
}

pub async fn create_category(db: &Db, caller: &Caller, name: &str) -> AppResult<Category> {
    caller.require(Perm::ManageExpenses)?;
    let name = check_category_name(name)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let taken = db::books::categories(&mut tx).await?.iter().any(|c| c.label(Lang::Zh) == name || c.label(Lang::En).eq_ignore_ascii_case(&name));
    if taken {
        return Err(FinanceError::CategoryExists { name }.into());
    }
    let id = match db::books::insert_category(&mut tx, &name, now).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => return Err(FinanceError::CategoryExists { name }.into()),
        Err(e) => return Err(e.into()),
    };
    crate::audit::record(&mut tx, caller.actor(), "expense_category", Some(id), "create", &name, now).await?;
    tx.commit().await?;
    Ok(Category { id, code: None, name })
}

/// Expenses booked in a month (or all), newest first.
pub async fn list_expenses(db: &Db, caller: &Caller, filter: &ExpenseFilter) -> AppResult<Page<ExpenseRow>> {
    caller.require(Perm::ViewFinance)?;
    let days = if filter.month.trim().is_empty() {
        None
    } else {
        let m = Month::parse(&filter.month)?;
        Some((m.first_day(), m.end_day()))
    };
    let (rows, count) = db::books::list_expenses(db, filter, days).await?;
    Ok(Page::assemble(rows, filter.seek, count, |e| Cursor { key: e.spent_at, id: e.id.0 }))
}

pub async fn record_expense(db: &Db, caller: &Caller, input: &NewExpense) -> AppResult<ExpenseId> {
    caller.require(Perm::ManageExpenses)?;
    let now = now_ms();
    let e = check_new_expense(input, now)?;
    let mut tx = db.begin_write().await?;
    refuse_closed(day_of(e.spent_at), &db::closed_months(&mut tx).await?)?;
    if !db::books::categories(&mut tx).await?.iter().any(|c| c.id == e.category_id) {
        return Err(FinanceError::UnknownCategory.into());
    }
    let row = NewExpenseRow {
        category_id: e.category_id,
        amount_fen: e.amount.to_fen(),
        spent_at: e.spent_at,
        book_day: day_of(e.spent_at),
        note: e.note.clone(),
        source: ExpenseSource::Manual,
        import_id: None,
        created_by: caller.actor(),
        at: now,
    };
    let id = db::books::insert_expenses(&mut tx, std::slice::from_ref(&row)).await?[0];
    crate::audit::record(&mut tx, caller.actor(), "expense", Some(id), "create", &format!("{} {}", e.amount, e.note), now).await?;
    tx.commit().await?;
    Ok(ExpenseId(id))
}

/// Delete an expense entered by hand or imported, while its month is open.
pub async fn delete_expense(db: &Db, caller: &Caller, id: ExpenseId) -> AppResult<()> {
    caller.require(Perm::ManageExpenses)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (source, book, amount) = db::books::expense_head(&mut tx, id.0).await?.ok_or(AppError::NotFound)?;
    if source == ExpenseSource::BillFee.code() || refuse_closed(book, &db::closed_months(&mut tx).await?).is_err() {
        return Err(FinanceError::ExpenseLocked.into());
    }
    db::books::delete_expense(&mut tx, id.0).await?;
    crate::audit::record(&mut tx, caller.actor(), "expense", Some(id.0), "delete", &Money::from_fen(amount).to_string(), now).await?;
    tx.commit().await?;
    Ok(())
}

/// Read an uploaded expense sheet: its lines (book day, adjustment) and every bad row.
async fn read(db: &Db, caller: &Caller, token: &str) -> AppResult<(String, Vec<super::logic_expenses::SheetLine>, Vec<crate::imports::errors::RowError>, Vec<Category>, Vec<i64>)> {
    let mut conn = db.pool.acquire().await?;
    let up = load_upload(&mut conn, caller, token, UploadKind::Expenses).await?;
    let cats = db::books::categories(&mut conn).await?;
    let closed = db::closed_months(&mut conn).await?;
    drop(conn);
    let lookup = cats.clone();
    let now = now_ms();
    let (lines, errors) = tokio::task::spawn_blocking(move || {
        let rows = crate::imports::tabular::read_rows(&up.content)?;
        read_sheet(
            rows,
            |name| lookup.iter().find(|c| c.name == name || c.label(Lang::Zh) == name || c.label(Lang::En).eq_ignore_ascii_case(name)).map(|c| c.id),
            now,
        )
    })
    .await
    .map_err(AppError::internal)??;
    Ok((up.file_name, lines, errors, cats, closed))
}

/// What importing an uploaded expense sheet would do; changes nothing.
pub async fn preview_expenses(db: &Db, caller: &Caller, token: &str) -> AppResult<ExpensePreview> {
    caller.require(Perm::ManageExpenses)?;
    let (file_name, lines, errors, cats, closed) = read(db, caller, token).await?;
    let mut by_cat: BTreeMap<i64, i64> = BTreeMap::new();
    for l in &lines {
        *by_cat.entry(l.category_id).or_default() += l.amount_fen;
    }
    let lang = caller.lang();
    Ok(ExpensePreview {
        token: token.to_string(),
        file_name,
        rows: lines.len() as i64,
        total: Money::from_fen(lines.iter().map(|l| l.amount_fen).sum()),
        by_category: by_cat
            .into_iter()
            .map(|(id, fen)| (cats.iter().find(|c| c.id == id).map(|c| c.label(lang)).unwrap_or_default(), Money::from_fen(fen)))
            .collect(),
        adjustments: lines.iter().filter(|l| book_day(day_of(l.spent_at), &closed).1).count() as i64,
        errors,
    })
}

/// Import an uploaded expense sheet, all or nothing; returns how many expenses it added.
/// Lines dated in a closed month are booked in the next open month (adjustments).
pub async fn import_expenses(db: &Db, caller: &Caller, token: &str) -> AppResult<i64> {
    caller.require(Perm::ManageExpenses)?;
    let (file_name, lines, errors, _, _) = read(db, caller, token).await?;
    if !errors.is_empty() {
        return Err(FinanceError::BadRows { count: errors.len() as u32 }.into());
    }
    if lines.is_empty() {
        return Err(FinanceError::NothingToImport.into());
    }
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let closed = db::closed_months(&mut tx).await?;
    let rows: Vec<NewExpenseRow> = lines
        .iter()
        .map(|l| NewExpenseRow {
            category_id: l.category_id,
            amount_fen: l.amount_fen,
            spent_at: l.spent_at,
            book_day: book_day(day_of(l.spent_at), &closed).0,
            note: l.note.clone(),
            source: ExpenseSource::Import,
            import_id: None,
            created_by: caller.actor(),
            at: now,
        })
        .collect();
    let ids = db::books::insert_expenses(&mut tx, &rows).await?;
    let total = Money::from_fen(rows.iter().map(|r| r.amount_fen).sum());
    crate::audit::record(&mut tx, caller.actor(), "expense", ids.first().copied(), "import", &format!("{file_name}: {} rows, {total}", ids.len()), now).await?;
    super::db::bills::delete_upload(&mut tx, token).await?;
    tx.commit().await?;
    Ok(ids.len() as i64)
}
