//! Assembly: drafts from matches, dates, attribution and modality, and the events
//! pushed out with their provenance.

use super::*;

#[allow(clippy::too_many_arguments)]
pub(super) fn build_events(
    lex: &Lexicon,
    opts: &Options,
    story: &Story,
    index: usize,
    s: &Sentence,
    matches: &[Match],
    dates: &[DateExpr],
    state: &mut StoryState,
    out: &mut Vec<CodedEvent>,
) {
    // `[alone]`: the pattern's act is complete without a target.
    let complete_alone = |m: &Match| m.pattern(lex).flags.alone;
    let drafts = drafts::drafts(lex, story, s, matches);
    let dated = dating::event_dates(lex, story, s, matches, &drafts, dates, state);
    // Resolve codes.
    // The scene: the first named target of any match ("a surprise attack on southern
    // Israel, killing hundreds of people": the people are Israel's). Not the one a
    // verb of saying is addressed to, nor a news medium ("..., residents told Reuters":
    // the residents are not British).
    // Else the country of who tells it ("the SDF said Turkish jets had bombed civilian
    // areas": Syria's).
    let first_country = |nps: &mut dyn Iterator<Item = &usize>| {
        nps.filter(|&&n| s.nps[n].is_resolved())
            .filter_map(|&n| s.nps[n].code(lex, story.date))
            .find(|c| !c.is_transnational() && !is_medium(c))
            .map(|c| c.primary().to_string())
    };
    let scene: Option<String> = first_country(
        &mut matches.iter().filter(|m| !m.pattern(lex).flags.speech).flat_map(|m| m.target.nps.iter()),
    )
    .or_else(|| first_country(&mut drafts.iter().filter(|d| d.speech).flat_map(|d| d.sources.nps.iter())));
    let resolve = |fill: &Fill, date: NaiveDate, state: &StoryState, other: &[usize]| -> Vec<Resolved> {
        let mut v: Vec<Resolved> = Vec::new();
        // "Turkish warplanes and artillery": a role in a compound is its named member's.
        let member = fill
            .nps
            .iter()
            .filter(|&&n| s.nps[n].is_resolved())
            .filter_map(|&n| s.nps[n].code(lex, date))
            .find(|c| !c.is_transnational())
            .map(|c| c.primary().to_string());
        for &npi in &fill.nps {
            let np = &s.nps[npi];
            if let Some(kind) = np.anaphor {
                for code in resolve_anaphor(lex, s, npi, kind, other, state, date) {
                    if !v.iter().any(|r| r.code == code) {
                        v.push(Resolved { code, np: npi });
                    }
                }
                continue;
            }
            let code = match np.head {
                Head::Pronoun => resolve_pronoun(lex, s, npi, other, state, date),
                // "her government would cooperate", "its army withdrew": as the subject,
                // the role of whom the possessive refers to.
                Head::Unresolved
                    if np.start > 0
                        && matches!(s.norms[np.start - 1], "its" | "her" | "his" | "their")
                        && (np.start < 2 || lex.flags(s.toks[np.start - 2]) & gw::PREP == 0)
                        && other.iter().all(|&o| s.nps[o].start > np.start) =>
                {
                    possessed_role(lex, s, npi, other, state, date)
                }
                Head::Unresolved => {
                    let hint = member.clone().or_else(|| scene.clone().filter(|_| !other.is_empty()));
                    bare_role(lex, s, npi, hint, other, state, date)
                }
                _ => np.code(lex, date),
            };
            if let Some(code) = code {
                if !v.iter().any(|r| r.code == code) {
                    v.push(Resolved { code, np: npi });
                }
            }
        }
        v
    };
    let named = |f: &Fill| named_fill(s, f);
    // The verbs of saying, in sentence order: their match, resolved speakers and the
    // speaker's words ("TASS", "the Kremlin", "officials").
    let speeches: Vec<(usize, Vec<Resolved>, Option<String>)> = drafts
        .iter()
        .filter(|d| d.speech)
        .map(|d| {
            let words =
                d.sources.nps.first().map(|&n| s.nps[n].span(&s.spans).slice(&story.text).to_string());
            (d.m, resolve(&named(&d.sources), dated[d.m].0, state, &[]), words)
        })
        .collect();
    // What an event is reported by: the nearest verb of saying before it ("TASS reported
    // that the Kremlin said Putin would visit": the Kremlin), else the first after it
    // ("..., the ministry said"); with the chain of the speakers before that one.
    // A verb of saying after the event reports it ("..., the ministry said", "...,
    // according to the SDF"), unless it is an attribution that introduces a clause of its
    // own ("Ankara sold drones to Baku and, according to Armenian officials, deployed
    // F-16s": the sale is the author's).
    let introduces = |sm: usize| {
        let e = matches[sm].end;
        !matches[sm].source_is_subject
            && s.toks.get(e) == Some(&lex.word(","))
            && (e + 1..s.toks.len())
                .take_while(|&j| lex.flags(s.toks[j]) & gw::CLAUSE == 0)
                .any(|j| s.np_at[j].is_none() && lex.verb_forms.contains_key(&s.toks[j]))
    };
    // A participle of saying after a comma is the actor's own reason, not a report of
    // what came before it ("The African Union suspended Egypt, saying ...").
    let participle = |sm: usize| {
        let a = matches[sm].anchor_start;
        a > 0 && s.toks[a - 1] == lex.word(",") && s.norms[a] != "according" && s.norms[a].ends_with("ing")
    };
    let speech_of = |mi: usize| -> Option<(usize, usize)> {
        let at = matches[mi].anchor_start;
        let before = speeches.iter().rposition(|(sm, _, _)| matches[*sm].anchor_start < at);
        let after = || {
            speeches
                .iter()
                .position(|(sm, _, _)| matches[*sm].anchor_start > at && !introduces(*sm) && !participle(*sm))
        };
        before.or_else(after).map(|k| (k, speeches[k].0))
    };
    let chain_of = |k: usize, inner: &str| -> String {
        let mut parts: Vec<&str> = speeches[..k].iter().filter_map(|(_, _, w)| w.as_deref()).collect();
        parts.push(inner);
        parts.join(" > ")
    };
    let asserter = story.source.clone().unwrap_or_default();
    // Frames of non-actor asserters and hedges ("Western diplomats believe", "perhaps").
    let actor: Vec<bool> = s.np_at.iter().map(|n| n.is_some_and(|i| s.nps[i].is_resolved())).collect();
    let frame = crate::frame::frame(lex, &s.toks, &s.norms, &s.spans, &actor, &story.text);
    // One event per dyad and CAMEO root in a sentence: the first (most specific) wins.
    let mut emitted: Vec<Emitted> = Vec::new();
    // Events coded so far: (anchor, source, target), for the statements that report them.
    let mut coded: Vec<(usize, Resolved, Resolved)> = Vec::new();
    // A statement of the speaker's own intent ("said it would release"): no separate statement.
    let mut self_intent = false;
    let mut statements = Vec::new();
    for d in &drafts {
        let m = &matches[d.m];
        let code = d.code;
        let (date, precision, date_source) = dated[d.m];
        let sources = resolve(&d.sources, date, state, &d.targets.nps);
        let mut targets = resolve(&d.targets, date, state, &d.sources.nps);
        // A city struck is the country, not its government: "fired missiles at Tel Aviv",
        // "shelled Kyiv" (a capital as a speaker or a party to talks stays the state).
        if VIOLENT_ROOTS.contains(&code.root()) {
            for t in &mut targets {
                let capital = t.np < s.nps.len()
                    && matches!(s.nps[t.np].head, Head::Country { capital: true, .. })
                    && s.nps[t.np].role.is_none();
                if capital {
                    if let Ok(c) = ActorCode::parse(t.code.primary()) {
                        t.code = c;
                    }
                }
            }
        }
        // Violence against people named only by role ("killed 30 civilians in Mogadishu",
        // "abducted schoolboys in Nigeria's Katsina state") or against no named actor
        // ("detonated car bombs near the ministry in Mogadishu") is coded against the
        // country where it happened.
        // Not for a mutual event (its parties are each other's targets). A place (not a
        // country or capital, which stand for the state) in the source's own country
        // gives no target, unless the source is an armed group fighting it ("farmers
        // marched in Lyon", "Syrian forces in Idlib": none; "Pakistani Taliban militants
        // ... in Peshawar": PAK).
        let own_country = |country: &ActorCode| {
            sources.iter().any(|r| {
                r.code.primary() == country.primary()
                    && !r.code.roles().any(|x| matches!(x, "REB" | "INS" | "SEP" | "UAF"))
            })
        };
        let code_root = code.root();
        if targets.is_empty() && LOCATED_ROOTS.contains(&code.root()) && !d.mutual {
            if let Some((np, country)) =
                location_country(lex, s, m).filter(|(np, c)| np.is_some() || !own_country(c))
            {
                let role_np = d.targets.nps.iter().copied().find(|&t| s.nps[t].role.is_some());
                let role = role_np.and_then(|t| s.nps[t].role).map(|r| &lex.dict.agents[r as usize].code);
                let code = match role {
                    Some(r) => country.with_role(r),
                    None => country,
                };
                // Exercises in one's own seas, troops on one's own soil (a country named):
                // no target there either.
                let own = role.is_none()
                    && matches!(code_root, "14" | "15")
                    && sources.iter().any(|r| r.code.primary() == code.primary());
                // A place is no phrase: the victims' words (if named by role) stand for it.
                let np = np.or(role_np).unwrap_or(usize::MAX);
                if !own {
                    targets.push(Resolved { code, np });
                }
            }
        }
        // Statements (speech, and root 01 with no target of their own: "claimed
        // responsibility for the bombing that ...") take the actor of what they report.
        if d.speech || (code.root() == "01" && targets.is_empty()) {
            // A speaker named only by role ("Western diplomats", "people familiar with the
            // matter") is an asserter, not an actor: the sentence frame takes it.
            let sources = if d.speech { resolve(&named(&d.sources), date, state, &[]) } else { sources };
            statements.push((d, sources, targets, date, precision, date_source));
            continue;
        }
        let mut sources = sources;
        // "Serbia and Hungary pledged to build a pipeline", "the two leaders agreed to
        // withdraw": a cooperative act of joined subjects with no other party is mutual.
        let joint = targets.is_empty()
            && sources.len() >= 2
            && matches!(code.root(), "03" | "04" | "05" | "06" | "08")
            && sources.iter().all(|r| !r.code.is_none());
        if d.mutual || joint {
            // Both directions between every party: sources and targets together.
            for t in targets.drain(..) {
                if !sources.iter().any(|r| r.code == t.code) {
                    sources.push(t);
                }
            }
            targets = sources.iter().map(|r| Resolved { code: r.code.clone(), np: r.np }).collect();
        }
        let mut modality = d.modality;
        let mut attribution = Attribution { asserter: asserter.clone(), actor: None };
        let mut code = code;
        // "The prime ministers of Serbia and Croatia met in Brussels": a meeting of parties
        // none of which is at home is at a third location (044).
        if d.mutual
            && code.as_str() == "040"
            && sources.len() >= 2
            && matches!(s.norms[m.anchor_start], "met" | "meet" | "meets" | "meeting")
        {
            let place = location_country(lex, s, m).map(|(_, c)| c.primary().to_string());
            if place.is_some_and(|p| !p.is_empty() && sources.iter().all(|r| r.code.primary() != p)) {
                code = EventCode::parse("044").expect("a CAMEO code");
            }
        }
        let speech = speech_of(d.m);
        let speaker = speech.map(|(k, sm)| (sm, &speeches[k].1));
        // A speaker named only by role ("..., the army said", "officials said"): no actor,
        // but what it says is reported, by those words.
        let role_speaker = speech
            .filter(|(k, _)| speeches[*k].1.is_empty())
            .and_then(|(k, sm)| speeches[k].2.as_ref().map(|w| (sm, chain_of(k, w))));
        let mut own_verbal = false;
        if let Some((sm, sp)) = speaker.filter(|_| !d.speaker_own) {
            if sm != d.m {
                // "Iran said it would release the tanker": the speaker's own future act is
                // its statement of intent, asserted, not a reported plan.
                let own = sp.first().is_some_and(|r| {
                    sources
                        .iter()
                        .all(|x| x.code == r.code || x.np < s.nps.len() && s.nps[x.np].head == Head::Pronoun)
                });
                let future = matches!(modality, Modality::Planned)
                    || modality == Modality::Hypothetical && backshifted_will(lex, s, m);
                // "North Korea said it was ready to hold talks": the speaker's own intent,
                // already an intent code, is its statement, asserted.
                if own
                    && code.root() == "03"
                    && intended(lex, s, m)
                    && !sources.is_empty()
                    && modality == Modality::Asserted
                {
                    self_intent = true;
                }
                // "The Egyptian ministry said Cairo rejected Ethiopia's proposal", "China
                // firmly opposes the arms sale, the spokesperson stated": a verbal act of the
                // speaker's own is done in the saying, asserted.
                // (Not one told as past before the saying: "said it had summoned".)
                let pluperfect =
                    (m.anchor_start.saturating_sub(3)..m.anchor_start).any(|k| s.norms[k] == "had");
                // ("According to X, ..." attributes: what follows stays reported.)
                let according = s.norms.get(matches[sm].anchor_start) == Some(&"according");
                own_verbal = own
                    && !according
                    && matches!(code.root(), "01" | "02" | "03" | "10" | "11" | "12" | "13")
                    && !sources.is_empty()
                    && modality == Modality::Asserted
                    && !pluperfect;
                if own && future && !sources.is_empty() {
                    if let Some(intent) = intent_code(code) {
                        code = intent;
                        modality = Modality::Asserted;
                        self_intent = true;
                        // "TASS reported that the Kremlin said Putin would visit": the
                        // intent is the Kremlin's, reported by TASS.
                        if let Some((k, _)) = speech.filter(|(k, _)| *k > 0) {
                            let (_, outer, words) = &speeches[k - 1];
                            if let (Some(r), Some(w)) = (outer.first(), words) {
                                attribution =
                                    Attribution { asserter: chain_of(k - 1, w), actor: Some(r.code.clone()) };
                                modality = Modality::Reported;
                            }
                        }
                    }
                }
            }
            if sm != d.m && !self_intent && !own_verbal {
                if let (Some(r), Some((k, _))) = (sp.first(), speech) {
                    // The asserter as written ("Hurriyet", "the Kremlin"), with its code,
                    // after the sources that report it ("TASS > the Kremlin").
                    let words = s.nps.get(r.np).map(|np| np.span(&s.spans).slice(&story.text).to_string());
                    attribution = Attribution {
                        asserter: chain_of(k, &words.unwrap_or_else(|| r.code.to_string())),
                        actor: Some(r.code.clone()),
                    };
                    if modality == Modality::Asserted {
                        modality = Modality::Reported;
                    }
                    // "Akar said Turkish officers would train the army": a reported "will",
                    // a promise or plan, not a hypothesis (unless a condition is stated).
                    if modality == Modality::Hypothetical && backshifted_will(lex, s, m) {
                        modality = Modality::Planned;
                    }
                }
            }
        }
        if let (None, Some((sm, words))) = (&attribution.actor, &role_speaker) {
            if *sm != d.m {
                attribution.asserter = words.clone();
                if modality == Modality::Asserted {
                    modality = Modality::Reported;
                }
            }
        }
        if attribution.actor.is_none() {
            if let Some(f) = frame.as_ref().filter(|f| f.covers(m.anchor_start)) {
                if let Some(a) = &f.asserter {
                    attribution.asserter = a.clone();
                }
                modality = match (f.modality, modality) {
                    (Modality::Hypothetical, Modality::Asserted | Modality::Planned | Modality::Reported) => {
                        Modality::Hypothetical
                    }
                    (Modality::Reported, Modality::Asserted) => Modality::Reported,
                    (_, m) => m,
                };
            }
        }
        if modality.is_negative() && !opts.include_negated {
            // Not emitted, but a denial still names whom it is about: "Iran denied any
            // involvement in a drone attack that killed three US soldiers".
            for src in &sources {
                for tgt in &targets {
                    if src.code != tgt.code {
                        coded.push((m.anchor_start, src.clone(), tgt.clone()));
                    }
                }
            }
            continue;
        }
        // "Thousands protested in Tbilisi against the government", "protests against the
        // government spread across Georgia": a protest by people no actor names is by the
        // civilians of the country where it happens (not "protests from Beirut", whose
        // "from" names who protests).
        let from_target = targets.iter().any(|t| {
            s.nps.get(t.np).is_some_and(|np| prep_before(lex, s, np.start) == Some(lex.word("from")))
        });
        if sources.iter().all(|r| r.code.is_none()) && code.root() == "14" && !d.speech && !from_target {
            // (The place may be the pattern's own "in +": "protested in Tbilisi".)
            let located_target = targets.iter().find(|t| {
                s.nps.get(t.np).is_some_and(|np| {
                    matches!(np.head, Head::Country { .. })
                        && prep_before(lex, s, np.start).is_some_and(|p| lex.flags(p) & gw::LOC != 0)
                })
            });
            let country = location_country(lex, s, m)
                .map(|(_, c)| c.primary().to_string())
                .or_else(|| located_target.map(|t| t.code.primary().to_string()));
            if let Some(c) = country.and_then(|c| ActorCode::parse(&c).ok()) {
                sources = vec![Resolved { code: c.with_role(&lex.cvl), np: usize::MAX }];
            }
        }
        // One-sided events: no target named (a protest, a mobilisation, a condemnation of
        // an unnamed attacker), or victims of an unnamed attacker.
        let nobody = Resolved { code: ActorCode::none(), np: usize::MAX };
        if sources.is_empty()
            && d.unnamed_agent
            && VIOLENT_ROOTS.contains(&code.root())
            && !targets.is_empty()
        {
            sources.push(nobody.clone());
        }
        let verbal = m.anchor_form.is_some_and(|f| f != Form::Noun) && !nominal_anchor(lex, s, m);
        // Inside a relative clause the object may be the antecedent ("Armenia, which Turkey
        // condemned"): no one-sided event there.
        let in_clause = s.masks.iter().any(|&(a, b)| m.anchor_start >= a && m.anchor_start < b);
        // An answer that names nobody ("Pakistan declined.", "Baku complied two days
        // later") answers whoever last dealt with its source, in the previous sentence,
        // when the sentence names no other actor.
        // (Its source may be named twice: "Qatar's prime minister, Sheikh Mohammed, ...".)
        let alone = {
            let mut named = s.nps.iter().filter(|np| np.is_resolved()).filter_map(|np| np.code(lex, date));
            let first = named.next();
            first.is_some_and(|f| named.all(|c| c.primary() == f.primary()))
        };
        // A target left out where the clause ends ("Washington paused all military aid to
        // Ukraine, and two days later it suspended the sharing of intelligence") is the
        // other party of the source's last event, in this sentence or the one before.
        // Forces sent with no one named answer a call made to their sender in the previous
        // sentence ("Armenia asked Russia for military assistance. Russia did not send
        // troops."): toward the caller, as the aid called for when it was aid (074).
        if targets.is_empty() && !d.mutual && m.elided && code.root() == "15" {
            let p = sources.first().filter(|r| !r.code.is_none()).map(|r| r.code.primary().to_string());
            let call = p.and_then(|p| state.previous_calls.iter().find(|c| c.called.primary() == p));
            if let Some(call) = call {
                targets.push(Resolved { code: call.caller.clone(), np: usize::MAX });
                let asked_aid = matches!(&call.code.as_str()[..3], "023" | "103")
                    || call.content.as_ref().is_some_and(|c| c.code.root() == "07");
                if asked_aid {
                    code = EventCode::parse("074").expect("CAMEO 074");
                }
            }
        } else if targets.is_empty() && !d.mutual && m.elided {
            if let Some(p) =
                sources.first().filter(|r| !r.code.is_none()).map(|r| r.code.primary().to_string())
            {
                // ... else of its last event between states in the story ("Washington paused
                // all military aid to Ukraine. ... The United States resumed military aid.").
                let found = coded
                    .iter()
                    .rev()
                    .find_map(|(_, a, b)| other_party(&p, &a.code, &b.code))
                    .or_else(|| state.previous_dyads.iter().rev().find_map(|(a, b)| other_party(&p, a, b)))
                    .or_else(|| state.state_dyads.iter().rev().find_map(|(a, b)| other_party(&p, a, b)));
                if let Some(code) = found {
                    targets.push(Resolved { code, np: usize::MAX });
                }
            }
        }
        if targets.is_empty()
            && !d.mutual
            && alone
            && ANSWER_ROOTS.contains(&code.root())
            && answers_back(lex, s, m)
        {
            if let Some(src) = sources.first().filter(|r| !r.code.is_none()) {
                let p = src.code.primary();
                let other = state
                    .previous_dyads
                    .iter()
                    .rev()
                    .find_map(|(a, b)| other_party(p, a, b))
                    // "... suspended the Sukhumi flights. Ankara welcomed the decision.": a
                    // reaction to the previous sentence's actor.
                    .or_else(|| {
                        state.previous_dyads.first().map(|(a, _)| a.clone()).filter(|a| a.primary() != p)
                    });
                if let Some(code) = other {
                    targets.push(Resolved { code, np: usize::MAX });
                }
            }
        }
        // "Thai authorities imposed a curfew in Bangkok", "Chile deployed police to
        // Santiago": a target that is the source's own state, for an act that can be
        // one-sided (protest, force posture, coercion), leaves it one-sided.
        let mut own_state = false;
        let own_capital = |t: &Resolved| {
            s.nps.get(t.np).is_some_and(|np| {
                matches!(np.head, Head::Country { capital: true, .. })
                    && np.role.is_none()
                    && prep_before(lex, s, np.start).is_some()
            }) && sources
                .iter()
                .any(|r| same_state(&r.code, &t.code) && s.nps.get(r.np).is_none_or(|np| !np.demonym))
        };
        // Forces sent to the source's own capital protect no one abroad: a show of force.
        let sent_home = code.as_str() == "074" && !targets.is_empty() && targets.iter().all(own_capital);
        if (matches!(code.root(), "14" | "15" | "17") || sent_home)
            && !targets.is_empty()
            && targets.iter().all(own_capital)
        {
            targets.clear();
            own_state = true;
            if sent_home {
                code = EventCode::parse("150").expect("CAMEO 150");
            }
        }
        if targets.is_empty()
            && !d.mutual
            && !in_clause
            && !m.elided
            && verbal
            && (ONE_SIDED_ROOTS.contains(&code.root()) || complete_alone(m) || own_state)
            && sources.iter().any(|r| !r.code.is_none())
        {
            targets.push(nobody.clone());
        }
        // An event of this match, coded `code` from `src` to `tgt`, as the clause dates and
        // frames it.
        let event = |code: EventCode, src: &Resolved, tgt: &Resolved| {
            make_event(
                lex,
                story,
                index,
                s,
                m,
                code,
                src,
                tgt,
                date,
                precision,
                date_source,
                modality,
                attribution.clone(),
                dates,
            )
        };
        for src in &sources {
            for tgt in &targets {
                // "Thousands of Georgians protested against the government": a people that
                // protests is its civilians, not its state.
                let civilians;
                let src = match s.nps.get(src.np) {
                    Some(np)
                        if code.root() == "14"
                            && np.demonym
                            && np.role.is_none()
                            && src.code.roles().next().is_none() =>
                    {
                        civilians = Resolved { code: src.code.with_role(&lex.cvl), np: src.np };
                        &civilians
                    }
                    _ => src,
                };
                if src.code == tgt.code || same_state(&src.code, &tgt.code) {
                    continue;
                }
                let code = unconventional(code, &src.code, &tgt.code);
                let key = (src.code.to_string(), tgt.code.to_string(), code.root());
                if repeats(lex, s, &emitted, &key, code, m.anchor_start) {
                    continue;
                }
                emitted.push((key, code, m.anchor_start));
                if !src.code.is_none() && !tgt.code.is_none() {
                    coded.push((m.anchor_start, src.clone(), tgt.clone()));
                }
                let mut ev = event(code, src, tgt);
                ev.event.content =
                    content_for(lex, s, m, code, src, tgt, date, state, &resolve).map(Box::new);
                if !src.code.is_none() && !src.code.is_transnational() {
                    state.last_country = Some(src.code.primary().to_string());
                }
                out.push(ev);
            }
        }
        // "brokered a truce between Israel and Hamas", "hosted talks between Kinshasa and
        // the M23": the act mediated or hosted (a noun of the `act` lines before "between")
        // is an event between the parties too, both ways.
        if code.root() == "04" && targets.len() >= 2 {
            if let Some(act) = between_act(lex, s, m) {
                for a in &targets {
                    for b in &targets {
                        if a.code == b.code
                            || same_state(&a.code, &b.code)
                            || a.code.is_none()
                            || b.code.is_none()
                        {
                            continue;
                        }
                        let key = (a.code.to_string(), b.code.to_string(), act.root());
                        if emitted.iter().any(|(k, _, _)| *k == key) {
                            continue;
                        }
                        emitted.push((key, act, m.anchor_start));
                        out.push(event(act, a, b));
                    }
                }
            }
        }
        if let Some(first) = d.sources.nps.first() {
            if s.nps[*first].is_resolved() {
                state.last_subject = Some(s.nps[*first].clone());
            }
        }
    }
    for (d, sources, targets, date, precision, date_source) in statements {
        if self_intent && d.speech {
            continue;
        }
        let m = &matches[d.m];
        // "..., according to Ukrainian officials": an attribution, no statement of its own;
        // nor is what a news medium reports its statement ("..., Reuters reported").
        if d.speech
            && !m.demand
            && (s.norms[m.anchor_start] == "according" || sources.iter().all(|r| is_medium(&r.code)))
        {
            continue;
        }
        let code = d.code;
        let mut modality = d.modality;
        if modality.is_negative() && !opts.include_negated {
            continue;
        }
        // A statement reported by an earlier speaker ("TASS reported that the Kremlin
        // said"): the Kremlin's statement is TASS's report.
        let mut attribution = Attribution { asserter: asserter.clone(), actor: None };
        if let Some(k) = speeches.iter().position(|(sm, _, _)| *sm == d.m).filter(|&k| k > 0) {
            let (_, outer, words) = &speeches[k - 1];
            if let Some(w) = words {
                attribution = Attribution {
                    asserter: chain_of(k - 1, w),
                    actor: outer.first().map(|r| r.code.clone()),
                };
                if modality == Modality::Asserted {
                    modality = Modality::Reported;
                }
            }
        }
        for src in &sources {
            let tgts: Vec<Resolved> = if !targets.is_empty() {
                targets.to_vec()
            } else if code.as_str() == "011" {
                // "declined to comment on reports that ...": a refusal to say is to no one.
                Vec::new()
            } else {
                // The other party of the event reported: its source, or its target when the
                // speaker is the source. A statement that is not speech reports what follows it.
                let reported = coded.iter().filter(|(a, _, _)| d.speech || *a > m.anchor_start).find_map(
                    |(_, es, et)| {
                        if es.code != src.code {
                            Some(es)
                        } else if !d.speech && et.code != src.code {
                            Some(et)
                        } else {
                            None
                        }
                    },
                );
                match reported {
                    Some(r) => vec![r.clone()],
                    // "Aliyev said that Armenia would bear responsibility": the first actor named
                    // after the verb of saying.
                    None if d.speech => right_actor(lex, s, m.end, END_SLOT_GAP)
                        .and_then(|(f, _)| f.nps.first().copied())
                        .filter(|&np| s.nps[np].is_resolved())
                        .and_then(|np| s.nps[np].code(lex, date).map(|code| Resolved { code, np }))
                        .filter(|r| !is_medium(&r.code))
                        .into_iter()
                        .collect(),
                    None => Vec::new(),
                }
            };
            // A statement to no one: a declaration, a denial, an expression of concern
            // with nobody as its object (not bare words of saying, not symbolic acts).
            let mut tgts = tgts;
            // "Russia denies that its forces were behind the downing": a denial about one's
            // own side is to no one.
            if code.as_str() == "016"
                && !tgts.is_empty()
                && tgts.iter().all(|t| t.code.primary() == src.code.primary())
            {
                tgts.clear();
            }
            if tgts.is_empty()
                && !d.speech
                && code.as_str() != "017"
                && m.anchor_form.is_some_and(|f| f != Form::Noun)
            {
                tgts.push(Resolved { code: ActorCode::none(), np: usize::MAX });
            }
            for tgt in &tgts {
                // A statement about one's own country is not a dyad; a claim of an attack
                // on the country's forces is ("the PKK claimed the bombing that wounded
                // four Turkish soldiers": TURREB TURMIL 015).
                let claim = code.as_str() == "015";
                if src.code.primary() == tgt.code.primary() && (!claim || same_state(&src.code, &tgt.code)) {
                    continue;
                }
                let key = (src.code.to_string(), tgt.code.to_string(), code.root());
                if repeats(lex, s, &emitted, &key, code, m.anchor_start) {
                    continue;
                }
                emitted.push((key, code, m.anchor_start));
                let mut ev = make_event(
                    lex,
                    story,
                    index,
                    s,
                    m,
                    code,
                    src,
                    tgt,
                    date,
                    precision,
                    date_source,
                    modality,
                    attribution.clone(),
                    dates,
                );
                ev.event.content =
                    content_for(lex, s, m, code, src, tgt, date, state, &resolve).map(Box::new);
                out.push(ev);
            }
        }
        if let Some(first) = d.sources.nps.first() {
            if s.nps[*first].is_resolved() {
                state.last_subject = Some(s.nps[*first].clone());
            }
        }
    }
    for e in out.iter_mut() {
        if let Some(c) = e.event.content.as_mut() {
            if c.text.is_empty() {
                c.text = c.span.slice(&story.text).to_string();
            }
        }
    }
    out.sort_by_key(|e| (e.event.provenance.span.start, e.event.provenance.span.end));
}

