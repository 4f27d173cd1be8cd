//! Content: what a demand, appeal, intent or threat asks for or offers, and the CAMEO
//! subcodes that name it.

use super::*;

/// The event a demand, appeal, intent, threat or refusal asks for or offers: the
/// complement's actors as `kind` says, its code, and a modality that says it has not
/// happened (planned for intents, hypothetical otherwise).
#[allow(clippy::too_many_arguments)]
pub(super) fn content_of(
    lex: &Lexicon,
    s: &Sentence,
    c: &Match,
    kind: ContentActor,
    g_source: Option<&Resolved>,
    g_target: Option<&Resolved>,
    date: NaiveDate,
    state: &StoryState,
    resolve: &Resolver<'_>,
) -> Content {
    let pat = &c.pattern(lex);
    let own_subject = || {
        if c.source_is_subject {
            subject(lex, s, c.anchor_start).map(|f| resolve(&f, date, state, &[])).unwrap_or_default()
        } else {
            resolve(&c.source, date, state, &[])
        }
    };
    let source = match kind {
        ContentActor::GovernorTarget => g_target.cloned().or_else(|| own_subject().into_iter().next()),
        ContentActor::GovernorSource => g_source.cloned(),
        ContentActor::Subject => own_subject().into_iter().next(),
    }
    .map(|r| r.code)
    .unwrap_or_else(ActorCode::none);
    let target = resolve(&c.target, date, state, &[])
        .into_iter()
        .map(|r| r.code)
        .find(|t| *t != source)
        .or_else(|| {
            // "to join the pressure on Abkhazia", "to agree to a ceasefire with Russia": the
            // complement's own object names whom a hostile or de-escalating act is aimed at.
            let fill = aimed_act(pat.code).then(|| aimed_at(lex, s, c)).flatten()?;
            resolve(&fill, date, state, &[]).into_iter().map(|r| r.code).find(|t| *t != source)
        })
        .unwrap_or_else(ActorCode::none);
    let mut span = s.spans[c.words[0]];
    for &w in &c.words {
        span = span.cover(s.spans[w]);
    }
    for np in c.target.nps.iter().chain(&c.source.nps) {
        span = span.cover(s.nps[*np].span(&s.spans));
    }
    let modality = if pat.code.root() == "03" || kind == ContentActor::GovernorSource {
        Modality::Planned
    } else {
        Modality::Hypothetical
    };
    Content { source, target, code: pat.code, modality, span, text: String::new() }
}

