use super::*;
use quidpro_store::NewEvent;

/// An entry of `kind` with id `id` on 2024-01-01, no reports.
pub(super) fn entry(kind: Kind, id: usize) -> Entry {
    Entry {
        id,
        kind,
        date: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        date_precision: "day".into(),
        code: "072".into(),
        name: code_name("072"),
        goldstein: 8.3,
        weight: 0.0,
        source: "TUR".into(),
        target: "AZE".into(),
        modality: "asserted".into(),
        attribution: String::new(),
        status: None,
        inferred: false,
        content: None,
        answer: None,
        debts: Vec::new(),
        demand: None,
        how: None,
        toward: None,
        reports: 0,
        evidence: Vec::new(),
    }
}

fn store_with(events: &[(&str, &str, &str, &str)]) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let mut b = store.batch().unwrap();
    for (i, (date, s, t, c)) in events.iter().enumerate() {
        b.add_event(&NewEvent::new("test", &i.to_string(), date, s, t, c).unwrap(), None).unwrap();
    }
    b.commit().unwrap();
    store
}

/// Aims from every dataset (the tests' events are no text).
fn aims() -> Options {
    let mut o = Options::default();
    o.config.aims_text_only = false;
    o
}

fn no_aims() -> Options {
    let mut o = Options::default();
    o.config.aims = false;
    o
}

