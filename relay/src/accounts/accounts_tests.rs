use concord_model::{OrgId, Person};

use super::*;
use crate::accounts::login_throttle::FREE_FAILURES;

use crate::accounts::accounts_backends::{Backend, on_both_backends};

on_both_backends!(
    the_first_admin_is_set_up_once_with_the_secret,
    sign_in_works_with_the_password_only,
    sessions_end_when_idle_too_old_signed_out_or_disabled,
    a_tampered_cookie_is_no_session,
    guessing_a_password_is_throttled_per_name_and_per_client,
    actor_ids_stay_with_the_person_who_first_used_them_across_a_restart,
    two_relays_on_one_database_share_people_sessions_and_actors,
);

const LIFE: SessionLifetimes = SessionLifetimes {
    idle_ms: 1_000,
    absolute_ms: 10_000,
};
const PASSWORD: &str = "a long enough password";

fn set_up(backend: &dyn Backend) -> (Accounts, SessionToken) {
    let accounts = backend.open(LIFE);
    let secret = accounts
        .setup_secret()
        .expect("a new workspace needs setup");
    let (token, admin) = accounts
        .set_up(&secret, "admin", "管理员", PASSWORD, 0)
        .unwrap();
    assert!(admin.is_admin);
    (accounts, token)
}

fn the_first_admin_is_set_up_once_with_the_secret(backend: &dyn Backend) {
    let accounts = backend.open(LIFE);
    let secret = accounts.setup_secret().unwrap();
    assert!(matches!(
        accounts.set_up(&SessionToken::random().to_text(), "admin", "A", PASSWORD, 0),
        Err(AccountError::BadSetupToken)
    ));
    assert!(matches!(
        accounts.set_up("garbage", "admin", "A", PASSWORD, 0),
        Err(AccountError::BadSetupToken)
    ));
    assert!(matches!(
        accounts.set_up(&secret, "admin", "A", "short", 0),
        Err(AccountError::WeakPassword)
    ));
    assert!(matches!(
        accounts.set_up(&secret, "has space", "A", PASSWORD, 0),
        Err(AccountError::BadName(_))
    ));
    assert!(
        accounts.setup_secret().is_some(),
        "failed attempts leave setup open"
    );
    let (token, _) = accounts.set_up(&secret, "admin", "A", PASSWORD, 0).unwrap();
    assert_eq!(accounts.setup_secret(), None);
    assert!(matches!(
        accounts.set_up(&secret, "second", "B", PASSWORD, 0),
        Err(AccountError::SetupDone)
    ));
    let me = accounts.session(&token.to_text(), 1).unwrap().unwrap();
    assert_eq!(me.id().as_str(), "admin");
}

fn sign_in_works_with_the_password_only(backend: &dyn Backend) {
    let (accounts, _) = set_up(backend);
    let (token, account) = accounts.log_in("ADMIN", PASSWORD, "10.0.0.1", 5).unwrap();
    assert_eq!(account.id().as_str(), "admin", "names compare without case");
    assert!(accounts.session(&token.to_text(), 6).unwrap().is_some());
    assert!(matches!(
        accounts.log_in("admin", "a wrong password!", "10.0.0.1", 7),
        Err(AccountError::WrongCredentials)
    ));
    assert!(matches!(
        accounts.log_in("nobody", PASSWORD, "10.0.0.1", 8),
        Err(AccountError::WrongCredentials)
    ));
}

fn sessions_end_when_idle_too_old_signed_out_or_disabled(backend: &dyn Backend) {
    let (accounts, _) = set_up(backend);
    let (token, _) = accounts.log_in("admin", PASSWORD, "c", 0).unwrap();
    let cookie = token.to_text();
    assert!(accounts.session(&cookie, 999).unwrap().is_some());
    assert!(accounts.session(&cookie, 1_999).unwrap().is_none(), "idle");
    assert!(
        accounts.session(&cookie, 500).unwrap().is_none(),
        "gone for good"
    );

    let (token, _) = accounts.log_in("admin", PASSWORD, "c", 0).unwrap();
    let cookie = token.to_text();
    // Used every 0.9 s it stays alive, but not past its absolute lifetime.
    let mut now = 0;
    while now + 900 < 10_000 {
        now += 900;
        assert!(
            accounts.session(&cookie, now).unwrap().is_some(),
            "at {now}"
        );
    }
    assert!(
        accounts.session(&cookie, 10_000).unwrap().is_none(),
        "too old"
    );

    let (token, _) = accounts.log_in("admin", PASSWORD, "c", 20_000).unwrap();
    accounts.log_out(&token.to_text()).unwrap();
    assert!(
        accounts
            .session(&token.to_text(), 20_001)
            .unwrap()
            .is_none()
    );

    let partner = Account {
        person: Person::partner("li".parse().unwrap(), "acme".parse::<OrgId>().unwrap()),
        display_name: "李".into(),
        is_admin: false,
        disabled: false,
    };
    accounts.add(&partner, PASSWORD, 20_000).unwrap();
    let (token, li) = accounts.log_in("li", PASSWORD, "c", 20_000).unwrap();
    assert_eq!(li.org().map(|o| o.as_str()), Some("acme"));
    accounts.set_disabled(li.id(), true).unwrap();
    assert!(
        accounts
            .session(&token.to_text(), 20_001)
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        accounts.log_in("li", PASSWORD, "c", 20_002),
        Err(AccountError::Disabled)
    ));
}

