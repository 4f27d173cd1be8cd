//! Ellipsis: a short answer to a call made in the sentence before ("Maduro asked Petro
//! to recognise his re-election. Petro did not.", "... Pakistan declined.") states, by
//! leaving it out, the act that was called for: it is that act, negated or refused.

use super::*;

/// A call of the previous sentence: who was asked, and what.
#[derive(Clone, Debug)]
pub(crate) struct Call {
    /// Who called for it.
    pub caller: ActorCode,
    /// Who was called on.
    pub called: ActorCode,
    /// The call's own code (02x, 10x).
    pub code: EventCode,
    /// The act called for, with who is to do it, when the coder found it.
    pub content: Option<Content>,
}

impl Call {
    /// Who is to act: the content's actor, else the one called on.
    pub(super) fn actor(&self) -> &ActorCode {
        self.content.as_ref().map_or(&self.called, |c| &c.source)
    }
}

/// How an elliptical answer leaves the act out. `adverb` tells the adverbs that may stand
/// before the answer or between its auxiliary and its verb ("Petro still did not",
/// "Baku politely declined", "Aliyev has so far refused to do so").
fn answer(norms: &[&str], from: usize, adverb: &dyn Fn(usize) -> bool) -> Option<Reply> {
    let mut j = from;
    // Up to two adverbs ("so far" is one), before or after a perfect's auxiliary.
    let skip = |mut j: usize| {
        for _ in 0..2 {
            if norms.get(j) == Some(&"so") && norms.get(j + 1) == Some(&"far") {
                j += 2;
            } else if adverb(j) {
                j += 1;
            }
        }
        j
    };
    j = skip(j);
    // "has refused", "had so far declined".
    if matches!(norms.get(j), Some(&("has" | "have" | "had"))) {
        let k = skip(j + 1);
        if norms.get(k).is_some_and(|w| matches!(*w, "refused" | "declined" | "abstained")) {
            j = k;
        }
    }
    let mut yields = false;
    let (modality, mut j) = match (norms.get(j).copied(), norms.get(j + 1).copied()) {
        (
            Some("did" | "does" | "do" | "would" | "will" | "has" | "have" | "had" | "could"),
            Some("not" | "never"),
        ) => (Modality::Negated, j + 2),
        (Some("never"), Some("did" | "has" | "had" | "would" | "does")) => (Modality::Negated, j + 2),
        (Some("refused" | "declined" | "abstained"), _) => (Modality::Refused, j + 1),
        // "Islamabad complied", "Yerevan gave in": the call was yielded to.
        (Some("complied" | "obliged" | "relented" | "acquiesced" | "yielded" | "agreed" | "accepted"), _) => {
            yields = true;
            (Modality::Asserted, j + 1)
        }
        (Some("gave" | "backed"), Some("in" | "down")) => {
            yields = true;
            (Modality::Asserted, j + 2)
        }
        // "Baku did so in May", "Astana has done so": the act called for, done.
        (Some("did" | "does"), Some("so")) => (Modality::Asserted, j + 2),
        (Some("has" | "have" | "had"), Some("done")) if norms.get(j + 2) == Some(&"so") => {
            (Modality::Asserted, j + 3)
        }
        // "Yerevan would almost certainly refuse": a refusal foreseen.
        (Some("would" | "will" | "could" | "might" | "may"), _) => {
            let mut k = j + 1;
            while k < j + 3
                && norms
                    .get(k)
                    .is_some_and(|w| w.len() > 4 && w.ends_with("ly") || matches!(*w, "almost" | "surely"))
            {
                k += 1;
            }
            match norms.get(k) {
                Some(&("refuse" | "decline" | "abstain")) => (Modality::Hypothetical, k + 1),
                _ => return None,
            }
        }
        _ => return None,
    };
    // "did not do so", "has not yet", "did not either", "has not agreed", "refused to do so".
    if modality == Modality::Negated {
        j = skip(j);
        if norms.get(j).is_some_and(|w| {
            matches!(
                *w,
                "agree"
                    | "agreed"
                    | "accept"
                    | "accepted"
                    | "respond"
                    | "responded"
                    | "reply"
                    | "replied"
                    | "answer"
                    | "answered"
                    | "act"
                    | "acted"
                    | "oblige"
                    | "obliged"
                    | "follow"
                    | "followed"
            )
        }) {
            j += 1;
        }
    }
    if norms.get(j) == Some(&"to") && norms.get(j + 1) == Some(&"do") {
        j += 1;
    }
    while matches!(norms.get(j), Some(&("do" | "done" | "so" | "yet" | "either" | "comply" | "budge"))) {
        j += 1;
    }
    let end = |k: usize| matches!(norms.get(k), Some(&("." | "!" | ";" | ":")) | None);
    // ", the aide said", ", according to officials": an attribution may close the answer.
    let attributed = norms.get(j) == Some(&",")
        && (j + 1..norms.len()).take_while(|&k| !end(k)).count() <= 8
        && norms[j + 1..].iter().take_while(|w| !matches!(**w, "." | "!" | ";")).any(|w| {
            matches!(*w, "said" | "says" | "told" | "added" | "according" | "reported" | "insisted" | "noted")
        });
    // "in May", "two days later", "on 31 July": a time may close the answer.
    let timed = |k: usize| {
        let tail = &norms[k.min(norms.len())..];
        let tail = &tail[..tail.iter().position(|w| matches!(*w, "." | "!" | ";")).unwrap_or(tail.len())];
        tail.len() <= 5
            && tail.iter().any(|w| crate::dates::is_time_word(w) || w.bytes().all(|b| b.is_ascii_digit()))
            && tail.iter().all(|w| {
                crate::dates::is_time_word(w)
                    || w.bytes().all(|b| b.is_ascii_digit())
                    || matches!(
                        *w,
                        "in" | "on"
                            | "at"
                            | "by"
                            | "within"
                            | "later"
                            | "earlier"
                            | "the"
                            | "next"
                            | "following"
                            | "same"
                            | "that"
                            | "a"
                            | "two"
                            | "three"
                            | "four"
                            | "few"
                            | "of"
                            | "last"
                    )
            })
    };
    (end(j) || attributed || timed(j)).then_some(if yields { Reply::Yield } else { Reply::Act(modality) })
}