/// The content of an event of `code` between `src` and `tgt`: the complement's event
/// when one was matched, else the act that a specific appeal, intent, demand or threat
/// code names (CAMEO's parallel subcodes: 0233 appeal for humanitarian aid asks for 073).
/// Appeals and demands ask their target to act toward the one who asks; intents and
/// threats are the source's own acts toward the target.
#[allow(clippy::too_many_arguments)]
pub(super) fn content_for(
    lex: &Lexicon,
    s: &Sentence,
    m: &Match,
    code: EventCode,
    src: &Resolved,
    tgt: &Resolved,
    date: NaiveDate,
    state: &StoryState,
    resolve: &Resolver<'_>,
) -> Option<Content> {
    let asks = matches!(code.root(), "02" | "10");
    let offers = matches!(code.root(), "03" | "13");
    if !asks && !offers && m.content.is_none() {
        return None;
    }
    let named = |r: &Resolved| (!r.code.is_none()).then(|| r.clone());
    // The table's act when no pattern coded the complement; a specific code's own act
    // (0333 promises 073) wins over a verb of another family ("to help host refugees").
    // (A code refined by that very act, "pressing Azerbaijan to cut flights" 102 from a cut,
    // keeps it.)
    let generic = EventCode::parse(&format!("{}0", code.root())).ok();
    let fallback = if m.content.is_none() { complement_act(lex, s, m) } else { None }.filter(|f| {
        act_of(code).is_none_or(|a| same_family(a, f.code))
            || generic.is_some_and(|g| refine_by_content(g, f.code) == code)
    });
    let mut content = match m.content.as_deref() {
        Some(c) => content_of(
            lex,
            s,
            c,
            m.content_actor,
            named(src).as_ref(),
            named(tgt).as_ref(),
            date,
            state,
            resolve,
        ),
        None if fallback.is_some() => {
            let act = fallback.expect("checked");
            // An ultimatum (139, "gave the diplomats 48 hours to leave") asks its target.
            let a = if asks || code.as_str() == "139" { tgt } else { src };
            // The act's own object, when it is an actor other than the one acting:
            // "must end its occupation of the islands and return them to the UAE".
            let object = act
                .object
                .map(|f| resolve(&f, date, state, &[]))
                .and_then(|v| v.into_iter().map(|r| r.code).find(|t| *t != a.code && !same_state(t, &a.code)))
                .or_else(|| {
                    // "must leave the Kursk region": the country of the place it names.
                    let c = &lex.dict.countries[act.place? as usize].code;
                    (!same_state(c, &a.code)).then(|| c.clone())
                });
            let span = s.spans[act.start].cover(s.spans[act.end - 1]);
            Content {
                source: a.code.clone(),
                target: object.unwrap_or_else(ActorCode::none),
                code: act.code,
                modality: if offers { Modality::Planned } else { Modality::Hypothetical },
                span,
                text: String::new(),
            }
        }
        None => {
            let act = act_of(code)?;
            let (a, b) = if asks { (tgt, src) } else { (src, tgt) };
            let mut span = s.spans[m.words[0]];
            for &w in &m.words {
                span = span.cover(s.spans[w]);
            }
            // De-escalation (087) is toward an adversary, not the one who asks.
            let b = if act.as_str().starts_with("087") { ActorCode::none() } else { b.code.clone() };
            Content {
                source: a.code.clone(),
                target: b,
                code: act,
                modality: if offers { Modality::Planned } else { Modality::Hypothetical },
                span,
                text: String::new(),
            }
        }
    };
    // "asked China to increase its investment": toward the one who asks; "pledged to
    // send troops": toward the target of the pledge.
    // De-escalation (087) is toward an adversary, not the asker.
    let toward_asker = matches!(content.code.root(), "04" | "05" | "06" | "07" | "08")
        && !content.code.as_str().starts_with("087");
    // "urged Kyiv to agree to a ceasefire with Russia", "demanded that Baku join the
    // pressure on Abkhazia": what a hostile or de-escalating act is aimed at, named in
    // the rest of the clause.
    if content.target.is_none() && aimed_act(content.code) {
        let aimed = aimed_at(lex, s, m)
            .map(|f| resolve(&f, date, state, &[]))
            .and_then(|v| v.into_iter().map(|r| r.code).find(|t| *t != content.source && *t != src.code));
        if let Some(t) = aimed {
            content.target = t;
        }
    }
    // "demanded that Russia withdraw its forces from Ukraine": a retreat is from where the
    // forces stand.
    if content.target.is_none() && content.code.as_str().starts_with("087") {
        let from = aimed_by(lex, s, m, &["from"])
            .map(|f| resolve(&f, date, state, &[]))
            .and_then(|v| v.into_iter().map(|r| r.code).find(|t| !same_state(t, &content.source)));
        if let Some(t) = from {
            content.target = t;
        }
    }
    // "called on the army and the RSF to observe a ceasefire": each addressee is asked to
    // de-escalate toward the other.
    if content.target.is_none() && asks && content.code.as_str().starts_with("087") {
        let other = resolve(&m.target, date, state, &[])
            .into_iter()
            .map(|r| r.code)
            .find(|c| *c != content.source && *c != tgt.code && *c != src.code);
        if let Some(t) = other {
            content.target = t;
        }
    }
    // "asked Baku to send special forces to the operation against the SDF", "demanded that
    // Baku join the operation against the SDF": forces sent to fight someone, or joining
    // the fight, are force against them, not protection of or cooperation with the one
    // who asks.
    if content.code.as_str().starts_with("074") || content.code.as_str().starts_with("062") {
        let against = aimed_by(lex, s, m.content.as_deref().unwrap_or(m), &["against"])
            .map(|f| resolve(&f, date, state, &[]))
            .and_then(|v| v.into_iter().map(|r| r.code).find(|t| *t != content.source && *t != src.code));
        if let Some(t) = against {
            content.code = EventCode::parse("190").expect("CAMEO 190");
            content.target = t;
        }
    }
    // "asked Astana to send troops to Syria": aid sent somewhere named goes there, not to
    // the one who asks.
    if content.code.root() == "07" {
        let to = sent_to(lex, s, m.content.as_deref().unwrap_or(m))
            .map(|f| resolve(&f, date, state, &[]))
            .and_then(|v| v.into_iter().map(|r| r.code).find(|t| *t != content.source && *t != src.code));
        if let Some(t) = to {
            content.target = t;
        }
    }
    if content.target.is_none() && toward_asker {
        let other = if asks { src } else { tgt };
        if other.code != content.source {
            content.target = other.code.clone();
        }
    }
    Some(content)
}

