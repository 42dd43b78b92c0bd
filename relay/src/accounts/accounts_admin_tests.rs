use concord_model::{Affiliation, DeptId};

use super::*;
use crate::accounts::SessionLifetimes;

use crate::accounts::accounts_backends::{Backend, on_both_backends};

on_both_backends!(
    staff_sign_in_with_their_departments_and_the_ones_they_head,
    only_admins_change_the_directory,
    the_last_admin_stays_and_disabling_ends_sessions,
    an_invite_makes_one_partner_account_and_its_link_then_dies,
    expired_revoked_unknown_and_mangled_invites_all_look_the_same,
    the_directory_records_who_answers_to_whom,
    partners_answer_to_nobody_in_the_company,
);

const PASSWORD: &str = "a long enough password";
const HOUR: i64 = 3_600_000;

fn workspace(backend: &dyn Backend) -> (Accounts, Account) {
    let accounts = backend.open(SessionLifetimes::default());
    let secret = accounts.setup_secret().unwrap();
    let (_, admin) = accounts
        .set_up(&secret, "admin", "管理员", PASSWORD, 0)
        .unwrap();
    (accounts, admin)
}

fn staff(id: &str, departments: &[&str], heads: &[&str]) -> NewStaff {
    NewStaff {
        id: id.into(),
        display_name: format!("{id} 名"),
        password: PASSWORD.into(),
        is_admin: false,
        departments: departments.iter().map(|d| d.to_string()).collect(),
        heads: heads.iter().map(|d| d.to_string()).collect(),
    }
}

fn dept(s: &str) -> DeptId {
    s.parse().unwrap()
}

fn staff_sign_in_with_their_departments_and_the_ones_they_head(backend: &dyn Backend) {
    let (accounts, admin) = workspace(backend);
    accounts
        .add_department(&admin, "sales", "销售部", 1)
        .unwrap();
    accounts.add_department(&admin, "ops", "运营部", 1).unwrap();
    assert!(matches!(
        accounts.add_department(&admin, "sales", "again", 1),
        Err(AccountError::Taken)
    ));
    assert!(matches!(
        accounts.add_staff(&admin, &staff("zhang", &["nowhere"], &[]), 2),
        Err(AccountError::UnknownDepartment(_))
    ));
    assert!(
        accounts.log_in("zhang", PASSWORD, "c", 3).is_err(),
        "a refused add leaves no account behind"
    );
    let entry = accounts
        .add_staff(&admin, &staff("zhang", &["sales"], &["ops"]), 2)
        .unwrap();
    assert_eq!(
        entry.departments,
        [dept("ops"), dept("sales")],
        "a head is a member"
    );
    assert_eq!(entry.heads, [dept("ops")]);
    let (_, zhang) = accounts.log_in("zhang", PASSWORD, "c", 3).unwrap();
    assert_eq!(zhang.person.affiliation, Affiliation::Staff);
    assert_eq!(zhang.person.departments, [dept("ops"), dept("sales")]);
    assert_eq!(zhang.person.heads, [dept("ops")]);
}

fn only_admins_change_the_directory(backend: &dyn Backend) {
    let (accounts, admin) = workspace(backend);
    accounts
        .add_staff(&admin, &staff("zhang", &[], &[]), 1)
        .unwrap();
    let (_, zhang) = accounts.log_in("zhang", PASSWORD, "c", 2).unwrap();
    assert!(matches!(
        accounts.directory(&zhang),
        Err(AccountError::Forbidden)
    ));
    assert!(matches!(
        accounts.add_department(&zhang, "d", "D", 3),
        Err(AccountError::Forbidden)
    ));
    assert!(matches!(
        accounts.add_org(&zhang, "acme", "Acme", OrgKind::Customer, 3),
        Err(AccountError::Forbidden)
    ));
    assert!(matches!(
        accounts.add_staff(&zhang, &staff("li", &[], &[]), 3),
        Err(AccountError::Forbidden)
    ));
    let promote = PersonChange {
        is_admin: Some(true),
        ..Default::default()
    };
    assert!(matches!(
        accounts.change_person(&zhang, "zhang", &promote),
        Err(AccountError::Forbidden)
    ));
    assert!(matches!(
        accounts.create_invite(&zhang, "acme", 24, 3),
        Err(AccountError::Forbidden)
    ));
    let directory = accounts.directory(&admin).unwrap();
    assert_eq!(directory.people.len(), 2);
    assert!(
        !directory
            .people
            .iter()
            .any(|p| p.id.as_str() == "zhang" && p.is_admin)
    );
}

