//! Sign-in, sessions and people on SQLite and PostgreSQL: the throttle (delays, not a lock
//! an attacker controls; counted atomically), one answer for unknown, wrong and disabled,
//! lifetimes, one-time passwords, changing one's password, ending sessions.

mod common;

use app::auth::service::{self, Client};
use app::auth::{AuthError, NewUser, Role, SessionPolicy};
use app::error::AppError;
use app::state::Db;
use common::{client, login, settings, team, PASSWORD};

fn policy() -> SessionPolicy {
    SessionPolicy::default()
}

on_both!(wrong_unknown_and_disabled_look_the_same, |db: Db| async move {
    let t = team(&db).await;
    let bad = AppError::from(AuthError::BadCredentials);
    assert_eq!(login(&db, "a1", "wrong-password").await.unwrap_err(), bad);
    assert_eq!(login(&db, "nobody", "wrong-password").await.unwrap_err(), bad);
    service::set_active(&db, &t.boss, t.ids.1, false).await.unwrap();
    assert_eq!(login(&db, "a1", PASSWORD).await.unwrap_err(), bad, "disabled: same answer");
    assert_eq!(bad.message(app::i18n::Lang::Zh), "用户名或密码错误");
    // Logout ends the session; a forged token is nobody.
    let token = login(&db, "a2", PASSWORD).await.unwrap();
    assert!(service::caller_for_token(&db, &policy(), &token).await.unwrap().is_some());
    service::logout(&db, &token).await.unwrap();
    assert!(service::caller_for_token(&db, &policy(), &token).await.unwrap().is_none());
    assert!(service::caller_for_token(&db, &policy(), "forged").await.unwrap().is_none());
});

on_both!(throttle_delays_the_guesser_not_the_owner, |db: Db| async move {
    team(&db).await;
    let attacker = client("203.0.113.7");
    let owner = client("198.51.100.2");
    let try_as = |c: Client, pw: &'static str| {
        let db = db.clone();
        async move { service::login(&db, &settings(), "boss", pw, &c).await }
    };
    // Three free failures from one address, then the pair waits (2 s, growing).
    for _ in 0..3 {
        assert_eq!(try_as(attacker.clone(), "guess-guess").await.unwrap_err(), AuthError::BadCredentials.into());
    }
    assert_eq!(try_as(attacker.clone(), "guess-guess").await.unwrap_err(), AuthError::BadCredentials.into());
    assert!(matches!(try_as(attacker.clone(), PASSWORD).await, Err(AppError::TooManyAttempts { retry_after_secs: 1..=2 })));
    // The boss, from another address, signs in at once: the attacker controls no lock.
    assert!(try_as(owner, PASSWORD).await.is_ok());
    // `server user unlock` clears the delays.
    service::unlock(&db, &service::system(), "boss").await.unwrap();
    assert!(try_as(attacker, PASSWORD).await.is_ok());
});

on_both!(a_burst_cannot_slip_past_the_count, |db: Db| async move {
    team(&db).await;
    // 40 concurrent guesses from one address: the count is taken before the password is
    // checked, atomically, so exactly free + 1 = 4 reach the password check.
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move { service::login(&db, &settings(), "a1", "wrong-wrong", &client("203.0.113.8")).await })
        })
        .collect();
    let (mut checked, mut throttled) = (0, 0);
    for t in tasks {
        match t.await.unwrap() {
            Err(AppError::Invalid { .. }) => checked += 1,
            Err(AppError::TooManyAttempts { .. }) => throttled += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((checked, throttled), (4, 36));
});

on_both!(successful_sign_ins_from_one_address_are_not_failures, |db: Db| async move {
    team(&db).await;
    // An office behind one address signs in all day: never throttled.
    for _ in 0..40 {
        assert!(service::login(&db, &settings(), "a1", PASSWORD, &client("198.51.100.50")).await.is_ok());
    }
});

on_both!(oversized_input_is_refused_before_any_work, |db: Db| async move {
    team(&db).await;
    let huge = "x".repeat(2 * 1024 * 1024);
    assert_eq!(login(&db, &huge, "whatever-pw").await.unwrap_err(), AuthError::BadCredentials.into());
    assert_eq!(login(&db, "a1", &huge).await.unwrap_err(), AuthError::BadCredentials.into());
    let stored: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(MAX(LENGTH(key)), 0) AS BIGINT) FROM login_throttle").fetch_one(&db.pool).await.unwrap();
    assert!(stored < 128, "no unbounded username is stored ({stored})");
});

on_both!(sessions_expire_and_can_be_ended, |db: Db| async move {
    let t = team(&db).await;
    // Expired by the idle timeout (here: sessions idle for 1 ms are over).
    let token = login(&db, "a1", PASSWORD).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let strict = SessionPolicy { idle_ms: 1, absolute_ms: 30 * 86_400_000 };
    assert!(service::caller_for_token(&db, &strict, &token).await.unwrap().is_none());
    assert!(service::caller_for_token(&db, &policy(), &token).await.unwrap().is_none(), "an expired session is deleted");
    // Two devices: one lists both and ends the other.
    let phone = login(&db, "a2", PASSWORD).await.unwrap();
    let desk = login(&db, "a2", PASSWORD).await.unwrap();
    let me = service::caller_for_token(&db, &policy(), &desk).await.unwrap().unwrap();
    let list = service::list_sessions(&db, &me).await.unwrap();
    assert_eq!(list.len(), 3, "the team's sign-in, the phone and the desk");
    assert_eq!(list.iter().filter(|s| s.current).count(), 1);
    let others: Vec<String> = list.iter().filter(|s| !s.current).map(|s| s.id.clone()).collect();
    for id in &others {
        service::end_session(&db, &me, id).await.unwrap();
    }
    assert!(service::caller_for_token(&db, &policy(), &phone).await.unwrap().is_none());
    assert!(service::caller_for_token(&db, &policy(), &desk).await.unwrap().is_some());
    let other = others[0].clone();
    assert_eq!(service::end_session(&db, &t.b1, &other).await.unwrap_err(), AuthError::SessionUnknown.into());
});