/// What an elliptical answer says of the act called for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reply {
    /// The act, with the answer's modality: done ("did so"), negated ("did not"),
    /// refused ("declined") or a refusal foreseen ("would refuse").
    Act(Modality),
    /// The call was yielded to ("complied", "gave in"), the act left unsaid.
    Yield,
}

impl Reply {
    fn modality(self) -> Modality {
        match self {
            Reply::Act(m) => m,
            Reply::Yield => Modality::Asserted,
        }
    }
}

/// The act a sentence answers by ellipsis, negated or refused: its subject (an actor
/// phrase opening the sentence) must be the one the previous sentence's call asked to
/// act. The event is that act, by the subject, dated by the sentence or the narrative.
pub(super) fn elliptical_answer(
    lex: &Lexicon,
    story: &Story,
    index: usize,
    s: &Sentence,
    state: &StoryState,
    dates: &[DateExpr],
    include_negated: bool,
) -> Vec<CodedEvent> {
    answer_previous(lex, story, index, s, state, dates)
        .map_or_else(Vec::new, |(refused, call, reply)| answer_events(refused, &call, reply, include_negated))
}

/// "Yerevan demanded that the Russian guards leave the airport. The Russian guards left on
/// 31 July.": the one called on doing, in the past tense, the verb that heads the act
/// called for (a word of its content) did the act.
fn did_the_act(
    lex: &Lexicon,
    s: &Sentence,
    from: usize,
    call: &Call,
    adverb: &dyn Fn(usize) -> bool,
) -> Option<Reply> {
    let content = call.content.as_ref()?;
    let mut j = from;
    while adverb(j) {
        j += 1;
    }
    let verb = *s.norms.get(j)?;
    if !matches!(lex.verb_forms.get(s.toks.get(j)?), Some(Form::Past | Form::PastOrParticiple)) {
        return None;
    }
    // (The content's words hold its governor too, "asked Astana to extradite": only a base
    // form can give the answer's past.)
    let past = content.text.split_whitespace().map(str::to_lowercase).any(|w| {
        let irregular = lex.dict.irregular.iter().find(|v| v.base == w);
        crate::inflect::forms(&w, irregular)
            .into_iter()
            .any(|(form, kind)| form == verb && matches!(kind, Form::Past | Form::PastOrParticiple))
    });
    past.then_some(Reply::Act(Modality::Asserted))
}