fn the_last_admin_stays_and_disabling_ends_sessions(backend: &dyn Backend) {
    let (accounts, admin) = workspace(backend);
    let demote = PersonChange {
        is_admin: Some(false),
        ..Default::default()
    };
    let disable = PersonChange {
        disabled: Some(true),
        ..Default::default()
    };
    assert!(matches!(
        accounts.change_person(&admin, "admin", &demote),
        Err(AccountError::LastAdmin)
    ));
    assert!(matches!(
        accounts.change_person(&admin, "admin", &disable),
        Err(AccountError::LastAdmin)
    ));
    accounts
        .add_staff(&admin, &staff("zhang", &[], &[]), 1)
        .unwrap();
    let (token, _) = accounts.log_in("zhang", PASSWORD, "c", 2).unwrap();
    let entry = accounts.change_person(&admin, "zhang", &disable).unwrap();
    assert!(entry.disabled);
    assert!(accounts.session(&token.to_text(), 3).unwrap().is_none());
    assert!(matches!(
        accounts.log_in("zhang", PASSWORD, "c", 4),
        Err(AccountError::Disabled)
    ));
    assert!(matches!(
        accounts.change_person(&admin, "nobody", &disable),
        Err(AccountError::NoSuchPerson(_))
    ));
}

fn an_invite_makes_one_partner_account_and_its_link_then_dies(backend: &dyn Backend) {
    let (accounts, admin) = workspace(backend);
    assert!(matches!(
        accounts.create_invite(&admin, "acme", 24, 0),
        Err(AccountError::UnknownOrg(_))
    ));
    accounts
        .add_org(&admin, "acme", "Acme 有限公司", OrgKind::Supplier, 0)
        .unwrap();
    for hours in [0, MAX_INVITE_HOURS + 1] {
        assert!(matches!(
            accounts.create_invite(&admin, "acme", hours, 0),
            Err(AccountError::BadValidity)
        ));
    }
    let (invite, token) = accounts.create_invite(&admin, "acme", 24, 0).unwrap();
    let link = token.to_text();
    let (_, org) = accounts.check_invite(&link, 1).unwrap();
    assert_eq!(
        (org.name.as_str(), org.kind),
        ("Acme 有限公司", OrgKind::Supplier)
    );

    let (session, li) = accounts
        .accept_invite(&link, "li", "李", PASSWORD, 2)
        .unwrap();
    assert_eq!(
        li.person.affiliation,
        Affiliation::Partner("acme".parse().unwrap())
    );
    assert!(!li.is_admin);
    assert!(accounts.session(&session.to_text(), 3).unwrap().is_some());
    for again in [
        accounts.check_invite(&link, 4).map(|_| ()),
        accounts
            .accept_invite(&link, "li2", "李二", PASSWORD, 4)
            .map(|_| ()),
    ] {
        assert!(matches!(again, Err(AccountError::InviteInvalid)), "reuse");
    }
    let listed = accounts.directory(&admin).unwrap().invites;
    assert_eq!(listed[0].id, invite.id);
    assert_eq!(listed[0].used_by, Some("li".parse().unwrap()));

    // A partner stays a partner.
    let promote = PersonChange {
        is_admin: Some(true),
        ..Default::default()
    };
    assert!(matches!(
        accounts.change_person(&admin, "li", &promote),
        Err(AccountError::Forbidden)
    ));
}

