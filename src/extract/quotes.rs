//! Direct quotes, indirect attributions and who said them.
//!
//! Quotation marks are paired per paragraph (curly, straight and single marks,
//! nested quotes of the other kind kept inside the outer one); a quote left
//! open at a paragraph's end and reopened at the start of the next runs on.
//! Quoted names, titles and scare quotes are dropped: a quote must look like
//! speech (a clause, inner punctuation, or a short fragment right next to a
//! speech cue). Each quote is attributed to a speaker found syntactically
//! around a speech cue, in the usual news orders (`“…,” X said`,
//! `“…,” said X`, `X said: “…”`, `X told Y “…”`, `“…” according to X`), or
//! carried over from the previous attributed quote of the same passage.
//! Speakers are then resolved to entities: a mention overlapping the speaker
//! span, or, for a pronoun or a description (`he`, `the spokesman`), the most
//! recent compatible entity.

use super::{overlaps, EntityRef, WordSet};
use crate::text::{fold, TextLayer, Token, TokenKind};
use std::ops::Range;

/// A direct quote or an indirect attribution (byte ranges into the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The quoted (or reported) words, without the quotation marks.
    pub range: Range<usize>,
    /// The words naming the speaker (may be a pronoun or a description).
    pub speaker_span: Option<Range<usize>>,
    /// Index of the resolved speaker in the entity list given.
    pub speaker: Option<usize>,
    /// The speech cue (`said`, `according to`), if one was found.
    pub cue: Option<Range<usize>>,
}

/// Direct quotes and indirect attributions of a text, each in text order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Quotes {
    /// Words in quotation marks that someone said or wrote.
    pub quotes: Vec<Quote>,
    /// Reported speech without quotation marks (`X said that …`).
    pub attributions: Vec<Quote>,
}

/// Speech verbs in all their tense forms (folded).
const CUES: &[&str] = &[
    "say",
    "says",
    "said",
    "saying",
    "tell",
    "tells",
    "told",
    "telling",
    "add",
    "adds",
    "added",
    "adding",
    "write",
    "writes",
    "wrote",
    "written",
    "writing",
    "ask",
    "asks",
    "asked",
    "insist",
    "insists",
    "insisted",
    "warn",
    "warns",
    "warned",
    "warning",
    "explain",
    "explains",
    "explained",
    "note",
    "notes",
    "noted",
    "state",
    "states",
    "stated",
    "declare",
    "declares",
    "declared",
    "claim",
    "claims",
    "claimed",
    "argue",
    "argues",
    "argued",
    "announce",
    "announces",
    "announced",
    "report",
    "reports",
    "reported",
    "respond",
    "responds",
    "responded",
    "reply",
    "replies",
    "replied",
    "continue",
    "continues",
    "continued",
    "recall",
    "recalls",
    "recalled",
    "acknowledge",
    "acknowledges",
    "acknowledged",
    "admit",
    "admits",
    "admitted",
    "tweet",
    "tweets",
    "tweeted",
    "posted",
    "suggest",
    "suggests",
    "suggested",
    "stress",
    "stresses",
    "stressed",
    "emphasize",
    "emphasizes",
    "emphasized",
    "emphasise",
    "emphasises",
    "emphasised",
    "urge",
    "urges",
    "urged",
    "predict",
    "predicts",
    "predicted",
    "confirm",
    "confirms",
    "confirmed",
    "deny",
    "denies",
    "denied",
    "comment",
    "comments",
    "commented",
    "complain",
    "complains",
    "complained",
    "joke",
    "jokes",
    "joked",
    "mention",
    "mentions",
    "mentioned",
    "observe",
    "observes",
    "observed",
    "quip",
    "quips",
    "quipped",
    "remark",
    "remarks",
    "remarked",
    "repeat",
    "repeats",
    "repeated",
    "reiterate",
    "reiterates",
    "reiterated",
    "shout",
    "shouts",
    "shouted",
    "yell",
    "yells",
    "yelled",
    "testify",
    "testifies",
    "testified",
    "vow",
    "vows",
    "vowed",
    "promise",
    "promises",
    "promised",
    "concede",
    "concedes",
    "conceded",
    "conclude",
    "concludes",
    "concluded",
    "caution",
    "cautions",
    "cautioned",
    "answer",
    "answers",
    "answered",
    "assert",
    "asserts",
    "asserted",
    "contend",
    "contends",
    "contended",
    "allege",
    "alleges",
    "alleged",
    "boast",
    "boasts",
    "boasted",
    "exclaim",
    "exclaimed",
    "proclaim",
    "proclaimed",
    "pledge",
    "pledged",
    "pledges",
    "quote",
    "quoted",
    "quotes",
    "wonder",
    "wondered",
    "wonders",
    "recount",
    "recounted",
    "recounts",
    "scoff",
    "scoffed",
    "sneer",
    "sneered",
    "thunder",
    "thundered",
    "inform",
    "informed",
    "informs",
    "demand",
    "demanded",
    "demands",
    "charge",
    "charged",
    "charges",
    "accuse",
    "accused",
    "accuses",
    "declare",
    "tells",
    "according",
    "describe",
    "describes",
    "described",
    "call",
    "calls",
    "called",
    "dub",
    "dubbed",
    "dubs",
    "label",
    "labeled",
    "labelled",
    "labels",
    "read",
    "reads",
    "chant",
    "chanted",
    "chants",
    "agree",
    "agreed",
    "agrees",
    "believe",
    "believes",
    "believed",
    "think",
    "thinks",
    "thought",
    "pointed",
    "points",
    "affirm",
    "affirms",
    "affirmed",
    "explain",
    "retorted",
    "retort",
    "retorts",
    "interjected",
    "countered",
    "counters",
    "begged",
    "pleaded",
    "mused",
    "muses",
    "sighed",
    "laughed",
    "lamented",
    "laments",
    "wrote",
    "tweeted",
    "texted",
    "emailed",
    "e-mailed",
    "blasted",
    "slammed",
    "conceded",
    "acknowledged",
    "summed",
    "put",
    "puts",
    "beamed",
    "barked",
    "snapped",
    "fumed",
    "gushed",
    "groused",
    "griped",
    "cracked",
    "whispered",
    "chimed",
    "cut",
    "shot",
];

/// Cue words that are also nouns (`state media`, `the report said`).
const NOUN_CUES: &[&str] = &[
    "state",
    "report",
    "reports",
    "note",
    "notes",
    "claim",
    "claims",
    "comment",
    "comments",
    "post",
    "answer",
    "quote",
    "call",
    "read",
    "remark",
    "remarks",
    "tweet",
    "tweets",
    "pledge",
    "promise",
    "charge",
    "charges",
    "warning",
    "statement",
    "demand",
    "demands",
    "vow",
];

