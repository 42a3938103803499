//! Reading the search engine's inputs from JS: documents, their extracted
//! fields, search options and facet filters, each checked completely (with
//! the readers of [`super::read`]) before a corpus or an index is borrowed.
//!
//! The checks repeat the core's own ([`crate::search::check_document`]) with
//! messages made for a JS caller: the id quoted only in part, the key that
//! was unknown named, the bad element of an array given by its index
//! (`filters[2].field`).

use super::bad_options;
use super::read::{
    check_keys, object_keys, opt_prop, prop, read_array, read_bool, read_count, read_string,
};
#[cfg(feature = "write")]
use super::read::{kind, read_strings};
use crate::pipeline::errors::{quoted, MAX_TEXT_BYTES};
#[cfg(feature = "write")]
use crate::search::{DocFields, Document};
use crate::search::{Filter, FilterField, SearchOptions};
use wasm_bindgen::prelude::*;

pub(super) fn search_err(e: crate::search::SearchError) -> JsError {
    JsError::new(&e.to_string())
}

#[cfg(feature = "write")]
pub(super) fn doc_err(m: String) -> JsError {
    JsError::new(&format!("bad document: {m}"))
}

#[cfg(feature = "write")]
/// Reads a document: a plain object with a string `id` and optional string
/// `title`, `text`, `date`, `source`, `url` (`undefined` or `null` for
/// none). Other keys are ignored (apps pass their own article objects).
pub(super) fn read_document(v: &JsValue) -> Result<Document, JsError> {
    use crate::search::{MAX_DOC_BYTES, MAX_ID_BYTES};
    if !v.is_object() {
        return Err(doc_err(format!(
            "expected an object {{id, title, text}}, not {}",
            kind(v)
        )));
    }
    object_keys(v, "the document").map_err(doc_err)?;
    let id = prop(v, "id", "id").map_err(doc_err)?;
    if id.is_undefined() || id.is_null() {
        return Err(doc_err("the id is missing".into()));
    }
    let id = read_string(&id, "the id", MAX_ID_BYTES).map_err(doc_err)?;
    let text_of = |key: &'static str| -> Result<Option<String>, JsError> {
        match opt_prop(v, key, key).map_err(doc_err)? {
            Some(x) => Ok(Some(
                read_string(&x, &format!("the {key} of {}", quoted(&id)), MAX_DOC_BYTES)
                    .map_err(doc_err)?,
            )),
            None => Ok(None),
        }
    };
    let date = text_of("date")?;
    let source = text_of("source")?;
    let url = text_of("url")?;
    let title = text_of("title")?.unwrap_or_default();
    let text = text_of("text")?.unwrap_or_default();
    let lang = text_of("lang")?;
    let d = Document {
        id,
        title,
        text,
        date,
        source,
        url,
        lang,
    };
    check_document(&d)?;
    Ok(d)
}

#[cfg(feature = "write")]
/// [`crate::search::check_document`], with the id quoted only in part.
fn check_document(d: &Document) -> Result<(), JsError> {
    use crate::search::MAX_DOC_BYTES;
    let id = quoted(&d.id);
    if d.id.trim().is_empty() {
        return Err(doc_err("the id is empty".into()));
    }
    if d.title.trim().is_empty() && d.text.trim().is_empty() {
        return Err(doc_err(format!("document {id} has neither title nor text")));
    }
    if d.text.len() + d.title.len() > MAX_DOC_BYTES {
        return Err(doc_err(format!(
            "document {id} is larger than {MAX_DOC_BYTES} bytes"
        )));
    }
    if d.text.contains('\0') || d.title.contains('\0') {
        return Err(doc_err(format!("document {id} looks like binary data")));
    }
    crate::search::check_document(d).map_err(search_err)
}

