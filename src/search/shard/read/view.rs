//! The view the ranking reads: an in-memory `Index` made of only the loaded
//! shards, its documents numbered locally in global order, and the choice
//! of the page's documents.
//!
//! A document whose fragment is not loaded gets its positions from the term
//! shards' inline lists or a loaded positions file, else stand-ins spaced
//! beyond the ranking's proximity window (so they never earn a bonus): its
//! score is then a lower bound. Where the lists of pairs of frequent words
//! answer (`pairs.rs`), some stand-ins are placed side by side or two tokens
//! apart instead: the score is then exact, or an upper bound whose lower
//! one is known. [`ShardedIndex::page`] loads the fragments of
//! the documents whose place on the page such a bound leaves unsure, the
//! most promising first and in rounds sized by how often the first round's
//! documents had the query's words together, or, when that would cost more,
//! the positions files of the query's words, so the page is the one an
//! in-memory corpus would give.

use super::super::{filter_key, PAIR_MARK};
use super::decode::{counts_match, positions_file, term_file, unreadable, Entries, PositionList};
use super::pairs::{PairState, GRID_ROOM};
use super::{
    Content, Plan, Positions, Seeded, ShardError, ShardTerm, ShardedIndex, View, FRAGMENT_BASE,
    FRAGMENT_PER_TOKEN, MAX_PAIR_BONUS, MAX_RESOLVED, MAX_SEED_ROUNDS, STAND_IN_BASE, STAND_IN_GAP,
};
use crate::search::index::{pos_field, put_varint, Index, StoredDoc, Term, POS_BITS};
use crate::search::query::parse_query;
use crate::search::{ranking, Document, FilterField, SearchOptions, MAX_LIMIT, NFIELDS};
use std::collections::HashMap;

