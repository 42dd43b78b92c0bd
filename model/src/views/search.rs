//! Search within one document: its title, tags, fields, cells and comments, as
//! people read them (people by name, choices by label: the caller's
//! `shown`). Matching is by substring, ignoring case, so Chinese works as
//! people type it: 验收 or 张 finds every text containing it, with no
//! tokenizer that would cut Chinese into words. Every word of the query
//! (split at spaces) must occur somewhere in the document.

use crate::{
    document::{CommentTarget, ConcordDoc, HistoryPlace, Value},
    field::FieldKind,
};

/// The longest query kept (in characters).
pub const QUERY_MAX: usize = 100;
/// Places listed per document: enough to see why it matched.
pub const HITS_PER_DOCUMENT: usize = 5;
/// Characters shown around a match.
const AROUND: usize = 24;

/// A place in a document whose text matched, with the text around it.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub place: HistoryPlace,
    pub snippet: String,
}

/// The words of a query, lowercased; empty when there is nothing to find.
pub fn query_words(query: &str) -> Vec<String> {
    let kept: String = query.chars().take(QUERY_MAX).collect();
    kept.split_whitespace().map(str::to_lowercase).collect()
}

/// Where `doc` matches `words` (each must occur somewhere), at most
/// `HITS_PER_DOCUMENT` places, in the document's order; empty when it does
/// not match.
pub fn search_document(
    doc: &ConcordDoc,
    words: &[String],
    shown: &dyn Fn(&FieldKind, &Value) -> String,
) -> Vec<SearchHit> {
    SearchTexts::of(doc, shown).find(words)
}

/// A document's searchable texts, read once: a screen keeps them per
/// document and reads them again only when the document changes, so a
/// query costs a scan of strings, not a read of every document.
#[derive(Debug, Clone, Default)]
pub struct SearchTexts {
    texts: Vec<(HistoryPlace, String)>,
    lowered: Vec<String>,
}

impl SearchTexts {
    pub fn of(doc: &ConcordDoc, shown: &dyn Fn(&FieldKind, &Value) -> String) -> Self {
        let template = doc.template();
        let mut texts: Vec<(HistoryPlace, String)> = Vec::new();
        texts.push((HistoryPlace::Title, doc.title().unwrap_or_default()));
        let tags = doc.tags();
        if !tags.is_empty() {
            texts.push((HistoryPlace::Part("meta.tags".into()), tags.join(" · ")));
        }
        for field in template.fields {
            if let Some(value) = doc.field(field.id).ok().flatten() {
                texts.push((
                    HistoryPlace::Field(field.id.to_owned()),
                    shown(&field.kind, &value),
                ));
            }
        }
        for table in template.tables {
            for row in doc.rows(table.id).unwrap_or_default() {
                for field in table.fields {
                    if let Some(value) = row.cells.get(field.id) {
                        texts.push((
                            HistoryPlace::Cell {
                                table: table.id.to_owned(),
                                row: row.id.clone(),
                                field: field.id.to_owned(),
                            },
                            shown(&field.kind, value),
                        ));
                    }
                }
            }
        }
        for comment in doc.comments(None).unwrap_or_default() {
            let place = match &comment.target {
                CommentTarget::Row { table, row } => HistoryPlace::Row {
                    table: table.clone(),
                    row: row.clone(),
                },
                _ => HistoryPlace::Part("comments".into()),
            };
            texts.push((place, comment.body.clone()));
        }
        let lowered = texts.iter().map(|(_, t)| t.to_lowercase()).collect();
        Self { texts, lowered }
    }

    /// Where these texts match `words` (each must occur in one of them).
    pub fn find(&self, words: &[String]) -> Vec<SearchHit> {
        if words.is_empty()
            || !words
                .iter()
                .all(|w| self.lowered.iter().any(|t| t.contains(w.as_str())))
        {
            return Vec::new();
        }
        self.texts
            .iter()
            .zip(&self.lowered)
            .filter_map(|((place, text), low)| {
                let word = words.iter().find(|w| low.contains(w.as_str()))?;
                Some(SearchHit {
                    place: place.clone(),
                    snippet: snippet(text, low, word),
                })
            })
            .take(HITS_PER_DOCUMENT)
            .collect()
    }
}