/// The act a complement names when no pattern coded it: the verb that heads what a
/// demand, appeal, promise or threat asks for or offers, looked up in the `act` lines of
/// the dictionaries ("said that Manila must remove the warship": 08; "urged Russia to
/// withdraw its troops from Ukraine": 0874, toward Ukraine).
pub(super) struct ComplementAct {
    pub code: EventCode,
    /// The complement's words: from its verb to the end of what was read of it.
    pub start: usize,
    pub end: usize,
    /// The actors named after the verb, in its clause.
    pub object: Option<Fill>,
    /// The country (index) of a place of the dictionaries named there instead.
    pub place: Option<u32>,
}

/// Whether two acts are of one family: one's code is the other's or a parent of it.
fn same_family(a: EventCode, b: EventCode) -> bool {
    a.as_str().starts_with(b.as_str()) || b.as_str().starts_with(a.as_str())
}

/// Finds the verb that heads the complement of `m` (after "to", after a modal, or right
/// after the subject of a "that" clause; an adverb in "-ly" may come before it) and its
/// act. A negated complement ("must not let ...") names no act here.
pub(super) fn complement_act(lex: &Lexicon, s: &Sentence, m: &Match) -> Option<ComplementAct> {
    let n = s.toks.len();
    let to = lex.word("to");
    let that = lex.word("that");
    let head_at = |mut j: usize| -> Option<(EventCode, usize, usize)> {
        if j < n && lex.is_adverb(s.toks[j], s.norms[j]) && s.np_at[j].is_none() {
            j += 1;
        }
        let cands = lex.acts.get(s.toks.get(j)?)?;
        cands.iter().find_map(|(rest, code)| {
            let hit = rest.iter().enumerate().all(|(k, t)| s.toks.get(j + 1 + k) == Some(t));
            hit.then_some((*code, j, j + 1 + rest.len()))
        })
    };
    let mut found;
    if let Some(npi) = m.demand_target {
        // "said that Sweden must stop ...": the verb after the modal.
        let e = s.nps[npi].end;
        let modal = (e..(e + 3).min(n)).find(|&j| deontic_at(lex, s, j))?;
        let v = if s.toks.get(modal + 1) == Some(&to) { modal + 2 } else { modal + 1 };
        found = head_at(v);
    } else {
        let from = m.words.iter().max().map_or(m.anchor_end, |&w| w + 1);
        let mut seen_that = m.words.iter().any(|&w| s.toks[w] == that);
        // A noun of the act right after the governor ("demanded an apology", "called for
        // the withdrawal of", "asked for an immediate ceasefire"), over "for", a
        // determiner and one modifier.
        // The noun may also stand between the verb and the target the pattern took
        // ("demanded an apology from Israel").
        let noun_at = |mut k: usize| {
            if s.toks.get(k) == Some(&lex.word("for")) {
                k += 1;
            }
            while k < n && lex.flags(s.toks[k]) & gw::DET != 0 && s.np_at[k].is_none() {
                k += 1;
            }
            head_at(k).or_else(|| {
                let modifier =
                    k < n && s.np_at[k].is_none() && !is_break(lex, s, k) && lex.flags(s.toks[k]) == 0;
                modifier.then(|| head_at(k + 1)).flatten()
            })
        };
        found = noun_at(from).or_else(|| (m.anchor_end < from).then(|| noun_at(m.anchor_end)).flatten());
        // The act may be the pattern's own word after its "to" ("told Yerevan to withdraw"),
        // when the pattern's code names no act of its own.
        if found.is_none() && act_of(m.pattern(lex).code).is_none() {
            found = m.words.iter().find(|&&w| s.toks[w] == to).and_then(|&w| head_at(w + 1));
        }
        let mut j = from;
        while j < (from + 10).min(n) && found.is_none() {
            if is_break(lex, s, j) || lex.flags(s.toks[j]) & gw::NEG != 0 {
                return None;
            }
            let t = s.toks[j];
            seen_that |= t == that;
            let c = lex.cues(t);
            let modal = lex.flags(t) & (gw::PLAN | gw::HYPO) != 0 || c & cue::DEONTIC != 0;
            if t == to || modal {
                if s.toks.get(j + 1).is_some_and(|&t| lex.flags(t) & gw::NEG != 0) {
                    return None;
                }
                found = head_at(j + 1);
                if found.is_none() && t == to {
                    // "to" before anything else than a verb of the table ends the search.
                    return None;
                }
            } else if let Some(npi) = s.np_at[j] {
                // "demanded that Baku join ...": the verb right after the clause's subject.
                let e = s.nps[npi].end;
                if seen_that && s.nps[npi].start == j {
                    found = head_at(e);
                }
                j = e.max(j + 1);
                continue;
            }
            j += 1;
        }
    }
    let (mut code, start, end) = found?;
    // A threat to cease something is a threat to cut it (16), not to de-escalate:
    // "threatened to halt oil exports".
    if code.as_str() == "087" && m.pattern(lex).code.root() == "13" {
        code = EventCode::parse("160").expect("CAMEO 160");
    }
    // Its clause ends at a break or where another clause opens ("if the Taliban ...").
    let stop = (end..(end + 10).min(n))
        .find(|&j| {
            is_break(lex, s, j) || lex.cues(s.toks[j]) & (cue::CLAUSE_OPENER | cue::SUBJECT_OPENER) != 0
        })
        .unwrap_or((end + 10).min(n));
    // "expects Baku to back its position on Cyprus at the OIC": support for what a
    // possessive pronoun names is support for the one who asks (its target is left to
    // the asker), not for the actors named after it.
    if code.root() == "05" && matches!(s.norms.get(end), Some(&("its" | "his" | "her" | "their"))) {
        return Some(ComplementAct { code, start, end: stop.max(end), object: None, place: None });
    }
    // Not the governor's own parties ("demanded protection from NATO").
    // (A target the governor took after a noun of the act is the governor's own.)
    let inside = m.words.iter().max().is_some_and(|&w| start < w);
    let own = |npi: &usize| m.source.nps.contains(npi) || inside && m.target.nps.contains(npi);
    // "open a front in support of Hamas", "fight alongside Russian forces": an ally of the
    // one who acts is not whom the act is aimed at.
    let ally = |npi: &usize| ally_before(s, s.nps[*npi].start, 0);
    let nps: Vec<usize> = (end..stop)
        .filter_map(|j| s.np_at[j].filter(|&npi| s.nps[npi].start == j && s.nps[npi].is_resolved()))
        .filter(|npi| !(own(npi) || code.root() >= "11" && ally(npi)))
        .collect();
    // The words read as the act: up to its last actor, else to the end of its clause
    // ("stop oil shipments to Israel", "leave the Kursk region within a week").
    let read_to = nps.last().map_or(stop.max(end), |&npi| s.nps[npi].end.max(end));
    let place = if nps.is_empty() && !lex.places.is_empty() {
        (end..stop).filter(|&j| s.np_at[j].is_none()).find_map(|j| place_at(lex, s, j).map(|(_, idx)| idx))
    } else {
        None
    };
    let object = (!nps.is_empty()).then_some(Fill { nps });
    Some(ComplementAct { code, start, end: read_to, object, place })
}