impl ShardedIndex {
    /// The index the ranking reads, made of the loaded shards of `plan`:
    /// local document numbers in global order. Documents of `page` get their
    /// fragment's document and fields; every document with a loaded fragment
    /// its real positions; the others the positions of their terms' inline
    /// or loaded positions lists, else stand-ins (flagged `partial`).
    pub(super) fn view(
        &self,
        terms: &[&Vec<ShardTerm>],
        query: &str,
        opts: &SearchOptions,
        page: &[u32],
    ) -> Result<View, ShardError> {
        let (mut tf, mut lens) = ([0u32; NFIELDS], [0u32; NFIELDS]);
        let mut lens_of: HashMap<u32, [u32; NFIELDS]> = HashMap::new();
        let words = || {
            terms
                .iter()
                .flat_map(|t| t.iter())
                .filter(|t| !t.text.starts_with(['\u{1}', PAIR_MARK]))
        };
        // what the pair lists answer (see `pairs.rs`); a phrase they do not
        // answer needs its words' positions files
        let q = parse_query(query);
        let uses = self.pair_uses(&q, terms, &mut std::collections::BTreeSet::new());
        let lists = self.phrase_positions(&q, &uses, terms);
        if !lists.is_empty() {
            return Err(ShardError::Missing(lists));
        }
        let cells = self.pair_cells(&uses, terms, opts);
        for t in words() {
            let mut e = Entries::new(&t.postings);
            while let Some(d) = e.next(&mut tf, &mut lens) {
                let l = lens_of.entry(d).or_insert([0; NFIELDS]);
                for (a, b) in l.iter_mut().zip(lens.iter()) {
                    *a = (*a).max(*b);
                }
            }
        }
        let mut globals: Vec<u32> = lens_of.keys().copied().collect();
        globals.sort_unstable();
        let local = |d: u32| globals.binary_search(&d).ok().map(|i| i as u32);
        let mut partial = vec![false; globals.len()];
        // per local document, for the pair lists' two words: real positions
        // for a form, stand-ins for a covered form, for an uncovered one
        let mut forms = vec![(false, false, false); globals.len()];
        let mut ix = Index {
            ranking_docs: Some(self.manifest.docs),
            field_len_sum: self.manifest.field_len_sum,
            ..Index::default()
        };
        let mut pos: Vec<u32> = Vec::new();
        for t in words() {
            let (list, list_file): (Option<(&[u8], bool)>, Option<String>) = match &t.positions {
                Positions::Inline(l, by_field) => (Some((l, *by_field)), None),
                Positions::File(h, _) => {
                    let name = positions_file(*h);
                    match self.get(&name) {
                        Some(Content::Positions(p)) if p.text == t.text && p.df == t.df => {
                            (Some((&p.list, p.by_field)), Some(name))
                        }
                        Some(_) => return Err(unreadable(&name)),
                        None => (None, None),
                    }
                }
                Positions::None => (None, None),
            };
            let disagree = |file: &Option<String>| ShardError::Corrupt {
                file: file.clone().unwrap_or_else(|| term_file(0)),
                reason: format!(
                    "its positions of {:?} disagree with the postings",
                    super::super::shorten(&t.text)
                ),
            };
            let mut plist = list.map(|(buf, by_field)| PositionList::new(buf, by_field));
            let form = cells.form(&t.text);
            let forced = cells.forced(&t.text);
            let mut e = Entries::new(&t.postings);
            let mut out = Vec::with_capacity(t.postings.len() * 2);
            let mut last = u32::MAX;
            while let Some(d) = e.next(&mut tf, &mut lens) {
                let real = match plist.as_mut() {
                    Some(p) => {
                        if p.next(&mut pos, &tf).is_none() || !counts_match(&pos, &tf) {
                            return Err(disagree(&list_file));
                        }
                        true
                    }
                    None => match self.fragment_of_doc(d).and_then(|f| f.terms().get(&t.text)) {
                        Some(p) if counts_match(p, &tf) => {
                            pos.clear();
                            pos.extend_from_slice(p);
                            true
                        }
                        _ => false,
                    },
                };
                // where the pair lists answer, the words take stand-ins and
                // the cells the lists call for, even where their positions
                // are known (inline, or a positions file an earlier query
                // loaded), unless the document's fragment gives every
                // term's: the lists speak for all the words' forms together
                let real = real && (!forced || self.fragment_of_doc(d).is_some());
                let Some(l) = local(d) else { continue };
                if let (Some(covered), Some(x)) = (form, forms.get_mut(l as usize)) {
                    match (real, covered) {
                        (true, _) => x.0 = true,
                        (false, true) => x.1 = true,
                        (false, false) => x.2 = true,
                    }
                }
                if !real {
                    // stand-ins: the right count per field, never near
                    // another, but for the cells the pair lists call for
                    // (placed after the grid, past it)
                    pos.clear();
                    let mine = cells.of(&t.text, d);
                    for (f, &n) in tf.iter().enumerate() {
                        let base = ((f as u32) << POS_BITS) | STAND_IN_BASE;
                        let placed = mine
                            .clone()
                            .filter(|&p| pos_field(p) as usize == f)
                            .take(n as usize);
                        let m = placed.clone().count() as u32;
                        pos.extend((0..(n - m).min(GRID_ROOM)).map(|k| base + k * STAND_IN_GAP));
                        pos.extend(placed);
                    }
                    if let Some(p) = partial.get_mut(l as usize) {
                        *p = true;
                    }
                }
                let delta = if last == u32::MAX { l } else { l - last };
                put_varint(&mut out, u64::from(delta));
                put_varint(&mut out, pos.len() as u64);
                let mut prev = 0;
                for &p in &pos {
                    put_varint(&mut out, u64::from(p - prev));
                    prev = p;
                }
                last = l;
            }
            // a list longer than the postings is as corrupt as a shorter one
            if plist.as_ref().is_some_and(|p| !p.done()) {
                return Err(disagree(&list_file));
            }
            ix.push_term(Term {
                text: t.text.clone(),
                df: t.df,
                last_doc: last,
                postings: out,
            });
        }
        // facet filters: the documents holding each filter's value
        let mut filtered: Vec<(FilterField, &str, Vec<u32>)> = Vec::new();
        for f in &opts.filters {
            let k = filter_key(f.field, &f.value);
            let mut docs = Vec::new();
            if let Some(t) = terms.iter().flat_map(|t| t.iter()).find(|t| t.text == k) {
                let mut e = Entries::new(&t.postings);
                while let Some(d) = e.next(&mut tf, &mut lens) {
                    docs.push(d);
                }
            }
            filtered.push((f.field, &f.value, docs));
        }
        for &g in &globals {
            // the page's documents have their fields (facets count them);
            // the others only the filter values they hold
            let frag = if page.contains(&g) {
                self.fragment_of_doc(g).map(|f| &f.fragment)
            } else {
                None
            };
            let mut fields = frag.map(|f| f.fields.clone()).unwrap_or_default();
            for (ff, value, docs) in &filtered {
                if docs.binary_search(&g).is_ok() {
                    let list = match ff {
                        FilterField::Person => &mut fields.people,
                        FilterField::Org => &mut fields.orgs,
                        FilterField::Place => &mut fields.places,
                        FilterField::Speaker => &mut fields.speakers,
                        FilterField::Keyphrase => &mut fields.keyphrases,
                    };
                    if !list.iter().any(|v| v == value) {
                        list.push(value.to_string());
                    }
                }
            }
            let doc = match frag {
                Some(f) => f.doc.clone(),
                None => Document {
                    id: format!("\u{0}{g}"),
                    ..Document::default()
                },
            };
            let lens = lens_of.get(&g).copied().unwrap_or([0; NFIELDS]);
            ix.docs.push(Some(StoredDoc::new(doc, fields, lens)));
        }
        let pairs = cells.words.then(|| {
            globals
                .iter()
                .zip(&forms)
                .map(|(&g, &(real, covered, uncovered))| cells.state(g, real, covered, uncovered))
                .collect()
        });
        Ok(View {
            ix,
            globals,
            partial,
            pairs,
        })
    }