/// Cues that only introduce a quote placed right after them (`called it “…”`),
/// never a speaker after a quote, nor indirect speech on their own.
const WEAK_CUES: &[&str] = &[
    "describe",
    "describes",
    "described",
    "call",
    "calls",
    "called",
    "dub",
    "dubbed",
    "dubs",
    "label",
    "labeled",
    "labelled",
    "labels",
    "read",
    "reads",
    "chant",
    "chanted",
    "chants",
    "agree",
    "agreed",
    "agrees",
    "believe",
    "believes",
    "believed",
    "think",
    "thinks",
    "thought",
    "quote",
    "quotes",
    "accuse",
    "accused",
    "accuses",
    "charge",
    "charges",
    "charged",
    "demand",
    "demands",
    "demanded",
    "continue",
    "continues",
    "continued",
];

/// Cues whose object is the listener, not the speaker (`X told Y`).
const LISTENER_CUES: &[&str] = &[
    "tell", "tells", "told", "telling", "inform", "informs", "informed", "warn", "warns", "warned",
    "urge", "urges", "urged", "assure", "assured",
];

/// Auxiliaries and adverbs that may sit between a speaker and a cue.
const AUX_ADV: &[&str] = &[
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "will",
    "would",
    "also",
    "later",
    "then",
    "once",
    "previously",
    "recently",
    "repeatedly",
    "quickly",
    "reportedly",
    "publicly",
    "privately",
    "earlier",
    "again",
    "further",
    "simply",
    "flatly",
    "bluntly",
    "often",
    "has",
    "did",
    "does",
    "do",
    "just",
    "still",
    "even",
    "first",
    "last",
    "already",
    "never",
    "ever",
    "once",
    "subsequently",
    "separately",
    "allegedly",
    "had",
    "been",
    "being",
    "could",
    "should",
    "might",
    "may",
    "can",
    "must",
    "not",
    "n't",
    "always",
    "frequently",
    "famously",
    "only",
    "simply",
    "now",
    "sometimes",
];

/// Words that cannot be part of a speaker noun phrase.
const NP_STOP: &[&str] = &[
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "what",
    "when",
    "where",
    "why",
    "how",
    "and",
    "but",
    "or",
    "nor",
    "because",
    "if",
    "while",
    "as",
    "than",
    "so",
    "then",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "can",
    "must",
    "not",
    "n't",
    "also",
    "in",
    "on",
    "at",
    "to",
    "from",
    "by",
    "with",
    "into",
    "onto",
    "during",
    "after",
    "before",
    "since",
    "until",
    "about",
    "against",
    "over",
    "under",
    "through",
    "without",
    "within",
    "via",
    "per",
    "like",
    "do",
    "does",
    "did",
    "there",
    "here",
    "it's",
    "yet",
    "though",
    "although",
    "whether",
    "unless",
    "once",
    "even",
    "just",
    "only",
    "still",
    "already",
    "later",
    "earlier",
    "today",
    "yesterday",
    "tonight",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "last",
    "this",
    "these",
    "those",
    "repeatedly",
    "reportedly",
    "recently",
    "previously",
    "again",
    "never",
    "ever",
    "always",
    "often",
    "now",
    "him",
    "them",
    "us",
    "me",
];

/// Determiners and possessives that start a noun phrase but cannot make one alone.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "some", "many", "several",
    "one", "two", "three", "another", "other", "each", "both", "all", "most", "few", "no",
];

/// Words that open an adverbial clause before a sentence's subject.
const CLAUSE_OPENERS: &[&str] = &[
    "in",
    "on",
    "at",
    "after",
    "before",
    "during",
    "when",
    "while",
    "as",
    "although",
    "though",
    "since",
    "for",
    "with",
    "asked",
    "speaking",
    "writing",
    "addressing",
    "responding",
    "later",
    "earlier",
    "meanwhile",
    "but",
    "and",
    "yet",
    "still",
    "instead",
    "then",
    "separately",
    "last",
    "this",
    "on",
    "under",
    "despite",
    "according",
    "because",
    "if",
    "once",
    "amid",
];

/// Subject pronouns that can name a speaker.
const PRONOUNS: &[&str] = &["he", "she", "they", "it", "i", "we", "you"];

/// Function words that may stay lower-case in a title (`Weapons and Equipment`).
const TITLE_FUNCTION: &[&str] = &[
    "and", "of", "the", "in", "on", "for", "a", "an", "to", "with", "at", "by", "from", "or", "&",
    "de", "la", "vs", "vs.",
];

/// Words that make a fragment a clause.
const CLAUSE_WORDS: &[&str] = &[
    "is", "are", "was", "were", "will", "would", "have", "has", "had", "be", "i", "we", "you",
    "he", "she", "they", "it", "not", "n't", "can", "do", "does", "did", "should", "must", "could",
    "may", "might", "'m", "'re", "'s", "'ve", "'ll", "'d", "there", "this", "that",
];

/// Head nouns of descriptions that refer to organisations.
const ORG_NOUNS: &[&str] = &[
    "agency",
    "media",
    "company",
    "firm",
    "group",
    "ministry",
    "government",
    "party",
    "newspaper",
    "paper",
    "network",
    "channel",
    "organisation",
    "organization",
    "department",
    "office",
    "committee",
    "council",
    "campaign",
    "administration",
    "court",
    "bank",
    "union",
    "army",
    "military",
    "police",
    "statement",
    "report",
    "website",
    "site",
    "outlet",
    "broadcaster",
    "station",
    "magazine",
    "board",
    "commission",
    "embassy",
    "team",
    "club",
    "spokesperson's",
    "foundation",
    "institute",
    "university",
    "authorities",
    "officials",
    "regime",
    "white",
    "house",
    "pentagon",
    "kremlin",
    "service",
    "tv",
    "television",
    "radio",
];

/// Head nouns of descriptions that refer to people.
const PERSON_NOUNS: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "leader",
    "president",
    "official",
    "senator",
    "governor",
    "chief",
    "director",
    "secretary",
    "chairman",
    "chairwoman",
    "chair",
    "ceo",
    "executive",
    "founder",
    "candidate",
    "nominee",
    "lawmaker",
    "congressman",
    "congresswoman",
    "representative",
    "mayor",
    "judge",
    "lawyer",
    "attorney",
    "prosecutor",
    "general",
    "commander",
    "ambassador",
    "envoy",
    "diplomat",
    "adviser",
    "advisor",
    "aide",
    "analyst",
    "expert",
    "professor",
    "researcher",
    "scientist",
    "doctor",
    "author",
    "writer",
    "coach",
    "manager",
    "player",
    "captain",
    "star",
    "singer",
    "actor",
    "actress",
    "businessman",
    "businesswoman",
    "tycoon",
    "billionaire",
    "man",
    "woman",
    "father",
    "mother",
    "son",
    "daughter",
    "husband",
    "wife",
    "premier",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "officer",
    "head",
    "boss",
    "democrat",
    "republican",
    "economist",
    "strategist",
    "pollster",
    "activist",
    "witness",
    "resident",
    "victim",
    "owner",
    "host",
];

const MALE_PRONOUNS: &[&str] = &["he", "him", "his", "himself"];
const FEMALE_PRONOUNS: &[&str] = &["she", "her", "hers", "herself"];

