/// Text that is not a calendar day or a date and time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("{0:?} is not a YYYY-MM-DD date")]
    NotADay(String),
    #[error("{0:?} is not a YYYY-MM-DD HH:MM date and time")]
    NotADateTime(String),
}