/// What an answer to `call` gives: the rejection of the call, when it refuses, and the
/// act left out, refused or negated (with negated events on; not when the call's act is
/// unknown, nor for a refusal only foreseen).
fn answer_events(refused: CodedEvent, call: &Call, reply: Reply, include_negated: bool) -> Vec<CodedEvent> {
    match reply {
        Reply::Yield => return compliance(refused, call).into_iter().collect(),
        // The act called for, done: known only from the call's content.
        Reply::Act(Modality::Asserted) => {
            return [refused].into_iter().filter(|_| call.content.is_some()).collect()
        }
        Reply::Act(_) => {}
    }
    let rejection = rejection(&refused, call);
    let refusal = refused.event.modality.is_negative();
    let act = Some(refused).filter(|_| include_negated && refusal && call.content.is_some());
    [rejection, act].into_iter().flatten().collect()
}

/// The previous sentence's call this sentence answers, and the act it leaves out.
fn answer_previous(
    lex: &Lexicon,
    story: &Story,
    index: usize,
    s: &Sentence,
    state: &StoryState,
    dates: &[DateExpr],
) -> Option<(CodedEvent, Call, Reply)> {
    if state.previous_calls.is_empty() {
        return None;
    }
    // (After "the": "The Russian guards left".)
    let opens = |np: &&Np| np.start == 0 || np.start == 1 && s.norms[0] == "the";
    let np = s.nps.first().filter(|np| opens(np) && np.is_resolved())?;
    let adverb = |k: usize| s.toks.get(k).is_some_and(|&t| lex.is_adverb(t, s.norms[k]));
    let source = np.code(lex, story.date)?;
    let call = state.previous_calls.iter().rev().find(|c| c.actor().primary() == source.primary())?;
    let reply = answer(&s.norms, np.end, &adverb).or_else(|| did_the_act(lex, s, np.end, call, &adverb))?;
    let modality = reply.modality();
    let (target, code) = match &call.content {
        Some(c) => (c.target.clone(), c.code),
        None => (call.caller.clone(), call.code),
    };
    let (date, precision, date_source, date_text) = match dates.first() {
        Some(d) => {
            (d.date, d.precision, DateSource::Text, Some(d.written(&s.spans, &story.text).to_string()))
        }
        None => match state.narrative(story.date) {
            Some(r) => (r.date, r.precision, DateSource::Narrative, None),
            None => (story.date, DatePrecision::Day, DateSource::Story, None),
        },
    };
    let first = *s.spans.first()?;
    let last = *s.spans.last()?;
    let span = first.cover(last);
    let source_span = np.span(&s.spans);
    let entries: Vec<String> = np.entries.iter().map(|e| entry_label(lex, e)).collect();
    let words: Vec<Span> = s.spans[np.end..].iter().copied().filter(|w| !w.is_empty()).collect();
    let event = Event {
        date,
        date_precision: precision,
        date_source,
        date_text,
        source,
        target,
        code,
        attribution: Attribution { asserter: story.source.clone().unwrap_or_default(), actor: None },
        modality,
        content: None,
        provenance: Provenance {
            story_id: story.id.clone(),
            sentence: index,
            span,
            rule: format!("ellipsis: the act called for in the previous sentence, {}", modality.as_str()),
            entries: entries.clone(),
        },
        text: span.slice(&story.text).to_string(),
    };
    let coded = CodedEvent {
        event,
        explanation: Explanation {
            source_span,
            target_span: Span::default(),
            words,
            source_entries: entries,
            target_entries: Vec::new(),
        },
    };
    Some((coded, call.clone(), reply))
}