/// Common first names by gender (folded).
const MALE_NAMES: &[&str] = &[
    "john",
    "james",
    "robert",
    "michael",
    "william",
    "david",
    "richard",
    "joseph",
    "thomas",
    "charles",
    "christopher",
    "daniel",
    "matthew",
    "anthony",
    "donald",
    "mark",
    "paul",
    "steven",
    "andrew",
    "kenneth",
    "joshua",
    "kevin",
    "brian",
    "george",
    "edward",
    "ronald",
    "timothy",
    "jason",
    "jeffrey",
    "ryan",
    "jacob",
    "gary",
    "nicholas",
    "eric",
    "jonathan",
    "stephen",
    "larry",
    "justin",
    "scott",
    "brandon",
    "benjamin",
    "samuel",
    "frank",
    "gregory",
    "raymond",
    "alexander",
    "patrick",
    "jack",
    "dennis",
    "jerry",
    "tyler",
    "aaron",
    "jose",
    "henry",
    "adam",
    "douglas",
    "nathan",
    "peter",
    "zachary",
    "kyle",
    "walter",
    "harold",
    "jeremy",
    "ethan",
    "carl",
    "keith",
    "roger",
    "gerald",
    "christian",
    "terry",
    "sean",
    "arthur",
    "austin",
    "noah",
    "lawrence",
    "jesse",
    "joe",
    "bryan",
    "billy",
    "jordan",
    "albert",
    "dylan",
    "bruce",
    "willie",
    "gabriel",
    "alan",
    "juan",
    "logan",
    "wayne",
    "ralph",
    "roy",
    "eugene",
    "randy",
    "vincent",
    "russell",
    "louis",
    "philip",
    "bobby",
    "johnny",
    "bradley",
    "bernie",
    "ted",
    "marco",
    "jeb",
    "mitt",
    "barack",
    "bill",
    "mike",
    "chris",
    "rand",
    "ben",
    "tim",
    "tom",
    "jim",
    "bob",
    "vladimir",
    "sergei",
    "sergey",
    "xi",
    "boris",
    "emmanuel",
    "angela",
    "nigel",
    "tony",
    "gordon",
    "dmitry",
    "dmitri",
    "ali",
    "mohammed",
    "muhammad",
    "ahmed",
    "abdullah",
    "hassan",
    "lindsey",
    "rick",
    "newt",
    "martin",
    "harry",
    "mitch",
    "rudy",
    "reince",
    "corey",
    "jared",
    "steve",
    "sam",
    "dan",
    "greg",
    "jon",
    "barry",
    "ed",
    "pete",
    "rex",
    "sergio",
    "antonio",
    "carlos",
    "luis",
    "pedro",
    "francois",
    "jean",
    "pierre",
    "jacques",
    "hans",
    "klaus",
    "shinzo",
    "narendra",
    "recep",
    "benjamin",
    "bashar",
    "kim",
    "moon",
    "yoon",
];
const FEMALE_NAMES: &[&str] = &[
    "mary",
    "patricia",
    "jennifer",
    "linda",
    "elizabeth",
    "barbara",
    "susan",
    "jessica",
    "sarah",
    "karen",
    "nancy",
    "lisa",
    "betty",
    "margaret",
    "sandra",
    "ashley",
    "kimberly",
    "emily",
    "donna",
    "michelle",
    "dorothy",
    "carol",
    "amanda",
    "melissa",
    "deborah",
    "stephanie",
    "rebecca",
    "sharon",
    "laura",
    "cynthia",
    "kathleen",
    "amy",
    "shirley",
    "angela",
    "helen",
    "anna",
    "brenda",
    "pamela",
    "nicole",
    "emma",
    "samantha",
    "katherine",
    "christine",
    "debra",
    "rachel",
    "catherine",
    "carolyn",
    "janet",
    "ruth",
    "maria",
    "heather",
    "diane",
    "virginia",
    "julie",
    "joyce",
    "victoria",
    "olivia",
    "kelly",
    "christina",
    "lauren",
    "joan",
    "evelyn",
    "judith",
    "megan",
    "cheryl",
    "andrea",
    "hannah",
    "martha",
    "jacqueline",
    "frances",
    "gloria",
    "ann",
    "teresa",
    "kathryn",
    "sara",
    "janice",
    "jean",
    "alice",
    "madison",
    "doris",
    "abigail",
    "julia",
    "judy",
    "grace",
    "denise",
    "amber",
    "marilyn",
    "beverly",
    "danielle",
    "theresa",
    "sophia",
    "marie",
    "diana",
    "brittany",
    "natalie",
    "isabella",
    "charlotte",
    "rose",
    "alexis",
    "kayla",
    "hillary",
    "sarah",
    "carly",
    "nikki",
    "theresa",
    "marine",
    "ivanka",
    "melania",
    "huma",
    "kellyanne",
    "hope",
    "elizabeth",
    "nancy",
    "debbie",
    "haley",
    "condoleezza",
    "madeleine",
    "jill",
    "michele",
    "kirsten",
    "tammy",
    "claire",
    "dianne",
    "susana",
    "yulia",
    "irina",
    "olga",
    "natalia",
    "svetlana",
    "tatiana",
    "anastasia",
    "ursula",
    "christine",
    "jacinda",
    "liz",
    "kate",
    "jane",
    "sue",
    "meg",
    "tulsi",
];

static CUES_SET: WordSet = WordSet::new(CUES);
static NP_STOP_SET: WordSet = WordSet::new(NP_STOP);
static AUX_ADV_SET: WordSet = WordSet::new(AUX_ADV);
static DETERMINERS_SET: WordSet = WordSet::new(DETERMINERS);
static NOUN_CUES_SET: WordSet = WordSet::new(NOUN_CUES);
static WEAK_CUES_SET: WordSet = WordSet::new(WEAK_CUES);
static LISTENER_CUES_SET: WordSet = WordSet::new(LISTENER_CUES);
static PRONOUNS_SET: WordSet = WordSet::new(PRONOUNS);
static CLAUSE_WORDS_SET: WordSet = WordSet::new(CLAUSE_WORDS);

fn word_in(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

fn is_word(t: &Token) -> bool {
    matches!(t.kind, TokenKind::Word | TokenKind::Number)
}

/// Which quotation mark a token is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    DoubleOpen,
    DoubleClose,
    DoubleAmb,
    SingleOpen,
    SingleClose,
    SingleAmb,
}

fn mark_of(t: &Token, text: &str) -> Option<Mark> {
    if t.kind != TokenKind::Punct {
        return None;
    }
    let s = t.text(text);
    let mut cs = s.chars();
    let c = cs.next()?;
    if cs.next().is_some() {
        return None;
    }
    Some(match c {
        '“' | '„' | '«' | '‟' => Mark::DoubleOpen,
        '”' | '»' => Mark::DoubleClose,
        '"' => Mark::DoubleAmb,
        '‘' | '‚' | '‛' => Mark::SingleOpen,
        '’' => Mark::SingleClose,
        '\'' => Mark::SingleAmb,
        _ => return None,
    })
}

fn char_before(text: &str, b: usize) -> Option<char> {
    text.get(..b).and_then(|s| s.chars().next_back())
}

fn char_after(text: &str, b: usize) -> Option<char> {
    text.get(b..).and_then(|s| s.chars().next())
}

