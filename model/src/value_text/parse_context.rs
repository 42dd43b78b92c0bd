use crate::{calendar::TimeZone, custom_field::CustomOption};

/// Money typed without a currency is in yuan: the first users are Chinese companies.
pub const DEFAULT_CURRENCY: &str = "CNY";

/// What reading typed text needs besides the text and the field's kind.
#[derive(Clone, Copy)]
pub struct ParseContext<'a> {
    /// The zone whose clocks a typed date and time is read on.
    pub zone: &'a dyn TimeZone,
    /// The currency of an amount whose text names none (the field's
    /// current one, or `DEFAULT_CURRENCY`).
    pub currency: &'a str,
    /// A custom choice field's options: its `FieldKind` carries none (a
    /// template field's are its kind's own).
    pub custom_options: &'a [CustomOption],
}

impl<'a> ParseContext<'a> {
    pub fn new(zone: &'a dyn TimeZone) -> Self {
        Self {
            zone,
            currency: DEFAULT_CURRENCY,
            custom_options: &[],
        }
    }

    /// Amounts without a currency of their own are in `currency`; an empty
    /// one leaves the default.
    pub fn with_currency(self, currency: &'a str) -> Self {
        if currency.is_empty() {
            return self;
        }
        Self { currency, ..self }
    }

    pub fn with_custom_options(self, custom_options: &'a [CustomOption]) -> Self {
        Self {
            custom_options,
            ..self
        }
    }
}