    /// Global numbers of the documents on the requested page, or the
    /// fragments to load first: those of the documents whose stand-in
    /// positions leave their place unsure (see the module docs).
    pub(super) fn page(
        &self,
        plan: &Plan,
        query: &str,
        opts: &SearchOptions,
    ) -> Result<Vec<u32>, ShardError> {
        let terms = self.shard_terms(plan)?;
        let v = self.view(&terms, query, opts, &[])?;
        let limit = opts.limit.min(MAX_LIMIT);
        let end = opts.offset.saturating_add(limit);
        let required = parse_query(query)
            .clauses
            .iter()
            .filter(|c| !c.optional)
            .count();
        // without two required clauses there is no proximity bonus, and
        // without stand-ins every score is exact
        let bounded = required > 1 && end <= MAX_LIMIT && v.partial.iter().any(|&p| p);
        let o = SearchOptions {
            highlight: false,
            facets: false,
            explain: bounded,
            offset: if bounded { 0 } else { opts.offset },
            limit: if bounded { MAX_LIMIT } else { limit },
            ..opts.clone()
        };
        let r = ranking::search(&v.ix, query, &o);
        let global = |id: &str| -> Option<(u32, u32)> {
            let g = id.strip_prefix('\u{0}')?.parse::<u32>().ok()?;
            let l = v.globals.binary_search(&g).ok()? as u32;
            Some((g, l))
        };
        if !bounded {
            return Ok(r
                .results
                .iter()
                .filter_map(|h| Some(global(&h.id)?.0))
                .collect());
        }
        // Every ranked document has a lower bound (its score here: stand-ins
        // earn no bonus) and an upper one (plus the most its matched
        // clauses' pairs could earn); the page's documents are among those
        // whose upper bound reaches the `end`-th best lower bound.
        let mut docs: Vec<Bounds> = Vec::new();
        // the rounds of promising documents' fragments this page asked for
        // so far (see below)
        let page_key = (end, query.to_string());
        let (rounds, spent, seeds) = match self.seeded.borrow().as_ref() {
            Some(s) if s.page == page_key => (s.rounds, s.bytes, s.docs.clone()),
            _ => (0, 0, Vec::new()),
        };
        // of those rounds' documents that match every clause, how many
        // earned at least half the bonus their pairs could: how often the
        // query's words come together among the most promising documents
        let (mut close, mut seen) = (0usize, 0usize);
        // how far a document's score (with the stand-ins as placed) may be
        // from its true one, as shares of the full bonus: (below, above).
        // Exact (real positions, or the pair lists place its words side by
        // side): none. Apart by the lists (placed two tokens apart): the
        // score is the upper bound, the true one up to half the bonus
        // below. Else the score is the lower bound (stand-ins far apart),
        // the true one up to the whole bonus above.
        let unsure_share = |l: usize| -> (f32, f32) {
            if !v.partial.get(l).copied().unwrap_or(true) {
                return (0.0, 0.0);
            }
            match v.pairs.as_ref().and_then(|p| p.get(l).copied()) {
                Some(PairState::Real | PairState::Adjacent) => (0.0, 0.0),
                Some(PairState::Apart) => (0.5, 0.0),
                Some(PairState::Upper) => (1.0, 0.0),
                _ => (0.0, 1.0),
            }
        };
        for h in &r.results {
            let Some((g, l)) = global(&h.id) else {
                continue;
            };
            let cov = h.explain.as_ref().map_or(required as u32, |e| e.coverage);
            let (below, above) = unsure_share(l as usize);
            let exact = below == 0.0 && above == 0.0;
            let bonus = MAX_PAIR_BONUS * cov.saturating_sub(1) as f32;
            if exact && cov as usize == required && seeds.binary_search(&g).is_ok() {
                seen += 1;
                if h.explain
                    .as_ref()
                    .is_some_and(|e| e.proximity >= 0.5 * bonus)
                {
                    close += 1;
                }
            }
            docs.push((
                cov,
                h.score - bonus * below,
                h.score + bonus * above,
                Some(g),
                exact,
            ));
        }
        if r.total > r.results.len() {
            // the documents past the ranked ones score at most the last
            // one here; their true scores may pass it by what the least
            // known of them may. A few the pair lists cannot speak for are
            // listed one by one (so their fragments can settle them); the
            // rest stand together, as one entry without a number
            let mut ranked: Vec<u32> = r
                .results
                .iter()
                .filter_map(|h| Some(global(&h.id)?.1))
                .collect();
            crate::text::sort::sort_by(&mut ranked, Ord::cmp);
            let rest: Vec<usize> = (0..v.globals.len())
                .filter(|l| ranked.binary_search(&(*l as u32)).is_err() && unsure_share(*l).1 > 0.0)
                .collect();
            if let (Some(&(cov, lo, _, _, _)), Some(last)) = (docs.last(), r.results.last()) {
                let bonus = MAX_PAIR_BONUS * cov.saturating_sub(1) as f32;
                let listed = v.pairs.is_some() && rest.len() <= MAX_RESOLVED;
                if listed {
                    for &l in &rest {
                        if let Some(&g) = v.globals.get(l) {
                            docs.push((cov, 0.0, last.score + bonus, Some(g), false));
                        }
                    }
                }
                let above = if listed || rest.is_empty() { 0.0 } else { 1.0 };
                docs.push((cov, lo, last.score + bonus * above, None, false));
            }
        }
        let mut lows: Vec<(u32, f32)> = docs.iter().map(|d| (d.0, d.1)).collect();
        // at most a page's worth of results: the shared sort (stable; equal
        // pairs are identical, so the order `sort_unstable_by` gave)
        crate::text::sort::sort_by(&mut lows, |a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)));
        let reaches = |d: &Bounds| match lows.get(end.max(1) - 1) {
            Some(&(cov, lo)) => d.0 > cov || (d.0 == cov && d.2 >= lo),
            None => true,
        };
        // the unsure documents, most promising first
        let mut unsure: Vec<&Bounds> = docs.iter().filter(|d| !d.4 && reaches(d)).collect();
        crate::text::sort::sort_by(&mut unsure, |a, b| b.0.cmp(&a.0).then(b.2.total_cmp(&a.2)));
        let unsure: Vec<Option<u32>> = unsure.iter().map(|d| d.3).collect();
        let frags: Vec<String> = unsure
            .iter()
            .flatten()
            .map(|&g| self.manifest.fragment_file(g))
            .filter(|f| !self.files.contains_key(f))
            .collect();
        if unsure.is_empty() || (frags.is_empty() && unsure.iter().all(Option::is_some)) {
            // every document that may reach the page is exact
            return Ok(r
                .results
                .iter()
                .skip(opts.offset)
                .take(limit)
                .filter_map(|h| Some(global(&h.id)?.0))
                .collect());
        }
        // resolve them by their fragments, or, when those would cost more,
        // by the positions files of the words that had stand-ins
        let mut lists: Vec<String> = Vec::new();
        let mut list_bytes = 0u64;
        for t in terms.iter().flat_map(|t| t.iter()) {
            if let Positions::File(h, size) = t.positions {
                let name = positions_file(h);
                if !self.files.contains_key(&name) && !lists.contains(&name) {
                    lists.push(name);
                    list_bytes += size;
                }
            }
        }
        // what a document's fragment is expected to cost (stored bytes):
        // its text is most of it, about three bytes a token once deflated
        let tokens = |g: u32| -> u64 {
            v.globals
                .binary_search(&g)
                .ok()
                .and_then(|l| v.ix.docs.get(l))
                .and_then(|d| d.as_ref())
                .map_or(0, |d| d.lens.iter().map(|&n| u64::from(n)).sum())
        };
        let cost = |g: u32| FRAGMENT_BASE + FRAGMENT_PER_TOKEN * tokens(g);
        let all_known = unsure.iter().all(Option::is_some);
        let unloaded = |g: &u32| !self.files.contains_key(&self.manifest.fragment_file(*g));
        let frag_cost: u64 = unsure
            .iter()
            .flatten()
            .filter(|g| unloaded(g))
            .map(|&g| cost(g))
            .sum();
        if lists.is_empty() || (all_known && frags.len() <= MAX_RESOLVED && frag_cost <= list_bytes)
        {
            if frags.is_empty() {
                // nothing left to load: this view's order is the best known
                return Ok(r
                    .results
                    .iter()
                    .skip(opts.offset)
                    .take(limit)
                    .filter_map(|h| Some(global(&h.id)?.0))
                    .collect());
            }
            return Err(ShardError::Missing(frags));
        }
        // Too many to load at once: load the fragments of the most
        // promising (by upper bound; most of them make the page, which needs
        // them anyway) in rounds. Their exact scores, proximity bonus
        // included, raise the bar the others must reach, and each round
        // finds fewer unsure documents. The page is settled once `end`
        // exact documents earned their bonus and the rest cannot reach them,
        // so the first round (the page's size, at most [`MAX_RESOLVED`])
        // also measures how often the query's words come together among the
        // most promising documents: the next round takes as many as that
        // rate says the page still needs, none when no document of the
        // rounds earned half its bonus (words that are rarely close: the
        // positions files settle it). Only the rounds' own documents count:
        // fragments that earlier queries left loaded are not a sample of
        // this page's most promising documents. The fragments of all rounds
        // together cost at most the positions files; past that, or after
        // [`MAX_SEED_ROUNDS`] rounds, the positions files are the last
        // resort. At 100,000 articles this settles `mobile phone`, `film
        // awards`, `stock exchange` and `hillary clinton emails` without
        // their positions files (37 to 319 KB).
        // The rounds are counted per query: the reader remembers the page
        // (end and query) it last asked them for. (It used to count the
        // ranked documents whose fragments were loaded, which earlier
        // queries' pages made many: a warm reader skipped the round and
        // loaded the positions files, 40 KB more for `oil prices` at
        // 100,000 articles than a cold one.)
        let round = end.clamp(1, MAX_RESOLVED);
        let size = match rounds {
            0 => round,
            _ if close == 0 => 0,
            // loaded in the order of their upper bounds, a share `close /
            // seen` of the documents earn their bonus, so the page's `end`
            // such documents take about `end * seen / close` of them
            _ => (end * seen)
                .div_ceil(close)
                .saturating_sub(seen)
                .clamp(round, MAX_RESOLVED),
        };
        // (With the pair lists' answer, what is left unsure is mostly
        // documents whose words are apart, by up to half a bonus: few of
        // them earn it, so rounds would not settle them; the positions
        // files do.)
        if rounds < MAX_SEED_ROUNDS && size > 0 && v.pairs.is_none() {
            let seed: Vec<u32> = unsure
                .iter()
                .map_while(|g| *g)
                .filter(unloaded)
                .take(size)
                .collect();
            let seed_cost: u64 = seed.iter().map(|&g| cost(g)).sum();
            if !seed.is_empty() && spent.saturating_add(seed_cost) <= list_bytes {
                let mut docs = seeds;
                docs.extend(&seed);
                docs.sort_unstable();
                *self.seeded.borrow_mut() = Some(Seeded {
                    page: page_key,
                    rounds: rounds + 1,
                    bytes: spent.saturating_add(seed_cost),
                    docs,
                });
                return Err(ShardError::Missing(
                    seed.iter()
                        .map(|&g| self.manifest.fragment_file(g))
                        .collect(),
                ));
            }
        }
        Err(ShardError::Missing(lists))
    }
}

/// A ranked document's bounds: coverage, lower bound (its score with
/// stand-in positions), upper bound, global number (`None`: the documents
/// past the ranked ones), and whether its score is exact.
type Bounds = (u32, f32, f32, Option<u32>, bool);