fn opening_context(text: &str, t: &Token) -> bool {
    let before = char_before(text, t.start);
    let after = char_after(text, t.end);
    let b_ok = before.map_or(true, |c| c.is_whitespace() || "([{—–-/“‘\"'".contains(c));
    let a_ok = after.is_some_and(|c| !c.is_whitespace());
    b_ok && a_ok
}

fn closing_context(text: &str, t: &Token) -> bool {
    let after = char_after(text, t.end);
    let before = char_before(text, t.start);
    before.is_some_and(|c| !c.is_whitespace()) && after.map_or(true, |c| !c.is_alphanumeric())
}

/// One quoted stretch: mark tokens and the content tokens between them.
#[derive(Debug, Clone)]
struct Seg {
    /// Token index of the opening mark.
    open: usize,
    /// Token index of the closing mark (None when the paragraph ended first).
    close: Option<usize>,
    /// Content token range.
    content: Range<usize>,
    /// Paragraph index.
    para: usize,
}

/// Finds quoted segments paragraph by paragraph.
fn find_segments(text: &str, tokens: &[Token], para_tokens: &[Range<usize>]) -> Vec<Seg> {
    let mut out = Vec::new();
    for (pi, pr) in para_tokens.iter().enumerate() {
        // (is_double, first token of the opening mark, last token of it)
        let mut open: Option<(bool, usize, usize)> = None;
        let mut i = pr.start;
        while i < pr.end {
            let Some(mut m) = mark_of(&tokens[i], text) else {
                i += 1;
                continue;
            };
            let first = i;
            // `''` (two apostrophes) is a double quotation mark
            if m == Mark::SingleAmb
                && i + 1 < pr.end
                && tokens[i + 1].start == tokens[i].end
                && mark_of(&tokens[i + 1], text) == Some(Mark::SingleAmb)
            {
                m = Mark::DoubleAmb;
                i += 1;
            }
            let last = i;
            i += 1;
            let t = Token {
                start: tokens[first].start,
                end: tokens[last].end,
                kind: TokenKind::Punct,
                norm: String::new(),
                shape: String::new(),
            };
            let t = &t;
            let close_at = |o_last: usize, out: &mut Vec<Seg>, o_first: usize| {
                out.push(Seg {
                    open: o_first,
                    close: Some(last),
                    content: o_last + 1..first,
                    para: pi,
                });
            };
            let opens = opening_context(text, t);
            let closes = closing_context(text, t);
            let word_next =
                char_after(text, t.end).is_some_and(|c| c.is_alphanumeric() || c == '…');
            match (open, m) {
                (None, Mark::DoubleOpen) => open = Some((true, first, last)),
                (None, Mark::DoubleAmb) if opens || !closes => open = Some((true, first, last)),
                // a closing glyph used as an opener (`”Yes”`); otherwise a stray mark
                (None, Mark::DoubleClose) if opens && !closes => open = Some((true, first, last)),
                (None, Mark::SingleOpen) | (None, Mark::SingleAmb) if opens && word_next => {
                    open = Some((false, first, last));
                }
                (Some((true, of, ol)), Mark::DoubleClose)
                | (Some((true, of, ol)), Mark::DoubleAmb) => {
                    close_at(ol, &mut out, of);
                    open = None;
                }
                // the previous quote was never closed: restart here
                (Some((true, _, _)), Mark::DoubleOpen) if opens && !closes => {
                    open = Some((true, first, last));
                }
                (Some((true, of, ol)), Mark::DoubleOpen) => {
                    close_at(ol, &mut out, of);
                    open = None;
                }
                (Some((false, of, ol)), Mark::SingleClose)
                | (Some((false, of, ol)), Mark::SingleAmb)
                    if closes =>
                {
                    close_at(ol, &mut out, of);
                    open = None;
                }
                // marks of the other kind inside a quote are nested quotes
                _ => {}
            }
        }
        if let Some((_, of, ol)) = open {
            if ol + 1 < pr.end {
                out.push(Seg {
                    open: of,
                    close: None,
                    content: ol + 1..pr.end,
                    para: pi,
                });
            }
        }
    }
    out.retain(|s| s.content.start < s.content.end);
    out
}

/// How an attribution was found (for deciding whether short quotes are speech).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum How {
    /// Cue right next to the quote.
    Adjacent,
    /// Cue further away in the same sentence.
    Sentence,
    /// Carried over from the previous quote.
    Carried,
}

struct Ctx<'a> {
    text: &'a str,
    tokens: &'a [Token],
    layer: &'a TextLayer,
    /// For each token: inside the content of some quote segment.
    in_quote: Vec<bool>,
    /// For each token: is a quotation mark of a segment.
    is_mark: Vec<bool>,
}

impl Ctx<'_> {
    fn norm(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.norm.as_str())
    }

    fn is_cue(&self, i: usize) -> bool {
        let n = self.norm(i);
        if n == "according" {
            return self.norm(i + 1) == "to";
        }
        is_word(&self.tokens[i]) && CUES_SET.contains(n)
    }

    fn is_strong_cue(&self, i: usize) -> bool {
        self.is_cue(i) && !WEAK_CUES_SET.contains(self.norm(i))
    }

    fn is_np_word(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        if !is_word(t) || self.in_quote[i] {
            return false;
        }
        let n = t.norm.as_str();
        if n == "us" && t.text(self.text) == "US" {
            return true;
        }
        if NOUN_CUES_SET.contains(n) {
            // `state media`, `the report`: a noun, not the verb
            let next_noun = self.tokens.get(i + 1).is_some_and(|x| {
                is_word(x) && !NP_STOP_SET.contains(&x.norm) && !CUES_SET.contains(&x.norm)
            });
            let after_det = i
                .checked_sub(1)
                .is_some_and(|k| DETERMINERS_SET.contains(self.norm(k)));
            return next_noun || after_det;
        }
        !NP_STOP_SET.contains(n) && !CUES_SET.contains(n)
    }

    fn is_boundary(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        if self.is_mark[i] {
            return true;
        }
        t.kind == TokenKind::Punct
            && matches!(
                t.text(self.text),
                "," | "—" | "–" | "-" | "(" | ":" | ";" | "--"
            )
    }

    /// A noun phrase ending right before `end` (exclusive), not before `lo`.
    fn np_ending(&self, end: usize, lo: usize) -> Option<Range<usize>> {
        let mut j = end;
        while j > lo && self.is_np_word(j - 1) && end - j < 9 {
            j -= 1;
        }
        // allow `the head of the agency`, `a spokesman for the ministry`
        while j > lo + 1
            && matches!(self.norm(j - 1), "of" | "for")
            && self.is_np_word(j - 2)
            && end - j < 9
        {
            j -= 1;
            while j > lo && self.is_np_word(j - 1) && end - j < 9 {
                j -= 1;
            }
        }
        self.valid_np(j..end)
    }

    fn valid_np(&self, r: Range<usize>) -> Option<Range<usize>> {
        if r.start >= r.end {
            return None;
        }
        let mut r = r;
        // a phrase may not start with `of`/`for`
        while r.start < r.end && matches!(self.norm(r.start), "of" | "for") {
            r.start += 1;
        }
        let content = r
            .clone()
            .any(|i| !DETERMINERS_SET.contains(self.norm(i)) && self.norm(i) != "'s");
        (content && r.start < r.end).then_some(r)
    }

    /// The subject of the cue at `cue`: a noun phrase before it, auxiliaries and
    /// adverbs skipped; `X, the minister, said` gives `X`.
    fn np_before(&self, cue: usize, lo: usize) -> Option<Range<usize>> {
        let mut j = cue;
        while j > lo && AUX_ADV_SET.contains(self.norm(j - 1)) {
            j -= 1;
        }
        if j > lo && self.tokens[j - 1].text(self.text) == "," && !self.is_mark[j - 1] {
            // appositive: `NAME, DESCRIPTION, said`
            let desc = self.np_ending(j - 1, lo)?;
            if desc.start > lo + 1 && self.tokens[desc.start - 1].text(self.text) == "," {
                if let Some(name) = self.np_ending(desc.start - 1, lo) {
                    if self.tokens[name.start].is_capitalized(self.text) {
                        return Some(name);
                    }
                }
            }
            return None;
        }
        self.np_ending(j, lo)
    }

    /// A noun phrase right after the cue (`said X`, `according to X`).
    fn np_after(&self, cue: usize, hi: usize) -> Option<Range<usize>> {
        let mut s = cue + 1;
        if self.norm(cue) == "according" {
            s += 1;
        }
        let mut e = s;
        while e < hi && self.is_np_word(e) && e - s < 9 {
            e += 1;
        }
        // `the head of the agency`
        while e + 1 < hi && matches!(self.norm(e), "of" | "for") && self.is_np_word(e + 1) {
            e += 1;
            while e < hi && self.is_np_word(e) && e - s < 12 {
                e += 1;
            }
        }
        if e < hi && self.norm(e) == "'s" {
            // `said Russia's defence ministry`
            e += 1;
            while e < hi && self.is_np_word(e) && e - s < 12 {
                e += 1;
            }
        }
        let r = self.valid_np(s..e)?;
        let first = &self.tokens[r.start];
        let ok = first.is_capitalized(self.text)
            || DETERMINERS_SET.contains(&first.norm)
            || PRONOUNS_SET.contains(&first.norm)
            || self.norm(cue) == "according";
        ok.then_some(r)
    }

    fn sentence_range(&self, ti: usize) -> Range<usize> {
        self.layer
            .sentence_of_token(ti)
            .and_then(|s| self.layer.sentence_tokens.get(s).cloned())
            .unwrap_or(ti..ti + 1)
    }
}