#[cfg(feature = "write")]
/// Reads extracted fields: a plain object with only `people`, `orgs`,
/// `places`, `speakers`, `keyphrases`, each an array of strings.
pub(super) fn read_fields(v: &JsValue) -> Result<DocFields, JsError> {
    let bad = |m: String| JsError::new(&format!("bad fields: {m}"));
    let keys = object_keys(v, "the fields").map_err(bad)?;
    let known = ["people", "orgs", "places", "speakers", "keyphrases"];
    check_keys(&keys, &known, "field").map_err(bad)?;
    let mut f = DocFields::default();
    for (key, slot) in [
        ("people", &mut f.people),
        ("orgs", &mut f.orgs),
        ("places", &mut f.places),
        ("speakers", &mut f.speakers),
        ("keyphrases", &mut f.keyphrases),
    ] {
        if let Some(x) = opt_prop(v, key, key).map_err(bad)? {
            *slot = read_strings(&x, key).map_err(bad)?;
        }
    }
    Ok(f)
}

/// Reads search options: `undefined`, `null` or a plain object with only
/// the keys of `SearchOptions`.
fn read_search_options(v: &JsValue) -> Result<SearchOptions, JsError> {
    let mut o = SearchOptions::default();
    if v.is_undefined() || v.is_null() {
        return Ok(o);
    }
    let known = [
        "limit",
        "offset",
        "prefix",
        "fuzzy",
        "explain",
        "highlight",
        "facets",
        "filters",
    ];
    let keys = object_keys(v, "the options").map_err(bad_options)?;
    check_keys(&keys, &known, "option").map_err(bad_options)?;
    for (key, slot) in [("limit", &mut o.limit), ("offset", &mut o.offset)] {
        if let Some(x) = opt_prop(v, key, key).map_err(bad_options)? {
            *slot = read_count(&x, key).map_err(bad_options)?;
        }
    }
    for (key, slot) in [
        ("prefix", &mut o.prefix),
        ("fuzzy", &mut o.fuzzy),
        ("explain", &mut o.explain),
        ("highlight", &mut o.highlight),
        ("facets", &mut o.facets),
    ] {
        if let Some(x) = opt_prop(v, key, key).map_err(bad_options)? {
            *slot = read_bool(&x, key).map_err(bad_options)?;
        }
    }
    if let Some(fs) = opt_prop(v, "filters", "filters").map_err(bad_options)? {
        let mut filters = Vec::new();
        read_array(&fs, "filters", |f, name| {
            filters.push(read_filter(f, name)?);
            Ok(())
        })
        .map_err(bad_options)?;
        o.filters = filters;
    }
    Ok(o)
}

/// Reads one facet filter `{field, value}`.
fn read_filter(v: &JsValue, what: &str) -> Result<Filter, String> {
    let keys = object_keys(v, what)?;
    check_keys(&keys, &["field", "value"], "filter key")?;
    let field = prop(v, "field", "field")?;
    let field = match read_string(&field, &format!("{what}.field"), 64)?.as_str() {
        "person" => FilterField::Person,
        "org" => FilterField::Org,
        "place" => FilterField::Place,
        "speaker" => FilterField::Speaker,
        "keyphrase" => FilterField::Keyphrase,
        other => {
            return Err(format!(
                "{what}.field must be person, org, place, speaker or keyphrase, got {}",
                quoted(other)
            ))
        }
    };
    let value = prop(v, "value", "value")?;
    let value = read_string(&value, &format!("{what}.value"), MAX_TEXT_BYTES)?;
    Ok(Filter { field, value })
}

/// Reads a query and search options (both completely, before any borrow).
pub(super) fn read_query(
    query: &JsValue,
    options: &JsValue,
) -> Result<(String, SearchOptions), JsError> {
    if !query.is_string() {
        return Err(JsError::new("the query must be a string"));
    }
    let opts = read_search_options(options)?;
    let q = read_string(query, "the query", MAX_TEXT_BYTES).map_err(|m| JsError::new(&m))?;
    Ok((q, opts))
}
