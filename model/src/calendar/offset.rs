/// How far a zone's clocks are ahead of UTC, in whole minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Offset {
    minutes_east: i32,
}

/// Beyond any zone's offset (the furthest are ±14 h): a guard against a
/// nonsense offset turning into nonsense days.
const MAX_MINUTES: i32 = 18 * 60;

impl Offset {
    pub const UTC: Self = Self { minutes_east: 0 };
    /// China Standard Time, UTC+8 all year (Asia/Shanghai has kept no
    /// daylight saving time since 1991): the workspace zone by default.
    pub const CHINA: Self = Self {
        minutes_east: 8 * 60,
    };

    /// `None` beyond ±18 hours.
    pub fn from_minutes_east(minutes_east: i32) -> Option<Self> {
        (minutes_east.abs() <= MAX_MINUTES).then_some(Self { minutes_east })
    }

    pub fn minutes_east(self) -> i32 {
        self.minutes_east
    }
}

/// A zone: which offset its clocks show at an instant. A fixed `Offset` is
/// one; the browser's own zone (with its daylight saving rules) is another,
/// which only the app can ask.
pub trait TimeZone {
    fn offset_at(&self, instant_ms: i64) -> Offset;
}

impl TimeZone for Offset {
    fn offset_at(&self, _instant_ms: i64) -> Offset {
        *self
    }
}