/// An attribution found for a quote: speaker tokens, cue tokens, how.
type Found = (Range<usize>, Range<usize>, How);

fn cue_tokens(ctx: &Ctx, i: usize) -> Range<usize> {
    if ctx.norm(i) == "according" {
        i..i + 2
    } else {
        i..i + 1
    }
}

/// Looks after a quote's closing mark: `“…,” X said`, `“…,” said X`,
/// `“…” according to X`, and a sentence-final reporting clause (`…, KCNA added.`).
fn attribute_forward(ctx: &Ctx, close: usize, para_end: usize) -> Option<Found> {
    let sent = ctx.sentence_range(close);
    let (ws, we, strict) = if close + 1 < sent.end {
        (close + 1, sent.end, false)
    } else {
        // the quote ends its sentence: the next sentence may start `X said.`
        let next = ctx.sentence_range(close + 1);
        if close + 1 >= para_end || next.start != close + 1 {
            return None;
        }
        (next.start, next.end.min(para_end), true)
    };
    let mut ws = ws;
    while ws < we && ctx.is_boundary(ws) && !ctx.is_mark[ws] {
        ws += 1;
    }
    if let Some(f) = lead_np_cue(ctx, ws, we) {
        return Some(f);
    }
    if ws < we && ctx.is_cue(ws) && !LISTENER_CUES_SET.contains(ctx.norm(ws)) {
        // `“…,” reads an editorial`, `“…,” said X`
        if let Some(np) = ctx.np_after(ws, we) {
            return Some((np, cue_tokens(ctx, ws), How::Adjacent));
        }
    }
    for i in ws..we {
        if ctx.in_quote[i] || ctx.is_mark[i] || !ctx.is_strong_cue(i) {
            continue;
        }
        let adjacent = i <= ws + 10;
        // NP cue
        if let Some(np) = ctx.np_before(i, ws) {
            let start_ok = np.start == ws || ctx.is_boundary(np.start - 1);
            let apposition = ctx
                .tokens
                .get(np.end)
                .is_some_and(|t| t.text(ctx.text) == ",");
            if start_ok && (!strict || np.start == ws) {
                let how = if adjacent && np.start == ws {
                    How::Adjacent
                } else {
                    How::Sentence
                };
                let _ = apposition;
                return Some((np, cue_tokens(ctx, i), how));
            }
        }
        // cue NP
        let cue_start_ok = i == ws || ctx.is_boundary(i - 1);
        if cue_start_ok && !LISTENER_CUES_SET.contains(ctx.norm(i)) {
            if let Some(np) = ctx.np_after(i, we) {
                let how = if i == ws {
                    How::Adjacent
                } else {
                    How::Sentence
                };
                return Some((np, cue_tokens(ctx, i), how));
            }
        }
        if strict {
            return None;
        }
    }
    None
}

/// `“…,” NAME, DESCRIPTION, said` and `“…,” NAME said`: a noun phrase at the
/// window start, an optional appositive, then a cue.
fn lead_np_cue(ctx: &Ctx, ws: usize, we: usize) -> Option<Found> {
    let mut e = ws;
    while e < we && ctx.is_np_word(e) && e - ws < 8 {
        e += 1;
    }
    while e + 1 < we && matches!(ctx.norm(e), "of" | "for") && ctx.is_np_word(e + 1) {
        e += 1;
        while e < we && ctx.is_np_word(e) && e - ws < 12 {
            e += 1;
        }
    }
    let np = ctx.valid_np(ws..e)?;
    let first = &ctx.tokens[np.start];
    if !(first.is_capitalized(ctx.text)
        || DETERMINERS_SET.contains(&first.norm)
        || PRONOUNS_SET.contains(&first.norm))
    {
        return None;
    }
    let mut k = e;
    while k < we && AUX_ADV_SET.contains(ctx.norm(k)) {
        k += 1;
    }
    if k < we && ctx.is_cue(k) && ctx.norm(k) != "according" {
        return Some((np, cue_tokens(ctx, k), How::Adjacent));
    }
    if ctx.tokens.get(e).is_some_and(|t| t.text(ctx.text) == ",") {
        // an appositive closed by a comma, then the cue
        let lim = we.min(e + 30);
        let mut j = e + 1;
        while j < lim {
            let t = &ctx.tokens[j];
            if ctx.is_mark[j] || matches!(t.text(ctx.text), "." | "?" | "!" | ";" | ":") {
                return None;
            }
            if t.text(ctx.text) == "," {
                let mut c = j + 1;
                while c < we && AUX_ADV_SET.contains(ctx.norm(c)) {
                    c += 1;
                }
                if c < we && ctx.is_strong_cue(c) && ctx.norm(c) != "according" {
                    return Some((np, cue_tokens(ctx, c), How::Adjacent));
                }
                return None;
            }
            if ctx.is_cue(j) {
                return None;
            }
            j += 1;
        }
    }
    None
}

