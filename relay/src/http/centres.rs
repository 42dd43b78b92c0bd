//! `/api/tasks` and `/api/messages`: the task and message centres — what
//! waits for the signed-in person and what happened that concerns them,
//! across every document they may read. Which documents: the catalogue's
//! rule (`DocCard::role_of`); what waits and what is told, for whom: the
//! model's `awaiting` and `messages`, kept per document (`DocDigests`).

use std::sync::Arc;

use axum::{
    Json,
    extract::{Path, State},
};
use concord_api::{
    Follows, MAX_MARKS, MarkRead, MessageCentre, MessageItem, TaskCentre, TaskCentreItem,
};
use concord_model::{
    Person, Today,
    views::{AwaitedBy, DocDigest},
};
use concord_sync::DocumentId;

use super::{ApiError, Shared, SignedInAccount, blocking, documents::readable};
use crate::{clock::now_ms, doc_catalog::Listed};

/// Read messages older than this are no longer listed (their marks stay,
/// so they never come back as unread).
const KEEP_READ_MS: i64 = 90 * 24 * 60 * 60 * 1000;

pub(crate) async fn tasks(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
) -> Result<Json<TaskCentre>, ApiError> {
    let now = now_ms();
    let person = who.person.clone();
    let items = digests(&shared, &who.person, now, move |listed, digests, today| {
        let mut items = Vec::new();
        for (doc, digest) in listed.iter().zip(digests) {
            let Some(digest) = digest else { continue };
            for item in digest.awaiting().filter(|i| i.is_for(&person)) {
                let (title, template) = (&doc.card.title, &doc.card.template_id);
                items.push(TaskCentreItem::of(doc.id, title, template, item, today));
            }
        }
        TaskCentre::sort(&mut items);
        Ok(items)
    })
    .await?;
    Ok(Json(TaskCentre {
        items,
        as_of_ms: now,
    }))
}

pub(crate) async fn messages(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
) -> Result<Json<MessageCentre>, ApiError> {
    let now = now_ms();
    let messages = centre_messages(&shared, &who.person, now).await?;
    Ok(Json(MessageCentre {
        messages,
        as_of_ms: now,
    }))
}

/// Marks the person's own messages read: keys that name none of the
/// messages they may see are ignored (nothing is kept for them).
pub(crate) async fn mark_read(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
    Json(marks): Json<MarkRead>,
) -> Result<Json<MessageCentre>, ApiError> {
    if marks.keys.len() > MAX_MARKS {
        return Err(ApiError::TooManyMarks { max: MAX_MARKS });
    }
    let now = now_ms();
    let mut messages = centre_messages(&shared, &who.person, now).await?;
    let keys: Vec<String> = messages
        .iter()
        .filter(|m| !m.read && marks.keys.contains(&m.key))
        .map(|m| m.key.clone())
        .collect();
    if !keys.is_empty() {
        let accounts = shared.accounts.clone();
        let person = who.person.id.clone();
        let marked = keys.clone();
        blocking(move || accounts.mark_messages_read(&person, &marked, now)).await?;
        for m in messages.iter_mut().filter(|m| keys.contains(&m.key)) {
            m.read = true;
        }
    }
    Ok(Json(MessageCentre {
        messages,
        as_of_ms: now,
    }))
}

/// The documents the person follows (of those they may still read).
pub(crate) async fn follows(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
) -> Result<Json<Follows>, ApiError> {
    let listed = readable(&shared, &who.person).await?;
    let accounts = shared.accounts.clone();
    let person = who.person.id.clone();
    let followed = blocking(move || Ok::<_, ApiError>(accounts.follows(&person)?)).await?;
    let docs = listed
        .iter()
        .filter(|d| followed.iter().any(|(f, _)| *f == d.id.to_string()))
        .map(|d| d.id)
        .collect();
    Ok(Json(Follows { docs }))
}

/// `PUT`: follows a document the person may read, from now.
pub(crate) async fn follow(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
    Path(id): Path<String>,
) -> Result<Json<Follows>, ApiError> {
    set_follow(&shared, &who.person, &id, Some(now_ms())).await?;
    follows(State(shared), SignedInAccount(who)).await
}

/// `DELETE`: stops following a document.
pub(crate) async fn unfollow(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
    Path(id): Path<String>,
) -> Result<Json<Follows>, ApiError> {
    set_follow(&shared, &who.person, &id, None).await?;
    follows(State(shared), SignedInAccount(who)).await
}