/// The act that a specific appeal (02), intent (03), demand (10) or threat (13) code
/// names, by CAMEO's parallel subcodes; `None` for the generic codes.
pub(super) fn act_of(code: EventCode) -> Option<EventCode> {
    let c = code.as_str();
    let root = code.root();
    let rest = &c[2..];
    let to = match root {
        "02" | "03" | "10" => match rest {
            "1" => "060",
            "11" => "061",
            "12" => "062",
            "13" => "063",
            "14" => "064",
            "2" => "050",
            "3" => "070",
            "31" => "071",
            "32" => "072",
            "33" => "073",
            "34" => "074",
            "4" => "083",
            "41" => "0831",
            "42" => "0832",
            "43" => "0833",
            "44" => "0834",
            "5" => "080",
            "51" => "081",
            "52" => "082",
            "53" => "084",
            "54" => "085",
            "55" => "086",
            "56" => "087",
            "6" => "040",
            "8" | "9" => "045",
            _ => return None,
        },
        "13" => match rest {
            "1" => "160",
            "11" => "162",
            "12" => "163",
            "13" => "161",
            "2" => "172",
            "21" => "1721",
            "22" => "1722",
            "23" => "1723",
            "24" => "1724",
            "3" => "140",
            "4" => "164",
            "6" => "166",
            "7" => "175",
            "8" => "190",
            "81" => "191",
            "82" => "192",
            "83" => "180",
            "84" => "190",
            "85" => "200",
            _ => return None,
        },
        _ => return None,
    };
    EventCode::parse(to).ok()
}