on_both!(one_time_passwords_and_own_changes, |db: Db| async move {
    let t = team(&db).await;
    let (_, a1, _, _) = t.ids;
    let old = login(&db, "a1", PASSWORD).await.unwrap();
    // The boss issues a one-time password: shown once, sessions end, change required.
    assert_eq!(service::reset_password(&db, &t.a2, a1, None).await.unwrap_err(), AppError::Forbidden);
    let otp = service::reset_password(&db, &t.boss, a1, None).await.unwrap();
    assert_eq!(otp.len(), 12);
    assert!(service::caller_for_token(&db, &policy(), &old).await.unwrap().is_none());
    let token = login(&db, "a1", &otp).await.unwrap();
    let me = service::caller_for_token(&db, &policy(), &token).await.unwrap().unwrap();
    assert!(me.user().must_change_password);
    // Changing needs the current password; other sessions end, this one stays.
    let other = login(&db, "a1", &otp).await.unwrap();
    assert_eq!(service::change_password(&db, &me, "not-it-at-all", "new-password-1").await.unwrap_err(), AuthError::WrongCurrentPassword.into());
    assert_eq!(service::change_password(&db, &me, &otp, "short").await.unwrap_err(), AuthError::PasswordTooShort { min: 8 }.into());
    service::change_password(&db, &me, &otp, "new-password-1").await.unwrap();
    assert!(service::caller_for_token(&db, &policy(), &other).await.unwrap().is_none());
    let still = service::caller_for_token(&db, &policy(), &token).await.unwrap().unwrap();
    assert!(!still.user().must_change_password);
    assert!(login(&db, "a1", "new-password-1").await.is_ok());
});

on_both!(user_management, |db: Db| async move {
    let t = team(&db).await;
    let (boss, a1, _, _) = t.ids;
    let nu = |username: &str, parent_id| NewUser {
        username: username.into(),
        display_name: "新代理".into(),
        password: "password1".into(),
        role: Role::Agent,
        parent_id,
    };
    let id = service::create_user(&db, &t.boss, &nu("a3", Some(a1))).await.unwrap();
    assert!(common::caller(&db, "a1").await.scope().contains(id), "new downline joins the parent's scope");
    assert_eq!(service::create_user(&db, &t.boss, &nu("a3", None)).await.unwrap_err(), AuthError::UsernameTaken.into());
    assert_eq!(service::create_user(&db, &t.a1, &nu("a4", None)).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(service::create_user(&db, &t.boss, &nu("a5", Some(boss))).await.unwrap_err(), AuthError::ParentNotAgent.into());
    assert_eq!(service::set_active(&db, &t.boss, boss, false).await.unwrap_err(), AuthError::CannotDisableSelf.into());
    // The system caller (CLI) sets a chosen password.
    service::reset_password(&db, &service::system(), id, Some("password2")).await.unwrap();
    assert!(login(&db, "a3", "password2").await.is_ok());
    // act_as is only for the system caller.
    assert_eq!(service::act_as(&db, &t.boss, id).await.unwrap_err(), AppError::Forbidden);
    assert_eq!(service::act_as(&db, &service::system(), id).await.unwrap().id(), id);
});

on_both!(api_keys_make_callers_of_their_scope, |db: Db| async move {
    let t = team(&db).await;
    let (_, a1, a2, _) = t.ids;
    assert_eq!(service::create_api_key(&db, &t.a1, "shop", None).await.unwrap_err(), AppError::Forbidden);
    let (line_key, line_secret) = service::create_api_key(&db, &t.boss, "小程序", Some(a1)).await.unwrap();
    let (team_key, _) = service::create_api_key(&db, &t.boss, "网店", None).await.unwrap();
    let (c, secret) = service::caller_for_api_key(&db, &line_key).await.unwrap().unwrap();
    assert_eq!(secret, line_secret);
    assert_eq!((c.id(), c.role()), (a1, Role::Agent));
    assert_eq!(c.scope().agent_ids(), Some(&[a1, a2][..]));
    assert!(matches!(c.origin(), app::auth::Origin::ApiKey { .. }));
    let (team, _) = service::caller_for_api_key(&db, &team_key).await.unwrap().unwrap();
    assert!(team.scope().is_all());
    // Revoked or unknown keys make no caller.
    let id = service::list_api_keys(&db, &t.boss).await.unwrap().into_iter().find(|k| k.key_id == line_key).unwrap().id;
    service::revoke_api_key(&db, &t.boss, id).await.unwrap();
    assert!(service::caller_for_api_key(&db, &line_key).await.unwrap().is_none());
    assert!(service::caller_for_api_key(&db, "zk_nope").await.unwrap().is_none());
    // A key for a non-agent is refused.
    assert_eq!(service::create_api_key(&db, &t.boss, "x", Some(t.ids.0)).await.unwrap_err(), AuthError::TargetNotAgent.into());
});
