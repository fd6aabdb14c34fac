//! The UI's TypeScript types are generated from the Rust types and committed
//! as `ui/src/lib/bindings.ts`. This test fails when they drift; run it with
//! `UPDATE_BINDINGS=1` to rewrite the file.

use taavon_core::audit::{AuditFilter, AuditRow, Change};
use taavon_core::backup::{BackupCheck, BackupInfo, BackupKind};
use taavon_core::catalog::{
    CourseFilter, CourseInput, CourseKind, CourseView, Outcome, ProviderInput, ProviderKind,
    ProviderView,
};
use taavon_core::demo::{DemoConfig, DemoSummary, Progress};
use taavon_core::error::{ErrorBody, FieldMessage};
use taavon_core::files::Saved;
use taavon_core::import::{
    ColumnMap, ImportOutcome, ImportRequest, Layout, RowFix, RowProblem, RowSample, TargetInfo,
};
use taavon_core::jalali::{GridDay, Jalali, MonthGrid};
use taavon_core::model::{
    Education, Gender, ImportKind, NeedSource, NeedStatus, OrgField, OrgKind, OrgStatus, QuotaUnit,
    ReferralStatus, Role, RoundStatus, TargetRole,
};
use taavon_core::needs::{
    CampaignInput, CampaignView, HistoryEntry, NeedFilter, NeedInput, NeedView, NomineeView,
    Roadmap, Suggestion,
};
use taavon_core::registry::*;
use taavon_core::rounds::{
    BuildReport, Candidate, CandidateFilter, CandidateList, CapView, CourseCount, QuotaInput,
    QuotaView, ReferralUpdate, ReferralView, RoundInput, RoundLetter, RoundMove, RoundView,
    ScorePart, SignInRow, SignInSheet, StatusEntry,
};
use taavon_core::settings::{Settings, Weights};
use taavon_core::xlsx::ExportOptions;
use ts_rs::{Config, TS};

fn generated() -> String {
    let cfg = Config::new().with_large_int("number");
    let decls = [
        OrgKind::decl(&cfg),
        OrgField::decl(&cfg),
        OrgStatus::decl(&cfg),
        Gender::decl(&cfg),
        Education::decl(&cfg),
        Role::decl(&cfg),
        PersonInput::decl(&cfg),
        PersonView::decl(&cfg),
        PersonDetail::decl(&cfg),
        OrgInput::decl(&cfg),
        OrgView::decl(&cfg),
        OrgRef::decl(&cfg),
        OrgDetail::decl(&cfg),
        OrgFilter::decl(&cfg),
        MembershipInput::decl(&cfg),
        MembershipView::decl(&cfg),
        Page::<()>::decl(&cfg),
        PageRequest::decl(&cfg),
        NamedList::decl(&cfg),
        NamedItem::decl(&cfg),
        Counts::decl(&cfg),
        StartState::decl(&cfg),
        Jalali::decl(&cfg),
        GridDay::decl(&cfg),
        MonthGrid::decl(&cfg),
        AuditEntry::decl(&cfg),
        DemoConfig::decl(&cfg),
        DemoSummary::decl(&cfg),
        Progress::decl(&cfg),
        CourseKind::decl(&cfg),
        CourseInput::decl(&cfg),
        CourseView::decl(&cfg),
        CourseFilter::decl(&cfg),
        Outcome::decl(&cfg),
        ProviderKind::decl(&cfg),
        ProviderInput::decl(&cfg),
        ProviderView::decl(&cfg),
        TargetRole::decl(&cfg),
        NeedSource::decl(&cfg),
        NeedStatus::decl(&cfg),
        CampaignInput::decl(&cfg),
        CampaignView::decl(&cfg),
        NeedInput::decl(&cfg),
        NeedView::decl(&cfg),
        NeedFilter::decl(&cfg),
        HistoryEntry::decl(&cfg),
        NomineeView::decl(&cfg),
        Suggestion::decl(&cfg),
        Roadmap::decl(&cfg),
        QuotaUnit::decl(&cfg),
        RoundStatus::decl(&cfg),
        ReferralStatus::decl(&cfg),
        Weights::decl(&cfg),
        Settings::decl(&cfg),
        QuotaInput::decl(&cfg),
        CapView::decl(&cfg),
        QuotaView::decl(&cfg),
        RoundInput::decl(&cfg),
        RoundView::decl(&cfg),
        ScorePart::decl(&cfg),
        Candidate::decl(&cfg),
        CandidateFilter::decl(&cfg),
        CandidateList::decl(&cfg),
        BuildReport::decl(&cfg),
        RoundMove::decl(&cfg),
        ReferralView::decl(&cfg),
        ReferralUpdate::decl(&cfg),
        StatusEntry::decl(&cfg),
        CourseCount::decl(&cfg),
        SignInRow::decl(&cfg),
        SignInSheet::decl(&cfg),
        RoundLetter::decl(&cfg),
        AuditFilter::decl(&cfg),
        Change::decl(&cfg),
        AuditRow::decl(&cfg),
        BackupKind::decl(&cfg),
        BackupInfo::decl(&cfg),
        Saved::decl(&cfg),
        BackupCheck::decl(&cfg),
        ImportKind::decl(&cfg),
        TargetInfo::decl(&cfg),
        ColumnMap::decl(&cfg),
        Layout::decl(&cfg),
        RowFix::decl(&cfg),
        ImportRequest::decl(&cfg),
        RowSample::decl(&cfg),
        ImportOutcome::decl(&cfg),
        ExportOptions::decl(&cfg),
        RowProblem::decl(&cfg),
        ErrorBody::decl(&cfg),
        FieldMessage::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by crates/core/tests/bindings.rs. Do not edit:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p taavon-core --test bindings` instead.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[test]
fn typescript_bindings_match_the_rust_types() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/lib/bindings.ts");
    let fresh = generated();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(path, &fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/lib/bindings.ts is out of date; run UPDATE_BINDINGS=1 cargo test -p taavon-core --test bindings"
    );
}
