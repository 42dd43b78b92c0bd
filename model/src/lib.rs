//! Concord's document model: what a shared document is and what may happen to it.
//!
//! Architecture invariant: this crate does no IO and knows nothing of sockets,
//! browsers or clocks, so the relay (to enforce) and the app (to shape its UI)
//! use the very same rules.

mod access;
pub mod attachment;
pub mod calendar;
mod custom_field;
mod derived_template;
mod document;
pub mod export;
pub mod feedback;
mod field;
pub mod import;
mod library;
mod locale;
mod rules;
mod template;
pub mod tracking;
mod value_text;
pub mod views;
mod workflow;

pub use access::{
    Acl, Actor, Affiliation, Classification, DeptId, DirectoryView, DocRole, IdError, OrgId,
    Person, PersonId, Refusal, may_change_acl, may_create, may_read,
};
pub use attachment::{Attachment, FileHash, FileRef};
pub use calendar::{
    CalendarError, Day, DayKind, LocalDateTime, Offset, TimeZone, Today, Weekday, WorkingDays,
};
pub use custom_field::{
    CUSTOM_FIELDS_MAX, CustomField, CustomKind, CustomOption, LABEL_MAX, Label, OPTIONS_MAX,
    RATING_MAX,
};
pub use derived_template::{DerivedTemplate, SharedWith, SubtemplateRef};
pub use document::{
    ActorId, ApprovedVersion, Comment, CommentId, CommentTarget, ConcordDoc, Conflict,
    ConflictPath, Decision, DocError, DocResult, FieldMove, HISTORY_PAGE, HISTORY_PAGE_BUDGET,
    HistoryEdit, HistoryEntry, HistoryIndex, HistoryPage, HistoryPlace, HistoryScope, Meta,
    NewSignoff, NotOurs, Parties, READ_WITHIN_MINUTES, RowId, RowKey, RowView, SCHEMA, SignoffId,
    SignoffRecord, StatusMove, TAG_MAX, TAGS_MAX, TagError, TaskAct, Touched, VERSION_NAME_MAX,
    Value, Version, VersionId, check_signed_names, mentions_in, next_version_names, tag_of,
};
pub use field::{ChoiceOption, FieldDef, FieldKind};
pub use library::{DEFAULT_PRIORITY, PRIORITY, find_template, library};
pub use locale::{Locale, Localized};
pub use rules::{
    Awaited, DocCard, Due, ObjectPaths, Permissions, RowsTouched, Violation, Waiting,
    check_applied, check_applied_with, check_change, check_history, role_in, validate,
};
pub use template::{TableDef, Template, TemplateId};
pub use value_text::{
    DEFAULT_CURRENCY, ParseContext, ParseError, cell_text_at, cell_text_named, input_text,
    parse_list, parse_value,
};
pub use workflow::{
    ARCHIVE_KEPT_YEARS, ARCHIVED, ARCHIVED_STATE, Attempt, Audience, DateWithin, DocFacts, DueRule,
    Recipients, Requires, RowPeople, Signoff, State, Step, TASK_STEP_CELLS, Target, TaskRow,
    TaskStep, Transition, Who, Workflow, WriteRule, Writer, archive, is_task_step_cell,
    judge_task_row, kept_until, may_delete_row, may_order_rows, may_take_task_step, may_transition,
    may_write_cell, may_write_field, may_write_row_cell, version_name,
};