/// An answer that closes the sentence and leaves out an act the sentence itself tells
/// ("On 10 July, when the council adopted a draft condemning Abkhazia's ties with Moscow,
/// Azerbaijan abstained."): that act, by the one who answers, refused or negated. When
/// the sentence calls on the one who answers ("Ankara asked Baku to send troops, and Baku
/// politely declined"), the act called for is refused, and a refusal rejects the call.
/// `first` is the index in `out` of the sentence's first event.
pub(super) fn closing_answer(
    lex: &Lexicon,
    story: &Story,
    s: &Sentence,
    out: &[CodedEvent],
    first: usize,
    include_negated: bool,
) -> Vec<CodedEvent> {
    let Some(np) = s.nps.iter().rev().find(|np| np.is_resolved()) else { return Vec::new() };
    // Set off from the clause before it (a comma, "and", "but"), not the sentence's own
    // subject.
    if np.start == 0 || !matches!(s.norms[np.start - 1], "," | "and" | "but") {
        return Vec::new();
    }
    let adverb = |k: usize| s.toks.get(k).is_some_and(|&t| lex.is_adverb(t, s.norms[k]));
    let (Some(reply), Some(source)) = (answer(&s.norms, np.end, &adverb), np.code(lex, story.date)) else {
        return Vec::new();
    };
    let modality = reply.modality();
    let answered = |mut e: CodedEvent, rule: &str| {
        e.event.source = source.clone();
        e.event.modality = modality;
        e.event.content = None;
        e.event.provenance.rule = format!("ellipsis: {rule}, {}", modality.as_str());
        source_phrase(lex, s, np, &mut e);
        e
    };
    // A call of this sentence on the one who answers.
    let call = out[first..].iter().rev().find_map(|e| {
        let c = e.event.content.as_deref()?;
        (matches!(e.event.code.root(), "02" | "10")
            && !e.event.modality.is_negative()
            && c.source.primary() == source.primary())
        .then(|| {
            let call = Call {
                caller: e.event.source.clone(),
                called: e.event.target.clone(),
                code: e.event.code,
                content: Some(c.clone()),
            };
            (e, call)
        })
    });
    if let Some((e, call)) = call {
        let mut refused = answered(e.clone(), "the act called for in the sentence");
        let content = call.content.as_ref().expect("a call with content");
        refused.event.target = content.target.clone();
        refused.event.code = content.code;
        return answer_events(refused, &call, reply, include_negated);
    }
    if !include_negated || !modality.is_negative() {
        return Vec::new();
    }
    let act = out[first..].iter().rev().find(|e| {
        let root = e.event.code.root();
        !matches!(root, "01" | "02" | "10")
            && !e.event.modality.is_negative()
            && e.event.source.primary() != source.primary()
            && e.event.target.primary() != source.primary()
    });
    act.map(|e| answered(e.clone(), "the act the sentence tells")).into_iter().collect()
}

/// The words that may stand for what the previous sentence told, after a verb of denying
/// ("Belgrade denies this", "Moscow denied the reports", "Kyiv denied these claims").
const DENIED_OBJECT: &[&str] = &[
    "this",
    "it",
    "that",
    "these",
    "those",
    "the",
    "such",
    "any",
    "reports",
    "report",
    "claim",
    "claims",
    "allegation",
    "allegations",
    "accusation",
    "accusations",
    "charge",
    "charges",
    "suggestion",
    "suggestions",
];