fn expired_revoked_unknown_and_mangled_invites_all_look_the_same(backend: &dyn Backend) {
    let (accounts, admin) = workspace(backend);
    accounts
        .add_org(&admin, "acme", "Acme", OrgKind::Customer, 0)
        .unwrap();
    let (_, expiring) = accounts.create_invite(&admin, "acme", 1, 0).unwrap();
    let (revoked, revoked_token) = accounts.create_invite(&admin, "acme", 1, 0).unwrap();
    accounts.revoke_invite(&admin, &revoked.id).unwrap();
    let mut mangled = expiring.to_text().into_bytes();
    mangled[3] ^= 1;
    let cases = [
        ("expired", expiring.to_text(), HOUR),
        ("revoked", revoked_token.to_text(), 1),
        ("unknown", SessionToken::random().to_text(), 1),
        ("mangled", String::from_utf8_lossy(&mangled).into_owned(), 1),
        ("empty", String::new(), 1),
    ];
    for (what, token, now) in cases {
        assert!(
            matches!(
                accounts.check_invite(&token, now),
                Err(AccountError::InviteInvalid)
            ),
            "{what}"
        );
        assert!(
            matches!(
                accounts.accept_invite(&token, what, "X", PASSWORD, now),
                Err(AccountError::InviteInvalid)
            ),
            "{what}"
        );
        assert!(
            accounts.log_in(what, PASSWORD, "c", now).is_err(),
            "{what}: no account made"
        );
    }
    assert!(
        accounts.check_invite(&expiring.to_text(), HOUR - 1).is_ok(),
        "live until then"
    );
}

fn superior(id: &str) -> PersonChange {
    PersonChange {
        superior: Some(id.into()),
        ..PersonChange::default()
    }
}

fn the_directory_records_who_answers_to_whom(backend: &dyn Backend) {
    let (accounts, admin) = workspace(backend);
    for id in ["zhang", "li", "wang"] {
        accounts.add_staff(&admin, &staff(id, &[], &[]), 1).unwrap();
    }
    let entry = accounts
        .change_person(&admin, "zhang", &superior("li"))
        .unwrap();
    assert_eq!(entry.superior, Some("li".parse().unwrap()));
    accounts
        .change_person(&admin, "li", &superior("wang"))
        .unwrap();
    // Signing in gives the rules the superior the directory has now.
    let (_, zhang) = accounts.log_in("zhang", PASSWORD, "c", 2).unwrap();
    assert_eq!(zhang.person.superior, Some("li".parse().unwrap()));

    // Nobody answers to themselves, nor, however indirectly, to their reports.
    for (who, named) in [("zhang", "zhang"), ("wang", "zhang"), ("wang", "li")] {
        assert!(
            matches!(
                accounts.change_person(&admin, who, &superior(named)),
                Err(AccountError::BadSuperior(_))
            ),
            "{who} under {named}"
        );
    }
    assert!(matches!(
        accounts.change_person(&admin, "zhang", &superior("nobody")),
        Err(AccountError::NoSuchPerson(_))
    ));
    // A disabled person reviews nothing.
    accounts
        .change_person(
            &admin,
            "wang",
            &PersonChange {
                disabled: Some(true),
                ..PersonChange::default()
            },
        )
        .unwrap();
    assert!(matches!(
        accounts.change_person(&admin, "zhang", &superior("wang")),
        Err(AccountError::BadSuperior(_))
    ));
    // Only admins say it; the empty text records none.
    let (_, li) = accounts.log_in("li", PASSWORD, "c", 3).unwrap();
    assert!(matches!(
        accounts.change_person(&li, "zhang", &superior("admin")),
        Err(AccountError::Forbidden)
    ));
    let entry = accounts
        .change_person(&admin, "zhang", &superior(""))
        .unwrap();
    assert_eq!(entry.superior, None);
    assert_eq!(
        accounts
            .log_in("zhang", PASSWORD, "c", 4)
            .unwrap()
            .1
            .person
            .superior,
        None
    );
}

fn partners_answer_to_nobody_in_the_company(backend: &dyn Backend) {
    let (accounts, admin) = workspace(backend);
    accounts
        .add_org(&admin, "acme", "Acme", OrgKind::Supplier, 0)
        .unwrap();
    let (_, token) = accounts.create_invite(&admin, "acme", 24, 0).unwrap();
    accounts
        .accept_invite(&token.to_text(), "li", "李", PASSWORD, 1)
        .unwrap();
    accounts
        .add_staff(&admin, &staff("zhang", &[], &[]), 1)
        .unwrap();
    assert!(matches!(
        accounts.change_person(&admin, "li", &superior("zhang")),
        Err(AccountError::Forbidden)
    ));
    assert!(matches!(
        accounts.change_person(&admin, "zhang", &superior("li")),
        Err(AccountError::BadSuperior(_))
    ));
}
