//! `/api/search`: the documents a signed-in person may read whose texts
//! match a query, searched on the relay (how a browser finds documents it
//! does not hold). Which documents: the catalogue's rule, as for
//! `/api/documents`; what matches: the model's `SearchTexts` and
//! `query_words`, over texts read as the person reads them (people by the
//! names `/api/people` gives them, choices in their language, times in the
//! workspace's zone), kept per document by heads (`KeptByHeads`).

use std::hash::{DefaultHasher, Hash, Hasher};

use axum::{
    Json,
    extract::{Query, State},
};
use concord_api::{FoundDocument, FoundHit, MAX_FOUND, NameBook, SearchAnswer, SearchQuery};
use concord_model::{
    Locale,
    views::{SearchTexts, query_words},
};

use super::{ApiError, Shared, SignedInAccount, blocking, documents::readable, people::seen_by};
use crate::{clock::now_ms, doc_catalog::Listed};

/// What a document's search texts depend on besides the document: the
/// language, and the names and zone they were written with (a digest: a
/// renamed person or a new zone is a new key, so no text keeps a stale
/// name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SearchKey {
    locale: Locale,
    names: u64,
}

impl SearchKey {
    fn of(locale: Locale, book: &NameBook, zone: &str) -> Self {
        let mut hasher = DefaultHasher::new();
        book.hash(&mut hasher);
        zone.hash(&mut hasher);
        Self {
            locale,
            names: hasher.finish(),
        }
    }
}

/// The query's parameters as pairs, so no query string is refused: a
/// parameter given twice counts once (the first), bytes that are not
/// UTF-8 read as replacement characters, and whatever `q` holds is only
/// ever compared as text (`query_words` keeps its first `QUERY_MAX`
/// characters).
pub(crate) async fn search(
    State(shared): State<Shared>,
    SignedInAccount(who): SignedInAccount,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Result<Json<SearchAnswer>, ApiError> {
    let now = now_ms();
    let asked = asked(pairs);
    let words = query_words(&asked.q);
    let nothing = SearchAnswer {
        found: Vec::new(),
        more: false,
        as_of_ms: now,
    };
    if words.is_empty() {
        return Ok(Json(nothing));
    }
    let locale = asked
        .lang
        .as_deref()
        .and_then(Locale::from_tag)
        .unwrap_or(Locale::ZhCn);
    let listed = readable(&shared, &who.person).await?;
    let zone = shared.accounts.zone();
    let (accounts, catalog, texts, store) = (
        shared.accounts.clone(),
        shared.catalog.clone(),
        shared.search_texts.clone(),
        shared.store.clone(),
    );
    let person = who.person;
    blocking(move || {
        let book = NameBook::of(&seen_by(accounts.people_list()?, &person, &listed));
        let key = SearchKey::of(locale, &book, zone.name());
        let per_doc = texts
            .of(
                &listed,
                |id| catalog.heads(id),
                store.as_ref(),
                &key,
                |_, doc| {
                    SearchTexts::of(doc, &|kind, value| {
                        book.cell_text_at(kind, value, locale, &zone)
                    })
                },
            )
            .map_err(|e| {
                ApiError::internal("the relay could not read its documents; try again", e)
            })?;
        let (found, more) = found(&listed, &per_doc, &words);
        Ok::<_, ApiError>(Json(SearchAnswer {
            found,
            more,
            ..nothing
        }))
    })
    .await
}

/// The first `q` and `lang` given.
fn asked(pairs: Vec<(String, String)>) -> SearchQuery {
    let mut asked = SearchQuery::default();
    let mut q = None;
    for (name, value) in pairs {
        match name.as_str() {
            "q" if q.is_none() => q = Some(value),
            "lang" if asked.lang.is_none() => asked.lang = Some(value),
            _ => {}
        }
    }
    asked.q = q.unwrap_or_default();
    asked
}

/// The listed documents whose texts match `words`, in the listing's
/// order, at most `MAX_FOUND`; true when more matched.
fn found(
    listed: &[Listed],
    texts: &[Option<std::sync::Arc<SearchTexts>>],
    words: &[String],
) -> (Vec<FoundDocument>, bool) {
    let mut found = Vec::new();
    for (doc, texts) in listed.iter().zip(texts) {
        let Some(texts) = texts else { continue };
        let hits = texts.find(words);
        if hits.is_empty() {
            continue;
        }
        if found.len() == MAX_FOUND {
            return (found, true);
        }
        found.push(FoundDocument {
            doc: doc.id,
            title: doc.card.title.clone(),
            template_id: doc.card.template_id.clone(),
            hits: hits.iter().map(FoundHit::of).collect(),
        });
    }
    (found, false)
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