/// A denial that leaves its object to the previous sentence ("Western diplomats suspect
/// that Serbian ammunition reached Ukraine. Belgrade denies this."): the previous
/// sentence's acts by the one who denies, denied (with negated events on). The denial's
/// own statement (016) comes from the verb patterns.
pub(super) fn denied_previous(
    lex: &Lexicon,
    story: &Story,
    index: usize,
    s: &Sentence,
    state: &StoryState,
) -> Vec<CodedEvent> {
    let Some(np) = s.nps.first().filter(|np| np.start == 0 && np.is_resolved()) else { return Vec::new() };
    let Some(who) = np.code(lex, story.date) else { return Vec::new() };
    let adverb = |k: usize| s.toks.get(k).is_some_and(|&t| lex.is_adverb(t, s.norms[k]));
    let mut j = np.end;
    while adverb(j) || matches!(s.norms.get(j), Some(&("has" | "have" | "had"))) {
        j += 1;
    }
    if !s.norms.get(j).is_some_and(|w| matches!(*w, "deny" | "denies" | "denied")) {
        return Vec::new();
    }
    let object = s.norms[j + 1..].iter().take_while(|w| DENIED_OBJECT.contains(w)).count();
    let end = j + 1 + object;
    let closes = matches!(s.norms.get(end), Some(&("." | "!" | ";")) | None)
        || s.norms.get(end) == Some(&",")
            && s.norms[end + 1..].iter().any(|w| matches!(*w, "said" | "says" | "told"));
    if object == 0 || !closes {
        return Vec::new();
    }
    let span = match (s.spans.first(), s.spans.last()) {
        (Some(a), Some(b)) => a.cover(*b),
        _ => return Vec::new(),
    };
    state
        .previous_acts
        .iter()
        .filter(|e| e.event.source.primary() == who.primary())
        .map(|e| {
            let mut d = e.clone();
            d.event.modality = Modality::Denied;
            d.event.provenance.sentence = index;
            d.event.provenance.span = span;
            d.event.provenance.rule = "ellipsis: the act the previous sentence told, denied".to_string();
            d.event.text = span.slice(&story.text).to_string();
            d.explanation.source_span = np.span(&s.spans);
            d
        })
        .collect()
}

/// An answer that yields ("Islamabad complied", "Yerevan gave in"): a yield (08) toward
/// the caller, by the code of what was asked when it was a yield itself.
fn compliance(answer: CodedEvent, call: &Call) -> Option<CodedEvent> {
    if call.caller.is_none() {
        return None;
    }
    let mut e = answer;
    e.event.target = call.caller.clone();
    let asked = call.content.as_ref().map(|c| c.code).filter(|c| c.root() == "08");
    e.event.code = asked.unwrap_or_else(|| EventCode::parse("080").expect("a CAMEO code"));
    e.event.provenance.rule = "ellipsis: an answer yields to the call".to_string();
    Some(e)
}

/// A refusal of a call rejects it: the one who refuses, toward the caller, with the CAMEO
/// 12 code of what was asked (`rejection_code`). Not for an answer that only did not act.
fn rejection(refused: &CodedEvent, call: &Call) -> Option<CodedEvent> {
    // A refusal foreseen ("would refuse") is a rejection foreseen.
    let foreseen = refused.event.modality == Modality::Hypothetical;
    if !(refused.event.modality == Modality::Refused || foreseen) || call.caller.is_none() {
        return None;
    }
    let mut e = refused.clone();
    e.event.target = call.caller.clone();
    let asked = match &call.content {
        Some(c) => Some(c.code),
        None => act_of(call.code),
    };
    e.event.code = asked.map_or_else(|| EventCode::parse("120").expect("a CAMEO code"), rejection_code);
    e.event.modality = if foreseen { Modality::Hypothetical } else { Modality::Asserted };
    e.event.provenance.rule = "ellipsis: a refusal rejects the call".to_string();
    Some(e)
}

