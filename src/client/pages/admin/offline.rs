//! The shed's weak network as plain data, apart from the views: a move kept on the phone until
//! it can be sent (with its `from`, so one someone else moved meanwhile is refused, not moved
//! twice), a copy of what the page showed with when it was saved, which failures wait for the
//! network (or a sign-in) and which are answers, and what became of each queued move once sent.
//! The phone is shared: a move carries the member who made it (their name, never the token) and
//! is sent only under their sign-in; a saved copy is its member's, for a day.

use serde::{Deserialize, Serialize};

use crate::client::api::answer::{self, Refusal};
use crate::client::api::team_base::Team;
use crate::client::api::ApiError;
use crate::domain::{BulkMoveRequest, BulkMoveResult, ErrorCode, OrderStatus};

/// What-became-of reports the page keeps on screen: a morning's scans made offline, each its
/// own move, all show when they are sent.
pub const REPORTS_KEPT: usize = 200;
/// Refused orders one report lists by id (a bulk move someone else made too is summed up).
pub const PROBLEMS_SHOWN: usize = 50;
/// Conflicts of one report whose current status is asked for (a bulk move's are summed up).
pub const LOOKUPS_PER_REPORT: usize = 10;

/// How long a saved copy (buyers' names, phones and addresses) may be shown: a day's work.
pub const SAVED_FOR_MS: i64 = 24 * 60 * 60 * 1000;

/// The text kept for a copy of the server's answer `value_json` saved at `saved_at` (Unix
/// milliseconds) for `member`: the time, the member's name (which holds no line break), and the
/// answer as it came, one line each, so it is read back by the same code that reads the
/// server's answers (a wrapper type would cost the bundle a second copy of each type's reader).
pub fn saved_text(saved_at: i64, member: &str, value_json: &str) -> String {
    format!("{saved_at}\n{member}\n{value_json}")
}

/// A kept copy's time, member and answer JSON text (a copy kept before copies had a member is
/// unreadable, so never shown).
pub fn read_saved(text: &str) -> Option<(i64, &str, &str)> {
    let (at, rest) = text.split_once('\n')?;
    let (member, json) = rest.split_once('\n')?;
    Some((at.parse().ok()?, member, json))
}

/// Whether a copy saved at `saved_at` for `saved_for` may be shown to `member` at `now`: it is
/// theirs and less than a day old (one dated after `now`, by a clock set back since, is not).
pub fn copy_usable(saved_at: i64, saved_for: &str, member: &str, now: i64) -> bool {
    saved_for == member && (0..SAVED_FOR_MS).contains(&now.saturating_sub(saved_at))
}

/// Where the saved copy of a list is kept: one per status (and one for every status). A search
/// is not kept: offline, the scan view finds a box by its id without one.
pub fn list_key(status: Option<OrderStatus>, q: &str) -> Option<String> {
    q.trim()
        .is_empty()
        .then(|| format!("list:{}", status.map_or("all", OrderStatus::as_str)))
}

/// Where the saved summary is kept.
pub const SUMMARY_KEY: &str = "summary";

/// Where the copy `key` of `producer`'s answer is kept: the key as it always was for the
/// default producer's unscoped routes (a shop of one keeps its copies), under the producer's
/// slug for any other, so one producer's copy never shows under another's.
pub fn producer_key(producer: Option<&str>, key: &str) -> String {
    match producer {
        Some(slug) => format!("{slug}/{key}"),
        None => key.to_owned(),
    }
}

/// A move made without the network, kept on the phone until it is sent (or, refused for good,
/// until the helper discards it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedMove {
    /// Orders the queue by when the move was made (then a random part, so two moves in the
    /// same millisecond, or from two tabs, never share a key).
    pub key: String,
    pub ids: Vec<String>,
    pub from: String,
    pub status: String,
    /// The member who made it (their name, as `/api/admin/me` says it; never the token): it is
    /// sent only while they are signed in. `None` for a move kept before moves had a member.
    #[serde(default)]
    pub member: Option<String>,
    /// Refused for good with this code (a proxy's 413 too): kept on the phone to be looked at
    /// and discarded, never sent again, so it blocks none of the moves behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stuck: Option<ErrorCode>,
    /// The producer whose orders it moves (their slug), to whose API it is sent whichever
    /// producer the page shows by then; `None`: the default producer's unscoped routes (a
    /// shop of one, and every move kept before the market).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub producer: Option<String>,
}

impl QueuedMove {
    /// The move `change`, made at `now_ms`; `nonce` is random.
    pub fn new(change: &BulkMoveRequest, now_ms: i64, nonce: u32) -> Self {
        Self {
            key: format!("{:015}-{nonce:08x}", now_ms.max(0)),
            ids: change.ids.clone(),
            from: change.from.clone(),
            status: change.status.clone(),
            member: None,
            stuck: None,
            producer: None,
        }
    }

    /// The move, made by `member`.
    pub fn by(mut self, member: &str) -> Self {
        self.member = Some(member.to_owned());
        self
    }

    /// The move, of `producer`'s orders (`None`: the default producer's).
    pub fn of(mut self, producer: Option<&str>) -> Self {
        self.producer = producer.map(str::to_owned);
        self
    }

    /// Who may send it now that `me` is signed in (`None`: nobody is known to be).
    pub fn turn(&self, me: Option<&str>) -> Turn {
        match (self.member.as_deref(), me) {
            (None, _) => Turn::Unknown,
            (Some(by), Some(me)) if by == me => Turn::Mine,
            (Some(by), _) => Turn::HeldFor(by.to_owned()),
        }
    }