/// Contents given by event id (the test dataset's id).
struct Given(Vec<(&'static str, DemandContent)>);

impl ContentSource for Given {
    fn content(&self, _: &Store, ev: &EventKey<'_>) -> Option<DemandContent> {
        self.0.iter().find(|(id, _)| *id == ev.dataset_id).map(|(_, c)| c.clone())
    }
}

fn content(s: &str, t: &str, code: &str) -> DemandContent {
    DemandContent {
        source: s.into(),
        target: t.into(),
        code: code.into(),
        name: code_name(code),
        modality: "planned".into(),
        text: String::new(),
    }
}

#[test]
fn debts_are_called_in_and_answered_by_what_was_asked() {
    let store = store_with(&[
        ("2020-10-01", "TURMIL", "AZEMIL", "072"),  // 0 favour 8.3: a debt
        ("2020-10-02", "TURMIL", "AZEMIL", "072"),  // 1 the same act reported again
        ("2020-11-15", "TURGOV", "AZEGOV", "073"),  // another favour 7.4
        ("2025-01-10", "TURGOV", "AZEGOV", "0214"), // 2 demand: intelligence for Turkey
        ("2025-01-21", "TURGOV", "AZE", "100"),     // 3 demand: fight the SDF
        ("2025-01-28", "TURGOV", "AZEGOV", "020"),  // 4 demand: pressure on Abkhazia
        ("2025-02-17", "AZESPY", "TUR", "064"),     // 5 intelligence shared: meets 2
        ("2025-02-24", "AZEGOV", "TURGOV", "051"),  // 6 thanks: no payment
        ("2025-03-01", "AZEGOV", "TURGOV", "057"),  // 7 an agreement: verbal, no payment
    ]);
    let given = Given(vec![
        ("3", content("AZE", "TUR", "064")),
        ("4", content("AZE", "SYRREB", "19")),
        ("5", content("AZEGOV", "ABK", "17")),
    ]);
    let l = ledger_with(&store, "TUR", "AZE", &[], &no_aims(), &given).unwrap();
    assert_eq!(l.favours.len(), 2, "{:#?}", l.favours);
    assert_eq!(l.favours[0].evidence.len(), 2, "one act, two reports");
    let st: Vec<Status> = l.demands.iter().map(|d| d.status.unwrap()).collect();
    assert_eq!(st, [Status::Met, Status::Outstanding, Status::Outstanding]);
    assert_eq!(l.repayments.len(), 1);
    assert_eq!(l.repayments[0].how, Some("compliance"));
    assert_eq!(l.acknowledgements.len(), 2, "{:#?}", l.acknowledgements);
    assert!(l.balance > 0.0, "Azerbaijan still owes Turkey: {}", l.balance);
    assert!(l.balance < 8.3 + 7.4);
    assert!(l.summary.starts_with("AZE owes TUR "), "{}", l.summary);
    assert!(l.summary.contains("3 debts called in, 1 met, 2 outstanding"), "{}", l.summary);
    assert_eq!(l.debts.len(), 2);
    assert_eq!(l.debts[1].called_in_by.len(), 3);
    // The intelligence meets one of the three demands that called the debts in: it pays
    // the oldest debt in that demand's share, and the two other calls are pending.
    assert!(l.debts[0].paid > 0.0 && l.debts[0].remaining > 0.0, "{:#?}", l.debts[0]);
    assert_eq!(l.debts[0].status, DebtStatus::Called, "the intelligence paid part of the oldest debt");
    assert_eq!(l.debts[1].status, DebtStatus::Called);
}

#[test]
fn a_refusal_answers_the_latest_demand_and_a_lapsed_one_is_evaded() {
    let store = store_with(&[
        ("2020-10-01", "TUR", "AZE", "072"),
        ("2021-01-01", "TUR", "AZE", "100"), // lapses: evaded
        ("2024-03-03", "TUR", "AZE", "020"), // pending
        ("2024-03-13", "TUR", "AZE", "100"), // refused
        ("2024-03-18", "AZE", "TUR", "120"),
    ]);
    let l = ledger(&store, "TUR", "AZE", &[], &no_aims()).unwrap();
    let st: Vec<Status> = l.demands.iter().map(|d| d.status.unwrap()).collect();
    assert_eq!(st, [Status::Evaded, Status::Outstanding, Status::Refused]);
    assert_eq!(l.refusals[0].demand, Some(l.demands[2].id));
}

#[test]
fn dataset_demands_are_met_by_material_cooperation_inferred() {
    let store = store_with(&[
        ("2020-10-01", "TURMIL", "AZEMIL", "072"),
        ("2021-03-01", "TURGOV", "AZEGOV", "1011"),
        ("2021-05-15", "AZEGOV", "TURGOV", "061"), // material: repays, meets the demand
        ("2021-07-01", "AZEGOV", "TURGOV", "051"),
    ]);
    let l = ledger(&store, "TUR", "AZE", &[], &no_aims()).unwrap();
    assert_eq!(l.demands[0].status, Some(Status::Met));
    assert!(l.demands[0].inferred);
    assert_eq!(l.repayments.len(), 1);
    assert_eq!(l.repayments[0].how, Some("return"));
    assert_eq!(l.acknowledgements.len(), 1);
    // Arms count twice (`[classes] military_factor`), money once.
    let expected = 2.0 * 8.3 * 0.5f64.powf(226.0 / 1825.0) - 6.4;
    assert!((l.balance - expected * 0.5f64.powf(47.0 / 1825.0)).abs() < 1e-6, "{} vs {expected}", l.balance);
}

#[test]
fn the_balance_is_symmetric() {
    let store = store_with(&[("2020-10-01", "AZE", "TUR", "072")]);
    let ab = ledger(&store, "TUR", "AZE", &[], &no_aims()).unwrap();
    let ba = ledger(&store, "AZE", "TUR", &[], &no_aims()).unwrap();
    assert!((ab.balance + ba.balance).abs() < 1e-9);
    assert!(ab.balance < 0.0);
    // Arms: twice their Goldstein value (`[classes] military_factor`).
    assert!(ab.summary.starts_with("TUR owes AZE 16.6"), "{}", ab.summary);
    // More than owed in return: the rest is a favour of its own (arms, 16.6, for money,
    // 6.4: about 10.2 left).
    let store = store_with(&[("2020-10-01", "TUR", "AZE", "061"), ("2020-10-20", "AZE", "TUR", "072")]);
    let l = ledger(&store, "TUR", "AZE", &[], &no_aims()).unwrap();
    assert!(l.balance < -10.0 && l.balance > -10.5, "{}", l.balance);
    assert_eq!(l.debts.len(), 2);
    assert_eq!(l.debts[0].status, DebtStatus::Repaid);
}

#[test]
fn only_asserted_and_reported_events_move_the_balance() {
    let mut store = Store::open_in_memory().unwrap();
    let mut b = store.batch().unwrap();
    let mut e = NewEvent::new("test", "0", "2020-10-01", "TUR", "AZE", "072").unwrap();
    e.modality = "hypothetical".into();
    b.add_event(&e, None).unwrap();
    let mut e = NewEvent::new("test", "1", "2020-10-02", "TUR", "AZE", "071").unwrap();
    e.modality = "planned".into();
    b.add_event(&e, None).unwrap();
    let mut e = NewEvent::new("test", "2", "2020-10-03", "TUR", "AZE", "073").unwrap();
    e.modality = "negated".into();
    b.add_event(&e, None).unwrap();
    b.commit().unwrap();
    let l = ledger(&store, "TUR", "AZE", &[], &no_aims()).unwrap();
    assert_eq!(l.balance, 0.0);
    assert_eq!(l.expectations.len(), 2);
    assert!(l.negated.is_empty());
    let all = ledger(&store, "TUR", "AZE", &[], &Options { include_negated: true, ..no_aims() }).unwrap();
    assert_eq!(all.negated.len(), 1);
}

#[test]
fn repayments_toward_the_creditors_stated_aims() {
    let store = store_with(&[
        ("2020-10-01", "TURMIL", "AZEMIL", "072"), // favour 8.3
        ("2021-02-01", "TURGOV", "TURREB", "112"), // Turkey accuses the PKK
        ("2021-03-01", "TURGOV", "SYRREB", "130"), // Turkey threatens the YPG, once
        ("2021-03-05", "TURGOV", "TURREB", "111"), // and criticises the PKK again
        ("2021-04-01", "AZEMIL", "TURREB", "190"), // Azerbaijan fights the PKK: toward Turkey's aims
        ("2021-04-02", "AZEMIL", "SYRREB", "190"), // the YPG: one statement is not an aim
        ("2021-04-03", "AZEMIL", "ARMMIL", "190"), // Armenia: Turkey said nothing
        ("2022-06-01", "AZEMIL", "TURREB", "190"), // more than a year after the last statement
        ("2021-04-04", "AZEGOV", "TURGOV", "111"), // against Turkey itself: not an aim
        ("2021-04-05", "TURREB", "AZEGOV", "070"), // the PKK's "aid" is no favour of Turkey's
        ("2021-03-10", "TUROPP", "ARMGOV", "111"), // Turkey's opposition speaks for itself,
        ("2021-03-11", "TUROPP", "ARMGOV", "111"), // not for Turkey's aims
        ("2019-05-01", "AZEGOV", "IRNGOV", "111"), // Azerbaijan's own quarrel with Iran
        ("2021-01-10", "TURGOV", "IRNGOV", "111"), // which Turkey takes up later
        ("2021-01-11", "TURGOV", "IRNGOV", "111"),
        ("2021-02-10", "AZEGOV", "IRNGOV", "112"), // so this serves Azerbaijan's own aim
    ]);
    let l = ledger(&store, "TUR", "AZE", &[], &aims()).unwrap();
    assert_eq!(l.repayments.len(), 1, "{:#?}", l.repayments);
    let r = &l.repayments[0];
    assert_eq!((r.date.to_string().as_str(), r.target.as_str()), ("2021-04-01", "TURREB"));
    assert_eq!(r.weight, 5.0, "|-10| x 0.5");
    let aim = r.toward.as_ref().unwrap();
    assert_eq!((aim.actor.as_str(), aim.statements, aim.stance.len()), ("TURREB", 2, 2));
    assert_eq!(l.favours.len(), 1);
    let without = ledger(&store, "TUR", "AZE", &[], &no_aims()).unwrap();
    assert!(without.repayments.is_empty());
    assert!(without.balance > l.balance, "the aims repayment lowers the debt");
    let text_only = ledger(&store, "TUR", "AZE", &[], &Options::default()).unwrap();
    assert!(text_only.repayments.is_empty(), "dataset rows do not count toward aims by default");
}

#[test]
fn action_at_home_counts_when_it_was_demanded() {
    let store = store_with(&[
        ("2020-10-01", "TUR", "AZE", "072"),
        ("2019-01-01", "AZECOP", "AZEREB", "173"), // Azerbaijan's own fight with its rebels...
        ("2021-01-01", "TURGOV", "AZEGOV", "100"), // ...which Turkey demanded
        ("2021-02-01", "AZECOP", "AZEREB", "173"),
    ]);
    let given = Given(vec![("2", content("AZE", "AZEREB", "17"))]);
    let l = ledger_with(&store, "TUR", "AZE", &[], &aims(), &given).unwrap();
    assert_eq!(l.demands[0].status, Some(Status::Met));
    assert_eq!(l.repayments.len(), 1, "the act counts once: {:#?}", l.repayments);
}

#[test]
fn aim_keys() {
    assert_eq!(aim_key("ARMGOV").as_deref(), Some("ARM"));
    assert_eq!(aim_key("TURREBPKK").as_deref(), Some("TURREB"));
    assert_eq!(aim_key("IGONAT").as_deref(), Some("IGONAT"));
    assert_eq!(aim_key("SY"), None);
    assert_eq!(aim_key("SYR").as_deref(), Some("SYR"));
}

#[test]
fn manual_entries_count() {
    let store = store_with(&[("2021-03-01", "TUR", "AZE", "020")]);
    let manual = parse_manual(
        "ledger.txt",
        "entry favour TUR AZE 2020-10-01\n  code: 072\n  text: drones\n  citation: \"Drones\", Anadolu, 01.10.2020\n",
    )
    .unwrap();
    let l = ledger(&store, "TUR", "AZE", &manual, &no_aims()).unwrap();
    assert_eq!(l.favours.len(), 1);
    assert_eq!(l.favours[0].evidence[0].dataset, "manual");
    assert_eq!(l.demands[0].status, Some(Status::Outstanding));
    assert_eq!(l.demands[0].debts, [0]);
    assert!(l.balance > 7.0, "{}", l.balance);
}

#[test]
fn manual_file_errors_name_the_line() {
    let e = parse_manual("l.txt", "entry gift TUR AZE 2020-01-01\n").unwrap_err().to_string();
    assert!(e.starts_with("l.txt:1: unknown kind"), "{e}");
    let e = parse_manual("l.txt", "entry favour TUR AZE 2020-01-01\n  code: 999\n").unwrap_err().to_string();
    assert!(e.starts_with("l.txt:2:"), "{e}");
    let e = parse_manual("l.txt", "entry favour TUR AZE 2020-01-01\n  code: 072\n").unwrap_err().to_string();
    assert!(e.contains("no `citation`"), "{e}");
}

/// A store of `(date, source, target, code, modality)` events (dataset `test`, ids by
/// position).
fn store_with_modalities(events: &[(&str, &str, &str, &str, &str)]) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let mut b = store.batch().unwrap();
    for (i, (date, s, t, c, m)) in events.iter().enumerate() {
        let mut e = NewEvent::new("test", &i.to_string(), date, s, t, c).unwrap();
        e.modality = m.to_string();
        b.add_event(&e, None).unwrap();
    }
    b.commit().unwrap();
    store
}

/// The statuses of the ledger's demands, TUR calling AZE's debt in with `given` contents.
fn statuses(events: &[(&str, &str, &str, &str, &str)], given: Given, to: Option<&str>) -> Vec<Status> {
    statuses_of(["TUR", "AZE"], events, given, to)
}

/// [`statuses`] of the pair `ab`.
fn statuses_of(
    ab: [&str; 2],
    events: &[(&str, &str, &str, &str, &str)],
    given: Given,
    to: Option<&str>,
) -> Vec<Status> {
    let store = store_with_modalities(events);
    let opts = Options { to: to.map(|d| d.parse().unwrap()), ..no_aims() };
    let l = ledger_with(&store, ab[0], ab[1], &[], &opts, &given).unwrap();
    l.demands.iter().map(|d| d.status.unwrap()).collect()
}

#[test]
fn a_deed_against_the_content_toward_its_target_refuses_the_call() {
    let base = [
        ("2020-10-01", "TUR", "AZE", "072", "asserted"),
        ("2025-03-13", "TUR", "AZE", "100", "reported"), // 1: suspend fuel deliveries to Abkhazia
    ];
    let given = || Given(vec![("1", content("AZE", "ABK", "162"))]);
    // Shipments go on: material cooperation with the target against a call to cut it.
    let mut ev = base.to_vec();
    ev.push(("2025-04-01", "AZE", "ABK", "061", "reported"));
    assert_eq!(statuses(&ev, given(), Some("2025-06-01")), [Status::Refused]);
    // Cut: complied.
    let mut ev = base.to_vec();
    ev.push(("2025-04-01", "AZE", "ABK", "162", "asserted"));
    assert_eq!(statuses(&ev, given(), Some("2025-06-01")), [Status::Met]);
    // Cut after a month of shipments: compliance in the window wins.
    let mut ev = base.to_vec();
    ev.push(("2025-04-01", "AZE", "ABK", "061", "reported"));
    ev.push(("2025-05-01", "AZE", "ABK", "162", "asserted"));
    assert_eq!(statuses(&ev, given(), Some("2025-06-01")), [Status::Met]);
    // A deed toward someone else is no answer.
    let mut ev = base.to_vec();
    ev.push(("2025-04-01", "AZE", "GEO", "061", "reported"));
    assert_eq!(statuses(&ev, given(), Some("2025-06-01")), [Status::Outstanding]);
    // Asked to cooperate with a third party, rejecting it refuses the call.
    let ev = [
        ("2020-10-01", "TUR", "AZE", "072", "asserted"),
        ("2025-03-13", "TUR", "AZE", "020", "asserted"), // 1: invest in Northern Cyprus
        ("2025-04-01", "AZE", "CYP", "120", "asserted"),
    ];
    assert_eq!(statuses(&ev, Given(vec![("1", content("AZE", "CYP", "061"))]), None), [Status::Refused]);
}

#[test]
fn refused_abstained_and_negated_acts_answer_by_their_modality() {
    let base = [
        ("2020-10-01", "TUR", "AZE", "072", "asserted"),
        ("2025-05-01", "TUR", "AZE", "020", "asserted"), // 1: close the ports to Abkhazia
    ];
    let given = || Given(vec![("1", content("AZE", "ABK", "163"))]);
    // "refused to close its ports": the demanded act refused.
    let mut ev = base.to_vec();
    ev.push(("2025-06-01", "AZE", "ABK", "163", "refused"));
    assert_eq!(statuses(&ev, given(), Some("2025-08-01")), [Status::Refused]);
    // "abstained" on another act against the target: evaded.
    let mut ev = base.to_vec();
    ev.push(("2025-07-10", "AZE", "ABK", "111", "refused"));
    assert_eq!(statuses(&ev, given(), Some("2025-08-01")), [Status::Evaded]);
    // ... unless it complies later in the window.
    ev.push(("2025-07-20", "AZE", "ABK", "163", "asserted"));
    assert_eq!(statuses(&ev, given(), Some("2025-08-01")), [Status::Met]);
    // "has not closed its ports": no answer; outstanding in the window, evaded after it.
    let mut ev = base.to_vec();
    ev.push(("2025-07-01", "AZE", "ABK", "163", "negated"));
    assert_eq!(statuses(&ev, given(), Some("2025-08-01")), [Status::Outstanding]);
    ev.push(("2026-06-01", "TUR", "AZE", "051", "asserted"));
    assert_eq!(statuses(&ev, given(), Some("2026-06-30")), [Status::Evaded]);
}

#[test]
fn a_payment_does_not_repay_an_army() {
    // Burundi's soldiers fought beside the Congolese army (062, Goldstein 7.4); Kinshasa
    // paid 40 million dollars (071, Goldstein 7.4). Weighed by Goldstein alone the payment
    // repaid the army and left Burundi owing Kinshasa; by class it pays half.
    let store =
        store_with(&[("2023-01-01", "BDIMIL", "CODMIL", "062"), ("2023-02-01", "CODGOV", "BDIGOV", "071")]);
    let l = ledger(&store, "BDI", "COD", &[], &no_aims()).unwrap();
    assert!(l.balance > 7.0 && l.balance < 7.4, "{}", l.balance);
    assert_eq!(l.debts.len(), 1);
    assert_eq!(l.debts[0].status, DebtStatus::PartlyRepaid);
    // A user who weighs them alike gets the old answer.
    let mut o = no_aims();
    o.config = Config::parse("mine.toml", "[classes]\nmilitary_factor = 1\n").unwrap();
    o.config.aims = false;
    let l = ledger(&store, "BDI", "COD", &[], &o).unwrap();
    assert!(l.balance < 0.0, "{}", l.balance);
}

#[test]
fn an_extradition_is_not_met_by_a_payment() {
    // Kigali asked Maputo for money and for three opponents; Maputo paid.
    let ev = [
        ("2021-07-01", "RWA", "MOZ", "074", "asserted"),
        ("2025-02-01", "RWAGOV", "MOZGOV", "1011", "asserted"), // 1: pay for the deployment
        ("2025-03-01", "RWAGOV", "MOZ", "1013", "asserted"),    // 2: extradite three men
        ("2025-05-30", "MOZGOV", "RWAGOV", "071", "asserted"),
    ];
    let given = Given(vec![("1", content("MOZ", "RWA", "061")), ("2", content("MOZ", "RWA", "063"))]);
    let store = store_with_modalities(&ev);
    let opts = Options { to: Some("2025-10-09".parse().unwrap()), ..no_aims() };
    let l = ledger_with(&store, "RWA", "MOZ", &[], &opts, &given).unwrap();
    let st: Vec<Status> = l.demands.iter().map(|d| d.status.unwrap()).collect();
    assert_eq!(st, [Status::Met, Status::Outstanding]);
    // Troops (3 × 8.5) for money (7.4): Mozambique still owes.
    assert!(l.balance > 5.0, "{}", l.balance);
}

#[test]
fn accepting_the_creditors_ceasefire_meets_a_call_for_one() {
    // "Rubio demanded that Kyiv agree to an immediate ceasefire with Russia"; "Ukraine
    // accepted an American proposal for a 30-day ceasefire".
    let ev = [
        ("2022-02-01", "USA", "UKR", "072", "asserted"),
        ("2025-03-05", "USAGOV", "UKRGOV", "1056", "asserted"), // 1
        ("2025-03-11", "UKR", "USA", "0871", "asserted"),
    ];
    let store = store_with_modalities(&ev);
    let given = Given(vec![("1", content("UKRGOV", "RUS", "0871"))]);
    let l = ledger_with(&store, "USA", "UKR", &[], &no_aims(), &given).unwrap();
    assert_eq!(l.demands[0].status, Some(Status::Met));
    assert_eq!(l.repayments.len(), 1);
    assert_eq!(l.repayments[0].how, Some("compliance"));
    assert!(l.favours.iter().all(|f| f.source == "USA"), "the acceptance is no favour of Ukraine's");
    assert!(l.balance > 0.0, "Ukraine still owes: {}", l.balance);
    // Yielding to the creditor meets no call for anything else, nor for another yield.
    for other in ["19", "0841"] {
        let given = Given(vec![("1", content("UKRGOV", "RUS", other))]);
        let l = ledger_with(&store, "USA", "UKR", &[], &no_aims(), &given).unwrap();
        assert_eq!(l.demands[0].status, Some(Status::Outstanding), "{other}");
    }
}

#[test]
fn a_threat_is_no_refusal_and_one_rejection_answers_one_call() {
    // Armenia asks Russia for military help; Russia warns Armenia about another matter
    // (130): no answer; the call lapses (evaded).
    let ev = [
        ("2015-01-01", "RUSGOV", "ARMGOV", "071", "asserted"),
        ("2022-09-13", "ARM", "RUS", "0232", "asserted"), // 1
        ("2023-03-01", "RUSGOV", "ARMGOV", "130", "asserted"),
    ];
    let store = store_with_modalities(&ev);
    let opts = Options { to: Some("2024-11-14".parse().unwrap()), ..no_aims() };
    let l = ledger_with(&store, "ARM", "RUS", &[], &opts, &Given(vec![("1", content("RUS", "ARM", "07"))]))
        .unwrap();
    assert_eq!(l.demands[0].status, Some(Status::Evaded));
    // Two calls whose contents name the creditor; "Pakistan declined" refuses the latest.
    let ev = [
        ("2021-03-01", "CHN", "PAK", "073", "asserted"),
        ("2024-03-29", "CHNGOV", "PAK", "1034", "asserted"), // 1: protect Chinese citizens
        ("2024-10-06", "CHNGOV", "PAKGOV", "100", "asserted"), // 2: let Chinese guards in
        ("2024-10-07", "PAK", "CHNGOV", "120", "asserted"),
    ];
    let given = Given(vec![("1", content("PAK", "CHNGOV", "074")), ("2", content("PAK", "CHN", "086"))]);
    let store = store_with_modalities(&ev);
    let opts = Options { to: Some("2024-12-11".parse().unwrap()), ..no_aims() };
    let l = ledger_with(&store, "CHN", "PAK", &[], &opts, &given).unwrap();
    let st: Vec<Status> = l.demands.iter().map(|d| d.status.unwrap()).collect();
    assert_eq!(st, [Status::Outstanding, Status::Refused]);
}

#[test]
fn a_rejection_answers_a_call_not_met_later_and_a_dodge_evades() {
    // Syria asked first, Abkhazia second; Baku says no (to Syria, the text says), then
    // cuts Abkhazia off: the refusal was Syria's.
    let ev = [
        ("2020-10-01", "TURGOV", "AZEGOV", "072", "asserted"),
        ("2025-02-11", "TURGOV", "AZE", "0212", "asserted"), // 1: troops against the SDF
        ("2025-02-25", "TURGOV", "AZEGOV", "022", "asserted"), // 2: stop trade with Abkhazia
        ("2025-03-03", "AZEGOV", "TURGOV", "120", "asserted"),
        ("2025-05-14", "AZEGOV", "ABK", "163", "asserted"),
    ];
    let given = || Given(vec![("1", content("AZE", "SYRREB", "19")), ("2", content("AZE", "ABK", "16"))]);
    assert_eq!(statuses(&ev, given(), Some("2025-06-30")), [Status::Refused, Status::Met]);
    // "Baku neither accepted nor rejected the request": evaded; a later "no" refuses.
    let mut ev = ev[..3].to_vec();
    ev.push(("2025-04-22", "AZEGOV", "TURGOV", "120", "negated"));
    assert_eq!(statuses(&ev, given(), Some("2025-06-30")), [Status::Outstanding, Status::Evaded]);
    ev.push(("2025-05-01", "AZEGOV", "TURGOV", "120", "asserted"));
    assert_eq!(statuses(&ev, given(), Some("2025-06-30")), [Status::Outstanding, Status::Refused]);
}

#[test]
fn a_negated_act_after_half_the_window_is_an_evasion() {
    // "Six months on, Tunisia has neither recognised the SADR nor declined to."
    let base = [
        ("2021-12-01", "DZA", "TUN", "071", "asserted"),
        ("2024-03-01", "DZAGOV", "TUN", "022", "asserted"), // 1: recognise the SADR
    ];
    let given = || Given(vec![("1", content("TUN", "ESH", "054"))]);
    let mut ev = base.to_vec();
    ev.push(("2024-09-30", "TUN", "ESH", "054", "negated"));
    assert_eq!(statuses_of(["DZA", "TUN"], &ev, given(), Some("2024-09-30")), [Status::Evaded]);
    // Said two months after the call, it is no answer yet.
    let mut ev = base.to_vec();
    ev.push(("2024-05-01", "TUN", "ESH", "054", "negated"));
    assert_eq!(statuses_of(["DZA", "TUN"], &ev, given(), Some("2024-09-30")), [Status::Outstanding]);
    // A negated act of another family is no evasion of this call.
    let mut ev = base.to_vec();
    ev.push(("2024-09-30", "TUN", "ESH", "111", "negated"));
    assert_eq!(statuses_of(["DZA", "TUN"], &ev, given(), Some("2024-09-30")), [Status::Outstanding]);
    // Compliance later in the window still meets it.
    let mut ev = base.to_vec();
    ev.push(("2024-09-30", "TUN", "ESH", "054", "negated"));
    ev.push(("2024-11-01", "TUNGOV", "ESH", "054", "asserted"));
    assert_eq!(statuses_of(["DZA", "TUN"], &ev, given(), Some("2024-12-01")), [Status::Met]);
}

#[test]
fn an_extradition_is_met_by_handing_the_person_over() {
    // "Kazakhstan handed Shulgin over to Russia": coded as a return of persons (084,
    // 0841), not as judicial cooperation (063).
    for handover in ["084", "0841", "063"] {
        let ev = [
            ("2022-01-06", "RUS", "KAZ", "074", "asserted"),
            ("2023-04-01", "RUSJUD", "KAZ", "0213", "asserted"), // 1: extradite Shulgin
            ("2023-08-22", "KAZ", "RUS", handover, "asserted"),
        ];
        let store = store_with_modalities(&ev);
        let given = Given(vec![("1", content("KAZ", "RUSJUD", "063"))]);
        let l = ledger_with(&store, "RUS", "KAZ", &[], &no_aims(), &given).unwrap();
        assert_eq!(l.demands[0].status, Some(Status::Met), "{handover}");
        assert_eq!(l.repayments.len(), 1, "{handover}");
        assert!(l.favours.iter().all(|f| f.source == "RUS"), "the handover is no favour of Kazakhstan's");
    }
    // Returning property (0842) is no extradition, nor is a release asked met by a payment.
    let ev = [
        ("2022-01-06", "RUS", "KAZ", "074", "asserted"),
        ("2023-04-01", "RUSJUD", "KAZ", "0213", "asserted"),
        ("2023-08-22", "KAZ", "RUS", "0842", "asserted"),
    ];
    let given = Given(vec![("1", content("KAZ", "RUSJUD", "063"))]);
    let store = store_with_modalities(&ev);
    let l = ledger_with(&store, "RUS", "KAZ", &[], &no_aims(), &given).unwrap();
    assert_eq!(l.demands[0].status, Some(Status::Outstanding));
}

#[test]
fn a_rejection_with_the_refused_act_answers_that_call_alone() {
    // "Chinese officials pressed Islamabad to allow Chinese security personnel ...
    // Pakistan declined." The coder gives a rejection of Beijing and the refused act of
    // the second call in one sentence: the first call (protection) is not answered.
    let ev = [
        ("2021-03-01", "CHN", "PAK", "073", "asserted"),
        ("2024-03-29", "CHNGOV", "PAK", "1034", "asserted"), // 1: protect Chinese citizens
        ("2024-10-06", "CHNGOV", "PAKGOV", "1055", "reported"), // 2: let Chinese guards in
        ("2024-10-06", "PAK", "CHNGOV", "1245", "asserted"),
        ("2024-10-06", "PAK", "CHNCOP", "086", "refused"),
    ];
    let given =
        Given(vec![("1", content("PAK", "CHNGOV", "074")), ("2", content("PAKGOV", "CHNCOP", "086"))]);
    let store = store_with_modalities(&ev);
    let opts = Options { to: Some("2024-12-11".parse().unwrap()), ..no_aims() };
    let l = ledger_with(&store, "CHN", "PAK", &[], &opts, &given).unwrap();
    let st: Vec<Status> = l.demands.iter().map(|d| d.status.unwrap()).collect();
    assert_eq!(st, [Status::Outstanding, Status::Refused]);
    assert_eq!(l.refusals.len(), 1);
    assert_eq!(l.refusals[0].demand, Some(l.demands[1].id), "the rejection answers the call for guards");
}

#[test]
fn compliance_in_instalments_pays_the_call_and_opens_no_debt() {
    // "On 2 April the Dbeibah government awarded the airport contract to a Turkish-led
    // consortium, and in June it gave the highway to two other Turkish companies": both
    // comply with the call for contracts; the second is no favour of Libya's.
    let ev = [
        ("2020-01-01", "TUR", "LBYGOV", "072", "asserted"),
        ("2025-02-01", "TURGOV", "LBYGOV", "101", "asserted"), // 1: contracts for Turkish firms
        ("2025-04-02", "LBYGOV", "TURBUS", "061", "asserted"),
        ("2025-06-15", "LBYGOV", "TURBUS", "061", "asserted"),
    ];
    let store = store_with_modalities(&ev);
    let given = Given(vec![("1", content("LBY", "TURBUS", "061"))]);
    let opts = Options { to: Some("2025-07-15".parse().unwrap()), ..no_aims() };
    let l = ledger_with(&store, "TUR", "LBY", &[], &opts, &given).unwrap();
    assert_eq!(l.demands[0].status, Some(Status::Met));
    let how: Vec<_> = l.repayments.iter().map(|r| r.how).collect();
    assert_eq!(how, [Some("compliance"), Some("compliance")], "{:#?}", l.repayments);
    assert!(l.favours.iter().all(|f| f.source == "TUR"), "{:#?}", l.favours);
    assert!(l.balance >= 0.0, "compliance pays at most the call's share: {}", l.balance);
    let paid: f64 = l.repayments.iter().map(|r| r.weight).sum();
    assert!(paid <= l.debts[0].weight, "{paid}");
}

#[test]
fn a_rejection_answers_a_call_refused_only_later() {
    // "On 18 March Hajizada ... rejected the Turkish request" (fuel for Abkhazia, asked on
    // 13 March); the shipments went on in April. The rejection answers that call, which
    // was still pending on 18 March, not the call on Syria.
    let ev = [
        ("2020-10-01", "TURGOV", "AZEGOV", "072", "asserted"),
        ("2025-03-03", "TURGOV", "AZEGOV", "022", "asserted"), // 1: fight the SDF
        ("2025-03-13", "TUR", "AZE", "100", "reported"),       // 2: stop fuel for Abkhazia
        ("2025-03-18", "AZEGOV", "TUR", "120", "asserted"),
        ("2025-04-01", "AZE", "ABK", "061", "reported"),
    ];
    let given = Given(vec![("1", content("AZEGOV", "SYRREB", "19")), ("2", content("AZE", "ABK", "16"))]);
    let store = store_with_modalities(&ev);
    let opts = Options { to: Some("2025-04-22".parse().unwrap()), ..no_aims() };
    let l = ledger_with(&store, "TUR", "AZE", &[], &opts, &given).unwrap();
    let st: Vec<Status> = l.demands.iter().map(|d| d.status.unwrap()).collect();
    assert_eq!(st, [Status::Outstanding, Status::Refused]);
    assert_eq!(l.refusals[0].demand, Some(l.demands[1].id));
    let answer = l.demands[1].answer.as_ref().unwrap();
    assert_eq!((answer.how, answer.date.to_string().as_str()), ("rejection", "2025-03-18"));
}
