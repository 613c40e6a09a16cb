//! The server's background jobs while it serves: hourly clean-ups and daily runs, and each
//! minute the dashboards' kept figures and the daily digest.

use app::auth::SessionPolicy;
use app::state::Db;
use std::time::Duration;

/// Hourly (the first tick runs at start-up): expired sessions, stale sign-in throttle rows,
/// day-old saved searches and uploads, the demand forecasts once they are a day old, the daily
/// CRM run; intake's old uploads, API signatures and share-page counters, new SKUs' initials.
/// Every minute: the dashboards' kept figures when due ([`Warm`]), the daily digest once its
/// time has come (once a day).
pub async fn run(db: Db, policy: SessionPolicy) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    let mut minute = tokio::time::interval(Duration::from_secs(60));
    let mut digest_day: Option<i64> = None;
    let mut warm = Warm::default();
    loop {
        tokio::select! {
            _ = tick.tick() => hourly(&db, &policy).await,
            _ = minute.tick() => {
                let now = app::time::now_ms();
                warm.run_if_due(&db, now).await;
                if digest_day != Some(app::time::day_of(now)) {
                    match app::dashboard::service::digest_if_due(&db, &app::auth::service::system(), now).await {
                        Ok(true) => digest_day = Some(app::time::day_of(now)),
                        Ok(false) => {}
                        Err(e) => tracing::warn!("daily digest: {e}"),
                    }
                }
            }
        }
    }
}

/// Keeps the boss views' past customer figures computed ([`app::dashboard::service::warm_kept`]):
/// at start, when the business day changes, and after changes to past days — those at most every
/// ten minutes, as a day of late payments and cancellations would otherwise recompute each minute.
#[derive(Default)]
struct Warm {
    done: Option<(i64, i64)>,
    at: Option<std::time::Instant>,
}

impl Warm {
    const EVERY: Duration = Duration::from_secs(600);

    async fn run_if_due(&mut self, db: &Db, now: i64) {
        use app::dashboard::service::{kept_version, warm_kept};
        let today = app::time::day_of(now);
        let version = match kept_version(db, today).await {
            Ok(v) => v,
            Err(e) => return tracing::warn!("dashboard figures: {e}"),
        };
        let due = match (self.done, self.at) {
            // Same day: only after a change, and not sooner than EVERY after the last run.
            (Some((day, v)), Some(at)) if day == today => v != version && at.elapsed() >= Self::EVERY,
            _ => true,
        };
        if !due {
            return;
        }
        let started = std::time::Instant::now();
        match warm_kept(db, &app::auth::service::system(), today).await {
            Ok(()) => tracing::info!("dashboard figures kept for the day in {} ms", started.elapsed().as_millis()),
            Err(e) => tracing::warn!("dashboard figures: {e}"),
        }
        // A failure is not retried before the next change or day: it would fail each minute.
        (self.done, self.at) = (Some((today, version)), Some(started));
    }
}

async fn hourly(db: &Db, policy: &SessionPolicy) {
    match app::inventory::service::forecasts_stale(db, 20 * 3_600_000).await {
        Ok(true) => {
            let started = std::time::Instant::now();
            match app::inventory::service::refresh_forecasts(db, &app::auth::service::system()).await {
                Ok(n) => tracing::info!("forecasts of {n} SKUs in {} ms", started.elapsed().as_millis()),
                Err(e) => tracing::warn!("forecasts: {e}"),
            }
        }
        Ok(false) => {}
        Err(e) => tracing::warn!("forecasts: {e}"),
    }
    if let Err(e) = app::auth::service::purge(db, policy).await {
        tracing::warn!("purging sessions: {e}");
    }
    if let Err(e) = app::orders::service::purge_searches(db).await {
        tracing::warn!("purging searches: {e}");
    }
    if let Err(e) = app::finance::service_bills::purge_uploads(db).await {
        tracing::warn!("purging uploads: {e}");
    }
    if let Err(e) = app::customers::service::purge_searches(db).await {
        tracing::warn!("purging customer searches: {e}");
    }
    // Once per business day (claimed in the database, so one server of several runs it):
    // re-evaluate every customer and run the campaigns.
    match app::customers::service::daily(db).await {
        Ok(Some((r, c))) => tracing::info!("daily CRM run: {} customers in {} ms, {} follow-ups, {} coupons", r.customers, r.millis, c.follow_ups, c.coupons),
        Ok(None) => {}
        Err(e) => tracing::warn!("daily CRM run: {e}"),
    }
    if let Err(e) = app::intake::service::housekeeping(db).await {
        tracing::warn!("intake housekeeping: {e}");
    }
}