/// The specific code of a demand (10), appeal (02), intent (03) or threat (13) given what
/// it asks for or offers, when the pattern gave only the generic code: CAMEO's parallel
/// subcodes for material cooperation (06), diplomatic cooperation (05), aid (07), yielding
/// (08), meeting (04); threats of force (18–20), sanctions (16) and coercion (17).
pub(super) fn refine_by_content(code: EventCode, content: EventCode) -> EventCode {
    let generic = matches!(code.as_str(), "02" | "020" | "03" | "030" | "10" | "100" | "13" | "130");
    if !generic {
        return code;
    }
    let c = content.as_str();
    let kind = code.root();
    let (two, three, ten) = match content.root() {
        "04" => ("026", "036", "106"),
        "05" => ("022", "032", "102"),
        "06" => match c {
            "061" => ("0211", "0311", "1011"),
            "062" => ("0212", "0312", "1012"),
            "063" => ("0213", "0313", "1013"),
            "064" => ("0214", "0314", "1014"),
            _ => ("021", "031", "101"),
        },
        "07" => match c {
            "071" => ("0231", "0331", "1031"),
            "072" => ("0232", "0332", "1032"),
            "073" => ("0233", "0333", "1033"),
            "074" => ("0234", "0334", "1034"),
            _ => ("023", "033", "103"),
        },
        "08" => match &c[..c.len().min(3)] {
            "081" => ("0251", "0351", "1051"),
            "082" => ("0252", "0352", "1052"),
            "083" => ("024", "034", "104"),
            "084" => ("0253", "0353", "1053"),
            "085" => ("0254", "0354", "1054"),
            "086" => ("0255", "0355", "1055"),
            "087" => ("0256", "0356", "1056"),
            _ => ("025", "035", "105"),
        },
        // Joining or supporting force against others: military cooperation.
        "18" | "19" | "20" | "15" => ("0212", "0312", "1012"),
        "16" | "17" => ("022", "032", "102"),
        _ => return code,
    };
    let to = match kind {
        "02" => two,
        "03" => three,
        "10" => ten,
        "13" => match content.root() {
            "16" => match c {
                "162" | "1621" | "1622" | "1623" => "1311",
                "163" => "1312",
                _ => "1313",
            },
            "17" => "137",
            "18" => "1383",
            "19" | "20" | "15" => match c {
                "191" => "1381",
                "192" => "1382",
                _ => "138",
            },
            "14" => "133",
            _ => return code,
        },
        _ => return code,
    };
    EventCode::parse(to).unwrap_or(code)
}

/// The actor a complement's act is aimed at when its pattern named none: the first actor
/// after "against" in the rest of its clause, else the first after "on" or "with".
fn aimed_at(lex: &Lexicon, s: &Sentence, c: &Match) -> Option<Fill> {
    aimed_by(lex, s, c, &["against"]).or_else(|| aimed_by(lex, s, c, &["on", "with"]))
}

/// The first named actor after one of `preps` in the rest of the clause of `c`.
fn aimed_by(lex: &Lexicon, s: &Sentence, c: &Match, preps: &[&str]) -> Option<Fill> {
    let end = (c.end..s.toks.len())
        .take(14)
        .find(|&j| is_break(lex, s, j))
        .unwrap_or((c.end + 14).min(s.toks.len()));
    let after = |preps: &[&str]| {
        (c.anchor_end..end).find_map(|j| {
            let npi = s.np_at[j]?;
            let np = &s.nps[npi];
            if np.start != j || !np.is_resolved() {
                return None;
            }
            // The preposition right before the phrase, over determiners and modifiers.
            let k = (c.anchor_end..j).rev().take(3).find(|&k| lex.flags(s.toks[k]) & gw::PREP != 0)?;
            preps.contains(&s.norms[k]).then(|| Fill { nps: vec![npi] })
        })
    };
    after(preps)
}

/// Where what `c` sends goes: a named actor right after "to" or "into" (over a
/// determiner), within six words after the match, in its own clause ("send troops to
/// Syria", "allow aid into Gaza"; not "asked Russia for assistance and appealed to the
/// CSTO", nor "to let Chinese firms ...").
fn sent_to(lex: &Lexicon, s: &Sentence, c: &Match) -> Option<Fill> {
    let hi = (c.end + 6).min(s.toks.len());
    for j in c.anchor_end..hi {
        if is_break(lex, s, j) || lex.flags(s.toks[j]) & gw::AND != 0 {
            return None;
        }
        if matches!(s.norms[j], "to" | "into") {
            let mut k = j + 1;
            if k < s.toks.len() && lex.flags(s.toks[k]) & gw::DET != 0 && s.np_at[k].is_none() {
                k += 1;
            }
            let Some(npi) = s.np_at.get(k).copied().flatten() else { continue };
            if s.nps[npi].start == k && s.nps[npi].is_resolved() {
                return Some(Fill { nps: vec![npi] });
            }
        }
    }
    None
}

/// Acts aimed at an adversary: hostile ones (roots 09-20) and de-escalation (087).
fn aimed_act(code: EventCode) -> bool {
    code.as_str().starts_with("087") || code.root() >= "09"
}