/// The party of a dyad that is not the country `p`, when the other one is (a party with
/// no code is none).
fn other_party(p: &str, a: &ActorCode, b: &ActorCode) -> Option<ActorCode> {
    if a.primary() == p && b.primary() != p && !b.is_none() {
        Some(b.clone())
    } else if b.primary() == p && a.primary() != p && !a.is_none() {
        Some(a.clone())
    } else {
        None
    }
}

/// An event already emitted in a sentence: its (source, target, root), code and anchor.
type Emitted = ((String, String, &'static str), EventCode, usize);

/// Whether an event repeats one already emitted: the same dyad and root, unless it is
/// another code at a verb of its own, joined by "and" or "but" ("Israeli jets bombed
/// Beirut's airport and the navy imposed a blockade on Lebanese ports": a strike and a
/// blockade; not "blocked highways to protest").
fn repeats(
    lex: &Lexicon,
    s: &Sentence,
    emitted: &[Emitted],
    key: &(String, String, &'static str),
    code: EventCode,
    at: usize,
) -> bool {
    let joined = |a: usize| {
        let (lo, hi) = (a.min(at), a.max(at));
        hi - lo > DISTINCT_ACTS
            && s.toks[hi - 1] != lex.word("to")
            && (lo + 1..hi).any(|k| lex.flags(s.toks[k]) & gw::AND != 0 && s.np_at[k].is_none())
    };
    emitted.iter().any(|(k, c, a)| k == key && (*c == code || !joined(*a)))
}

/// Tokens between two verbs of one dyad and root beyond which they may be distinct acts.
const DISTINCT_ACTS: usize = 6;

/// The act named by a noun of the `act` lines right before "between" in the match's
/// words (over "of": "a round of talks between"): a truce, talks, a deal, an exchange.
fn between_act(lex: &Lexicon, s: &Sentence, m: &Match) -> Option<EventCode> {
    let between = lex.word("between");
    let at = *m.words.iter().find(|&&w| s.toks[w] == between)?;
    let noun = (at.saturating_sub(3)..at).rev().find_map(|k| {
        let v = lex.acts.get(&s.toks[k])?;
        v.iter().find(|(rest, _)| rest.is_empty()).map(|(_, c)| *c)
    })?;
    matches!(noun.root(), "04" | "05" | "06" | "08").then_some(noun)
}
