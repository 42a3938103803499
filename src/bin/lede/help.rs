//! The help text: one entry per command, what `lede help` lists and
//! `lede help CMD` (or `lede CMD --help`) prints.
//!
//! The entries are data, kept apart from the commands so the whole
//! interface can be read (and kept true) in one place; `run` in `main.rs`
//! answers `--help` from here before a command parses its arguments.

/// One command's help: what `lede help` lists and `lede help CMD` prints.
struct Help {
    name: &'static str,
    /// One line for the command list.
    about: &'static str,
    /// The synopsis and the options.
    text: &'static str,
}

const COMMANDS: &[Help] = &[
    Help {
        name: "analyze",
        about: "Analyze an article: names, values, quotes, keyphrases, summary",
        text: "\
USAGE:
  lede analyze PATH|- [--format json|text|csv] [--pretty] [--tokens] [--date YYYY-MM-DD]
               [--summary K]

Reads one article (UTF-8 text, at most 16 MiB; - for standard input) and prints its analysis.

OPTIONS:
  --format json   the analysis as one JSON object, offsets in UTF-16 code units (default)
  --format text   a report: people, organisations, places and other names with their
                  mention counts, dates and values, quotes with speakers, keyphrases, summary
  --format csv    one row per mention: start,end,label,text,entity,entity_name
                  (UTF-16 offsets as in the JSON; RFC 4180 quoting; a header row)
  --pretty        indent the JSON
  --tokens        include every token (start, end, norm) in the JSON (left out by default)
  --date D        the article's date (YYYY-MM-DD): resolves \"Monday\", \"last week\"
  --summary K     summary sentences wanted (default 3; 0: none)

A UTF-8 byte-order mark at the start of the input is handled as JS analyze handles it.
Exit status: 0 done, 1 the input cannot be read or analyzed, 2 usage error.
",
    },
    Help {
        name: "index",
        about: "Build a search index from a JSONL file of articles",
        text: "\
USAGE:
  lede index --jsonl FILE|- --out PATH [--skip-bad] [--progress]
  lede index --jsonl FILE|- --out DIR --sharded [--skip-bad] [--progress]
  lede index --out DIR --sharded [--add FILE|-] [--remove ID]... [--remove-file FILE] [--gc]

Reads one article a line, {\"id\", \"title\", \"text\", \"date\"?, \"source\"?, \"url\"?}
(other keys are ignored; a numeric id is read as its decimal text), extracts each one's
names, speakers and keyphrases and writes a search index; reports documents, terms,
bytes and time on standard error.

Every line that cannot be indexed is reported as FILE:LINE: reason (not JSON, invalid
UTF-8, id missing or not a string/number or over 1024 bytes, text missing or not a
string or empty or over 16 MiB or holding NUL, title/date/source/url not a string,
a duplicate id). A duplicate id is an error: the first line's article is kept and the
message names both lines. Blank lines are ignored; a byte-order mark at a line's start
is stripped.

OPTIONS:
  --skip-bad      index the other lines and exit 0 even when some lines are bad
                  (default: any bad line is an error and nothing is written)
  --progress      a progress line on standard error every 1000 documents or 2 seconds
                  (the default when standard error is a terminal; with --sharded:
                  documents, docs/s and the time left)
  --sharded       write a sharded static index to the directory DIR: content-hashed
                  files a browser (ShardedIndex, <lede-search src=\"DIR/\">) or
                  'lede search DIR' fetches only as a query needs them; articles are
                  analyzed on all cores. With --jsonl: a new index of that file.
  --add FILE      (--sharded) add the articles of FILE to the index in DIR; an id
                  already there is replaced (an update); only changed files are written
  --remove ID     (--sharded) remove the article with this id (repeatable)
  --remove-file F (--sharded) remove the articles whose ids are in F (one a line)
  --gc            (--sharded) then delete files the new manifest no longer needs
                  (readers still holding the old manifest would miss them)

A sharded update writes new files under new names and manifest.bin last (a temporary
file renamed), so a reader sees the old index or the new one, never half of an update.

Exit status: 0 done, 1 bad lines (without --skip-bad) or I/O error, 2 usage error.
",
    },
    Help {
        name: "search",
        about: "Search an index built by lede index",
        text: "\
USAGE:
  lede search PATH QUERY [--limit N] [--prefix] [--json] [--color auto|always|never] [--stats]
  lede search PATH --batch [--limit N] [--prefix] [--stats]

PATH is an index file, or a directory holding a sharded index (lede index --sharded):
then only the files a query needs are read; a corrupt or missing file is an error for
the queries that need it (in --batch, that line gets an \"error\"), not for the others.

Query language: words, \"phrases\", -exclusions, OR, and the fields title: person: org:
place: speaker: (person:\"Tony Blair\" budget). A query is at most 4096 bytes: a longer
one is an error, never cut.

OPTIONS:
  --limit N       results wanted (default 10)
  --prefix        the last word is a prefix (search as you type)
  --json          the results as JSON (ids, titles, scores, snippets, UTF-16 highlights)
  --color WHEN    matches in bold: auto (default: when standard output is a terminal
                  and NO_COLOR is not set), always or never
  --stats         (a sharded index) on standard error, what the query read: files,
                  rounds, bytes as stored by kind of file (r directory pages, t term
                  shards, q positions, x lexicons, f fragments); in --batch, per query
                  (what each adds to what the earlier ones left loaded)
  --batch         one query per standard-input line; one JSON line
                  {\"query\", \"ids\", \"took_us\"} per query (a query over the limit gets
                  \"ids\": [] and an \"error\", is reported on standard error, and the exit
                  status is 1)

Exit status: 0 done, 1 the index cannot be read or a query is too long, 2 usage error.
",
    },
    Help {
        name: "merge",
        about: "Join sharded indexes built separately into one",
        text: "\
USAGE:
  lede merge DIR1 DIR2 ... --out DIR

Joins sharded indexes (lede index --sharded), e.g. built per partition on many
machines: the articles of each input, in the order given, after those of the inputs
before it. An id in two inputs keeps the later input's article (as an update would).
Articles are not analyzed again (their fields are in the inputs). DIR may be one of
the inputs or a new directory; its manifest is written last.

Exit status: 0 done, 1 an input cannot be read or the output written, 2 usage error.
",
    },
    Help {
        name: "gc",
        about: "Delete the files a sharded index no longer needs",
        text: "\
USAGE:
  lede gc DIR

Deletes the content-hashed files of DIR that its manifest.bin no longer needs (left
by updates and merges for readers of an older manifest). Run it once no reader can
still hold an old manifest.

Exit status: 0 done, 1 the index cannot be read or a file deleted, 2 usage error.
",
    },
    Help {
        name: "tag",
        about: "Tag CoNLL-2003 text with the entity model",
        text: "\
USAGE:
  lede tag --conll PATH|- [--model FILE]

Tags CoNLL-2003 text (token first column): each line echoed with one more column, the
predicted IOB2 tag. Documents are tagged as a whole. --model tags with another model file
(as `lede train` writes it) instead of the built-in one.
",
    },
    Help {
        name: "eval",
        about: "Score the entity model on CoNLL-2003 text",
        text: "\
USAGE:
  lede eval --conll PATH [--model FILE]

Precision, recall and F1 per type and overall, as conlleval computes them.
",
    },
    Help {
        name: "bench",
        about: "Entity tagging speed over CoNLL text",
        text: "\
USAGE:
  lede bench --conll PATH

Tagging speed of the entity model (tokens/s) over CoNLL text.
",
    },
    Help {
        name: "eval-quotes",
        about: "Score quote extraction on PolNeAR",
        text: "\
USAGE:
  lede eval-quotes --polnear DIR

Scores quote extraction on PolNeAR (DIR holds text/ and attributions/).
",
    },
    Help {
        name: "eval-speakers",
        about: "Score speakers on hand-annotated BBC articles",
        text: "\
USAGE:
  lede eval-speakers --bbc FILE [--gold TSV] [--salience TSV]

Speaker accuracy on BBC News articles annotated by hand (TSV, default
tests/data/bbc_speakers.tsv): dev and held-out splits, per kind of quote (spoken,
partial, run-on), and how often quotes at each confidence are right. Then the
annotated salient entities (default tests/data/bbc_salience.tsv) among the top 5.
",
    },
    Help {
        name: "eval-entities",
        about: "Score names on hand-annotated BBC and PolNeAR articles",
        text: "\
USAGE:
  lede eval-entities --bbc FILE --polnear DIR [--gold TSV]... [--predicted NAME=TSV]...
                     [--errors]

Names out of domain: Lede's entity mentions (exact span and CoNLL type) against
news articles annotated by hand (default: every tests/data/ner_*.tsv; rows
source, id, start, end, type, surface in code points). --bbc FILE is BBC News
Summary's JSONL, --polnear DIR PolNeAR's root (its dev/text). Precision, recall
and F1 by source and type, every mention and the confident ones, and the errors
by kind; --predicted NAME=TSV scores another tagger's rows on the same articles
(scripts/ner_spacy.py writes spaCy's); --errors lists each of Lede's errors.
",
    },
    Help {
        name: "eval-keyphrases",
        about: "Score keyphrases (KPCrowd, the BBC dev set) beside a baseline",
        text: "\
USAGE:
  lede eval-keyphrases --kpcrowd DIR
  lede eval-keyphrases --bbc FILE [--bbc-keys TSV] [--kpcrowd DIR] [--weights W]
  lede eval-keyphrases --cv N --grid FILE [--bbc FILE] [--train DIR]
  lede eval-keyphrases --fit OUT --train DIR [--bbc FILE] [--cv N] [--share S]
                       [--targets KP,BBC] [--kpcrowd VAL]

Scores keyphrases at 5 and 10 (stemmed exact match, macro-averaged) as
`analyze` finds them, beside the first-noun-phrases baseline. --kpcrowd DIR
holds NAME.txt and NAME.key (500N-KPCrowd; DUC-2001 in the same layout);
--bbc FILE is BBC News Summary's JSONL with the hand-annotated dev set
--bbc-keys (default tests/data/bbc_keyphrases.tsv). --weights tries other
scoring weights (name=value,...). --cv N cross-validates the weight sets of
--grid (one a line) over the BBC set and KPCrowd --train, N folds each.
--fit OUT trains the learned ranker on KPCrowd --train (and the BBC set),
choosing its penalty, the BBC set's share of the weight (or --share S)
and feature groups by N-fold CV (default 5), writes its weights to OUT,
and scores them once on --kpcrowd VAL. The CV objective is the mean F1@10
of the sets, or with --targets KP,BBC (e.g. 20,30) the worst ratio of a
set's F1@10 to its target. --blend RANKER scores lists of the hand score's
first n then RANKER's (a weights file), n = 0..10, on --bbc and --kpcrowd. --predicted FILE scores another system's lists (id TAB phrase; phrase) on
the BBC set.
",
    },
    Help {
        name: "eval-summary",
        about: "Score summaries on BBC News Summary",
        text: "\
USAGE:
  lede eval-summary --bbc FILE
  lede eval-summary --bbc FILE --one [--grid FILE] [--folds N] [--limit N]
  lede eval-summary --bbc FILE --xsum [--grid FILE] [--folds N] [--limit N]
  lede eval-summary --bbc FILE --xsum --learn [--l2 X,...] [--power P,...] [--folds N]
                    [--train-out FILE]

Scores summaries (ROUGE-1/2/L) on BBC News Summary, beside the lead-k baseline;
then one-sentence summaries against the headline and against the reference's
first sentence (beside lead-1), and three-sentence ones (beside lead-3).
--one scores only `summary: 1` (the text without its title line) against the
headline and the reference's first sentence, beside the first sentence; with
--grid (sentence-score weights, name=value,... one set a line) it
cross-validates them (--folds, default 5) on the mean ROUGE-2 of both.
--xsum builds an XSum-like set: the body's first sentence (BBC's intro, written
to sum the story up) is the reference, the rest the document; it prints
`summary: 1` of the rest beside lead-1 and the oracle (the best single
sentence by ROUGE-2), and in the same run the full-article settings (one
sentence vs the headline, k sentences vs the reference summary); with --grid
it picks, on each fold, the set with the best XSum-like ROUGE-2 among those
that do not lose on the full-article settings.
--learn cross-validates the learned sentence scorer (a linear model over the
sentences' features, fitted listwise to each sentence's ROUGE-2) beside lead-1,
the hand score and the oracle, for each --l2 penalty and --power of the target;
--train-out FILE fits it on every article and writes its weights as Rust
source (src/extract/summary/learned.rs). It is measured, not shipped: see
bench/summary/README.md.
",
    },
    Help {
        name: "train",
        about: "Train the entity model (a build with --features train)",
        text: "\
USAGE:
  lede train --train FILE --dev FILE --out FILE [--clusters F] [--gazetteer F]
             [--epochs N] [--max-sentences N] [--prune X] [--width 1|2] [--seed N]
             [--folds N] [--one-stage] [--no-doc] [--no-agg]
             [--cv K] [--cv-only] [--extra-train FILE[,FILE...]]
             [--prune-sweep X,Y...] [--off TEMPLATE_ID,...] [--calib-from MODEL]
  lede train --reencode MODEL --out FILE

Trains the entity model (only in a build with --features train).
--cv K cross-validates on the training file by documents first (K folds)
and calibrates the mentions' confidence on the held-out folds; --cv-only
stops there. --extra-train adds documents (e.g. the dev set, once the
configuration is chosen) to the written model's training data.
--prune-sweep prints size and dev F1 of the model pruned harder; --off
switches feature templates off (experiments: the model does not record it).
--calib-from takes the confidence calibration of an earlier model (fitted by
its --cv run of the same configuration). --reencode rewrites a model file of
an older format in the current one (the same weights) and prints its sizes.
",
    },
    Help {
        name: "train-clusters",
        about: "Train word clusters (a build with --features train)",
        text: "\
USAGE:
  lede train-clusters --out FILE [--min-count N] [--classes a,b] [--iters N] CORPUS...

Trains word clusters for the entity model (only in a build with --features train).
",
    },
    Help {
        name: "help",
        about: "Show the commands, or one command's options",
        text: "\
USAGE:
  lede help [COMMAND]
  lede COMMAND --help
",
    },
];

/// The command list (`lede help`, `lede --help`, `lede` alone).
pub(super) fn overview() -> String {
    let mut s = format!(
        "lede {} — news-article analyzer\n\nUSAGE:\n  lede COMMAND [OPTIONS]\n\nCOMMANDS:\n",
        env!("CARGO_PKG_VERSION")
    );
    for h in COMMANDS {
        s.push_str(&format!("  {:<16} {}\n", h.name, h.about));
    }
    s.push_str(
        "\nRun 'lede help COMMAND' or 'lede COMMAND --help' for a command's options;\n\
         'lede --version' prints the version.\n",
    );
    s
}

/// One command's help, or `None` for an unknown command.
pub(super) fn command_help(name: &str) -> Option<String> {
    let h = COMMANDS.iter().find(|h| h.name == name)?;
    Some(format!("lede {} — {}\n\n{}", h.name, h.about, h.text))
}