    /// When the move was made (Unix milliseconds, read from its key).
    pub fn made_at(&self) -> Option<i64> {
        self.key.split('-').next()?.parse().ok()
    }

    /// Where it is sent, with `token`: its own producer's API, whichever producer the page
    /// shows by then.
    pub fn team(&self, token: &str) -> Team {
        Team::new(token, self.producer.as_deref())
    }

    /// The request to send: the same however often it is sent (an order already in `status`
    /// counts as moved, so an answer lost on the way is asked again safely).
    pub fn request(&self) -> BulkMoveRequest {
        BulkMoveRequest {
            ids: self.ids.clone(),
            from: self.from.clone(),
            status: self.status.clone(),
        }
    }
}

/// Whose a queued move is, seen from the member signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Turn {
    /// The signed-in member's: sent now.
    Mine,
    /// Another member's: held (neither sent nor in the way) until they sign in.
    HeldFor(String),
    /// Kept before moves had a member: held until the signed-in member sends it as theirs or
    /// discards it.
    Unknown,
}

/// The members whose moves are held while `me` is signed in, each with how many, in the order
/// their first move was made.
pub fn held_for(queue: &[QueuedMove], me: Option<&str>) -> Vec<(String, usize)> {
    let mut held: Vec<(String, usize)> = Vec::new();
    for entry in queue {
        if let Turn::HeldFor(name) = entry.turn(me) {
            match held.iter_mut().find(|(n, _)| *n == name) {
                Some((_, count)) => *count += 1,
                None => held.push((name, 1)),
            }
        }
    }
    held
}

/// What a failed call means for a move: keep it for later, wait for a sign-in, or take the
/// refusal as the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OnFailure {
    /// The network (or a busy or broken server): the move waits on the phone.
    Wait,
    /// The token is not (or no longer) the team's: the move waits for a sign-in.
    SignIn,
    /// The server refused the move itself (with this code): sending it again would not help.
    GiveUp(ErrorCode),
}

/// What `error` means for a move waiting to be sent, by the clients' one reading of a refusal
/// (`api::answer`): a proxy's 413 is given up like any final refusal, its 5xx waits.
pub fn on_failure(error: &ApiError) -> OnFailure {
    match error {
        ApiError::Network(_) | ApiError::Unexpected(_) => OnFailure::Wait,
        ApiError::Refused { status, detail, .. } => match answer::refusal(*status, detail.code) {
            Refusal::Temporary => OnFailure::Wait,
            Refusal::SignIn => OnFailure::SignIn,
            Refusal::Final => OnFailure::GiveUp(detail.code),
        },
    }
}

/// The moves of the phone's queue still to send, oldest first, and those stuck behind a
/// refusal (shown apart, never sent again).
pub fn split_stuck(queue: Vec<QueuedMove>) -> (Vec<QueuedMove>, Vec<QueuedMove>) {
    queue.into_iter().partition(|entry| entry.stuck.is_none())
}

/// Why one order of a queued move did not move.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Someone else moved it while the move waited (`from` no longer matched); its status now,
    /// once asked.
    MovedMeanwhile(Option<OrderStatus>),
    /// Any other refusal, by its code.
    Refused(ErrorCode),
}

/// What became of one queued move once it was sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentReport {
    pub key: String,
    pub status: String,
    pub moved: Vec<String>,
    pub problems: Vec<(String, Problem)>,
}

impl SentReport {
    /// The server's answer to `entry`, order by order in the order they were queued.
    pub fn answered(entry: &QueuedMove, result: &BulkMoveResult) -> Self {
        let mut report = Self::empty(entry);
        for id in &entry.ids {
            if result.moved.contains(id) {
                report.moved.push(id.clone());
                continue;
            }
            let problem = match result.refused.get(id) {
                Some(ErrorCode::StatusConflict) => Problem::MovedMeanwhile(None),
                Some(code) => Problem::Refused(*code),
                None => Problem::Refused(ErrorCode::Unknown),
            };
            report.problems.push((id.clone(), problem));
        }
        report
    }

    /// The whole move refused with `code` (every order of it).
    pub fn refused(entry: &QueuedMove, code: ErrorCode) -> Self {
        let mut report = Self::empty(entry);
        report.problems = entry
            .ids
            .iter()
            .map(|id| (id.clone(), Problem::Refused(code)))
            .collect();
        report
    }

    fn empty(entry: &QueuedMove) -> Self {
        Self {
            key: entry.key.clone(),
            status: entry.status.clone(),
            moved: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// The orders someone else moved whose status now is not known yet (the first few).
    pub fn to_look_up(&self) -> Vec<String> {
        self.problems
            .iter()
            .filter(|(_, p)| *p == Problem::MovedMeanwhile(None))
            .map(|(id, _)| id.clone())
            .take(LOOKUPS_PER_REPORT)
            .collect()
    }

    /// Order `id` is in `now` (asked after the conflict).
    pub fn now_in(&mut self, id: &str, now: OrderStatus) {
        for (problem_id, problem) in &mut self.problems {
            if problem_id == id {
                *problem = Problem::MovedMeanwhile(Some(now));
            }
        }
    }
}

/// Adds a report at the top of those shown, keeping the newest few; a report of a move sent
/// again (another tab sent it too) replaces the older one.
pub fn add_report(reports: &mut Vec<SentReport>, report: SentReport) {
    reports.retain(|r| r.key != report.key);
    reports.insert(0, report);
    reports.truncate(REPORTS_KEPT);
}
