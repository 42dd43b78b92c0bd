//! Where each call goes: the relay's router and the app's calls name the
//! same constants.

pub const HEALTH: &str = "/api/health";
pub const SETUP: &str = "/api/setup";
pub const LOGIN: &str = "/api/login";
pub const LOGOUT: &str = "/api/logout";
pub const ME: &str = "/api/me";
pub const INVITE_CHECK: &str = "/api/invite/check";
pub const INVITE_ACCEPT: &str = "/api/invite/accept";
pub const ADMIN_DIRECTORY: &str = "/api/admin/directory";
pub const ADMIN_PEOPLE: &str = "/api/admin/people";
pub const ADMIN_DEPARTMENTS: &str = "/api/admin/departments";
pub const ADMIN_ORGS: &str = "/api/admin/orgs";
pub const ADMIN_INVITES: &str = "/api/admin/invites";
pub const DOCUMENTS: &str = "/api/documents";
pub const TASKS: &str = "/api/tasks";
pub const MESSAGES: &str = "/api/messages";
pub const MESSAGES_READ: &str = "/api/messages/read";
/// `GET`: what I follow; `PUT`/`DELETE /api/follows/{id}`: follow, stop.
pub const FOLLOWS: &str = "/api/follows";
pub const PEOPLE: &str = "/api/people";
pub const SEARCH: &str = "/api/search";
pub const DASHBOARD: &str = "/api/dashboard";
pub const EXPORT_XLSX: &str = "/api/export/xlsx";
/// `POST` a spreadsheet file's bytes (`?sheet=` a worksheet's name): its
/// cells as a grid of texts, to map and preview before importing.
pub const IMPORT_GRID: &str = "/api/import/grid";
pub const CALENDAR: &str = "/api/calendar";
/// `GET`: the team sub-templates shared with me; `POST`: share one.
pub const SUBTEMPLATES: &str = "/api/subtemplates";
pub const ADMIN_CALENDAR_DAYS: &str = "/api/admin/calendar/days";
pub const ADMIN_CALENDAR_ZONE: &str = "/api/admin/calendar/zone";

/// The router's pattern for one person (`PATCH`): `ADMIN_PEOPLE/<id>`.
pub const ADMIN_PERSON: &str = "/api/admin/people/{id}";
/// The router's pattern for one invite (`DELETE`): `ADMIN_INVITES/<id>`.
pub const ADMIN_INVITE: &str = "/api/admin/invites/{id}";
/// The router's pattern for one followed document (`PUT`, `DELETE`):
/// `FOLLOWS/<document id>`.
pub const FOLLOW: &str = "/api/follows/{id}";
/// The router's pattern for one marked day (`DELETE`): `ADMIN_CALENDAR_DAYS/<day>`.
pub const ADMIN_CALENDAR_DAY: &str = "/api/admin/calendar/days/{day}";

/// The router's pattern for a whole document as an .xlsx workbook
/// (`GET`, `?lang=zh-CN|en`): `DOCUMENTS/<id>/export.xlsx`.
pub const DOCUMENT_XLSX: &str = "/api/documents/{id}/export.xlsx";

/// The router's pattern for a file attached to a document: `PUT` its
/// bytes (editors), `GET` them (readers, `?name=` the file name to save
/// under): `DOCUMENTS/<id>/files/<sha256 hex>`.
pub const DOCUMENT_FILE: &str = "/api/documents/{id}/files/{sha256}";

/// Where the file `sha256` of document `doc` is put and read.
pub fn document_file(doc: &str, sha256: &str) -> String {
    format!("{DOCUMENTS}/{doc}/files/{sha256}")
}

/// Moves the relay's clock forward; only in test builds (`test-clock`).
pub const TEST_CLOCK: &str = "/api/test/clock";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_item_patterns_sit_below_their_lists() {
        assert_eq!(ADMIN_PERSON, format!("{ADMIN_PEOPLE}/{{id}}"));
        assert_eq!(ADMIN_INVITE, format!("{ADMIN_INVITES}/{{id}}"));
        assert_eq!(DOCUMENT_XLSX, format!("{DOCUMENTS}/{{id}}/export.xlsx"));
        assert_eq!(
            DOCUMENT_FILE,
            document_file("{id}", "{sha256}"),
            "the router's pattern and the app's address agree"
        );
        assert_eq!(ADMIN_CALENDAR_DAY, format!("{ADMIN_CALENDAR_DAYS}/{{day}}"));
    }
}
