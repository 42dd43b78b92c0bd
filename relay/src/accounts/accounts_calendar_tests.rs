use concord_api::{DayMark, NewStaff};
use concord_model::{Day, LocalDateTime, Offset};

use super::*;
use crate::accounts::SessionLifetimes;

use crate::accounts::accounts_backends::{Backend, on_both_backends};

on_both_backends!(
    a_new_workspace_works_plain_weeks_in_shanghai,
    admins_mark_days_and_the_judge_sees_them_at_once,
    bad_input_is_refused_and_changes_nothing,
    the_calendar_survives_a_restart,
    another_relay_sees_a_calendar_change_once_it_reloads,
);

const PASSWORD: &str = "a long enough password";

fn set_up(accounts: &Accounts) -> Account {
    let secret = accounts.setup_secret().unwrap();
    accounts
        .set_up(&secret, "admin", "管理员", PASSWORD, 0)
        .unwrap()
        .1
}

fn clerk(accounts: &Accounts, admin: &Account) -> Account {
    let new = NewStaff {
        id: "clerk".into(),
        display_name: "文员".into(),
        password: PASSWORD.into(),
        is_admin: false,
        departments: Vec::new(),
        heads: Vec::new(),
    };
    accounts.add_staff(admin, &new, 1).unwrap();
    accounts.log_in("clerk", PASSWORD, "c", 2).unwrap().1
}

fn day(text: &str) -> Day {
    text.parse().unwrap()
}

/// 2026-12-03 20:00 UTC: already Friday the 4th in Shanghai.
fn evening_utc() -> i64 {
    LocalDateTime::new(day("2026-12-03"), 20, 0, 0)
        .unwrap()
        .instant_at(Offset::UTC)
}

fn a_new_workspace_works_plain_weeks_in_shanghai(backend: &dyn Backend) {
    let accounts = backend.open(SessionLifetimes::default());
    let calendar = accounts.work_calendar(evening_utc()).unwrap();
    assert_eq!(calendar.zone, "Asia/Shanghai");
    assert_eq!(calendar.offset_minutes, 480);
    assert_eq!(
        calendar.today,
        day("2026-12-04"),
        "the relay's day in the zone"
    );
    assert!(calendar.holidays.is_empty() && calendar.make_up_days.is_empty());
}

fn admins_mark_days_and_the_judge_sees_them_at_once(backend: &dyn Backend) {
    let accounts = backend.open(SessionLifetimes::default());
    let admin = set_up(&accounts);
    let now = evening_utc();
    accounts
        .mark_day(&admin, "2026-12-07", DayMark::Holiday, now)
        .unwrap();
    let calendar = accounts
        .mark_day(&admin, " 2026-12-05 ", DayMark::MakeUpDay, now)
        .unwrap();
    assert_eq!(calendar.holidays, [day("2026-12-07")]);
    assert_eq!(calendar.make_up_days, [day("2026-12-05")]);
    let today = accounts.today(now).unwrap();
    assert_eq!(today.day(), day("2026-12-04"));
    // Friday 4th: Saturday (made up), then Tuesday (Monday is off).
    assert_eq!(today.within_working_days(2), Some(day("2026-12-08")));
    let calendar = accounts.unmark_day(&admin, "2026-12-07", now).unwrap();
    assert!(calendar.holidays.is_empty());
    assert_eq!(
        accounts.today(now).unwrap().within_working_days(2),
        Some(day("2026-12-07"))
    );
}

fn bad_input_is_refused_and_changes_nothing(backend: &dyn Backend) {
    let accounts = backend.open(SessionLifetimes::default());
    let admin = set_up(&accounts);
    let now = evening_utc();
    accounts
        .mark_day(&admin, "2026-12-07", DayMark::Holiday, now)
        .unwrap();
    let before = accounts.work_calendar(now).unwrap();
    for text in ["2026-02-30", "7 Dec", "", "2026-12-7"] {
        assert!(
            matches!(
                accounts.mark_day(&admin, text, DayMark::Holiday, now),
                Err(AccountError::BadDay(_))
            ),
            "{text:?}"
        );
    }
    for kind in [DayMark::Holiday, DayMark::MakeUpDay] {
        assert!(matches!(
            accounts.mark_day(&admin, "2026-12-07", kind, now),
            Err(AccountError::DayAlreadyMarked(_))
        ));
    }
    assert!(matches!(
        accounts.unmark_day(&admin, "2026-12-08", now),
        Err(AccountError::DayNotMarked(_))
    ));
    assert!(matches!(
        accounts.set_zone(&admin, "Asia/Atlantis", now),
        Err(AccountError::UnknownZone(_))
    ));
    let clerk = clerk(&accounts, &admin);
    assert!(matches!(
        accounts.mark_day(&clerk, "2026-12-09", DayMark::Holiday, now),
        Err(AccountError::Forbidden)
    ));
    assert!(matches!(
        accounts.set_zone(&clerk, "UTC", now),
        Err(AccountError::Forbidden)
    ));
    assert_eq!(accounts.work_calendar(now).unwrap(), before);
}

fn the_calendar_survives_a_restart(backend: &dyn Backend) {
    let now = evening_utc();
    {
        let accounts = backend.open(SessionLifetimes::default());
        let admin = set_up(&accounts);
        accounts
            .mark_day(&admin, "2026-10-01", DayMark::Holiday, now)
            .unwrap();
        accounts
            .mark_day(&admin, "2026-10-10", DayMark::MakeUpDay, now)
            .unwrap();
        let calendar = accounts.set_zone(&admin, "Europe/London", now).unwrap();
        assert_eq!(calendar.today, day("2026-12-03"), "still the 3rd in London");
    }
    let accounts = backend.open(SessionLifetimes::default());
    let calendar = accounts.work_calendar(now).unwrap();
    assert_eq!(calendar.zone, "Europe/London");
    assert_eq!(calendar.offset_minutes, 0);
    assert_eq!(calendar.holidays, [day("2026-10-01")]);
    assert_eq!(calendar.make_up_days, [day("2026-10-10")]);
}

fn another_relay_sees_a_calendar_change_once_it_reloads(backend: &dyn Backend) {
    let now = evening_utc();
    let a = backend.open(SessionLifetimes::default());
    let b = backend.open(SessionLifetimes::default());
    let admin = set_up(&a);
    a.mark_day(&admin, "2026-10-01", DayMark::Holiday, now)
        .unwrap();
    assert!(
        b.work_calendar(now).unwrap().holidays.is_empty(),
        "b's copy"
    );
    b.reload_calendar().unwrap();
    assert_eq!(b.work_calendar(now).unwrap().holidays, [day("2026-10-01")]);
}