/// The text around the first match of `word`, by characters: `low` is
/// `text` lowercased, which may differ in length, so the match is found
/// again in characters of the lowered text and cut from the original
/// where the two have the same count of characters.
fn snippet(text: &str, low: &str, word: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let low_chars: Vec<char> = low.chars().collect();
    let word_chars: Vec<char> = word.chars().collect();
    let at = (0..low_chars.len().saturating_sub(word_chars.len()) + 1)
        .find(|&i| low_chars[i..].starts_with(&word_chars))
        .unwrap_or(0);
    let source = if chars.len() == low_chars.len() {
        &chars
    } else {
        &low_chars
    };
    let start = at.saturating_sub(AROUND);
    let end = (at + word_chars.len() + AROUND).min(source.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&source[start..end]);
    if end < source.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::tests::{TestRng, actor, alice};
    use crate::library::find_template;

    fn shown(_: &FieldKind, v: &Value) -> String {
        match v {
            Value::Text(s) => s.clone(),
            Value::Person(p) if p == "zhang" => "张伟".into(),
            other => format!("{other:?}"),
        }
    }

    fn tracker() -> ConcordDoc {
        let template = find_template("task-tracker").unwrap();
        let mut doc = ConcordDoc::create(template, "Q3 项目", &alice(), 1_000, actor(1)).unwrap();
        let mut rng = TestRng(4);
        doc.set_field("project", Value::Text("Q4 交付".into()))
            .unwrap();
        let row = doc.add_row("tasks", None, &mut rng).unwrap();
        doc.set_cell("tasks", &row, "task", Value::Text("准备验收材料".into()))
            .unwrap();
        doc.set_cell("tasks", &row, "owner", Value::Person("zhang".into()))
            .unwrap();
        doc.add_comment(
            &alice(),
            &CommentTarget::Doc,
            "Release notes 已发",
            1_000,
            &mut rng,
        )
        .unwrap();
        doc
    }

    fn places(doc: &ConcordDoc, query: &str) -> Vec<HistoryPlace> {
        search_document(doc, &query_words(query), &shown)
            .into_iter()
            .map(|h| h.place)
            .collect()
    }

    #[test]
    fn one_or_two_chinese_characters_find_their_texts() {
        let doc = tracker();
        let cell = |field: &str| HistoryPlace::Cell {
            table: "tasks".into(),
            row: doc.rows("tasks").unwrap()[0].id.clone(),
            field: field.into(),
        };
        assert_eq!(places(&doc, "验收"), [cell("task")]);
        assert_eq!(places(&doc, "张"), [cell("owner")], "people by name");
        assert_eq!(
            places(&doc, "交付"),
            [HistoryPlace::Field("project".into())]
        );
        assert_eq!(
            places(&doc, "release"),
            [HistoryPlace::Part("comments".into())],
            "comments, ignoring case"
        );
        assert_eq!(places(&doc, "Q3"), [HistoryPlace::Title]);
    }

    #[test]
    fn every_word_must_be_somewhere_and_hostile_queries_find_nothing() {
        let doc = tracker();
        assert_eq!(places(&doc, "验收 交付").len(), 2);
        assert!(places(&doc, "验收 不存在").is_empty());
        assert!(places(&doc, "   ").is_empty());
        for hostile in [
            "'; DROP TABLE docs; --",
            "🎉",
            "\u{202e}עברית",
            "%_*",
            &"验".repeat(5_000),
        ] {
            assert!(places(&doc, hostile).is_empty(), "{hostile:.20}");
        }
        assert!(query_words(&"字".repeat(5_000))[0].chars().count() <= QUERY_MAX);
    }

    #[test]
    fn a_snippet_shows_the_text_around_the_match() {
        let long = format!("{}验收{}", "前".repeat(40), "后".repeat(40));
        let cut = snippet(&long, &long.to_lowercase(), "验收");
        assert!(cut.starts_with('…') && cut.ends_with('…'));
        assert!(cut.contains("验收"));
        assert_eq!(cut.chars().count(), AROUND * 2 + 2 + 2);
        assert_eq!(
            snippet("İx", &"İx".to_lowercase(), "x"),
            "i̇x",
            "lowered where lengths differ"
        );
    }
}