/// Only a document the person may read is followed; stopping is always
/// allowed (access may be gone since).
async fn set_follow(
    shared: &Shared,
    who: &Person,
    id: &str,
    since_ms: Option<i64>,
) -> Result<(), ApiError> {
    let doc: DocumentId = id.parse().map_err(|_| ApiError::NoSuchDocument)?;
    if since_ms.is_some() && !readable(shared, who).await?.iter().any(|d| d.id == doc) {
        return Err(ApiError::NoSuchDocument);
    }
    let accounts = shared.accounts.clone();
    let person = who.id.clone();
    let doc = doc.to_string();
    blocking(move || Ok::<_, ApiError>(accounts.set_follow(&person, &doc, since_ms)?)).await
}

/// The person's messages, newest first, with their read marks; read ones
/// past `KEEP_READ_MS` left out.
async fn centre_messages(
    shared: &Shared,
    who: &Person,
    now: i64,
) -> Result<Vec<MessageItem>, ApiError> {
    let person = who.clone();
    let accounts = shared.accounts.clone();
    digests(shared, who, now, move |listed, digests, _| {
        let reads = accounts.message_reads(&person.id)?;
        let follows = accounts.follows(&person.id)?;
        Ok(person_messages(
            listed, &digests, &reads, &follows, &person, now,
        ))
    })
    .await
}

/// What `listed` (the documents `who` may read) and their `digests` tell
/// `who` at `now`, given the keys they marked read and the documents they
/// follow (with since when): newest first, read ones past `KEEP_READ_MS`
/// left out. A followed document's changes are told from when they
/// followed it, and only changes by others. A message's key is its document and
/// its id, so the same news read again, on any instance or after a
/// restart, is the same message with the same read mark.
pub(crate) fn person_messages(
    listed: &[Listed],
    digests: &[Option<Arc<DocDigest>>],
    reads: &[(String, i64)],
    follows: &[(String, i64)],
    who: &Person,
    now: i64,
) -> Vec<MessageItem> {
    let mut items = Vec::new();
    for (doc, digest) in listed.iter().zip(digests) {
        let Some(digest) = digest else { continue };
        let id = doc.id.to_string();
        // Change times are whole seconds: a change in the second one
        // followed in counts as after it.
        let followed_since = follows
            .iter()
            .find(|(d, _)| *d == id)
            .map(|(_, at)| at.div_euclid(1000) * 1000);
        for m in digest.messages() {
            let changed_by: Vec<(String, u32)> = match (&m.to, followed_since) {
                (AwaitedBy::Followers, Some(since)) if m.at >= since => m
                    .changed_by
                    .iter()
                    .filter(|(by, _)| *by != who.id)
                    .map(|(by, n)| (by.to_string(), *n))
                    .collect(),
                _ => Vec::new(),
            };
            if changed_by.is_empty() && !m.is_for(who) {
                continue;
            }
            let key = format!("{}/{}", doc.id, m.id);
            let read = reads.iter().any(|(k, _)| *k == key);
            if read && m.at < now - KEEP_READ_MS {
                continue;
            }
            items.push(MessageItem {
                key,
                doc: doc.id,
                doc_title: doc.card.title.clone(),
                template_id: doc.card.template_id.clone(),
                kind: m.kind.as_str().to_owned(),
                at: m.at,
                by: m.by.as_ref().map(|p| p.to_string()),
                about: m.about.clone(),
                reason: m.reason.clone(),
                row: m.row.clone(),
                changed_by,
                read,
            });
        }
    }
    items.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.key.cmp(&b.key)));
    items
}

/// Runs `answer` on the blocking pool over the documents `who` may read
/// and their digests, on the workspace's today.
async fn digests<T: Send + 'static>(
    shared: &Shared,
    who: &Person,
    now: i64,
    answer: impl FnOnce(&[Listed], Vec<Option<Arc<DocDigest>>>, &Today) -> Result<T, ApiError>
    + Send
    + 'static,
) -> Result<T, ApiError> {
    let listed = readable(shared, who).await?;
    let today = shared.accounts.today(now).ok_or_else(|| {
        ApiError::internal("the relay's clock is out of range", "clock past 9999")
    })?;
    let zone = shared.accounts.zone();
    let (catalog, digests, store) = (
        shared.catalog.clone(),
        shared.digests.clone(),
        shared.store.clone(),
    );
    blocking(move || {
        let per_doc = digests
            .of(
                &listed,
                |id| catalog.heads(id),
                store.as_ref(),
                &today,
                &zone,
            )
            .map_err(|e| {
                ApiError::internal("the relay could not read its documents; try again", e)
            })?;
        answer(&listed, per_doc, &today)
    })
    .await
}

#[cfg(test)]
#[path = "centres_tests.rs"]
mod tests;