/// The first noun phrase of the sentence holding token `ti` (a subject).
fn sentence_subject(ctx: &Ctx, ti: usize, hi: usize) -> Option<Range<usize>> {
    let sent = ctx.sentence_range(ti);
    let mut s = sent.start;
    // skip a leading adverbial clause up to its comma (`In a statement, …`)
    if word_in(CLAUSE_OPENERS, ctx.norm(s)) {
        let mut k = s;
        while k < hi.min(s + 15) {
            if ctx.tokens[k].text(ctx.text) == "," {
                s = k + 1;
                break;
            }
            k += 1;
        }
    }
    let mut e = s;
    while e < hi && ctx.is_np_word(e) && e - s < 8 {
        e += 1;
    }
    ctx.valid_np(s..e)
}

/// Looks before a quote's opening mark in its sentence: `X said: “…”`,
/// `X told Y “…”`, `X called it “…”`, `said X: “…”`.
fn attribute_backward(ctx: &Ctx, open: usize, para_start: usize) -> Option<Found> {
    let sent = ctx.sentence_range(open);
    let mut lo = sent.start;
    let mut hi = open;
    let mut colon = false;
    if open == sent.start || open == para_start {
        // a quote opening a paragraph after `X said:` / `X said,` / `X says`
        if open != para_start || open == 0 {
            return None;
        }
        let prev = ctx.tokens[open - 1].text(ctx.text);
        if prev == ":" || prev == "," {
            hi = open - 1;
            colon = prev == ":";
        } else if ctx.is_strong_cue(open - 1) {
            hi = open;
        } else {
            return None;
        }
        lo = ctx.sentence_range(open - 1).start;
    }
    if hi > lo && ctx.tokens[hi - 1].text(ctx.text) == ":" {
        colon = true;
    }
    let mut i = hi;
    while i > lo {
        i -= 1;
        if ctx.in_quote[i] || ctx.is_mark[i] || !ctx.is_cue(i) {
            continue;
        }
        let dist = hi - i;
        if let Some(np) = ctx.np_before(i, lo) {
            let how = if dist <= 4 {
                How::Adjacent
            } else {
                How::Sentence
            };
            return Some((np, cue_tokens(ctx, i), how));
        }
        let participle =
            ctx.norm(i).ends_with("ing") || i.checked_sub(1).is_some_and(|k| ctx.norm(k) == "to");
        if !participle && !LISTENER_CUES_SET.contains(ctx.norm(i)) {
            if let Some(np) = ctx.np_after(i, hi) {
                // `said X: “…”`: nothing but punctuation between X and the quote
                let tight = (np.end..hi).all(|k| ctx.tokens[k].kind == TokenKind::Punct);
                if tight {
                    return Some((np, cue_tokens(ctx, i), How::Adjacent));
                }
            }
        }
        if participle {
            // `…, saying “…”`, `went on to say: “…”`: the sentence's subject
            if let Some(np) = sentence_subject(ctx, i, i) {
                return Some((np, cue_tokens(ctx, i), How::Sentence));
            }
        }
    }
    if colon {
        // `Trump issued the following statement:`, `John Bolton:`
        if let Some(np) = sentence_subject(ctx, lo, hi) {
            return Some((np, 0..0, How::Sentence));
        }
    }
    None
}

fn words_in(ctx: &Ctx, r: &Range<usize>) -> usize {
    r.clone().filter(|&i| is_word(&ctx.tokens[i])).count()
}

/// True when the content looks like a name or title: every content word
/// capitalized (or a number), no sentence punctuation inside.
fn is_title_like(ctx: &Ctx, r: &Range<usize>) -> bool {
    let mut words = 0;
    for i in r.clone() {
        let t = &ctx.tokens[i];
        if is_word(t) {
            words += 1;
            let cap = t.is_capitalized(ctx.text) || t.kind == TokenKind::Number;
            if !(cap || words > 1 && word_in(TITLE_FUNCTION, &t.norm)) && t.norm != "'s" {
                return false;
            }
        } else if t.kind == TokenKind::Punct
            && matches!(t.text(ctx.text), "." | "," | "?" | "!" | ";" | "…" | "...")
        {
            return false;
        }
    }
    words > 0 && words <= 12
}

fn ends_with_speech_punct(ctx: &Ctx, r: &Range<usize>) -> bool {
    r.clone().any(|i| {
        matches!(
            ctx.tokens[i].text(ctx.text),
            "." | "," | "?" | "!" | "…" | "..." | ";"
        )
    })
}

fn is_clause(ctx: &Ctx, r: &Range<usize>) -> bool {
    words_in(ctx, r) >= 6 || r.clone().any(|i| CLAUSE_WORDS_SET.contains(ctx.norm(i)))
}