/// The CAMEO code that rejects a call for `asked`: material cooperation 121x, aid 122x,
/// reform 123x, yielding 124x, talks 125, mediation 126, a settlement 127; taking part
/// in force is military cooperation (1212).
fn rejection_code(asked: EventCode) -> EventCode {
    let c = asked.as_str();
    let code = match c.get(..2).unwrap_or("") {
        "06" => match c {
            "061" => "1211",
            "062" => "1212",
            _ => "121",
        },
        "07" => match c {
            "071" => "1221",
            "072" => "1222",
            "073" => "1223",
            "074" => "1224",
            _ => "122",
        },
        "08" => match c.get(..3).unwrap_or("") {
            "081" => "1241",
            "082" => "1242",
            "083" => match c {
                "0831" => "1231",
                "0832" => "1232",
                "0833" => "1233",
                "0834" => "1234",
                _ => "123",
            },
            "084" => "1243",
            "085" => "1244",
            "086" => "1245",
            "087" => "1246",
            _ => "124",
        },
        "04" if c == "045" => "126",
        "04" => "125",
        "05" if c == "057" => "127",
        "17" | "18" | "19" | "20" => "1212",
        _ => "120",
    };
    EventCode::parse(code).expect("a CAMEO code")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_that_leave_the_act_out() {
        let m = |t: &str| {
            let w: Vec<&str> = t.split(' ').collect();
            let adverb = |k: usize| {
                w.get(k).is_some_and(|x| matches!(*x, "still" | "then") || x.len() > 4 && x.ends_with("ly"))
            };
            answer(&w, 1, &adverb).map(Reply::modality)
        };
        assert_eq!(m("Petro did not ."), Some(Modality::Negated));
        assert_eq!(m("Baku still has not done so ."), Some(Modality::Negated));
        assert_eq!(m("Baku still has not yet ."), Some(Modality::Negated));
        assert_eq!(m("Pakistan declined ."), Some(Modality::Refused));
        assert_eq!(m("Azerbaijan abstained"), Some(Modality::Refused));
        assert_eq!(m("Petro did not recognise Maduro ."), None);
        assert_eq!(m("Baku never did ."), Some(Modality::Negated));
        assert_eq!(m("Baku politely declined ."), Some(Modality::Refused));
        assert_eq!(m("Yerevan would almost certainly refuse ."), Some(Modality::Hypothetical));
        assert_eq!(m("Yerevan would refuse the request ."), None);
        assert_eq!(m("Yerevan has not agreed ."), Some(Modality::Negated));
        assert_eq!(m("Aliyev has so far refused to do so ."), Some(Modality::Refused));
        assert_eq!(m("Baku declined , the aide said ."), Some(Modality::Refused));
        assert_eq!(m("Baku declined , which surprised Ankara ."), None);
        assert_eq!(m("Aliyev has refused to send troops ."), None);
        assert_eq!(m("Islamabad complied ."), Some(Modality::Asserted));
        assert_eq!(m("Yerevan gave in two days later ."), Some(Modality::Asserted));
        assert_eq!(m("Baku did so in may ."), Some(Modality::Asserted));
        assert_eq!(m("Baku did so in may to please Ankara ."), None);
        assert_eq!(m("Yerevan gave in ."), Some(Modality::Asserted));
    }

    #[test]
    fn a_refusal_rejects_what_was_asked() {
        let r = |c: &str| rejection_code(EventCode::parse(c).unwrap()).as_str().to_string();
        assert_eq!(r("062"), "1212");
        assert_eq!(r("190"), "1212");
        assert_eq!(r("072"), "1222");
        assert_eq!(r("0841"), "1243");
        assert_eq!(r("0833"), "1233");
        assert_eq!(r("046"), "125");
        assert_eq!(r("045"), "126");
        assert_eq!(r("010"), "120");
    }
}
