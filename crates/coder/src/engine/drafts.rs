//! Drafts: each match's actors (subjects, passives, nominal agents, coordination), code
//! and modality, before dates, attribution and resolution; and the merging of a passive's
//! unnamed attacker with the "when" clause that names it.

use super::*;

/// A match made ready to code: its actor phrases, code and modality.
pub(super) struct Draft {
    /// The match's index.
    pub m: usize,
    pub sources: Fill,
    pub targets: Fill,
    pub modality: Modality,
    pub speech: bool,
    pub mutual: bool,
    pub code: EventCode,
    /// A passive with no agent named: the victims are known, the attacker is not.
    pub unnamed_agent: bool,
    /// Coordinated with a verb of saying, not with the clause it reports: the
    /// speaker's own act ("said that Baku would not stop ... and rejected the request").
    pub speaker_own: bool,
}

/// The drafts of a sentence's matches, in match order (one per match).
pub(super) fn drafts(lex: &Lexicon, story: &Story, s: &Sentence, matches: &[Match]) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    // The subject of the last verb, for a verb coordinated with it ("X rebuked Y and
    // recalled Z": X recalled), and whether that verb was a bare form under a modal.
    let mut last_subject: Option<(usize, Fill, bool)> = None;
    // The subject of the last finite verb (not under a modal), and whether it says.
    let mut last_finite: Option<(usize, Fill, bool)> = None;
    let finite = |f: Option<Form>| f.is_some_and(Form::is_finite);
    for (mi, m) in matches.iter().enumerate() {
        let pat = &m.pattern(lex);
        let mut sources = m.source.clone();
        let mut targets = m.target.clone();
        let mut unnamed_agent = false;
        let mut speaker_own = false;
        if (m.anchor_form == Some(Form::Noun)
            || matches!(m.anchor_form, Some(Form::Third | Form::Ing)) && nominal_anchor(lex, s, m)
            || object_role_noun(lex, s, m)
            // "Hamas's release of two hostages": a base form after a possessive.
            || m.anchor_form == Some(Form::Base)
                && m.anchor_start > 0
                && s.toks[m.anchor_start - 1] == lex.word("'s"))
            && m.source_is_subject
        {
            // A noun of the act ("the suspension of aid to Ukraine"): its agent is its
            // possessor ("North Korea's dispatch of troops"), the actor right before it
            // ("the US strikes"), or the one after "by" ("the downing of a jet by Turkey");
            // never the subject of the clause it stands in.
            sources = nominal_agent(lex, s, m).unwrap_or_default();
            // "the killing of Qassem Soleimani in a US drone strike": the means after the
            // victims names the attacker.
            if sources.nps.is_empty() && VIOLENT_ROOTS.contains(&pat.code.root()) {
                if let Some(&last) = targets.nps.last() {
                    let from = s.nps[last].end;
                    let hi = (from + 5).min(s.toks.len());
                    let at = (from..hi)
                        .take_while(|&j| !is_break(lex, s, j))
                        .find(|&j| matches!(s.norms[j], "in" | "during"));
                    sources = at.and_then(|j| means_agent(lex, s, j)).unwrap_or_default();
                }
            }
            // "The killing of two Thai rangers in a roadside bomb blast was ...": a noun
            // of violence that opens the sentence as its subject, with its victims and no
            // agent, is an unnamed attacker's act. (Not in the background: "in
            // retaliation for the killing of", "an inquiry into the killing of".)
            unnamed_agent = sources.nps.is_empty()
                && m.anchor_start <= 2
                && !targets.nps.is_empty()
                && VIOLENT_ROOTS.contains(&pat.code.root())
                && s.norms.get(m.anchor_end) == Some(&"of");
        } else if m.source_is_subject || m.target_is_subject {
            let subj = match (&last_subject, coordinated(lex, s, m.anchor_start)) {
                // "said that Azerbaijan would not stop supplying Abkhazia and rejected the
                // request": a finite verb cannot share the modal of a bare one before it;
                // it joins the finite verb before that, with its subject.
                (Some((_, _, true)), Some(and))
                    if finite(m.anchor_form)
                        && !is_passive(lex, s, m)
                        && last_finite
                            .as_ref()
                            .is_some_and(|(end, f, _)| *end <= and && !named_fill(s, f).nps.is_empty()) =>
                {
                    let (_, f, says) = last_finite.as_ref().expect("checked");
                    speaker_own = *says;
                    Some(f.clone())
                }
                (Some((end, f, _)), Some(and)) if *end <= and => {
                    // "Lavrov said that ... and criticised the EU": joined to the verb of
                    // saying itself.
                    speaker_own = last_finite.as_ref().is_some_and(|(e, _, says)| *says && e == end);
                    Some(f.clone())
                }
                _ => subject(lex, s, m.anchor_start),
            };
            // A noun ("Armenia's attack") is no clause of its own: a verb coordinated after
            // it belongs to the clause's subject.
            let nominal = m.anchor_start > 0 && s.toks[m.anchor_start - 1] == lex.word("'s");
            if let (Some(f), false) = (&subj, nominal) {
                let bare = m.anchor_form == Some(Form::Base);
                last_subject = Some((m.end, f.clone(), bare));
                if finite(m.anchor_form) {
                    last_finite = Some((m.end, f.clone(), pat.flags.speech));
                }
            }
            let passive = is_passive(lex, s, m);
            let posture = passive && pat.code.root() == "15" && m.words.iter().any(|&w| w >= m.anchor_end);
            if m.object_before {
                // "sanctions were imposed by Washington on Caracas": the agent after "by",
                // the target the pattern's own slot took.
                sources = by_agent(lex, s, m).unwrap_or_default();
            } else if posture && by_agent(lex, s, m).is_none() {
                // "Ethiopian troops were put on high alert", "Russian troops were deployed to
                // the border": a posture is its forces', whoever ordered it.
                sources = subj.unwrap_or_default();
            } else if passive {
                targets = subj.unwrap_or_default();
                sources = by_agent(lex, s, m).unwrap_or_default();
                // Victims of an unnamed attacker only when they are the clause's own subject
                // ("three soldiers were killed"), not an actor before a verb of saying.
                let close = targets.nps.last().is_some_and(|&n| s.nps[n].end + 4 >= m.anchor_start);
                unnamed_agent = sources.nps.is_empty() && close;
            } else if m.source_is_subject {
                sources = subj.unwrap_or_default();
                // "A suicide bomber killed twelve soldiers", "a roadside bomb killed": an
                // attacker no dictionary names, with its victims named.
                // "A car bomb exploded in Mogadishu": with no victims named, the place where
                // it happened is the target.
                if sources.nps.is_empty()
                    && VIOLENT_ROOTS.contains(&pat.code.root())
                    && (!targets.nps.is_empty() || location_country(lex, s, m).is_some())
                    && noun_subject(lex, s, m.anchor_start)
                {
                    unnamed_agent = true;
                }
                // "'We will respond,' said Turkey's foreign minister."
                if sources.nps.is_empty() && pat.flags.speech {
                    if let Some((f, _)) = right_actor(lex, s, m.end, 2) {
                        sources = f;
                    }
                }
            } else {
                targets = subj.unwrap_or_default();
                // "Ten soldiers died in an Israeli air strike": victims as the subject, the
                // attacker in the means.
                if sources.nps.is_empty() && VIOLENT_ROOTS.contains(&pat.code.root()) {
                    sources = means_agent(lex, s, m.anchor_end).unwrap_or_default();
                    let close = targets.nps.last().is_some_and(|&n| s.nps[n].end + 4 >= m.anchor_start);
                    unnamed_agent = sources.nps.is_empty() && close;
                }
            }
        }
        // "condemned the killing of Palestinian protesters by Israeli forces": who is
        // disapproved of is the agent of the act, not its victims; so is who is praised
        // ("welcomed the release of two hostages by Hamas").
        if matches!(pat.code.root(), "11" | "12") || pat.code.as_str().starts_with("051") {
            if let Some(agent) = act_agent(lex, s, &targets) {
                targets = agent;
            }
        }
        // "Lavrov said that Armenia must withdraw": the demand is made of the one who must.
        if m.demand && targets.nps.is_empty() {
            if let Some(c) = m.content.as_deref().filter(|c| c.source_is_subject) {
                if let Some(f) = subject(lex, s, c.anchor_start) {
                    targets = f;
                }
            }
            if let (true, Some(npi)) = (targets.nps.is_empty(), m.demand_target) {
                targets = Fill { nps: vec![npi] };
            }
        }
        // "told Reuters", "quoted by AFP": the news medium a statement reaches is its
        // channel, not its target.
        if pat.flags.speech {
            targets.nps.retain(|&n| !s.nps[n].code(lex, story.date).is_some_and(|c| is_medium(&c)));
        }
        let mut modality = modality(lex, s, m);
        // "asked Baku to join the pressure on Abkhazia by closing its ports": the means of
        // an act asked for, promised or threatened is no more done than that act.
        if modality == Modality::Asserted
            && m.anchor_start > 0
            && s.toks[m.anchor_start - 1] == lex.word("by")
        {
            let governed = matches[..mi]
                .iter()
                .rev()
                .take_while(|g| !(g.end..m.anchor_start).any(|k| lex.flags(s.toks[k]) & gw::CLAUSE != 0));
            for g in governed {
                let root = g.pattern(lex).code.root();
                if g.content.is_some() || matches!(root, "02" | "03" | "10" | "13") {
                    modality = if root == "03" { Modality::Planned } else { Modality::Hypothetical };
                    break;
                }
            }
        }
        // "Baku may send troops and supply weapons": a verb coordinated with the one
        // before shares its modality.
        if modality == Modality::Asserted {
            if let (Some(prev), Some(_)) = (drafts.last(), coordinated(lex, s, m.anchor_start)) {
                if !prev.speech && matches!(prev.modality, Modality::Hypothetical | Modality::Planned) {
                    modality = prev.modality;
                }
            }
        }
        let mut code = pat.code;
        if m.demand {
            code = EventCode::parse("100").expect("CAMEO 100");
        }
        if let Some(c) = &m.content {
            let ccode = c.pattern(lex).code;
            // A promise of force or punishment against the one it is made to is a threat
            // ("vowed that Turkey would retaliate against Greece").
            if code.root() == "03"
                && matches!(ccode.root(), "16" | "17" | "18" | "19" | "20")
                && !targets.nps.is_empty()
                && targets.nps == c.target.nps
            {
                code = EventCode::parse("130").expect("CAMEO 130");
            }
            code = refine_by_content(code, ccode);
        } else if let Some(act) = matches!(code.as_str(), "020" | "030" | "100" | "130")
            .then(|| complement_act(lex, s, m))
            .flatten()
        {
            // "said that Russia must withdraw from ...": a demand of the act the table names.
            code = refine_by_content(code, act.code);
        }
        code = refine_by_means(lex, s, m, code);
        // Police put on alert are a police alert (151), not a military one.
        let police = |f: &Fill| {
            f.nps
                .first()
                .and_then(|&n| s.nps[n].role)
                .is_some_and(|r| lex.dict.agents[r as usize].code.as_str() == "COP")
        };
        if code.as_str() == "152" && police(&sources) {
            code = EventCode::parse("151").expect("CAMEO 151");
        }
        // "pledged to send aid" is a pledge, asserted; "will send aid" is the act, planned.
        if intended(lex, s, m) {
            if let Some(intent) = intent_code(code) {
                code = intent;
                // "is prepared to resume talks": the readiness is stated now.
                if modality == Modality::Planned {
                    modality = Modality::Asserted;
                }
            }
        }
        drafts.push(Draft {
            m: mi,
            sources,
            targets,
            modality,
            speech: pat.flags.speech && !m.demand,
            mutual: pat.flags.mutual,
            code,
            unnamed_agent,
            speaker_own,
        });
    }
    // "Forty civilians were killed when a Russian missile hit an apartment block": the
    // victims of an unnamed attacker are those of the named attacker of the "when" clause
    // that tells how they died, and that clause's act, which names no victims of its
    // own (none, or "their convoy"), is the same event (it is not coded again against the
    // place).
    let when = lex.word("when");
    for i in 0..drafts.len() {
        let d = &drafts[i];
        if !d.unnamed_agent || d.targets.nps.is_empty() || !VIOLENT_ROOTS.contains(&d.code.root()) {
            continue;
        }
        let end = matches[d.m].anchor_end;
        // "were killed and three wounded when ...": the first act after "when".
        let hi = (end + 9).min(s.toks.len());
        let Some(w) = (end..hi).take_while(|&k| !is_break(lex, s, k)).find(|&k| s.toks[k] == when) else {
            continue;
        };
        let Some(j) = drafts.iter().position(|o| matches[o.m].anchor_start > w) else { continue };
        let o = &drafts[j];
        if VIOLENT_ROOTS.contains(&o.code.root())
            && VIOLENT_ROOTS.contains(&o.code.root())
            && !o.sources.nps.is_empty()
            && o.targets.nps.iter().all(|&n| {
                let np = &s.nps[n];
                np.head == Head::Pronoun
                    || np.start > 0 && matches!(s.norms[np.start - 1], "their" | "its" | "his" | "her")
                    || matches!(s.norms[np.start], "their" | "its" | "his" | "her")
            })
            && !o.unnamed_agent
        {
            let sources = o.sources.clone();
            drafts[j].sources = Fill::default();
            drafts[i].sources = sources;
            drafts[i].unnamed_agent = false;
        }
    }
    drafts
}