/// Extracts direct quotes and indirect attributions from `text` (see the module
/// documentation). `entities` may be empty; speakers then stay unresolved.
pub fn extract_quotes(text: &str, layer: &TextLayer, entities: &[EntityRef]) -> Quotes {
    let tokens = &layer.tokens;
    if tokens.is_empty() {
        return Quotes::default();
    }
    // tokens of each paragraph
    let mut para_tokens = Vec::with_capacity(layer.paragraphs.len());
    let mut ti = 0;
    for p in &layer.paragraphs {
        while ti < tokens.len() && tokens[ti].start < p.start {
            ti += 1;
        }
        let s = ti;
        while ti < tokens.len() && tokens[ti].end <= p.end {
            ti += 1;
        }
        para_tokens.push(s..ti);
    }
    let segs = find_segments(text, tokens, &para_tokens);
    let mut in_quote = vec![false; tokens.len()];
    let mut is_mark = vec![false; tokens.len()];
    for s in &segs {
        for f in in_quote[s.content.clone()].iter_mut() {
            *f = true;
        }
        for f in is_mark[s.open..s.content.start].iter_mut() {
            *f = true;
        }
        if let Some(c) = s.close {
            for f in is_mark[s.content.end..=c].iter_mut() {
                *f = true;
            }
        }
    }
    let ctx = Ctx {
        text,
        tokens,
        layer,
        in_quote,
        is_mark,
    };

    // chain segments that run over paragraphs: open at the end of one, reopened
    // at the start of the next
    let mut groups: Vec<Vec<Seg>> = Vec::new();
    for s in segs {
        let reopened = groups.last().and_then(|g| g.last()).is_some_and(|last| {
            last.close.is_none()
                && s.para == last.para + 1
                && para_tokens.get(s.para).is_some_and(|p| p.start == s.open)
        });
        match groups.last_mut() {
            Some(g) if reopened => g.push(s),
            _ => groups.push(vec![s]),
        }
    }

    struct Cand {
        content: Range<usize>,
        open: usize,
        close: Option<usize>,
        para: usize,
        found: Option<Found>,
        multi: bool,
    }
    let mut cands: Vec<Cand> = Vec::new();
    for g in &groups {
        let first = &g[0];
        let last = &g[g.len() - 1];
        let content = first.content.start..last.content.end;
        let found_fwd = last.close.and_then(|c| {
            let pe = para_tokens.get(last.para).map_or(c + 1, |p| p.end);
            attribute_forward(&ctx, c, pe)
        });
        let found = found_fwd.or_else(|| {
            let ps = para_tokens.get(first.para).map_or(0, |p| p.start);
            attribute_backward(&ctx, first.open, ps)
        });
        cands.push(Cand {
            content,
            open: first.open,
            close: last.close,
            para: first.para,
            found,
            multi: g.len() > 1,
        });
    }

    // which candidates are speech
    let mut keep = vec![false; cands.len()];
    for (k, c) in cands.iter().enumerate() {
        let r = &c.content;
        let words = words_in(&ctx, r);
        if words == 0 {
            continue;
        }
        let punct = ends_with_speech_punct(&ctx, r);
        if !c.multi && is_title_like(&ctx, r) && !(punct && words >= 3) {
            continue;
        }
        let how = c.found.as_ref().map(|f| f.2);
        keep[k] = if c.multi {
            true
        } else if words <= 3 && !punct {
            // `the “reform”`: a word in quotation marks inside a noun phrase
            let after_det = c.open > 0
                && matches!(
                    ctx.norm(c.open - 1),
                    "the"
                        | "a"
                        | "an"
                        | "this"
                        | "that"
                        | "his"
                        | "her"
                        | "its"
                        | "their"
                        | "our"
                        | "so-called"
                        | "these"
                        | "those"
                        | "my"
                        | "your"
                );
            how == Some(How::Adjacent) && !after_det
        } else if words <= 3 {
            how.is_some()
                || c.close.is_some() && at_paragraph_start(&ctx, c.open, &para_tokens, c.para)
        } else {
            how.is_some() || punct || is_clause(&ctx, r)
        };
    }

    // indirect attributions, from cues not used by kept direct quotes
    let mut used_cue = vec![false; tokens.len()];
    for (k, c) in cands.iter().enumerate() {
        if keep[k] {
            if let Some(f) = &c.found {
                for i in f.1.clone() {
                    used_cue[i] = true;
                }
            }
        }
    }
    let attributions = indirect(&ctx, &used_cue);

    // carry the previous speaker over to unattributed quotes of the same passage
    let mut timeline: Vec<(usize, Range<usize>, usize)> = Vec::new(); // (token pos, speaker, para)
    for (k, c) in cands.iter().enumerate() {
        if keep[k] {
            if let Some(f) = &c.found {
                timeline.push((c.open, f.0.clone(), c.para));
            }
        }
    }
    for a in &attributions {
        if let Some(sp) = &a.1 {
            let p = para_index(&para_tokens, a.0.start);
            timeline.push((a.0.start, sp.clone(), p));
        }
    }
    timeline.sort_by_key(|t| t.0);
    for (k, c) in cands.iter_mut().enumerate() {
        if !keep[k] || c.found.is_some() {
            continue;
        }
        let pos = timeline.partition_point(|t| t.0 < c.open);
        if pos > 0 {
            let (_, sp, p) = &timeline[pos - 1];
            if *p + 1 >= c.para {
                c.found = Some((sp.clone(), 0..0, How::Carried));
            }
        }
    }

    let genders = entity_genders(text, tokens, entities);
    let index = MentionIndex::new(entities);
    let span_of = |r: &Range<usize>| -> Option<Range<usize>> {
        if r.start >= r.end || r.end > tokens.len() {
            return None;
        }
        Some(tokens[r.start].start..tokens[r.end - 1].end)
    };
    let mk = |content: &Range<usize>, found: &Option<Found>| -> Option<Quote> {
        let range = span_of(content)?;
        let (speaker_span, cue) = match found {
            Some((sp, cue, _)) => (span_of(sp), span_of(cue)),
            None => (None, None),
        };
        let speaker = speaker_span
            .as_ref()
            .and_then(|s| resolve(text, tokens, s, entities, &index, &genders));
        Some(Quote {
            range,
            speaker_span,
            speaker,
            cue,
        })
    };
    let quotes = cands
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .filter_map(|(c, _)| mk(&c.content, &c.found))
        .collect();
    let attributions = attributions
        .iter()
        .filter_map(|(content, sp, cue)| {
            mk(
                content,
                &sp.as_ref().map(|s| (s.clone(), cue.clone(), How::Sentence)),
            )
        })
        .collect();
    Quotes {
        quotes,
        attributions,
    }
}

fn at_paragraph_start(ctx: &Ctx, open: usize, paras: &[Range<usize>], p: usize) -> bool {
    let _ = ctx;
    paras.get(p).is_some_and(|r| r.start == open)
}

fn para_index(paras: &[Range<usize>], ti: usize) -> usize {
    paras.partition_point(|r| r.end <= ti)
}