fn a_tampered_cookie_is_no_session(backend: &dyn Backend) {
    let (accounts, token) = set_up(backend);
    let cookie = token.to_text().into_bytes();
    for at in 0..cookie.len() {
        let mut tampered = cookie.clone();
        tampered[at] = if tampered[at] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        assert!(
            accounts.session(&tampered, 1).unwrap().is_none(),
            "byte {at}"
        );
    }
    assert!(accounts.session("", 1).unwrap().is_none());
    assert!(accounts.session(&"x".repeat(10_000), 1).unwrap().is_none());
}

fn guessing_a_password_is_throttled_per_name_and_per_client(backend: &dyn Backend) {
    let (accounts, _) = set_up(backend);
    for n in 0..FREE_FAILURES {
        let from = format!("client-{n}");
        assert!(matches!(
            accounts.log_in("admin", "wrong guess 123", &from, 100),
            Err(AccountError::WrongCredentials)
        ));
    }
    // Even the right password waits now: the name is being guessed.
    assert!(matches!(
        accounts.log_in("admin", PASSWORD, "elsewhere", 100),
        Err(AccountError::Throttled {
            retry_after_ms: 1_000
        })
    ));
    assert!(
        accounts
            .log_in("admin", PASSWORD, "elsewhere", 1_100)
            .is_ok()
    );

    // One client trying many names is slowed down too.
    for n in 0..FREE_FAILURES {
        let _ = accounts.log_in(&format!("name{n}"), "wrong guess 123", "guesser", 2_000);
    }
    assert!(matches!(
        accounts.log_in("admin", PASSWORD, "guesser", 2_000),
        Err(AccountError::Throttled { .. })
    ));
}

fn actor_ids_stay_with_the_person_who_first_used_them_across_a_restart(backend: &dyn Backend) {
    use crate::actor_registry::{ActorRegistry, Claim};
    let (ann, bob) = ("ann".parse().unwrap(), "bob".parse().unwrap());
    {
        let accounts = backend.open(LIFE);
        assert_eq!(accounts.claim("aa01", &ann, 1), Claim::New);
        assert_eq!(accounts.claim("aa01", &ann, 2), Claim::Theirs);
        assert_eq!(accounts.claim("aa01", &bob, 3), Claim::Other(ann.clone()));
        assert_eq!(accounts.claim("bb02", &bob, 4), Claim::New);
        accounts.release("bb02", &ann);
        assert_eq!(
            accounts.claim("bb02", &ann, 5),
            Claim::Other(bob.clone()),
            "only its owner releases"
        );
        accounts.release("bb02", &bob);
        assert_eq!(accounts.claim("bb02", &ann, 6), Claim::New);
    }
    let reopened = backend.open(LIFE);
    assert_eq!(reopened.claim("aa01", &bob, 7), Claim::Other(ann));
}

fn two_relays_on_one_database_share_people_sessions_and_actors(backend: &dyn Backend) {
    use crate::actor_registry::{ActorRegistry, Claim};
    let a = backend.open(LIFE);
    let b = backend.open(LIFE);
    let a_secret = a.setup_secret().unwrap();
    let b_secret = b.setup_secret().expect("b started before anyone set up");
    a.set_up(&a_secret, "admin", "A", PASSWORD, 0).unwrap();
    assert!(
        matches!(
            b.set_up(&b_secret, "boss", "B", PASSWORD, 0),
            Err(AccountError::SetupDone)
        ),
        "the workspace has its admin, whichever relay set it up"
    );
    let (token, _) = a.log_in("admin", PASSWORD, "1.2.3.4", 10).unwrap();
    let on_b = b
        .session(&token.to_text(), 20)
        .unwrap()
        .expect("signed in on b too");
    assert_eq!(on_b.id().as_str(), "admin");
    b.log_out(&token.to_text()).unwrap();
    assert!(
        a.session(&token.to_text(), 30).unwrap().is_none(),
        "signed out on a too"
    );
    let ann = "admin".parse().unwrap();
    let bob = "bob".parse().unwrap();
    assert_eq!(a.claim("cc03", &ann, 40), Claim::New);
    assert_eq!(b.claim("cc03", &bob, 41), Claim::Other(ann));
}
