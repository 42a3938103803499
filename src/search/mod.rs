//! Search across articles: index, ranking, query, highlights, snippets, serialization.