/// Indirect speech: `X said (that) …`, `…, state media reported.`,
/// `according to X, …`. Returns (content tokens, speaker tokens, cue tokens).
#[allow(clippy::type_complexity)]
fn indirect(ctx: &Ctx, used: &[bool]) -> Vec<(Range<usize>, Option<Range<usize>>, Range<usize>)> {
    let mut out = Vec::new();
    for (si, sent) in ctx.layer.sentence_tokens.iter().enumerate() {
        let _ = si;
        let (ss, se) = (sent.start, sent.end);
        // sentence end without final punctuation
        let mut ce = se;
        while ce > ss && ctx.tokens[ce - 1].kind == TokenKind::Punct {
            ce -= 1;
        }
        let mut i = ss;
        while i < se {
            if used[i] || ctx.in_quote[i] || !ctx.is_strong_cue(i) {
                i += 1;
                continue;
            }
            let cue = cue_tokens(ctx, i);
            if ctx.norm(i) == "according" {
                let np = ctx.np_after(i, se);
                if let Some(np) = np {
                    if i == ss || (i == ss + 1 && ctx.tokens[ss].kind == TokenKind::Punct) {
                        // According to X, content.
                        let mut cs = np.end;
                        while cs < ce && ctx.tokens[cs].kind == TokenKind::Punct {
                            cs += 1;
                        }
                        if words_in(ctx, &(cs..ce)) >= 3 {
                            out.push((cs..ce, Some(np.clone()), cue));
                        }
                    } else {
                        // content, according to X.
                        let mut e = i;
                        while e > ss && ctx.is_boundary(e - 1) {
                            e -= 1;
                        }
                        if words_in(ctx, &(ss..e)) >= 3 {
                            out.push((ss..e, Some(np.clone()), cue));
                        }
                    }
                    i = np.end;
                    continue;
                }
                i += 1;
                continue;
            }
            // sentence-final reporting clause: `…, NP cue [adjuncts].`
            if let Some(np) = ctx.np_before(i, ss) {
                let tail = ce.saturating_sub(i + 1);
                let after_comma = np.start > ss && ctx.is_boundary(np.start - 1);
                if after_comma && tail <= 4 {
                    let mut e = np.start;
                    while e > ss && ctx.is_boundary(e - 1) {
                        e -= 1;
                    }
                    if words_in(ctx, &(ss..e)) >= 3 && !(ss..e).any(|k| ctx.is_mark[k]) {
                        out.push((ss..e, Some(np), cue));
                    }
                    i += 1;
                    continue;
                }
                // NP cue (that) content
                let subject_ok = np.start == ss || ctx.is_boundary(np.start - 1);
                if subject_ok {
                    let mut cs = i + 1;
                    if LISTENER_CUES_SET.contains(ctx.norm(i)) {
                        // skip the listener
                        while cs < ce && ctx.is_np_word(cs) && cs - i < 6 {
                            cs += 1;
                        }
                    }
                    if ctx.norm(cs) == "on" || ctx.norm(cs) == "in" {
                        // `said on Monday that`, `said in a statement that`
                        let mut k = cs + 1;
                        while k < ce && k - cs < 6 && ctx.norm(k) != "that" {
                            k += 1;
                        }
                        if ctx.norm(k) == "that" {
                            cs = k;
                        }
                    }
                    if ctx.norm(cs) == "that" {
                        cs += 1;
                    }
                    let starts_quote = cs < ce && (ctx.is_mark[cs] || ctx.is_boundary(cs));
                    if !starts_quote
                        && words_in(ctx, &(cs..ce)) >= 3
                        && !(cs..ce).any(|k| ctx.is_mark[k])
                    {
                        out.push((cs..ce, Some(np), cue));
                        i = ce;
                        continue;
                    }
                }
            }
            i += 1;
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Gender {
    Male,
    Female,
    Unknown,
}

/// Guesses each entity's gender from first names, titles and pronouns that
/// follow its mentions.
fn entity_genders(text: &str, tokens: &[Token], entities: &[EntityRef]) -> Vec<Gender> {
    entities
        .iter()
        .map(|e| {
            if e.label != super::Label::Per {
                return Gender::Unknown;
            }
            let first = fold(e.name.split_whitespace().next().unwrap_or(""));
            if word_in(FEMALE_NAMES, &first) {
                return Gender::Female;
            }
            if word_in(MALE_NAMES, &first) {
                return Gender::Male;
            }
            if let Some(r) = &e.role {
                let r = fold(r);
                if r.contains("woman") || r.contains("mrs") || r.contains("queen") {
                    return Gender::Female;
                }
            }
            // titles and the next personal pronoun after each mention
            let (mut m, mut f) = (0, 0);
            for mr in &e.mentions {
                let k = tokens.partition_point(|t| t.start < mr.start);
                if k > 0 {
                    match tokens[k - 1].norm.as_str() {
                        "mr" | "mr." => m += 2,
                        "mrs" | "mrs." | "ms" | "ms." | "miss" => f += 2,
                        _ => {}
                    }
                }
                let after = tokens.partition_point(|t| t.start < mr.end);
                for t in tokens.iter().skip(after).take(25) {
                    if word_in(MALE_PRONOUNS, &t.norm) {
                        m += 1;
                        break;
                    }
                    if word_in(FEMALE_PRONOUNS, &t.norm) {
                        f += 1;
                        break;
                    }
                }
            }
            let _ = text;
            if m > f {
                Gender::Male
            } else if f > m {
                Gender::Female
            } else {
                Gender::Unknown
            }
        })
        .collect()
}

/// Every mention of every entity, sorted by start: (start, end, entity).
struct MentionIndex {
    all: Vec<(usize, usize, usize)>,
}

impl MentionIndex {
    fn new(entities: &[EntityRef]) -> MentionIndex {
        let mut all: Vec<(usize, usize, usize)> = entities
            .iter()
            .enumerate()
            .flat_map(|(ei, e)| e.mentions.iter().map(move |m| (m.start, m.end, ei)))
            .filter(|m| m.0 < m.1)
            .collect();
        all.sort_unstable();
        MentionIndex { all }
    }

    /// The entity whose mention overlaps `span` most.
    fn overlapping(&self, span: &Range<usize>) -> Option<usize> {
        let hi = self.all.partition_point(|m| m.0 < span.end);
        let mut best: Option<(usize, usize)> = None;
        for &(s, e, ei) in self.all[..hi].iter().rev().take(256) {
            let m = s..e;
            if overlaps(&m, span) {
                let ov = e.min(span.end) - s.max(span.start);
                if best.map_or(true, |(_, b)| ov > b) {
                    best = Some((ei, ov));
                }
            }
        }
        best.map(|b| b.0)
    }

    /// The entity allowed by `ok` mentioned most recently before `pos`.
    fn most_recent(&self, pos: usize, ok: impl Fn(usize) -> bool) -> Option<usize> {
        let hi = self.all.partition_point(|m| m.0 < pos);
        self.all[..hi]
            .iter()
            .rev()
            .take(4096)
            .find(|m| ok(m.2))
            .map(|m| m.2)
    }
}

/// Resolves a speaker span to an entity index.
fn resolve(
    text: &str,
    tokens: &[Token],
    span: &Range<usize>,
    entities: &[EntityRef],
    index: &MentionIndex,
    genders: &[Gender],
) -> Option<usize> {
    if entities.is_empty() {
        return None;
    }
    // 1. a mention overlapping the span
    if let Some(ei) = index.overlapping(span) {
        return Some(ei);
    }
    let ts = tokens.partition_point(|t| t.start < span.start);
    let te = tokens.partition_point(|t| t.end <= span.end);
    let last = tokens.get(ts..te)?.iter().rev().find(|t| is_word(t))?;
    let head = last.norm.as_str();
    let label_is = |i: usize, l: &str| entities.get(i).is_some_and(|e| e.label.as_str() == l);
    // 2. a name word of an entity (`Shoigu` for `Sergei Shoigu`) when capitalized
    if last.is_capitalized(text) && !PRONOUNS_SET.contains(head) {
        let named: Vec<bool> = entities
            .iter()
            .map(|e| e.name.split_whitespace().any(|w| fold(w) == head))
            .collect();
        if let Some(i) = index.most_recent(span.start, |i| named[i]) {
            return Some(i);
        }
    }
    let gender = |i: usize| genders.get(i).copied().unwrap_or(Gender::Unknown);
    match head {
        // 3. pronouns
        "he" | "him" | "his" => index.most_recent(span.start, |i| {
            label_is(i, "PER") && gender(i) != Gender::Female
        }),
        "she" | "her" => index.most_recent(span.start, |i| {
            label_is(i, "PER") && gender(i) != Gender::Male
        }),
        "it" | "they" => index.most_recent(span.start, |i| label_is(i, "ORG")),
        "i" | "we" | "you" => None,
        _ => {
            // 4. descriptions: a role match first, then the kind of noun
            let by_role: Vec<bool> = entities
                .iter()
                .map(|e| {
                    e.role
                        .as_ref()
                        .is_some_and(|r| fold(r).split_whitespace().any(|w| w == head))
                })
                .collect();
            if by_role.iter().any(|b| *b) {
                index.most_recent(span.start, |i| by_role[i])
            } else if word_in(ORG_NOUNS, head) {
                index.most_recent(span.start, |i| label_is(i, "ORG"))
            } else if word_in(PERSON_NOUNS, head) {
                index.most_recent(span.start, |i| label_is(i, "PER"))
            } else {
                None
            }
        }
    }
}
